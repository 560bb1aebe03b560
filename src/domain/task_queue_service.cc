#include "domain/task_queue_service.h"

#include <algorithm>
#include <unordered_map>

#include "common/sid.h"
#include "domain/events.h"
#include "domain/routing.h"
#include "domain/workspace_service.h"

namespace taskrouter {
namespace {

TaskQueueView ViewOf(const WorkspaceState& state, const TaskQueueRecord& queue) {
  return TaskQueueView{queue, state.ActivityName(queue.reservation_activity_sid.value_or("")),
                       state.ActivityName(queue.assignment_activity_sid.value_or(""))};
}

// 400 if another TaskQueue than `except_sid` has `name` in any case.
Status CheckUniqueQueueName(const WorkspaceState& state, const std::string& name,
                            const std::string& except_sid) {
  const TaskQueueEntry* other = state.FindTaskQueueByName(name);
  if (other != nullptr && other->record.sid != except_sid) {
    return Error::InvalidParameter("TaskQueue named " + name + " already exists for workspace " +
                                   state.record.sid + " for account " + state.account_sid);
  }
  return {};
}

Status CheckMaxReservedWorkers(int64_t value) {
  if (value < 1 || value > kMaxReservedWorkersLimit) {
    return Error::InvalidParameter("MaxReservedWorkers must be between 1 and " +
                                   std::to_string(kMaxReservedWorkersLimit) + ", not " +
                                   std::to_string(value));
  }
  return {};
}

Status CheckTaskOrder(const std::string& order) {
  if (order != "FIFO" && order != "LIFO") {
    return Error::InvalidParameter("TaskOrder must be FIFO or LIFO, not '" + order + "'");
  }
  return {};
}

// 400 unless `sid` is an Activity of the Workspace; `parameter` names where it came from.
Status CheckQueueActivity(const WorkspaceState& state, const std::string& sid,
                          const std::string& parameter) {
  if (state.FindActivity(sid) == nullptr) {
    return Error::InvalidParameter(parameter + " " + sid + " is not an Activity of workspace " +
                                   state.record.sid + " for account " + state.account_sid);
  }
  return {};
}

// The parsed TargetWorkers; an empty text is the default, `1==1`.
Result<Expression> ParseTargetWorkers(std::string& text) {
  if (text.empty()) {
    text = kDefaultTargetWorkers;
  }
  return ParseExpression(text, "TargetWorkers");
}

// Checks every field of `queue` that the command sets, the name against the other queues.
Status CheckQueue(const WorkspaceState& state, const TaskQueueRecord& queue) {
  Status status = CheckFriendlyName(queue.friendly_name, "a TaskQueue");
  if (status.ok()) {
    status = CheckUniqueQueueName(state, queue.friendly_name, queue.sid);
  }
  if (status.ok()) {
    status = CheckMaxReservedWorkers(queue.max_reserved_workers);
  }
  if (status.ok()) {
    status = CheckTaskOrder(queue.task_order);
  }
  if (status.ok() && queue.reservation_activity_sid.has_value()) {
    status = CheckQueueActivity(state, *queue.reservation_activity_sid, "ReservationActivitySid");
  }
  if (status.ok() && queue.assignment_activity_sid.has_value()) {
    status = CheckQueueActivity(state, *queue.assignment_activity_sid, "AssignmentActivitySid");
  }
  return status;
}

// True if `queue` passes the list filters; the Worker of `worker_sid` is looked up in `state`.
bool Matches(const WorkspaceState& state, const TaskQueueEntry& queue,
             const TaskQueueFilter& filter, TimeMs now) {
  if (filter.friendly_name.has_value() && queue.record.friendly_name != *filter.friendly_name) {
    return false;
  }
  if (filter.worker_attributes.has_value() &&
      (!queue.target_workers.has_value() ||
       !Evaluate(*queue.target_workers, AttributesResolver(*filter.worker_attributes, now)))) {
    return false;
  }
  if (filter.worker_sid.has_value()) {
    const WorkerRecord* worker = state.FindWorker(*filter.worker_sid);
    if (worker == nullptr || !QueueTargets(state, queue, *worker, now)) {
      return false;
    }
  }
  return true;
}

// Counts the Workers of `state` that `queue` selects, by Activity.
TaskQueueWorkers CountWorkers(const WorkspaceState& state, const TaskQueueEntry& queue,
                              TimeMs now) {
  TaskQueueWorkers counts{queue.record.sid, queue.record.seq, {}, 0, 0};
  std::unordered_map<std::string, size_t> index;  // Activity SID -> position
  for (const auto& [activity_seq, activity] : state.activities) {
    index[activity.sid] = counts.activity_statistics.size();
    counts.activity_statistics.push_back(ActivityCount{activity.sid, activity.friendly_name, 0});
  }
  for (const auto& [worker_seq, worker] : state.workers) {
    if (!QueueTargets(state, queue, worker, now)) {
      continue;
    }
    counts.total_eligible_workers += 1;
    counts.total_available_workers += state.IsAvailable(worker.activity_sid) ? 1 : 0;
    auto it = index.find(worker.activity_sid);
    if (it != index.end()) {
      counts.activity_statistics[it->second].workers += 1;
    }
  }
  return counts;
}

}  // namespace

bool QueueTargets(const WorkspaceState& state, const TaskQueueEntry& queue,
                  const WorkerRecord& worker, TimeMs now) {
  if (!queue.target_workers.has_value()) {
    return false;
  }
  static const Attributes kNone;
  auto attributes = state.routing.worker_attributes.find(worker.seq);
  const std::string& activity_name = state.ActivityName(worker.activity_sid);
  WorkerFields fields{worker.sid, worker.friendly_name, worker.activity_sid, activity_name};
  return Evaluate(
      *queue.target_workers,
      WorkerResolver(
          attributes == state.routing.worker_attributes.end() ? kNone : attributes->second, fields,
          now));
}

Result<TaskQueueView> TaskQueueService::CreateTaskQueue(const Caller& caller,
                                                        const std::string& workspace_sid,
                                                        const TaskQueueCreate& create) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  if (!state.found()) {
    return Error::NotFound();
  }
  TimeMs now = registry_.clock().NowMs();
  TaskQueueRecord queue{0,
                        NewSid("WQ"),
                        caller.account_sid,
                        workspace_sid,
                        create.friendly_name,
                        create.target_workers,
                        create.max_reserved_workers,
                        create.task_order,
                        create.reservation_activity_sid,
                        create.assignment_activity_sid,
                        now,
                        now};
  Status status = CheckQueue(*state, queue);
  if (!status.ok()) {
    return status.error();
  }
  Result<Expression> target_workers = ParseTargetWorkers(queue.target_workers);
  if (!target_workers.ok()) {
    return target_workers.error();
  }

