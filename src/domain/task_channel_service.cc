#include "domain/task_channel_service.h"

#include <algorithm>

#include "common/sid.h"
#include "domain/events.h"
#include "domain/routing.h"
#include "domain/workspace_service.h"

namespace taskrouter {
namespace {

struct DefaultTaskChannel {
  const char* unique_name;
  const char* friendly_name;
};
constexpr DefaultTaskChannel kDefaultTaskChannels[] = {
    {kDefaultTaskChannelName, "Default"},
    {"voice", "Voice"},
    {"chat", "Chat"},
    {"sms", "SMS"},
    {"video", "Video"},
};

bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9'); }

// Unique names appear in expressions (`worker.channel.chat.assigned_tasks`), so they must read
// as one identifier there, and must not be taken for a SID in a path.
Status CheckUniqueName(const WorkspaceState& state, const std::string& name) {
  if (name.empty()) {
    return Error::InvalidParameter("UniqueName of a TaskChannel cannot be empty");
  }
  if (name.size() > kMaxUniqueNameLength) {
    return Error::InvalidParameter("UniqueName of a TaskChannel is " + std::to_string(name.size()) +
                                   " characters long; at most " +
                                   std::to_string(kMaxUniqueNameLength) + " are allowed");
  }
  if (!IsIdentifierStart(name[0]) || !std::all_of(name.begin(), name.end(), IsIdentifierPart)) {
    return Error::InvalidParameter(
        "UniqueName '" + name +
        "' must start with a letter or '_' and hold only letters, digits and '_': it is used in "
        "expressions such as worker.channel.<UniqueName>.assigned_tasks");
  }
  if (IsSid(name, "TC") || IsSid(name, "WC")) {
    return Error::InvalidParameter(
        "UniqueName " + name + " has the form of a SID, which would make it ambiguous in paths");
  }
  if (state.task_channel_names.contains(name)) {
    return Error::InvalidParameter("TaskChannel with UniqueName " + name +
                                   " already exists for workspace " + state.record.sid +
                                   " for account " + state.account_sid);
  }
  return {};
}

WorkerChannelView ViewOf(const WorkspaceState& state, const WorkerRecord& worker,
                         const WorkerChannel& channel) {
  const TaskChannelRecord& task_channel = state.task_channels.at(channel.task_channel_seq);
  WorkerChannelView view;
  view.sid = WorkerChannelSid(worker.sid, task_channel.sid);
  view.account_sid = worker.account_sid;
  view.workspace_sid = worker.workspace_sid;
  view.worker_sid = worker.sid;
  view.task_channel_sid = task_channel.sid;
  view.task_channel_unique_name = task_channel.unique_name;
  view.configured_capacity = channel.configured_capacity;
  view.available = channel.available;
  view.assigned_tasks = channel.assigned_tasks;
  view.available_capacity_percentage = AvailableCapacityPercentage(channel);
  // A WorkerChannel exists from when both its Worker and its TaskChannel do.
  view.date_created = std::max(worker.date_created, task_channel.date_created);
  view.date_updated = channel.date_updated != 0 ? channel.date_updated : view.date_created;
  view.task_channel_seq = task_channel.seq;
  return view;
}

// The channel of `worker` that `key` names (its SID, or its TaskChannel's SID or unique name),
// or nullptr.
WorkerChannel* FindWorkerChannel(const WorkspaceState& state, const WorkerRecord& worker,
                                 std::vector<WorkerChannel>& channels, const std::string& key) {
  const TaskChannelRecord* named = state.FindTaskChannel(key);
  for (WorkerChannel& channel : channels) {
    const TaskChannelRecord& task_channel = state.task_channels.at(channel.task_channel_seq);
    bool match = named != nullptr ? &task_channel == named
                                  : WorkerChannelSid(worker.sid, task_channel.sid) == key;
    if (match) {
      return &channel;
    }
  }
  return nullptr;
}

Status CheckCapacity(int64_t capacity) {
  if (capacity < 0 || capacity > kMaxWorkerChannelCapacity) {
    return Error::InvalidParameter("Capacity must be between 0 and " +
                                   std::to_string(kMaxWorkerChannelCapacity) + ", not " +
                                   std::to_string(capacity));
  }
  return {};
}

// The event fields of a WorkerChannel change: the Worker's, the channel's, and the capacity
// it had before.
StringPairs WorkerChannelEventData(const WorkspaceState& state, const WorkerRecord& worker,
                                   const WorkerChannelView& view, int previous_capacity) {
  StringPairs data = WorkerEventData(worker, state.ActivityName(worker.activity_sid));
  data.emplace_back("worker_channel_available", view.available ? "true" : "false");
  data.emplace_back("worker_channel_available_capacity",
                    std::to_string(view.available_capacity_percentage));
  data.emplace_back("worker_channel_previous_capacity", std::to_string(previous_capacity));
  data.emplace_back("worker_channel_task_count", std::to_string(view.assigned_tasks));
  data.emplace_back("task_channel_sid", view.task_channel_sid);
  data.emplace_back("task_channel_unique_name", view.task_channel_unique_name);
  return data;
}

// One event per setting that `after` changed from `before`.
void RecordWorkerChannelChanges(EventRecorder& events, const WorkspaceState& state,
                                const WorkerRecord& worker, const WorkerChannel& before,
                                const WorkerChannelView& after) {
  const std::string& name = after.task_channel_unique_name;
  if (after.configured_capacity != before.configured_capacity) {
    events.Add("worker.capacity.update", "worker", worker.sid,
               "Worker " + worker.friendly_name + " capacity on channel " + name + " updated to " +
                   std::to_string(after.configured_capacity),
               WorkerChannelEventData(state, worker, after, before.configured_capacity));
  }
  if (after.available != before.available) {
    events.Add("worker.channel.availability.update", "worker", worker.sid,
               "Worker " + worker.friendly_name + " channel " + name + " availability updated to " +
                   (after.available ? "true" : "false"),
               WorkerChannelEventData(state, worker, after, before.configured_capacity));
  }
}

}  // namespace

std::vector<TaskChannelRecord> DefaultTaskChannels(WorkspaceRegistry& registry,
                                                   const WorkspaceRecord& workspace, TimeMs now) {
  std::vector<TaskChannelRecord> channels;
  for (const DefaultTaskChannel& preset : kDefaultTaskChannels) {
    channels.push_back(TaskChannelRecord{registry.NextSeq(), NewSid("TC"), workspace.account_sid,
                                         workspace.sid, preset.unique_name, preset.friendly_name,
                                         true, now, now});
  }
  return channels;
}

Result<TaskChannelRecord> TaskChannelService::CreateTaskChannel(const Caller& caller,
                                                                const std::string& workspace_sid,
                                                                const TaskChannelCreate& create) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  if (!state.found()) {
    return Error::NotFound();
  }
  Status status = CheckUniqueName(*state, create.unique_name);
  if (status.ok()) {
    status = CheckFriendlyName(create.friendly_name, "a TaskChannel");
  }
  if (status.ok() && state->task_channels.size() >= kMaxTaskChannelsPerWorkspace) {
    status = Error::InvalidParameter("Workspace " + workspace_sid + " already has the maximum of " +
                                     std::to_string(kMaxTaskChannelsPerWorkspace) +
                                     " TaskChannels, the default ones included");
  }
  if (!status.ok()) {
    return status.error();
  }

