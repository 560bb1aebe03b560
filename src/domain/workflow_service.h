// Workflows: the rules (a Configuration) that send a Workspace's Tasks to its TaskQueues, and
// where and for how long an assignment is offered.
#pragma once

#include <optional>
#include <string>

#include "common/paging.h"
#include "common/status.h"
#include "domain/workspace_registry.h"

namespace taskrouter {

inline constexpr int64_t kDefaultTaskReservationTimeout = 120;  // seconds
inline constexpr int64_t kMaxTaskReservationTimeout = 86400;    // seconds

inline int64_t SeqOf(const WorkflowRecord& flow) { return flow.seq; }

// Parameters of CreateWorkflow, parsed but not yet checked against the rules.
struct WorkflowCreate {
  std::string friendly_name;
  std::string configuration;
  int64_t task_reservation_timeout = kDefaultTaskReservationTimeout;
  std::optional<std::string> assignment_callback_url;
  std::optional<std::string> fallback_assignment_callback_url;
};

// Parameters of UpdateWorkflow; an absent field is left as it is, and an empty callback URL
// clears it.
struct WorkflowUpdate {
  std::optional<std::string> friendly_name;
  std::optional<std::string> configuration;
  std::optional<int64_t> task_reservation_timeout;
  std::optional<std::string> assignment_callback_url;
  std::optional<std::string> fallback_assignment_callback_url;
};

// Thread-safe. Acts for `caller.account_sid` like WorkspaceService, with the same errors: 400/
// 20001 for a rule broken (a Configuration's message says where), 404/20404 for an unknown
// Workspace or Workflow, 500/20500 when the store fails; on any error nothing changes.
// Friendly names need not be unique. The parsed Configuration is kept in the Workspace's state.
class WorkflowService {
 public:
  explicit WorkflowService(WorkspaceRegistry& registry) : registry_(registry) {}

  Result<WorkflowRecord> CreateWorkflow(const Caller& caller, const std::string& workspace_sid,
                                        const WorkflowCreate& create);
  Result<WorkflowRecord> FetchWorkflow(const Caller& caller, const std::string& workspace_sid,
                                       const std::string& sid);
  // In creation order; `friendly_name`, if given, must match exactly.
  Result<Page<WorkflowRecord>> ListWorkflows(const Caller& caller, const std::string& workspace_sid,
                                             const std::optional<std::string>& friendly_name,
                                             const PageRequest& page);
  Result<WorkflowRecord> UpdateWorkflow(const Caller& caller, const std::string& workspace_sid,
                                        const std::string& sid, const WorkflowUpdate& update);
  Status DeleteWorkflow(const Caller& caller, const std::string& workspace_sid,
                        const std::string& sid);

 private:
  WorkspaceRegistry& registry_;
};

}  // namespace taskrouter