  queue.seq = registry_.NextSeq();
  Batch batch = {queue};
  EventRecorder(registry_, state->record, caller, now, batch)
      .Add("task-queue.created", "taskqueue", queue.sid, "TaskQueue " + queue.sid + " created",
           TaskQueueEventData(queue));
  status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutTaskQueue(TaskQueueEntry{queue, std::move(target_workers).value()});
  return ViewOf(*state, queue);
}

Result<TaskQueueView> TaskQueueService::FetchTaskQueue(const Caller& caller,
                                                       const std::string& workspace_sid,
                                                       const std::string& sid) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const TaskQueueEntry* queue = state.found() ? state->FindTaskQueue(sid) : nullptr;
  if (queue == nullptr) {
    return Error::NotFound();
  }
  return ViewOf(*state, queue->record);
}

Result<Page<TaskQueueView>> TaskQueueService::ListTaskQueues(const Caller& caller,
                                                             const std::string& workspace_sid,
                                                             const TaskQueueFilter& filter,
                                                             const PageRequest& page) {
  std::vector<TaskQueueView> matching;
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    if (!state.found()) {
      return Error::NotFound();
    }
    TimeMs now = registry_.clock().NowMs();
    for (const auto& [queue_seq, queue] : state->task_queues) {
      if (Matches(*state, queue, filter, now)) {
        matching.push_back(ViewOf(*state, queue.record));
      }
    }
  }
  if (!filter.newest_first) {
    return TakePage(std::move(matching), page);
  }
  auto key = [](const TaskQueueView& view) {
    return PageCursor{-view.record.date_created, -view.record.seq};
  };
  std::sort(matching.begin(), matching.end(),
            [&](const TaskQueueView& a, const TaskQueueView& b) { return key(a) < key(b); });
  return TakePage(std::move(matching), page, key);
}

