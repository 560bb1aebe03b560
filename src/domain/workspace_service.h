// Workspaces and their Activities: the rules TaskRouter documents for them.
//
// Consistency: one Workspace is the unit of order. Every command on a Workspace or its
// Activities holds that Workspace's mutex from validation through commit to the change of the
// in-memory view, so commands on one Workspace run one at a time and the view never shows
// what the store does not hold. Creating and deleting Workspaces is ordered per account.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/paging.h"
#include "common/status.h"
#include "domain/workspace_registry.h"
#include "store/store.h"

namespace taskrouter {

inline constexpr size_t kMaxFriendlyNameLength = 64;  // characters, not bytes
inline constexpr size_t kMaxActivitiesPerWorkspace = 100;
inline constexpr size_t kMaxWorkspacesPerAccount = 5000;

// A Workspace with the names of its default and timeout Activities.
struct WorkspaceView {
  WorkspaceRecord record;
  std::string default_activity_name;
  std::string timeout_activity_name;
};

// Creation numbers, for paging.
inline int64_t SeqOf(const WorkspaceView& view) { return view.record.seq; }
inline int64_t SeqOf(const ActivityRecord& activity) { return activity.seq; }
inline int64_t SeqOf(const WorkerRecord& worker) { return worker.seq; }

// Parameters of CreateWorkspace, parsed but not yet checked against the rules.
struct WorkspaceCreate {
  std::string friendly_name;
  std::optional<std::string> event_callback_url;
  std::optional<std::string> events_filter;
  bool multi_task_enabled = true;
  std::string prioritize_queue_order = "FIFO";
  std::string template_name = "NONE";
};

// Parameters of UpdateWorkspace; an absent field is left as it is.
struct WorkspaceUpdate {
  std::optional<std::string> friendly_name;
  std::optional<std::string> event_callback_url;
  std::optional<std::string> events_filter;
  std::optional<bool> multi_task_enabled;
  std::optional<std::string> prioritize_queue_order;
  std::optional<std::string> default_activity_sid;
  std::optional<std::string> timeout_activity_sid;
};

struct ActivityFilter {
  std::optional<std::string> friendly_name;  // exact match
  std::optional<bool> available;
};

// Thread-safe. Every method acts for `caller.account_sid`; resources of other accounts are not
// found (404). Errors are 400/20001 for rule violations, 404/20404 for unknown SIDs, 500/20500
// when the store fails; on any error nothing changes. Every change records its events.
class WorkspaceService {
 public:
  explicit WorkspaceService(WorkspaceRegistry& registry) : registry_(registry) {}

  Result<WorkspaceView> CreateWorkspace(const Caller& caller, const WorkspaceCreate& create);
  Result<WorkspaceView> FetchWorkspace(const Caller& caller, const std::string& sid);
  Page<WorkspaceView> ListWorkspaces(const Caller& caller,
                                     const std::optional<std::string>& friendly_name,
                                     const PageRequest& page);
  Result<WorkspaceView> UpdateWorkspace(const Caller& caller, const std::string& sid,
                                        const WorkspaceUpdate& update);
  Status DeleteWorkspace(const Caller& caller, const std::string& sid);

  Result<ActivityRecord> CreateActivity(const Caller& caller, const std::string& workspace_sid,
                                        const std::string& friendly_name, bool available);
  Result<ActivityRecord> FetchActivity(const Caller& caller, const std::string& workspace_sid,
                                       const std::string& sid);
  Result<Page<ActivityRecord>> ListActivities(const Caller& caller,
                                              const std::string& workspace_sid,
                                              const ActivityFilter& filter,
                                              const PageRequest& page);
  // Only the name changes: an Activity's availability is fixed at creation.
  Result<ActivityRecord> UpdateActivity(const Caller& caller, const std::string& workspace_sid,
                                        const std::string& sid,
                                        const std::optional<std::string>& friendly_name);
  Status DeleteActivity(const Caller& caller, const std::string& workspace_sid,
                        const std::string& sid);

 private:
  WorkspaceRegistry& registry_;
};

// 400/20001 unless `name` is 1 to 64 characters; `what` names the resource ("a Worker").
Status CheckFriendlyName(const std::string& name, std::string_view what);

}  // namespace taskrouter
