#include "domain/workflow_service.h"

#include "common/sid.h"
#include "domain/events.h"
#include "domain/routing.h"
#include "domain/workspace_service.h"

namespace taskrouter {
namespace {

Status CheckTaskReservationTimeout(int64_t seconds) {
  if (seconds < 1 || seconds > kMaxTaskReservationTimeout) {
    return Error::InvalidParameter("TaskReservationTimeout must be between 1 and " +
                                   std::to_string(kMaxTaskReservationTimeout) + " seconds, not " +
                                   std::to_string(seconds));
  }
  return {};
}

// Checks every field of `flow` and parses its Configuration against the Workspace's TaskQueues.
Result<WorkflowConfig> CheckWorkflow(const WorkspaceState& state, const WorkflowRecord& flow) {
  Status status = CheckFriendlyName(flow.friendly_name, "a Workflow");
  if (status.ok()) {
    status = CheckTaskReservationTimeout(flow.task_reservation_timeout);
  }
  if (!status.ok()) {
    return status.error();
  }
  WorkflowConfigContext context{[&state](std::string_view queue_sid) {
    return state.FindTaskQueue(std::string(queue_sid)) != nullptr;
  }};
  return ParseWorkflowConfig(flow.configuration, context);
}

// An empty URL clears the field.
void ApplyUrl(const std::optional<std::string>& value, std::optional<std::string>& field) {
  if (value.has_value()) {
    field = value->empty() ? std::nullopt : value;
  }
}

}  // namespace

Result<WorkflowRecord> WorkflowService::CreateWorkflow(const Caller& caller,
                                                       const std::string& workspace_sid,
                                                       const WorkflowCreate& create) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  if (!state.found()) {
    return Error::NotFound();
  }
  TimeMs now = registry_.clock().NowMs();
  WorkflowRecord flow;
  flow.sid = NewSid("WW");
  flow.account_sid = caller.account_sid;
  flow.workspace_sid = workspace_sid;
  flow.friendly_name = create.friendly_name;
  flow.configuration = create.configuration;
  flow.task_reservation_timeout = create.task_reservation_timeout;
  ApplyUrl(create.assignment_callback_url, flow.assignment_callback_url);
  ApplyUrl(create.fallback_assignment_callback_url, flow.fallback_assignment_callback_url);
  flow.date_created = now;
  flow.date_updated = now;
  Result<WorkflowConfig> config = CheckWorkflow(*state, flow);
  if (!config.ok()) {
    return config.error();
  }

  flow.seq = registry_.NextSeq();
  Batch batch = {flow};
  EventRecorder(registry_, state->record, caller, now, batch)
      .Add("workflow.created", "workflow", flow.sid, "Workflow " + flow.sid + " created",
           WorkflowEventData(flow));
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutWorkflow(WorkflowEntry{flow, std::move(config).value()});
  return flow;
}

Result<WorkflowRecord> WorkflowService::FetchWorkflow(const Caller& caller,
                                                      const std::string& workspace_sid,
                                                      const std::string& sid) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const WorkflowEntry* flow = state.found() ? state->FindWorkflow(sid) : nullptr;
  if (flow == nullptr) {
    return Error::NotFound();
  }
  return flow->record;
}

Result<Page<WorkflowRecord>> WorkflowService::ListWorkflows(
    const Caller& caller, const std::string& workspace_sid,
    const std::optional<std::string>& friendly_name, const PageRequest& page) {
  std::vector<WorkflowRecord> matching;
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    if (!state.found()) {
      return Error::NotFound();
    }
    for (const auto& [flow_seq, flow] : state->workflows) {
      if (!friendly_name.has_value() || flow.record.friendly_name == *friendly_name) {
        matching.push_back(flow.record);
      }
    }
  }
  return TakePage(std::move(matching), page);
}

Result<WorkflowRecord> WorkflowService::UpdateWorkflow(const Caller& caller,
                                                       const std::string& workspace_sid,
                                                       const std::string& sid,
                                                       const WorkflowUpdate& update) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const WorkflowEntry* current = state.found() ? state->FindWorkflow(sid) : nullptr;
  if (current == nullptr) {
    return Error::NotFound();
  }
  WorkflowRecord flow = current->record;
  flow.friendly_name = update.friendly_name.value_or(flow.friendly_name);
  flow.configuration = update.configuration.value_or(flow.configuration);
  flow.task_reservation_timeout =
      update.task_reservation_timeout.value_or(flow.task_reservation_timeout);
  ApplyUrl(update.assignment_callback_url, flow.assignment_callback_url);
  ApplyUrl(update.fallback_assignment_callback_url, flow.fallback_assignment_callback_url);
  Result<WorkflowConfig> config = CheckWorkflow(*state, flow);
  if (!config.ok()) {
    return config.error();
  }

  flow.date_updated = registry_.clock().NowMs();
  Batch batch = {flow};
  EventRecorder(registry_, state->record, caller, flow.date_updated, batch)
      .Add("workflow.updated", "workflow", sid, "Workflow " + sid + " updated",
           WorkflowEventData(flow));
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutWorkflow(WorkflowEntry{flow, std::move(config).value()});
  if (update.configuration.has_value()) {
    // The Tasks waiting under the old Configuration are routed by the new one.
    status = RouteAfter(registry_, *state, caller,
                        [&](Router& router) { router.WorkflowChanged(flow.sid); });
    if (!status.ok()) {
      return status.error();
    }
  }
  return flow;
}

Status WorkflowService::DeleteWorkflow(const Caller& caller, const std::string& workspace_sid,
                                       const std::string& sid) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const WorkflowEntry* flow = state.found() ? state->FindWorkflow(sid) : nullptr;
  if (flow == nullptr) {
    return Error::NotFound();
  }
  if (const TaskRecord* task =
          UnendedTask(*state, [&](const TaskRecord& t) { return t.workflow_sid == sid; })) {
    return Error::InvalidParameter("Workflow " + sid + " cannot be deleted: it routes Task " +
                                   task->sid);
  }
  Batch batch = {WorkflowDeletion{sid}};
  EventRecorder(registry_, state->record, caller, registry_.clock().NowMs(), batch)
      .Add("workflow.deleted", "workflow", sid, "Workflow " + sid + " deleted",
           WorkflowEventData(flow->record));
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status;
  }
  state->EraseWorkflow(sid);
  return {};
}

}  // namespace taskrouter
