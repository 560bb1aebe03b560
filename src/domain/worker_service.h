// Workers and their Activities: presence as TaskRouter keeps it.
#pragma once

#include <optional>
#include <string>

#include "common/paging.h"
#include "common/status.h"
#include "domain/expression.h"
#include "domain/workspace_registry.h"

namespace taskrouter {

inline constexpr size_t kMaxWorkersPerWorkspace = 15000;
inline constexpr size_t kDefaultMaxAvailableWorkers = 7500;
inline constexpr int kCodeMaxConcurrentWorkers = 14240;
inline constexpr int kCodePreconditionFailed = 20412;

// A Worker with the name and availability of its current Activity.
struct WorkerView {
  WorkerRecord record;
  std::string activity_name;
  bool available = false;
};
inline int64_t SeqOf(const WorkerView& view) { return view.record.seq; }

// Parameters of CreateWorker; `attributes` must already be a JSON object.
struct WorkerCreate {
  std::string friendly_name;
  std::optional<std::string> activity_sid;
  std::string attributes = "{}";
};

// Parameters of UpdateWorker; an absent field is left as it is.
struct WorkerUpdate {
  std::optional<std::string> friendly_name;
  std::optional<std::string> activity_sid;
  std::optional<std::string> attributes;  // a JSON object
  std::optional<int64_t> if_match;        // the version the client last saw
  // With a move to an unavailable Activity: reject the Worker's pending Reservations.
  bool reject_pending_reservations = false;
};

struct WorkerFilter {
  std::optional<std::string> activity_name;
  std::optional<std::string> activity_sid;
  std::optional<bool> available;
  std::optional<std::string> friendly_name;
  // TargetWorkersExpression: bare keys over the Worker's attributes and fields (WorkerResolver).
  std::optional<Expression> target_workers;
  // Workers the TaskQueue with this SID, or with this name (in any case), targets with its
  // TargetWorkers; an unknown TaskQueue matches no Worker.
  std::optional<std::string> task_queue_sid;
  std::optional<std::string> task_queue_name;
  enum class Ordering {
    kCreation,
    kDateCreatedAsc,
    kDateCreatedDesc,
    kStatusChangedAsc,
    kStatusChangedDesc
  };
  Ordering ordering = Ordering::kCreation;
};

// Thread-safe. Acts for `caller.account_sid` like WorkspaceService, with the same errors, plus
// 412/20412 for a stale If-Match and 400/14240 past the limit of available Workers.
class WorkerService {
 public:
  // At most `max_workers` per Workspace, `max_available_workers` of them in available
  // Activities at once.
  WorkerService(WorkspaceRegistry& registry, size_t max_available_workers,
                size_t max_workers = kMaxWorkersPerWorkspace)
      : registry_(registry),
        max_available_workers_(max_available_workers),
        max_workers_(max_workers) {}

  Result<WorkerView> CreateWorker(const Caller& caller, const std::string& workspace_sid,
                                  const WorkerCreate& create);
  Result<WorkerView> FetchWorker(const Caller& caller, const std::string& workspace_sid,
                                 const std::string& sid);
  Result<Page<WorkerView>> ListWorkers(const Caller& caller, const std::string& workspace_sid,
                                       const WorkerFilter& filter, const PageRequest& page);
  Result<WorkerView> UpdateWorker(const Caller& caller, const std::string& workspace_sid,
                                  const std::string& sid, const WorkerUpdate& update);
  Status DeleteWorker(const Caller& caller, const std::string& workspace_sid,
                      const std::string& sid, std::optional<int64_t> if_match);

 private:
  // 400 unless `activity_sid` is an Activity of the Workspace; 400/14240 if moving a Worker
  // from `from_sid` to it would pass the limit of available Workers.
  Status CheckActivity(const WorkspaceState& state, const std::string& activity_sid,
                       const std::string& from_sid) const;

  WorkspaceRegistry& registry_;
  const size_t max_available_workers_;
  const size_t max_workers_;
};

}  // namespace taskrouter
