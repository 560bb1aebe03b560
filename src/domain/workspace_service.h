// Workspaces and their Activities: the rules TaskRouter documents for them, kept in memory
// and written through to the store.
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
#include "common/status.h"
#include "domain/paging.h"
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

// Thread-safe. Every method acts for `account_sid`; resources of other accounts are not found
// (404). Errors are 400/20001 for rule violations, 404/20404 for unknown SIDs, 500/20500 when
// the store fails; on any error nothing changes.
class WorkspaceService {
 public:
  WorkspaceService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Takes the Workspaces and Activities of a freshly loaded store. Call once, before serving.
  void Load(const Snapshot& snapshot);

  Result<WorkspaceView> CreateWorkspace(const std::string& account_sid,
                                        const WorkspaceCreate& create);
  Result<WorkspaceView> FetchWorkspace(const std::string& account_sid, const std::string& sid);
  Page<WorkspaceView> ListWorkspaces(const std::string& account_sid,
                                     const std::optional<std::string>& friendly_name,
                                     const PageRequest& page);
  Result<WorkspaceView> UpdateWorkspace(const std::string& account_sid, const std::string& sid,
                                        const WorkspaceUpdate& update);
  Status DeleteWorkspace(const std::string& account_sid, const std::string& sid);

  Result<ActivityRecord> CreateActivity(const std::string& account_sid,
                                        const std::string& workspace_sid,
                                        const std::string& friendly_name, bool available);
  Result<ActivityRecord> FetchActivity(const std::string& account_sid,
                                       const std::string& workspace_sid, const std::string& sid);
  Result<Page<ActivityRecord>> ListActivities(const std::string& account_sid,
                                              const std::string& workspace_sid,
                                              const ActivityFilter& filter,
                                              const PageRequest& page);
  // Only the name changes: an Activity's availability is fixed at creation.
  Result<ActivityRecord> UpdateActivity(const std::string& account_sid,
                                        const std::string& workspace_sid, const std::string& sid,
                                        const std::optional<std::string>& friendly_name);
  Status DeleteActivity(const std::string& account_sid, const std::string& workspace_sid,
                        const std::string& sid);

 private:
  struct WorkspaceState {
    WorkspaceState(std::string account, int64_t creation_seq)
        : account_sid(std::move(account)), seq(creation_seq) {}

    const std::string account_sid;
    const int64_t seq;
    std::mutex mu;
    bool deleted = false;    // guarded by mu; set once the store no longer has it
    WorkspaceRecord record;  // guarded by mu
    std::map<int64_t, ActivityRecord> activities;            // guarded by mu; by seq
    std::unordered_map<std::string, int64_t> activity_seqs;  // guarded by mu; by SID

    const ActivityRecord* FindActivity(const std::string& sid) const;
    WorkspaceView View() const;
    // A 400 if another Activity than `except_sid` has `name` in any case.
    Status CheckUniqueActivityName(const std::string& name, const std::string& except_sid) const;
  };
  // Requests share a Workspace's state with the index: a request that found it keeps it
  // alive, and sees `deleted`, even after a delete has removed it from the index.
  using StatePtr = std::shared_ptr<WorkspaceState>;

  StatePtr FindWorkspace(const std::string& account_sid, const std::string& sid) const;
  std::mutex& AccountMutex(const std::string& account_sid);
  size_t CountWorkspaces(const std::string& account_sid) const;
  int64_t NextSeq() { return next_seq_++; }

  Store& store_;
  const Clock& clock_;
  std::atomic<int64_t> next_seq_{1};  // creation order of every resource

  mutable std::shared_mutex index_mu_;                    // guards the three maps below
  std::unordered_map<std::string, StatePtr> workspaces_;  // by SID
  std::unordered_map<std::string, std::map<int64_t, StatePtr>> workspaces_by_account_;
  std::unordered_map<std::string, std::unique_ptr<std::mutex>> account_mutexes_;
};

}  // namespace taskrouter
