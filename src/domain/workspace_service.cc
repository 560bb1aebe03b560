#include "domain/workspace_service.h"

#include "common/sid.h"
#include "common/text.h"
#include "domain/events.h"
#include "domain/task_channel_service.h"

namespace taskrouter {
namespace {

// The Activities every new Workspace starts with, in this order. The first is its default and
// timeout Activity.
struct DefaultActivity {
  const char* name;
  bool available;
};
constexpr DefaultActivity kDefaultActivities[] = {
    {"Offline", false},
    {"Unavailable", false},
    {"Available", true},
};

Status CheckQueueOrder(const std::string& order) {
  if (order != "FIFO" && order != "LIFO") {
    return Error::InvalidParameter("PrioritizeQueueOrder must be FIFO or LIFO, not '" + order +
                                   "'");
  }
  return {};
}

Status CheckTemplate(const std::string& name) {
  if (name == "NONE") {
    return {};
  }
  if (name == "FIFO") {
    return {};
  }
  return Error::InvalidParameter("Template must be NONE or FIFO, not '" + name + "'");
}

// Template FIFO's TaskQueue and Workflow, named as Twilio names them: one queue every Worker
// belongs to, and a Workflow whose only rule sends every Task there.
std::pair<TaskQueueRecord, WorkflowRecord> FifoTemplate(WorkspaceRegistry& registry,
                                                        const WorkspaceRecord& workspace,
                                                        TimeMs now) {
  TaskQueueRecord queue;
  queue.seq = registry.NextSeq();
  queue.sid = NewSid("WQ");
  queue.account_sid = workspace.account_sid;
  queue.workspace_sid = workspace.sid;
  queue.friendly_name = "Sample Queue";
  queue.date_created = queue.date_updated = now;
  WorkflowRecord flow;
  flow.seq = registry.NextSeq();
  flow.sid = NewSid("WW");
  flow.account_sid = workspace.account_sid;
  flow.workspace_sid = workspace.sid;
  flow.friendly_name = "Default Fifo Workflow";
  flow.configuration =
      R"({"task_routing":{"filters":[],"default_filter":{"queue":")" + queue.sid + R"("}}})";
  flow.date_created = flow.date_updated = now;
  return {queue, flow};
}

// What in the Workspace still uses Activity `sid`, as a phrase, or "" if nothing does.
std::string UsesOfActivity(const WorkspaceState& state, const std::string& sid) {
  bool is_default = state.record.default_activity_sid == sid;
  bool is_timeout = state.record.timeout_activity_sid == sid;
  if (is_default && is_timeout) {
    return "it is the Workspace's default activity and timeout activity";
  }
  if (is_default) {
    return "it is the Workspace's default activity";
  }
  if (is_timeout) {
    return "it is the Workspace's timeout activity";
  }
  size_t workers = 0;
  for (const auto& [item_seq, worker] : state.workers) {
    workers += worker.activity_sid == sid ? 1 : 0;
  }
  if (workers == 1) {
    return "1 Worker is in it";
  }
  if (workers > 1) {
    return std::to_string(workers) + " Workers are in it";
  }
  for (const auto& [item_seq, queue] : state.task_queues) {
    const TaskQueueRecord& q = queue.record;
    if (q.reservation_activity_sid == sid || q.assignment_activity_sid == sid) {
      return "TaskQueue " + q.sid + " (" + q.friendly_name + ") uses it as its " +
             (q.reservation_activity_sid == sid ? "reservation" : "assignment") + " activity";
    }
  }
  return "";
}

// A 400 if another Activity than `except_sid` has `name` in any case.
Status CheckUniqueActivityName(const WorkspaceState& state, const std::string& name,
                               const std::string& except_sid) {
  std::string folded = FoldCase(name);
  for (const auto& [item_seq, activity] : state.activities) {
    if (activity.sid != except_sid && FoldCase(activity.friendly_name) == folded) {
      return Error::InvalidParameter("Activity named " + name + " already exists for workspace " +
                                     state.record.sid + " for account " + state.account_sid);
    }
  }
  return {};
}

WorkspaceView ViewOf(const WorkspaceState& state) {
  return WorkspaceView{state.record, state.ActivityName(state.record.default_activity_sid),
                       state.ActivityName(state.record.timeout_activity_sid)};
}

}  // namespace

Status CheckFriendlyName(const std::string& name, std::string_view what) {
  if (name.empty()) {
    return Error::InvalidParameter("FriendlyName of " + std::string(what) + " cannot be empty");
  }
  if (CountCodePoints(name) > kMaxFriendlyNameLength) {
    return Error::InvalidParameter(
        "FriendlyName of " + std::string(what) + " is " + std::to_string(CountCodePoints(name)) +
        " characters long; at most " + std::to_string(kMaxFriendlyNameLength) + " are allowed");
  }
  return {};
}

Result<WorkspaceView> WorkspaceService::CreateWorkspace(const Caller& caller,
                                                        const WorkspaceCreate& create) {
  for (const Status& status :
       {CheckFriendlyName(create.friendly_name, "a Workspace"),
        CheckQueueOrder(create.prioritize_queue_order), CheckTemplate(create.template_name)}) {
    if (!status.ok()) {
      return status.error();
    }
  }
  const std::string& account_sid = caller.account_sid;
  std::lock_guard<std::mutex> account_lock(registry_.AccountMutex(account_sid));
  if (registry_.CountForAccount(account_sid) >= kMaxWorkspacesPerAccount) {
    return Error::InvalidParameter("Account " + account_sid + " already has the maximum of " +
                                   std::to_string(kMaxWorkspacesPerAccount) + " Workspaces");
  }

  TimeMs now = registry_.clock().NowMs();
  auto state = std::make_shared<WorkspaceState>(account_sid, registry_.NextSeq());
  WorkspaceRecord& record = state->record;
  record.seq = state->seq;
  record.sid = NewSid("WS");
  record.account_sid = account_sid;
  record.friendly_name = create.friendly_name;
  record.event_callback_url = create.event_callback_url;
  record.events_filter = create.events_filter;
  record.multi_task_enabled = create.multi_task_enabled;
  record.prioritize_queue_order = create.prioritize_queue_order;
  record.date_created = record.date_updated = now;

  Batch batch;
  std::vector<ActivityRecord> activities;
  for (const DefaultActivity& preset : kDefaultActivities) {
    activities.push_back(ActivityRecord{registry_.NextSeq(), NewSid("WA"), account_sid, record.sid,
                                        preset.name, preset.available, now, now});
  }
  record.default_activity_sid = record.timeout_activity_sid = activities.front().sid;
  std::vector<TaskChannelRecord> channels = DefaultTaskChannels(registry_, record, now);
  batch.push_back(record);
  batch.insert(batch.end(), activities.begin(), activities.end());
  batch.insert(batch.end(), channels.begin(), channels.end());
  EventRecorder events(registry_, record, caller, now, batch);
  events.Add("workspace.created", "workspace", record.sid,
             "Workspace " + record.friendly_name + " created", {});
  std::optional<std::pair<TaskQueueRecord, WorkflowRecord>> fifo;
  if (create.template_name == "FIFO") {
    fifo = FifoTemplate(registry_, record, now);
    const auto& [queue, flow] = *fifo;
    batch.push_back(queue);
    batch.push_back(flow);
    events.Add("task-queue.created", "taskqueue", queue.sid, "TaskQueue " + queue.sid + " created",
               TaskQueueEventData(queue));
    events.Add("workflow.created", "workflow", flow.sid, "Workflow " + flow.sid + " created",
               WorkflowEventData(flow));
  }

  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  for (const ActivityRecord& activity : activities) {
    state->PutActivity(activity);
  }
  for (const TaskChannelRecord& channel : channels) {
    state->PutTaskChannel(channel);
  }
  if (fifo.has_value()) {
    const TaskQueueRecord& queue = fifo->first;
    const WorkflowRecord& flow = fifo->second;
    state->PutTaskQueue(TaskQueueEntry{
        queue, std::move(ParseExpression(queue.target_workers, "TargetWorkers")).value()});
    WorkflowConfigContext context{
        [&queue](std::string_view queue_sid) { return queue_sid == queue.sid; }};
    state->PutWorkflow(
        WorkflowEntry{flow, std::move(ParseWorkflowConfig(flow.configuration, context)).value()});
  }
  registry_.Add(state);
  return ViewOf(*state);
}

Result<WorkspaceView> WorkspaceService::FetchWorkspace(const Caller& caller,
                                                       const std::string& sid) {
  LockedWorkspace state(registry_, caller.account_sid, sid);
  if (!state.found()) {
    return Error::NotFound();
  }
  return ViewOf(*state);
}

Page<WorkspaceView> WorkspaceService::ListWorkspaces(
    const Caller& caller, const std::optional<std::string>& friendly_name,
    const PageRequest& page) {
  std::vector<WorkspaceView> views;
  for (const StatePtr& state : registry_.ListForAccount(caller.account_sid)) {
    std::lock_guard<std::mutex> lock(state->mu);
    if (!state->deleted &&
        (!friendly_name.has_value() || state->record.friendly_name == *friendly_name)) {
      views.push_back(ViewOf(*state));
    }
  }
  return TakePage(std::move(views), page);
}

Result<WorkspaceView> WorkspaceService::UpdateWorkspace(const Caller& caller,
                                                        const std::string& sid,
                                                        const WorkspaceUpdate& update) {
  LockedWorkspace state(registry_, caller.account_sid, sid);
  if (!state.found()) {
    return Error::NotFound();
  }

  WorkspaceRecord record = state->record;
  if (update.friendly_name.has_value()) {
    Status status = CheckFriendlyName(*update.friendly_name, "a Workspace");
    if (!status.ok()) {
      return status.error();
    }
    record.friendly_name = *update.friendly_name;
  }
  if (update.prioritize_queue_order.has_value()) {
    Status status = CheckQueueOrder(*update.prioritize_queue_order);
    if (!status.ok()) {
      return status.error();
    }
    record.prioritize_queue_order = *update.prioritize_queue_order;
  }

  // Default and timeout Activities must belong to this Workspace.
  for (auto [sid_param, name, target] :
       {std::tuple(&update.default_activity_sid, "DefaultActivitySid",
                   &record.default_activity_sid),
        std::tuple(&update.timeout_activity_sid, "TimeoutActivitySid",
                   &record.timeout_activity_sid)}) {
    if (!sid_param->has_value()) {
      continue;
    }
    if (state->FindActivity(**sid_param) == nullptr) {
      return Error::InvalidParameter(std::string(name) + " " + **sid_param +
                                     " is not an Activity of workspace " + sid + " for account " +
                                     caller.account_sid);
    }
    *target = **sid_param;
  }

  // An empty value clears an optional field.
  for (auto [value, target] : {std::pair(&update.event_callback_url, &record.event_callback_url),
                               std::pair(&update.events_filter, &record.events_filter)}) {
    if (value->has_value()) {
      *target = (*value)->empty() ? std::nullopt : *value;
    }
  }
  if (update.multi_task_enabled.has_value()) {
    record.multi_task_enabled = *update.multi_task_enabled;
  }
  record.date_updated = registry_.clock().NowMs();

  Batch batch = {record};
  EventRecorder(registry_, record, caller, record.date_updated, batch)
      .Add("workspace.updated", "workspace", record.sid,
           "Workspace " + record.friendly_name + " updated", {});
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->record = record;
  return ViewOf(*state);
}

Status WorkspaceService::DeleteWorkspace(const Caller& caller, const std::string& sid) {
  std::lock_guard<std::mutex> account_lock(registry_.AccountMutex(caller.account_sid));
  LockedWorkspace state(registry_, caller.account_sid, sid);
  if (!state.found()) {
    return Error::NotFound();
  }

  // The Workspace's events go with it; only its callback still hears of the deletion.
  Batch batch = {WorkspaceDeletion{sid}};
  EventRecorder(registry_, state->record, caller, registry_.clock().NowMs(), batch)
      .Add("workspace.deleted", "workspace", sid,
           "Workspace " + state->record.friendly_name + " deleted", {});
  std::erase_if(batch, [](const Mutation& m) { return std::holds_alternative<EventRecord>(m); });
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status;
  }
  state->deleted = true;
  registry_.Remove(state.ptr());
  return {};
}