Result<TaskQueueView> TaskQueueService::UpdateTaskQueue(const Caller& caller,
                                                        const std::string& workspace_sid,
                                                        const std::string& sid,
                                                        const TaskQueueUpdate& update) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const TaskQueueEntry* current = state.found() ? state->FindTaskQueue(sid) : nullptr;
  if (current == nullptr) {
    return Error::NotFound();
  }
  TaskQueueRecord queue = current->record;
  queue.friendly_name = update.friendly_name.value_or(queue.friendly_name);
  queue.max_reserved_workers = update.max_reserved_workers.value_or(queue.max_reserved_workers);
  queue.task_order = update.task_order.value_or(queue.task_order);
  if (update.reservation_activity_sid.has_value()) {
    queue.reservation_activity_sid = update.reservation_activity_sid;
  }
  if (update.assignment_activity_sid.has_value()) {
    queue.assignment_activity_sid = update.assignment_activity_sid;
  }
  queue.target_workers = update.target_workers.value_or(queue.target_workers);
  Status status = CheckQueue(*state, queue);
  if (!status.ok()) {
    return status.error();
  }
  Result<Expression> target_workers = ParseTargetWorkers(queue.target_workers);
  if (!target_workers.ok()) {
    return target_workers.error();
  }

  queue.date_updated = registry_.clock().NowMs();
  Batch batch = {queue};
  // TaskRouter's catalogue has an event for a new expression only; other changes raise none.
  if (queue.target_workers != current->record.target_workers) {
    EventRecorder(registry_, state->record, caller, queue.date_updated, batch)
        .Add("task-queue.expression.updated", "taskqueue", sid,
             "TaskQueue " + sid + " expression updated to '" + queue.target_workers + "'",
             TaskQueueEventData(queue));
  }
  status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutTaskQueue(TaskQueueEntry{queue, std::move(target_workers).value()});
  // Who the queue targets, or the order of its Tasks, may have changed.
  status = RouteAfter(registry_, *state, caller,
                      [&](Router& router) { router.QueueChanged(queue.sid); });
  if (!status.ok()) {
    return status.error();
  }
  return ViewOf(*state, queue);
}

Status TaskQueueService::DeleteTaskQueue(const Caller& caller, const std::string& workspace_sid,
                                         const std::string& sid) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const TaskQueueEntry* queue = state.found() ? state->FindTaskQueue(sid) : nullptr;
  if (queue == nullptr) {
    return Error::NotFound();
  }
  if (const WorkflowEntry* flow = state->WorkflowUsingQueue(sid)) {
    return Error::InvalidParameter("TaskQueue " + sid + " cannot be deleted: Workflow " +
                                   flow->record.sid + " (" + flow->record.friendly_name +
                                   ") routes Tasks to it");
  }
  if (const TaskRecord* task =
          UnendedTask(*state, [&](const TaskRecord& t) { return t.task_queue_sid == sid; })) {
    return Error::InvalidParameter("TaskQueue " + sid + " cannot be deleted: Task " + task->sid +
                                   " is in it");
  }
  Batch batch = {TaskQueueDeletion{sid}};
  EventRecorder(registry_, state->record, caller, registry_.clock().NowMs(), batch)
      .Add("task-queue.deleted", "taskqueue", sid, "TaskQueue " + sid + " deleted",
           TaskQueueEventData(queue->record));
  Status status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status;
  }
  state->EraseTaskQueue(sid);
  return {};
}

Result<TaskQueueWorkers> TaskQueueService::QueueWorkers(const Caller& caller,
                                                        const std::string& workspace_sid,
                                                        const std::string& sid) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const TaskQueueEntry* queue = state.found() ? state->FindTaskQueue(sid) : nullptr;
  if (queue == nullptr) {
    return Error::NotFound();
  }
  return CountWorkers(*state, *queue, registry_.clock().NowMs());
}

Result<Page<TaskQueueWorkers>> TaskQueueService::ListQueueWorkers(
    const Caller& caller, const std::string& workspace_sid,
    const std::optional<std::string>& friendly_name, const PageRequest& page) {
  std::vector<TaskQueueWorkers> counts;
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    if (!state.found()) {
      return Error::NotFound();
    }
    TimeMs now = registry_.clock().NowMs();
    for (const auto& [queue_seq, queue] : state->task_queues) {
      if (!friendly_name.has_value() || queue.record.friendly_name == *friendly_name) {
        counts.push_back(CountWorkers(*state, queue, now));
      }
    }
  }
  return TakePage(std::move(counts), page);
}

}  // namespace taskrouter