  TimeMs now = registry_.clock().NowMs();
  TaskChannelRecord channel{registry_.NextSeq(),
                            NewSid("TC"),
                            caller.account_sid,
                            workspace_sid,
                            create.unique_name,
                            create.friendly_name,
                            create.channel_optimized_routing,
                            now,
                            now};
  Batch batch = {channel};
  EventRecorder(registry_, state->record, caller, now, batch)
      .Add("task-channel.created", "taskchannel", channel.sid,
           "TaskChannel " + channel.unique_name + " created", TaskChannelEventData(channel));
  status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutTaskChannel(channel);
  return channel;
}

Result<TaskChannelRecord> TaskChannelService::FetchTaskChannel(const Caller& caller,
                                                               const std::string& workspace_sid,
                                                               const std::string& key) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const TaskChannelRecord* channel = state.found() ? state->FindTaskChannel(key) : nullptr;
  if (channel == nullptr) {
    return Error::NotFound();
  }
  return *channel;
}

Result<Page<TaskChannelRecord>> TaskChannelService::ListTaskChannels(
    const Caller& caller, const std::string& workspace_sid, const PageRequest& page) {
  std::vector<TaskChannelRecord> channels;
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    if (!state.found()) {
      return Error::NotFound();
    }
    for (const auto& [channel_seq, channel] : state->task_channels) {
      channels.push_back(channel);
    }
  }
  return TakePage(std::move(channels), page);
}

Result<TaskChannelRecord> TaskChannelService::UpdateTaskChannel(const Caller& caller,
                                                                const std::string& workspace_sid,
                                                                const std::string& key,
                                                                const TaskChannelUpdate& update) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const TaskChannelRecord* current = state.found() ? state->FindTaskChannel(key) : nullptr;
  if (current == nullptr) {
    return Error::NotFound();
  }
  if (update.friendly_name.has_value()) {
    Status status = CheckFriendlyName(*update.friendly_name, "a TaskChannel");
    if (!status.ok()) {
      return status.error();
    }
  }

  TaskChannelRecord channel = *current;
  channel.friendly_name = update.friendly_name.value_or(channel.friendly_name);
  channel.channel_optimized_routing =
      update.channel_optimized_routing.value_or(channel.channel_optimized_routing);
  channel.date_updated = registry_.clock().NowMs();
  Batch batch = {channel};
  EventRecorder(registry_, state->record, caller, channel.date_updated, batch)
      .Add("task-channel.updated", "taskchannel", channel.sid,
           "TaskChannel " + channel.unique_name + " updated", TaskChannelEventData(channel));
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutTaskChannel(channel);
  return channel;
}