Result<ActivityRecord> WorkspaceService::CreateActivity(const Caller& caller,
                                                        const std::string& workspace_sid,
                                                        const std::string& friendly_name,
                                                        bool available) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  if (!state.found()) {
    return Error::NotFound();
  }
  Status status = CheckFriendlyName(friendly_name, "an Activity");
  if (status.ok()) {
    status = CheckUniqueActivityName(*state, friendly_name, "");
  }
  if (status.ok() && state->activities.size() >= kMaxActivitiesPerWorkspace) {
    status = Error::InvalidParameter("Workspace " + workspace_sid + " already has the maximum of " +
                                     std::to_string(kMaxActivitiesPerWorkspace) +
                                     " Activities, the default ones included");
  }
  if (!status.ok()) {
    return status.error();
  }

  TimeMs now = registry_.clock().NowMs();
  ActivityRecord activity{registry_.NextSeq(),
                          NewSid("WA"),
                          caller.account_sid,
                          workspace_sid,
                          friendly_name,
                          available,
                          now,
                          now};
  Batch batch = {activity};
  EventRecorder(registry_, state->record, caller, now, batch)
      .Add("activity.created", "activity", activity.sid,
           "Activity " + activity.friendly_name + " created", ActivityEventData(activity));
  status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutActivity(activity);
  return activity;
}

