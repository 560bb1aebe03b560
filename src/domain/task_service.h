// Tasks and their Reservations: the commands clients send about them. Each command runs the
// routing engine (routing.h) under the Workspace's lock, so that the Reservations, Activity moves
// and events a command causes commit in the same batch as the command's own change.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/attributes.h"
#include "common/paging.h"
#include "common/status.h"
#include "domain/routing.h"
#include "domain/workspace_registry.h"

namespace taskrouter {

inline constexpr int64_t kDefaultTaskTimeout = 86400;  // seconds
inline constexpr int64_t kMaxTaskTimeout = 1209600;    // seconds: two weeks
inline constexpr int64_t kMaxTaskPriority = 2147483647;

// A Task with the names the wire shows beside its SIDs ("" where the thing is gone) and its age.
struct TaskView {
  TaskRecord record;
  std::string task_channel_unique_name;
  std::string workflow_friendly_name;
  std::string task_queue_friendly_name;
  int64_t age = 0;  // seconds since it was created
};
inline int64_t SeqOf(const TaskView& view) { return view.record.seq; }

// A Reservation with its Worker's name.
struct ReservationView {
  ReservationRecord record;
  std::string worker_name;
};
inline int64_t SeqOf(const ReservationView& view) { return view.record.seq; }

// Parameters of CreateTask, parsed but not yet checked against the rules.
struct TaskCreate {
  std::string attributes = "{}";
  std::optional<int64_t> priority;
  int64_t timeout = kDefaultTaskTimeout;
  std::optional<std::string> task_channel;  // SID or unique name; none is `default`
  // Required unless the Workspace has exactly one Workflow.
  std::optional<std::string> workflow_sid;
  std::optional<TimeMs> virtual_start_time;
};

// Parameters of UpdateTask; an absent field is left as it is.
struct TaskUpdate {
  std::optional<std::string> attributes;
  std::optional<std::string> assignment_status;
  std::optional<std::string> reason;
  std::optional<int64_t> priority;
  std::optional<std::string> task_channel;
  std::optional<TimeMs> virtual_start_time;
  std::optional<int64_t> if_match;  // the version the client last saw
};

// The Tasks list's filters; each one given must match.
struct TaskFilter {
  std::optional<int64_t> priority;
  std::vector<std::string> assignment_statuses;  // any of them
  std::optional<std::string> workflow_sid;
  std::optional<std::string> workflow_name;
  std::optional<std::string> task_queue_sid;
  std::optional<std::string> task_queue_name;
  // Tasks whose attributes satisfy this expression (bare keys).
  std::optional<std::string> evaluate_task_attributes;
  // DateCreated or Priority, ascending or descending; none is creation order.
  std::optional<std::string> ordering;
};

// Parameters of UpdateReservation. Exactly one of `reservation_status` and `instruction` moves
// the Reservation; `instruction_params` are the request's other parameters, kept as sent.
struct ReservationUpdate {
  std::optional<std::string> reservation_status;
  std::optional<std::string> worker_activity_sid;
  std::optional<std::string> instruction;
  StringPairs instruction_params;
  std::optional<int64_t> if_match;
};

// Which Reservations a list shows.
struct ReservationFilter {
  std::optional<std::string> reservation_status;
  std::optional<std::string> worker_sid;
};

// Thread-safe. Acts for `caller.account_sid` like WorkspaceService, with the same errors: 400/
// 20001 for a rule broken, 404/20404 for an unknown Workspace, Task, Worker or Reservation,
// 412/20412 when If-Match names another version, 500/20500 when the store fails; on any error
// nothing changes. Every command first carries out the timeouts that are due (routing.h).
class TaskService {
 public:
  explicit TaskService(WorkspaceRegistry& registry) : registry_(registry) {}

  Result<TaskView> CreateTask(const Caller& caller, const std::string& workspace_sid,
                              const TaskCreate& create);
  Result<TaskView> FetchTask(const Caller& caller, const std::string& workspace_sid,
                             const std::string& sid);
  Result<Page<TaskView>> ListTasks(const Caller& caller, const std::string& workspace_sid,
                                   const TaskFilter& filter, const PageRequest& page);
  Result<TaskView> UpdateTask(const Caller& caller, const std::string& workspace_sid,
                              const std::string& sid, const TaskUpdate& update);
  Status DeleteTask(const Caller& caller, const std::string& workspace_sid, const std::string& sid,
                    std::optional<int64_t> if_match);

  // The Reservations of Task `task_sid`, in creation order.
  Result<Page<ReservationView>> ListTaskReservations(const Caller& caller,
                                                     const std::string& workspace_sid,
                                                     const std::string& task_sid,
                                                     const ReservationFilter& filter,
                                                     const PageRequest& page);
  // The Reservations of Worker `worker_sid`, in creation order.
  Result<Page<ReservationView>> ListWorkerReservations(const Caller& caller,
                                                       const std::string& workspace_sid,
                                                       const std::string& worker_sid,
                                                       const ReservationFilter& filter,
                                                       const PageRequest& page);
  // `owner_sid` is the Task (WT…) or the Worker (WK…) the URL names the Reservation under.
  Result<ReservationView> FetchReservation(const Caller& caller, const std::string& workspace_sid,
                                           const std::string& owner_sid, const std::string& sid);
  Result<ReservationView> UpdateReservation(const Caller& caller, const std::string& workspace_sid,
                                            const std::string& owner_sid, const std::string& sid,
                                            const ReservationUpdate& update);

  // Cancels pending Reservation `sid` because its assignment callback reached neither URL; the
  // Task is routed again. 400 if the Reservation is no longer pending.
  Status CancelReservation(const Caller& caller, const std::string& workspace_sid,
                           const std::string& sid);

  // Carries out the timeouts due by now in every Workspace: Reservations not answered in time,
  // routing steps that time out, Tasks past their time to live and ended Tasks to forget. The
  // routing timer thread calls it; tests call it after moving their clock.
  void RunDueTimers();

 private:
  // Runs `command` on the locked Workspace with a Router that first carried out what was due,
  // then settles the routing, commits and sends assignment callbacks. On a failed commit the
  // view is reloaded and the command fails.
  template <typename T, typename Fn>
  Result<T> WithRouter(const Caller& caller, const std::string& workspace_sid, Fn&& command);

  WorkspaceRegistry& registry_;
};

}  // namespace taskrouter