Status TaskChannelService::DeleteTaskChannel(const Caller& caller, const std::string& workspace_sid,
                                             const std::string& key) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const TaskChannelRecord* channel = state.found() ? state->FindTaskChannel(key) : nullptr;
  if (channel == nullptr) {
    return Error::NotFound();
  }
  if (channel->unique_name == kDefaultTaskChannelName) {
    return Error::InvalidParameter("Cannot delete TaskChannel " + channel->sid + " in workspace " +
                                   workspace_sid + " for account " + caller.account_sid +
                                   " because it is the default TaskChannel, which Tasks created "
                                   "without a TaskChannel get");
  }

  // The SID is copied: erasing the channel below frees the record it lives in.
  std::string sid = channel->sid;
  if (const TaskRecord* task =
          UnendedTask(*state, [&](const TaskRecord& t) { return t.task_channel_sid == sid; })) {
    return Error::InvalidParameter("Cannot delete TaskChannel " + sid + " in workspace " +
                                   workspace_sid + " for account " + caller.account_sid +
                                   " because Task " + task->sid + " uses it");
  }
  Batch batch = {TaskChannelDeletion{sid}};
  EventRecorder(registry_, state->record, caller, registry_.clock().NowMs(), batch)
      .Add("task-channel.deleted", "taskchannel", sid,
           "TaskChannel " + channel->unique_name + " deleted", TaskChannelEventData(*channel));
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status;
  }
  state->EraseTaskChannel(sid);
  return {};
}

Result<WorkerChannelView> TaskChannelService::FetchWorkerChannel(const Caller& caller,
                                                                 const std::string& workspace_sid,
                                                                 const std::string& worker_sid,
                                                                 const std::string& key) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const WorkerRecord* worker = state.found() ? state->FindWorker(worker_sid) : nullptr;
  if (worker == nullptr) {
    return Error::NotFound();
  }
  WorkerChannel* channel =
      FindWorkerChannel(*state, *worker, *state->WorkerChannelsOf(worker_sid), key);
  if (channel == nullptr) {
    return Error::NotFound();
  }
  return ViewOf(*state, *worker, *channel);
}

Result<Page<WorkerChannelView>> TaskChannelService::ListWorkerChannels(
    const Caller& caller, const std::string& workspace_sid, const std::string& worker_sid,
    const PageRequest& page) {
  std::vector<WorkerChannelView> views;
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    const WorkerRecord* worker = state.found() ? state->FindWorker(worker_sid) : nullptr;
    if (worker == nullptr) {
      return Error::NotFound();
    }
    for (const WorkerChannel& channel : *state->WorkerChannelsOf(worker_sid)) {
      views.push_back(ViewOf(*state, *worker, channel));
    }
  }
  return TakePage(std::move(views), page);
}

Result<WorkerChannelView> TaskChannelService::UpdateWorkerChannel(
    const Caller& caller, const std::string& workspace_sid, const std::string& worker_sid,
    const std::string& key, const WorkerChannelUpdate& update) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const WorkerRecord* worker = state.found() ? state->FindWorker(worker_sid) : nullptr;
  WorkerChannel* current =
      worker == nullptr
          ? nullptr
          : FindWorkerChannel(*state, *worker, *state->WorkerChannelsOf(worker_sid), key);
  if (current == nullptr) {
    return Error::NotFound();
  }
  if (update.capacity.has_value()) {
    Status status = CheckCapacity(*update.capacity);
    if (!status.ok()) {
      return status.error();
    }
  }

  TimeMs now = registry_.clock().NowMs();
  WorkerChannel channel = *current;
  if (update.capacity.has_value()) {
    channel.configured_capacity = static_cast<uint16_t>(*update.capacity);
  }
  channel.available = update.available.value_or(channel.available);
  channel.date_updated = now;
  WorkerChannelView view = ViewOf(*state, *worker, channel);

  Batch batch = {WorkerChannelRecord{worker->seq, channel.task_channel_seq,
                                     channel.configured_capacity, channel.available, now}};
  EventRecorder events(registry_, state->record, caller, now, batch);
  RecordWorkerChannelChanges(events, *state, *worker, *current, view);
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  *current = channel;
  status = RouteAfter(registry_, *state, caller, [&](Router& router) {
    router.WorkerChanged(*worker, /*reject_pending=*/false);
  });
  if (!status.ok()) {
    return status.error();
  }
  return view;
}

}  // namespace taskrouter