Result<ActivityRecord> WorkspaceService::FetchActivity(const Caller& caller,
                                                       const std::string& workspace_sid,
                                                       const std::string& sid) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const ActivityRecord* activity = state.found() ? state->FindActivity(sid) : nullptr;
  if (activity == nullptr) {
    return Error::NotFound();
  }
  return *activity;
}

Result<Page<ActivityRecord>> WorkspaceService::ListActivities(const Caller& caller,
                                                              const std::string& workspace_sid,
                                                              const ActivityFilter& filter,
                                                              const PageRequest& page) {
  std::vector<ActivityRecord> matching;
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    if (!state.found()) {
      return Error::NotFound();
    }
    for (const auto& [item_seq, activity] : state->activities) {
      if ((!filter.friendly_name.has_value() || activity.friendly_name == *filter.friendly_name) &&
          (!filter.available.has_value() || activity.available == *filter.available)) {
        matching.push_back(activity);
      }
    }
  }
  return TakePage(std::move(matching), page);
}

Result<ActivityRecord> WorkspaceService::UpdateActivity(
    const Caller& caller, const std::string& workspace_sid, const std::string& sid,
    const std::optional<std::string>& friendly_name) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const ActivityRecord* current = state.found() ? state->FindActivity(sid) : nullptr;
  if (current == nullptr) {
    return Error::NotFound();
  }

  ActivityRecord activity = *current;
  if (friendly_name.has_value()) {
    Status status = CheckFriendlyName(*friendly_name, "an Activity");
    if (status.ok()) {
      status = CheckUniqueActivityName(*state, *friendly_name, sid);
    }
    if (!status.ok()) {
      return status.error();
    }
    activity.friendly_name = *friendly_name;
  }
  activity.date_updated = registry_.clock().NowMs();

  Batch batch = {activity};
  EventRecorder(registry_, state->record, caller, activity.date_updated, batch)
      .Add("activity.updated", "activity", activity.sid,
           "Activity " + activity.friendly_name + " updated", ActivityEventData(activity));
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutActivity(activity);
  return activity;
}

Status WorkspaceService::DeleteActivity(const Caller& caller, const std::string& workspace_sid,
                                        const std::string& sid) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const ActivityRecord* activity = state.found() ? state->FindActivity(sid) : nullptr;
  if (activity == nullptr) {
    return Error::NotFound();
  }
  std::string uses = UsesOfActivity(*state, sid);
  if (!uses.empty()) {
    return Error::InvalidParameter("Cannot delete activity " + sid + " in workspace " +
                                   workspace_sid + " for account " + caller.account_sid +
                                   " because " + uses);
  }

  Batch batch = {ActivityDeletion{sid}};
  EventRecorder(registry_, state->record, caller, registry_.clock().NowMs(), batch)
      .Add("activity.deleted", "activity", sid, "Activity " + activity->friendly_name + " deleted",
           ActivityEventData(*activity));
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status;
  }
  state->EraseActivity(sid);
  return {};
}

}  // namespace taskrouter
