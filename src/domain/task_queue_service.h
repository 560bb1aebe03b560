// TaskQueues: the queues Tasks wait in, each with the expression (TargetWorkers) that says which
// Workers may take its Tasks.
#pragma once

#include <optional>
#include <string>

#include "common/attributes.h"
#include "common/paging.h"
#include "common/status.h"
#include "domain/statistics_service.h"
#include "domain/workspace_registry.h"

namespace taskrouter {

inline constexpr int64_t kMaxReservedWorkersLimit = 50;
inline constexpr char kDefaultTargetWorkers[] = "1==1";

// A TaskQueue with the names of its Activities ("" where it has none).
struct TaskQueueView {
  TaskQueueRecord record;
  std::string reservation_activity_name;
  std::string assignment_activity_name;
};
inline int64_t SeqOf(const TaskQueueView& view) { return view.record.seq; }

// Parameters of CreateTaskQueue, parsed but not yet checked against the rules. An empty
// `target_workers` means the default, `1==1`.
struct TaskQueueCreate {
  std::string friendly_name;
  std::string target_workers = kDefaultTargetWorkers;
  int64_t max_reserved_workers = 1;
  std::string task_order = "FIFO";
  std::optional<std::string> reservation_activity_sid;
  std::optional<std::string> assignment_activity_sid;
};

// Parameters of UpdateTaskQueue; an absent field is left as it is.
struct TaskQueueUpdate {
  std::optional<std::string> friendly_name;
  std::optional<std::string> target_workers;
  std::optional<int64_t> max_reserved_workers;
  std::optional<std::string> task_order;
  std::optional<std::string> reservation_activity_sid;
  std::optional<std::string> assignment_activity_sid;
};

struct TaskQueueFilter {
  std::optional<std::string> friendly_name;  // exact match
  // Queues whose TargetWorkers holds for a Worker with these attributes (bare keys only).
  std::optional<Attributes> worker_attributes;
  // Queues whose TargetWorkers holds for this Worker; an unknown Worker matches no queue.
  std::optional<std::string> worker_sid;
  bool newest_first = false;  // Ordering=DateCreated:desc
};

// The Workers a TaskQueue's TargetWorkers selects, now.
struct TaskQueueWorkers {
  std::string task_queue_sid;
  int64_t seq = 0;                                 // the queue's creation number, for paging
  std::vector<ActivityCount> activity_statistics;  // every Activity, in creation order
  int64_t total_eligible_workers = 0;
  int64_t total_available_workers = 0;  // of those, the ones in available Activities
};
inline int64_t SeqOf(const TaskQueueWorkers& workers) { return workers.seq; }

// True if `queue`'s TargetWorkers holds for `worker`, a Worker of `state`, read with the
// attributes `state` keeps parsed.
bool QueueTargets(const WorkspaceState& state, const TaskQueueEntry& queue,
                  const WorkerRecord& worker, TimeMs now);

// Thread-safe. Acts for `caller.account_sid` like WorkspaceService, with the same errors: 400/
// 20001 for a rule broken, 404/20404 for an unknown Workspace or TaskQueue, 500/20500 when the
// store fails; on any error nothing changes.
class TaskQueueService {
 public:
  explicit TaskQueueService(WorkspaceRegistry& registry) : registry_(registry) {}

  Result<TaskQueueView> CreateTaskQueue(const Caller& caller, const std::string& workspace_sid,
                                        const TaskQueueCreate& create);
  Result<TaskQueueView> FetchTaskQueue(const Caller& caller, const std::string& workspace_sid,
                                       const std::string& sid);
  Result<Page<TaskQueueView>> ListTaskQueues(const Caller& caller, const std::string& workspace_sid,
                                             const TaskQueueFilter& filter,
                                             const PageRequest& page);
  Result<TaskQueueView> UpdateTaskQueue(const Caller& caller, const std::string& workspace_sid,
                                        const std::string& sid, const TaskQueueUpdate& update);
  // 400/20001 naming the Workflow while a Workflow's Configuration routes Tasks to the queue.
  Status DeleteTaskQueue(const Caller& caller, const std::string& workspace_sid,
                         const std::string& sid);

  // The Workers queue `sid` selects, counted by Activity.
  Result<TaskQueueWorkers> QueueWorkers(const Caller& caller, const std::string& workspace_sid,
                                        const std::string& sid);
  // The same for every queue named `friendly_name` (exactly), or for every queue, in creation
  // order.
  Result<Page<TaskQueueWorkers>> ListQueueWorkers(const Caller& caller,
                                                  const std::string& workspace_sid,
                                                  const std::optional<std::string>& friendly_name,
                                                  const PageRequest& page);

 private:
  WorkspaceRegistry& registry_;
};

}  // namespace taskrouter
