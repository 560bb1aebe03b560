#include "domain/routing.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "common/sid.h"
#include "domain/task_queue_service.h"

namespace taskrouter {
namespace {

constexpr char kPending[] = "pending";
constexpr char kReserved[] = "reserved";
constexpr char kAssigned[] = "assigned";
constexpr char kWrapping[] = "wrapping";
constexpr char kCompleted[] = "completed";
constexpr char kCanceled[] = "canceled";

bool Live(const TaskRecord& task) {
  return task.assignment_status == kPending || task.assignment_status == kReserved;
}

bool Ended(const TaskRecord& task) {
  return task.assignment_status == kCompleted || task.assignment_status == kCanceled;
}

// The key that sorts `task` in `queue`'s pending set.
QueueKey KeyIn(const TaskQueueEntry* queue, const TaskRecord& task) {
  if (queue != nullptr && queue->record.task_order == "LIFO") {
    return {0, -task.virtual_start_time, -task.seq, task.seq};
  }
  return {-task.priority, task.virtual_start_time, task.seq, task.seq};
}

// The Worker's channel for the TaskChannel whose creation number is `task_channel_seq`, or
// nullptr.
const WorkerChannel* FindChannel(const WorkspaceState& state, int64_t worker_seq,
                                 int64_t task_channel_seq) {
  auto channels = state.worker_channels.find(worker_seq);
  if (channels == state.worker_channels.end()) {
    return nullptr;
  }
  for (const WorkerChannel& channel : channels->second) {
    if (channel.task_channel_seq == task_channel_seq) {
      return &channel;
    }
  }
  return nullptr;
}

// The creation number of the TaskChannel `task_channel_sid`, or none if it is gone.
std::optional<int64_t> TaskChannelSeq(const WorkspaceState& state,
                                      const std::string& task_channel_sid) {
  auto seq = state.task_channel_seqs.find(task_channel_sid);
  if (seq == state.task_channel_seqs.end()) {
    return std::nullopt;
  }
  return seq->second;
}

std::string Seconds(TimeMs ms) { return std::to_string(ms / 1000); }

// The string a known-worker reference points at in the Task's attributes, or "".
std::string_view KnownWorker(const Attributes& task, const std::vector<PathStep>& path) {
  AttributeValue value = task.root().Find(path);
  return value.type() == JsonType::kString ? value.string() : std::string_view();
}

// A Task's one deadline: while it waits, the earlier of its time to live and its step's
// timeout (the step's only while pending: a Reservation being answered is let finish); once it
// ended, when it is forgotten.
std::optional<TimeMs> DeadlineOf(const WorkspaceState& state, const TaskRecord& record) {
  if (record.date_ended.has_value()) {
    return *record.date_ended + kEndedTaskRetentionMs;
  }
  if (!Live(record)) {
    return std::nullopt;
  }
  TimeMs deadline = record.date_created + record.timeout * 1000;
  const WorkflowEntry* flow = state.FindWorkflow(record.workflow_sid);
  if (record.assignment_status != kPending || record.filter_index < 0 || flow == nullptr ||
      !flow->config.has_value() ||
      static_cast<size_t>(record.filter_index) >= flow->config->filters.size()) {
    return deadline;
  }
  const WorkflowFilter& filter = flow->config->filters[record.filter_index];
  if (static_cast<size_t>(record.target_index) >= filter.targets.size()) {
    return deadline;
  }
  std::optional<TimeMs> step = TargetDeadline(filter, static_cast<size_t>(record.target_index));
  return step.has_value() ? std::min(deadline, record.filter_entered_ms + *step) : deadline;
}

// The creation numbers of the pending Tasks whose record `matches`, so that the caller can
// change routing while it walks them; a Task may stop pending meanwhile, so callers check again.
template <typename Predicate>
std::vector<int64_t> PendingTasks(const RoutingState& routing, Predicate matches) {
  std::vector<int64_t> seqs;
  for (const auto& [seq, task] : routing.tasks) {
    if (task.record.assignment_status == kPending && matches(task.record)) {
      seqs.push_back(seq);
    }
  }
  return seqs;
}

}  // namespace

StringPairs TaskEventData(const WorkspaceState& state, const TaskEntry& entry, TimeMs now) {
  const TaskRecord& task = entry.record;
  StringPairs data = {
      {"task_sid", task.sid},
      {"task_attributes", task.attributes},
      {"task_age", Seconds(now - task.date_created)},
      {"task_priority", std::to_string(task.priority)},
      {"task_assignment_status", task.assignment_status},
      {"task_version", std::to_string(task.version)},
      {"task_date_created", Seconds(task.date_created)},
      {"task_virtual_start_time", Seconds(task.virtual_start_time)},
      {"task_ignore_capacity", "false"},
  };
  if (const TaskChannelRecord* channel = state.FindTaskChannel(task.task_channel_sid)) {
    data.emplace_back("task_channel_sid", channel->sid);
    data.emplace_back("task_channel_unique_name", channel->unique_name);
  }
  if (task.task_queue_sid.has_value()) {
    data.emplace_back("task_queue_sid", *task.task_queue_sid);
    if (const TaskQueueEntry* queue = state.FindTaskQueue(*task.task_queue_sid)) {
      data.emplace_back("task_queue_name", queue->record.friendly_name);
      data.emplace_back("task_queue_target_expression", queue->record.target_workers);
    }
  }
  if (task.task_queue_entered_date.has_value()) {
    data.emplace_back("task_queue_entered_date", Seconds(*task.task_queue_entered_date));
  }
  data.emplace_back("workflow_sid", task.workflow_sid);
  if (const WorkflowEntry* flow = state.FindWorkflow(task.workflow_sid)) {
    data.emplace_back("workflow_name", flow->record.friendly_name);
  }
  if (task.reason.has_value()) {
    data.emplace_back(
        task.assignment_status == kCompleted ? "task_completed_reason" : "task_canceled_reason",
        *task.reason);
    data.emplace_back("reason", *task.reason);
  }
  return data;
}

Router::Router(WorkspaceRegistry& registry, WorkspaceState& state, const Caller& caller, TimeMs now,
               Batch& batch)
    : registry_(registry),
      state_(state),
      now_(now),
      batch_(batch),
      events_(registry, state.record, caller, now, batch) {}

// ---------------------------------------------------------------------------------------------
// Bookkeeping

const WorkflowEntry* Router::WorkflowOf(const TaskEntry& task) const {
  return state_.FindWorkflow(task.record.workflow_sid);
}

const WorkflowTarget* Router::TargetOf(const TaskEntry& task) const {
  const WorkflowEntry* flow = WorkflowOf(task);
  if (flow == nullptr || !flow->config.has_value()) {
    return nullptr;
  }
  const WorkflowConfig& config = *flow->config;
  int64_t filter = task.record.filter_index;
  if (filter == kDefaultFilterIndex) {
    return config.default_filter.has_value() ? &*config.default_filter : nullptr;
  }
  if (filter < 0 || static_cast<size_t>(filter) >= config.filters.size()) {
    return nullptr;
  }
  const std::vector<WorkflowTarget>& targets = config.filters[filter].targets;
  size_t target = static_cast<size_t>(task.record.target_index);
  return target < targets.size() ? &targets[target] : nullptr;
}

void Router::SaveTask(TaskEntry& task) {
  task.record.version += 1;
  task.record.date_updated = now_;
  batch_.push_back(task.record);
  Schedule(task);
}

void Router::SaveReservation(ReservationRecord& reservation) {
  reservation.version += 1;
  reservation.date_updated = now_;
  batch_.push_back(reservation);
}

void Router::Schedule(TaskEntry& task) {
  RoutingState& routing = state_.routing;
  if (task.deadline.has_value()) {
    routing.task_deadlines.erase({*task.deadline, task.record.seq});
  }
  task.deadline = DeadlineOf(state_, task.record);
  if (task.deadline.has_value()) {
    routing.task_deadlines.emplace(*task.deadline, task.record.seq);
  }
}

void Router::ScheduleReservation(const ReservationRecord& reservation) {
  state_.routing.reservation_deadlines.emplace(
      reservation.date_created + reservation.timeout * 1000, reservation.seq);
}

void Router::Enqueue(TaskEntry& task) {
  Dequeue(task);
  if (task.record.assignment_status != kPending || !task.record.task_queue_sid.has_value()) {
    return;
  }
  const std::string& queue_sid = *task.record.task_queue_sid;
  task.queue_key = KeyIn(state_.FindTaskQueue(queue_sid), task.record);
  state_.routing.pending[queue_sid].insert(*task.queue_key);
}

void Router::Dequeue(TaskEntry& task) {
  if (!task.queue_key.has_value()) {
    return;
  }
  auto it = state_.routing.pending.find(task.record.task_queue_sid.value_or(""));
  if (it != state_.routing.pending.end()) {
    it->second.erase(*task.queue_key);
    if (it->second.empty()) {
      state_.routing.pending.erase(it);
    }
  }
  task.queue_key.reset();
}

void Router::TaskEvent(const std::string& type, const TaskEntry& task,
                       const std::string& description) {
  events_.Add(type, "task", task.record.sid, description, TaskEventData(state_, task, now_));
}

void Router::ReservationEvent(const std::string& type, const ReservationRecord& reservation,
                              const std::string& description) {
  const TaskEntry* task = state_.routing.FindTask(reservation.task_sid);
  StringPairs data;
  if (task != nullptr) {
    data = TaskEventData(state_, *task, now_);
  }
  if (const WorkerRecord* worker = state_.FindWorker(reservation.worker_sid)) {
    StringPairs worker_data = WorkerEventData(*worker, state_.ActivityName(worker->activity_sid));
    data.insert(data.end(), worker_data.begin(), worker_data.end());
  } else {
    data.emplace_back("worker_sid", reservation.worker_sid);
  }
  data.emplace_back("reservation_sid", reservation.sid);
  data.emplace_back("reservation_version", std::to_string(reservation.version));
  // The queue and Workflow the Reservation was made in, which the Task may since have left.
  std::erase_if(data, [](const auto& pair) {
    return pair.first == "task_queue_sid" || pair.first == "workflow_sid";
  });
  data.emplace_back("task_queue_sid", reservation.task_queue_sid);
  data.emplace_back("workflow_sid", reservation.workflow_sid);
  events_.Add(type, "reservation", reservation.sid, description, std::move(data));
}

WorkerChannel* Router::ChannelOf(int64_t worker_seq, const std::string& task_channel_sid) {
  std::optional<int64_t> channel_seq = TaskChannelSeq(state_, task_channel_sid);
  if (!channel_seq.has_value()) {
    return nullptr;
  }
  return const_cast<WorkerChannel*>(FindChannel(state_, worker_seq, *channel_seq));
}

bool Router::Busy(int64_t worker_seq) const {
  auto channels = state_.worker_channels.find(worker_seq);
  if (channels == state_.worker_channels.end()) {
    return false;
  }
  return std::any_of(channels->second.begin(), channels->second.end(),
                     [](const WorkerChannel& channel) { return channel.active_tasks() > 0; });
}

// ---------------------------------------------------------------------------------------------
// Workflow steps

void Router::AddTask(TaskRecord record, Attributes attributes) {
  RoutingState& routing = state_.routing;
  int64_t seq = record.seq;
  routing.task_seqs[record.sid] = seq;
  TaskEntry& task = routing.tasks[seq];
  task.record = std::move(record);
  task.attributes = std::move(attributes);
  batch_.push_back(task.record);
  TaskEvent("task.created", task, "Task " + task.record.sid + " created");
  Place(task, /*fresh=*/true);
}

void Router::Place(TaskEntry& task, bool fresh) {
  const WorkflowEntry* flow = WorkflowOf(task);
  if (flow == nullptr || !flow->config.has_value()) {
    DropTask(task, "workflow.timeout", "Workflow " + task.record.workflow_sid + " routes nothing");
    return;
  }
  const WorkflowConfig& config = *flow->config;
  if (task.record.filter_index == kNoFilterIndex) {
    TaskEvent("workflow.entered", task,
              "Task " + task.record.sid + " entered Workflow " + flow->record.friendly_name);
  }
  const WorkflowFilter* match = MatchFilter(config, task.attributes, now_);
  if (match == nullptr) {
    if (config.default_filter.has_value()) {
      EnterStep(task, kDefaultFilterIndex, 0, now_);
    } else {
      DropTask(task, "workflow.timeout", "Task matched no filter of its Workflow");
    }
    return;
  }
  int64_t filter = match - config.filters.data();
  bool same = !fresh && filter == task.record.filter_index;
  // Step timeouts count from when the Task entered the filter: from its creation for the first
  // filter it matches.
  TimeMs entered =
      same ? task.record.filter_entered_ms
           : (task.record.filter_index == kNoFilterIndex ? task.record.date_created : now_);
  size_t current = same ? static_cast<size_t>(task.record.target_index) : 0;
  std::optional<size_t> target = ActiveTarget(*match, now_ - entered, current);
  if (!target.has_value()) {
    task.record.filter_index = filter;
    LeaveFilter(task, filter, /*skipped=*/false);
    return;
  }
  EnterStep(task, filter, *target, entered);
}

void Router::EnterStep(TaskEntry& task, int64_t filter, size_t target, TimeMs entered) {
  const WorkflowEntry* flow = WorkflowOf(task);
  const WorkflowConfig& config = *flow->config;
  const WorkflowTarget& step = filter == kDefaultFilterIndex
                                   ? *config.default_filter
                                   : config.filters[filter].targets[target];
  TaskRecord& record = task.record;
  std::optional<std::string> previous_queue = record.task_queue_sid;
  record.filter_index = filter;
  record.target_index = static_cast<int64_t>(target);
  record.filter_entered_ms = entered;
  if (step.priority.has_value()) {
    record.priority = *step.priority;
  }
  std::string filter_name = filter == kDefaultFilterIndex
                                ? "default_filter"
                                : config.filters[filter].filter_friendly_name;
  TaskEvent("workflow.target-matched", task,
            "Task " + record.sid + " matched target " + std::to_string(target) + " of filter " +
                filter_name + " of Workflow " + flow->record.friendly_name);
  if (previous_queue != step.queue) {
    Dequeue(task);
    record.task_queue_sid = step.queue;
    record.task_queue_entered_date = now_;
    TaskEvent(previous_queue.has_value() ? "task-queue.moved" : "task-queue.entered", task,
              "Task " + record.sid + " entered TaskQueue " + step.queue);
  }
  SaveTask(task);
  Enqueue(task);
  if (TryReserve(task) || !step.skip_if.has_value()) {
    return;
  }
  const TaskQueueEntry* queue = state_.FindTaskQueue(step.queue);
  WorkerCounts counts;
  std::unordered_map<std::string, int64_t> by_activity;
  if (queue != nullptr) {
    for (const auto& [worker_seq, worker] : state_.workers) {
      const WorkerRecord* w = &worker;
      if (!QueueHolds(*queue, *w)) {
        continue;
      }
      (state_.IsAvailable(w->activity_sid) ? counts.available : counts.unavailable) += 1;
      by_activity[w->activity_sid] += 1;
    }
  }
  counts.in_activity = [&by_activity](std::string_view sid) {
    auto it = by_activity.find(std::string(sid));
    return it == by_activity.end() ? int64_t{0} : it->second;
  };
  if (!Evaluate(*step.skip_if, WorkerCountsResolver(counts, now_))) {
    return;
  }
  if (filter != kDefaultFilterIndex && target + 1 < config.filters[filter].targets.size()) {
    EnterStep(task, filter, target + 1, entered);
    return;
  }
  LeaveFilter(task, filter, /*skipped=*/true);
}

void Router::LeaveFilter(TaskEntry& task, int64_t filter, bool skipped) {
  const WorkflowConfig& config = *WorkflowOf(task)->config;
  if (!skipped && task.record.task_queue_sid.has_value()) {
    TaskEvent("task-queue.timeout", task,
              "Task " + task.record.sid + " timed out of TaskQueue " + *task.record.task_queue_sid);
  }
  if (filter != kDefaultFilterIndex) {
    const WorkflowFilter* next =
        MatchFilter(config, task.attributes, now_, static_cast<size_t>(filter) + 1);
    if (next != nullptr) {
      EnterStep(task, next - config.filters.data(), 0, now_);
      return;
    }
    // A Task that skipped out of the filters it matched may still take the default filter; one
    // that timed out of them may not.
    if (skipped && config.default_filter.has_value()) {
      EnterStep(task, kDefaultFilterIndex, 0, now_);
      return;
    }
  }
  if (skipped) {
    DropTask(task, "workflow.skipped", "Task skipped out of its Workflow");
  } else {
    DropTask(task, "workflow.timeout", "Task timed out of its Workflow");
  }
}

void Router::DropTask(TaskEntry& task, const std::string& event_type, const std::string& reason) {
  TaskEvent(event_type, task, "Task " + task.record.sid + ": " + reason);
  EndTask(task, kCanceled, reason);
}

void Router::EndTask(TaskEntry& task, const std::string& status,
                     std::optional<std::string> reason) {
  // Pending Reservations end with the Task.
  for (int64_t seq : task.reservations) {
    ReservationRecord& reservation = state_.routing.reservations.at(seq);
    if (reservation.reservation_status == kPending) {
      ClosePending(reservation, kCanceled);
      RestoreActivity(reservation);
      ReservationEvent("reservation.canceled", reservation,
                       "Reservation " + reservation.sid + " canceled");
    }
  }
  Dequeue(task);
  task.record.assignment_status = status;
  if (reason.has_value()) {
    task.record.reason = std::move(reason);
  }
  task.record.date_ended = now_;
  SaveTask(task);
  if (status == kCanceled) {
    TaskEvent("task.canceled", task, "Task " + task.record.sid + " canceled");
  } else {
    TaskEvent("task.completed", task, "Task " + task.record.sid + " completed");
  }
}

// ---------------------------------------------------------------------------------------------
// Choosing Workers

bool Router::QueueHolds(const TaskQueueEntry& queue, const WorkerRecord& worker) const {
  return QueueTargets(state_, queue, worker, now_);
}

bool Router::Eligible(const WorkerRecord& worker, const TaskEntry& task, int64_t task_channel_seq,
                      const TaskQueueEntry& queue, const WorkflowTarget* target,
                      bool check_queue) const {
  if (!state_.IsAvailable(worker.activity_sid)) {
    return false;
  }
  const WorkerChannel* channel = FindChannel(state_, worker.seq, task_channel_seq);
  if (channel == nullptr) {
    return false;
  }
  if (state_.record.multi_task_enabled) {
    if (!channel->HasCapacity()) {
      return false;
    }
  } else if (Busy(worker.seq) || !channel->available || channel->configured_capacity == 0) {
    return false;
  }
  // A Worker is offered a Task once at a time, and not again after rejecting it or after its
  // Reservation for it was canceled (its assignment callback could not be delivered: offering
  // it again would fail the same way).
  for (int64_t seq : task.reservations) {
    const ReservationRecord& reservation = state_.routing.reservations.at(seq);
    const std::string& status = reservation.reservation_status;
    if (reservation.worker_sid == worker.sid &&
        (status == kPending || status == "rejected" || status == kCanceled)) {
      return false;
    }
  }
  if (check_queue && !QueueHolds(queue, worker)) {
    return false;
  }
  if (target == nullptr) {
    return true;
  }
  if (target->known_worker_sid.has_value() &&
      KnownWorker(task.attributes, *target->known_worker_sid) != worker.sid) {
    return false;
  }
  if (target->known_worker_friendly_name.has_value() &&
      KnownWorker(task.attributes, *target->known_worker_friendly_name) != worker.friendly_name) {
    return false;
  }
  if (!target->expression.has_value()) {
    return true;
  }
  static const Attributes kNone;
  auto attributes = state_.routing.worker_attributes.find(worker.seq);
  const Attributes& worker_attributes =
      attributes == state_.routing.worker_attributes.end() ? kNone : attributes->second;
  const std::string& activity_name = state_.ActivityName(worker.activity_sid);
  WorkerFields fields{worker.sid, worker.friendly_name, worker.activity_sid, activity_name};
  ChannelLoads loads = [this,
                        &worker](std::string_view unique_name) -> std::optional<WorkerChannelLoad> {
    auto seq = state_.task_channel_names.find(std::string(unique_name));
    const WorkerChannel* other = seq == state_.task_channel_names.end()
                                     ? nullptr
                                     : FindChannel(state_, worker.seq, seq->second);
    if (other == nullptr) {
      return std::nullopt;
    }
    return WorkerChannelLoad{other->configured_capacity, other->assigned_tasks,
                             AvailableCapacityPercentage(*other)};
  };
  return Evaluate(*target->expression,
                  TargetResolver(task.attributes, worker_attributes, fields, loads, now_));
}

bool Router::TryReserve(TaskEntry& task) {
  if (task.record.assignment_status != kPending || !task.record.task_queue_sid.has_value()) {
    return false;
  }
  const TaskQueueEntry* queue = state_.FindTaskQueue(*task.record.task_queue_sid);
  if (queue == nullptr) {
    return false;
  }
  std::optional<int64_t> channel_seq = TaskChannelSeq(state_, task.record.task_channel_sid);
  if (!channel_seq.has_value()) {
    return false;
  }
  const WorkflowTarget* target = TargetOf(task);
  std::vector<const WorkerRecord*> eligible;
  for (const auto& [worker_seq, worker] : state_.workers) {
    if (Eligible(worker, task, *channel_seq, *queue, target, /*check_queue=*/true)) {
      eligible.push_back(&worker);
    }
  }
  if (eligible.empty()) {
    return false;
  }
  // order_by first, then the Worker idle longest: the one whose last Reservation (or, without
  // one, whose last Activity change) is oldest.
  static const Attributes kNone;
  auto attributes_of = [this](const WorkerRecord* worker) -> const Attributes& {
    auto it = state_.routing.worker_attributes.find(worker->seq);
    return it == state_.routing.worker_attributes.end() ? kNone : it->second;
  };
  auto idle_since = [this](const WorkerRecord* worker) {
    auto it = state_.routing.last_reserved.find(worker->seq);
    return it == state_.routing.last_reserved.end() ? worker->date_status_changed : it->second;
  };
  std::sort(eligible.begin(), eligible.end(), [&](const WorkerRecord* a, const WorkerRecord* b) {
    if (target != nullptr && !target->order_by.empty()) {
      int order = CompareByOrder(target->order_by, attributes_of(a), attributes_of(b));
      if (order != 0) {
        return order < 0;
      }
    }
    TimeMs idle_a = idle_since(a);
    TimeMs idle_b = idle_since(b);
    return idle_a != idle_b ? idle_a < idle_b : a->seq < b->seq;
  });
  size_t count =
      std::min<size_t>(eligible.size(), static_cast<size_t>(queue->record.max_reserved_workers));
  // Reserve first, then move the Workers: a move reads the Task as reserved.
  Dequeue(task);
  task.record.assignment_status = kReserved;
  task.record.assignment_count += 1;
  SaveTask(task);
  std::vector<WorkerRecord> chosen;
  for (size_t i = 0; i < count; ++i) {
    chosen.push_back(*eligible[i]);
  }
  for (const WorkerRecord& worker : chosen) {
    Reserve(task, worker, *queue);
  }
  return true;
}

void Router::Reserve(TaskEntry& task, const WorkerRecord& worker, const TaskQueueEntry& queue) {
  RoutingState& routing = state_.routing;
  const WorkflowEntry* flow = WorkflowOf(task);
  ReservationRecord reservation;
  reservation.seq = registry_.NextSeq();
  reservation.sid = NewSid("WR");
  reservation.account_sid = state_.account_sid;
  reservation.workspace_sid = state_.record.sid;
  reservation.task_sid = task.record.sid;
  reservation.worker_sid = worker.sid;
  reservation.task_queue_sid = queue.record.sid;
  reservation.workflow_sid = task.record.workflow_sid;
  reservation.worker_previous_activity_sid = worker.activity_sid;
  reservation.timeout = flow != nullptr ? flow->record.task_reservation_timeout : 120;
  reservation.date_created = now_;
  reservation.date_updated = now_;
  batch_.push_back(reservation);
  ScheduleReservation(reservation);
  task.reservations.push_back(reservation.seq);
  routing.by_worker[worker.seq].push_back(reservation.seq);
  routing.reservation_seqs[reservation.sid] = reservation.seq;
  routing.last_reserved[worker.seq] = now_;
  if (WorkerChannel* channel = ChannelOf(worker.seq, task.record.task_channel_sid)) {
    channel->reserved_tasks += 1;
  }
  const ReservationRecord& stored =
      routing.reservations.emplace(reservation.seq, std::move(reservation)).first->second;
  ReservationEvent("reservation.created", stored,
                   "Reservation " + stored.sid + " created for Worker " + worker.friendly_name);
  if (!state_.record.multi_task_enabled && queue.record.reservation_activity_sid.has_value()) {
    MoveWorker(worker.seq, *queue.record.reservation_activity_sid);
  }
  if (flow != nullptr && flow->record.assignment_callback_url.has_value()) {
    const WorkerRecord& now_worker = state_.workers.at(worker.seq);
    AssignmentRequest request;
    request.account_sid = state_.account_sid;
    request.workspace_sid = state_.record.sid;
    request.reservation_sid = stored.sid;
    request.task_sid = task.record.sid;
    request.worker_sid = worker.sid;
    request.url = *flow->record.assignment_callback_url;
    request.fallback_url = flow->record.fallback_assignment_callback_url;
    request.params = {
        {"AccountSid", state_.account_sid},
        {"WorkspaceSid", state_.record.sid},
        {"WorkflowSid", flow->record.sid},
        {"WorkflowName", flow->record.friendly_name},
        {"TaskQueueSid", queue.record.sid},
        {"TaskQueueName", queue.record.friendly_name},
        {"WorkerSid", worker.sid},
        {"WorkerName", worker.friendly_name},
        {"WorkerAttributes", now_worker.attributes},
        {"TaskSid", task.record.sid},
        {"TaskAttributes", task.record.attributes},
        {"TaskAge", Seconds(now_ - task.record.date_created)},
        {"TaskPriority", std::to_string(task.record.priority)},
        {"ReservationSid", stored.sid},
        {"Timestamp", Seconds(now_)},
    };
    if (const TaskChannelRecord* channel = state_.FindTaskChannel(task.record.task_channel_sid)) {
      request.params.emplace_back("TaskChannelSid", channel->sid);
      request.params.emplace_back("TaskChannelUniqueName", channel->unique_name);
    }
    assignments_.push_back(std::move(request));
  }
}

void Router::Feed(int64_t worker_seq) {
  auto found = state_.workers.find(worker_seq);
  if (found == state_.workers.end()) {
    return;
  }
  for (;;) {
    const WorkerRecord& worker = found->second;
    if (!state_.IsAvailable(worker.activity_sid)) {
      return;
    }
    // The first Task of each of the Worker's queues that the Worker may take; then the best of
    // those: FIFO queues by priority and age, LIFO queues by youth, the Workspace's
    // PrioritizeQueueOrder saying which kind goes first.
    TaskEntry* best_fifo = nullptr;
    TaskEntry* best_lifo = nullptr;
    for (const auto& [queue_seq, queue] : state_.task_queues) {
      auto pending = state_.routing.pending.find(queue.record.sid);
      if (pending == state_.routing.pending.end() || !QueueHolds(queue, worker)) {
        continue;
      }
      bool lifo = queue.record.task_order == "LIFO";
      for (const QueueKey& key : pending->second) {
        TaskEntry& task = state_.routing.tasks.at(std::get<3>(key));
        std::optional<int64_t> channel_seq = TaskChannelSeq(state_, task.record.task_channel_sid);
        if (!channel_seq.has_value() ||
            !Eligible(worker, task, *channel_seq, queue, TargetOf(task), /*check_queue=*/false)) {
          continue;
        }
        TaskEntry*& best = lifo ? best_lifo : best_fifo;
        if (best == nullptr) {
          best = &task;
        } else if (lifo ? task.record.virtual_start_time > best->record.virtual_start_time
                        : std::make_pair(-task.record.priority, task.record.virtual_start_time) <
                              std::make_pair(-best->record.priority,
                                             best->record.virtual_start_time)) {
          best = &task;
        }
        break;
      }
    }
    TaskEntry* chosen = state_.record.prioritize_queue_order == "LIFO"
                            ? (best_lifo != nullptr ? best_lifo : best_fifo)
                            : (best_fifo != nullptr ? best_fifo : best_lifo);
    if (chosen == nullptr || !TryReserve(*chosen)) {
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Reservations ending

void Router::ClosePending(ReservationRecord& reservation, const std::string& status) {
  state_.routing.reservation_deadlines.erase(
      {reservation.date_created + reservation.timeout * 1000, reservation.seq});
  reservation.reservation_status = status;
  SaveReservation(reservation);
  const WorkerRecord* worker = state_.FindWorker(reservation.worker_sid);
  const TaskEntry* task = state_.routing.FindTask(reservation.task_sid);
  if (worker == nullptr || task == nullptr) {
    return;
  }
  if (WorkerChannel* channel = ChannelOf(worker->seq, task->record.task_channel_sid)) {
    if (channel->reserved_tasks > 0) {
      channel->reserved_tasks -= 1;
    }
    if (status == "accepted") {
      channel->assigned_tasks += 1;
    }
  }
  Wake(worker->seq);
}

void Router::RestoreActivity(const ReservationRecord& reservation) {
  if (state_.record.multi_task_enabled) {
    return;
  }
  const WorkerRecord* worker = state_.FindWorker(reservation.worker_sid);
  if (worker != nullptr && worker->activity_sid != reservation.worker_previous_activity_sid &&
      state_.FindActivity(reservation.worker_previous_activity_sid) != nullptr) {
    MoveWorker(worker->seq, reservation.worker_previous_activity_sid);
  }
}

void Router::ReservationEnded(TaskEntry& task) {
  if (task.record.assignment_status != kReserved) {
    return;
  }
  for (int64_t seq : task.reservations) {
    if (state_.routing.reservations.at(seq).reservation_status == kPending) {
      return;
    }
  }
  task.record.assignment_status = kPending;
  if (task.record.assignment_count >= kMaxAssignmentCount) {
    EndTask(task, kCanceled, std::string(kAssignmentCountReason));
    return;
  }
  Place(task, /*fresh=*/false);
}

void Router::MoveWorker(int64_t worker_seq, const std::string& activity_sid) {
  auto found = state_.workers.find(worker_seq);
  if (found == state_.workers.end() || found->second.activity_sid == activity_sid) {
    return;
  }
  WorkerRecord worker = found->second;
  std::string previous = worker.activity_sid;
  TimeMs previous_since = worker.date_status_changed;
  worker.activity_sid = activity_sid;
  worker.date_status_changed = now_;
  worker.date_updated = now_;
  worker.version += 1;
  batch_.push_back(worker);
  batch_.push_back(StintEnd{worker.sid, now_});
  batch_.push_back(StintRecord{worker.sid, state_.record.sid, activity_sid, now_, std::nullopt});
  std::string activity_name = state_.ActivityName(activity_sid);
  events_.Add("worker.activity.update", "worker", worker.sid,
              "Worker " + worker.friendly_name + " updated to " + activity_name + " Activity",
              ActivityChangeData(state_, worker, previous, now_ - previous_since));
  state_.PutWorker(worker);
  Wake(worker_seq);
}

// ---------------------------------------------------------------------------------------------
// Commands

Status Router::CancelTask(TaskEntry& task, std::optional<std::string> reason) {
  if (!Live(task.record)) {
    return Error::InvalidParameter("Cannot cancel task " + task.record.sid + " in workspace " +
                                   state_.record.sid + " for account " + state_.account_sid +
                                   " because it is not pending or reserved.");
  }
  EndTask(task, kCanceled, std::move(reason));
  return {};
}

Status Router::WrapTask(TaskEntry& task, std::optional<std::string> reason) {
  if (task.record.assignment_status != kAssigned) {
    return Error::InvalidParameter("Cannot wrap up a task " + task.record.sid + " in workspace " +
                                   state_.record.sid + " for account " + state_.account_sid +
                                   " because it's not currently assigned");
  }
  for (int64_t seq : task.reservations) {
    ReservationRecord& reservation = state_.routing.reservations.at(seq);
    if (reservation.reservation_status == "accepted") {
      reservation.reservation_status = kWrapping;
      SaveReservation(reservation);
      ReservationEvent("reservation.wrapup", reservation,
                       "Reservation " + reservation.sid + " wrapping up");
    }
  }
  task.record.assignment_status = kWrapping;
  if (reason.has_value()) {
    task.record.reason = std::move(reason);
  }
  SaveTask(task);
  TaskEvent("task.wrapup", task, "Task " + task.record.sid + " wrapping up");
  return {};
}

Status Router::CompleteTask(TaskEntry& task, std::optional<std::string> reason) {
  if (task.record.assignment_status != kAssigned && task.record.assignment_status != kWrapping) {
    return Error::InvalidParameter("Cannot complete task " + task.record.sid + " in workspace " +
                                   state_.record.sid + " for account " + state_.account_sid +
                                   " because it is not assigned or wrapping.");
  }
  for (int64_t seq : task.reservations) {
    ReservationRecord& reservation = state_.routing.reservations.at(seq);
    if (reservation.reservation_status != "accepted" &&
        reservation.reservation_status != kWrapping) {
      continue;
    }
    reservation.reservation_status = kCompleted;
    SaveReservation(reservation);
    if (const WorkerRecord* worker = state_.FindWorker(reservation.worker_sid)) {
      if (WorkerChannel* channel = ChannelOf(worker->seq, task.record.task_channel_sid)) {
        if (channel->assigned_tasks > 0) {
          channel->assigned_tasks -= 1;
        }
      }
      Wake(worker->seq);
    }
    ReservationEvent("reservation.completed", reservation,
                     "Reservation " + reservation.sid + " completed");
  }
  EndTask(task, kCompleted, std::move(reason));
  return {};
}

void Router::ChangeTask(TaskEntry& task, const std::optional<std::string>& attributes_json,
                        std::optional<Attributes> attributes, std::optional<int64_t> priority,
                        std::optional<std::string> task_channel_sid,
                        std::optional<TimeMs> virtual_start_time) {
  bool new_attributes = attributes_json.has_value() && *attributes_json != task.record.attributes;
  if (attributes_json.has_value()) {
    task.record.attributes = *attributes_json;
    task.attributes = std::move(*attributes);
  }
  if (priority.has_value()) {
    task.record.priority = *priority;
  }
  if (task_channel_sid.has_value()) {
    task.record.task_channel_sid = *task_channel_sid;
  }
  if (virtual_start_time.has_value()) {
    task.record.virtual_start_time = *virtual_start_time;
  }
  SaveTask(task);
  TaskEvent("task.updated", task, "Task " + task.record.sid + " updated");
  if (task.record.assignment_status != kPending) {
    return;
  }
  if (new_attributes) {
    Place(task, /*fresh=*/false);
    return;
  }
  Enqueue(task);  // the priority or start time may have moved it
  TryReserve(task);
}

void Router::DeleteTask(TaskEntry& task) {
  RoutingState& routing = state_.routing;
  for (int64_t seq : task.reservations) {
    ReservationRecord& reservation = routing.reservations.at(seq);
    const std::string& status = reservation.reservation_status;
    const WorkerRecord* worker = state_.FindWorker(reservation.worker_sid);
    if (status == kPending) {
      routing.reservation_deadlines.erase(
          {reservation.date_created + reservation.timeout * 1000, reservation.seq});
      RestoreActivity(reservation);
    }
    if (worker != nullptr) {
      if (WorkerChannel* channel = ChannelOf(worker->seq, task.record.task_channel_sid)) {
        if (status == kPending && channel->reserved_tasks > 0) {
          channel->reserved_tasks -= 1;
        } else if ((status == "accepted" || status == kWrapping) && channel->assigned_tasks > 0) {
          channel->assigned_tasks -= 1;
        }
      }
      auto& list = routing.by_worker[worker->seq];
      std::erase(list, seq);
      Wake(worker->seq);
    }
    routing.reservation_seqs.erase(reservation.sid);
  }
  TaskEvent("task.deleted", task, "Task " + task.record.sid + " deleted");
  for (int64_t seq : task.reservations) {
    routing.reservations.erase(seq);
  }
  Dequeue(task);
  if (task.deadline.has_value()) {
    routing.task_deadlines.erase({*task.deadline, task.record.seq});
  }
  batch_.push_back(TaskDeletion{task.record.sid});
  int64_t seq = task.record.seq;
  routing.task_seqs.erase(task.record.sid);
  routing.tasks.erase(seq);
}

Status Router::AcceptReservation(ReservationRecord& reservation) {
  if (reservation.reservation_status != kPending) {
    return Error::InvalidParameter("Reservation " + reservation.sid +
                                   " cannot be accepted because it is " +
                                   reservation.reservation_status + ", not pending");
  }
  TaskEntry& task = *state_.routing.FindTask(reservation.task_sid);
  ClosePending(reservation, "accepted");
  ReservationEvent("reservation.accepted", reservation,
                   "Reservation " + reservation.sid + " accepted");
  task.record.assignment_status = kAssigned;
  SaveTask(task);
  for (int64_t seq : task.reservations) {
    ReservationRecord& other = state_.routing.reservations.at(seq);
    if (other.seq != reservation.seq && other.reservation_status == kPending) {
      ClosePending(other, "rescinded");
      RestoreActivity(other);
      ReservationEvent("reservation.rescinded", other, "Reservation " + other.sid + " rescinded");
    }
  }
  const TaskQueueEntry* queue = state_.FindTaskQueue(reservation.task_queue_sid);
  const WorkerRecord* worker = state_.FindWorker(reservation.worker_sid);
  if (!state_.record.multi_task_enabled && queue != nullptr && worker != nullptr &&
      queue->record.assignment_activity_sid.has_value()) {
    MoveWorker(worker->seq, *queue->record.assignment_activity_sid);
  }
  return {};
}

Status Router::RejectReservation(ReservationRecord& reservation,
                                 const std::optional<std::string>& worker_activity_sid) {
  if (reservation.reservation_status != kPending) {
    return Error::InvalidParameter("Reservation " + reservation.sid +
                                   " cannot be rejected because it is " +
                                   reservation.reservation_status + ", not pending");
  }
  if (worker_activity_sid.has_value() && state_.FindActivity(*worker_activity_sid) == nullptr) {
    return Error::InvalidParameter("WorkerActivitySid " + *worker_activity_sid +
                                   " is not an Activity of workspace " + state_.record.sid);
  }
  ClosePending(reservation, "rejected");
  ReservationEvent("reservation.rejected", reservation,
                   "Reservation " + reservation.sid + " rejected");
  const WorkerRecord* worker = state_.FindWorker(reservation.worker_sid);
  if (worker != nullptr && worker_activity_sid.has_value()) {
    MoveWorker(worker->seq, *worker_activity_sid);
  } else {
    RestoreActivity(reservation);
  }
  ReservationEnded(*state_.routing.FindTask(reservation.task_sid));
  return {};
}

Status Router::CancelReservation(ReservationRecord& reservation) {
  if (reservation.reservation_status != kPending) {
    return Error::InvalidParameter("Reservation " + reservation.sid +
                                   " cannot be canceled because it is " +
                                   reservation.reservation_status + ", not pending");
  }
  ClosePending(reservation, kCanceled);
  ReservationEvent("reservation.canceled", reservation,
                   "Reservation " + reservation.sid + " canceled");
  RestoreActivity(reservation);
  ReservationEnded(*state_.routing.FindTask(reservation.task_sid));
  return {};
}

Status Router::WrapReservation(ReservationRecord& reservation) {
  if (reservation.reservation_status != "accepted") {
    return Error::InvalidParameter("Reservation " + reservation.sid +
                                   " cannot be wrapped up because it is " +
                                   reservation.reservation_status + ", not accepted");
  }
  return WrapTask(*state_.routing.FindTask(reservation.task_sid), std::nullopt);
}

Status Router::CompleteReservation(ReservationRecord& reservation) {
  if (reservation.reservation_status != "accepted" && reservation.reservation_status != kWrapping) {
    return Error::InvalidParameter("Reservation " + reservation.sid +
                                   " cannot be completed because it is " +
                                   reservation.reservation_status + ", not accepted or wrapping");
  }
  return CompleteTask(*state_.routing.FindTask(reservation.task_sid), std::nullopt);
}

Status Router::InstructReservation(ReservationRecord& reservation, const std::string& instruction,
                                   const StringPairs& params) {
  if (instruction == "supervise") {
    if (reservation.reservation_status != "accepted") {
      return Error::InvalidParameter("Instruction supervise needs an accepted Reservation; " +
                                     reservation.sid + " is " + reservation.reservation_status);
    }
    reservation.instruction = instruction;
    reservation.instruction_params = params;
    SaveReservation(reservation);
    return {};
  }
  if (instruction != "dequeue" && instruction != "call" && instruction != "redirect" &&
      instruction != "conference") {
    return Error::InvalidParameter(
        "Instruction must be one of conference, dequeue, call, "
        "redirect or supervise, not '" +
        instruction + "'");
  }
  if (reservation.reservation_status != kPending) {
    return Error::InvalidParameter("Instruction " + instruction + " needs a pending Reservation; " +
                                   reservation.sid + " is " + reservation.reservation_status);
  }
  reservation.instruction = instruction;
  reservation.instruction_params = params;
  return AcceptReservation(reservation);
}

// ---------------------------------------------------------------------------------------------
// Changes elsewhere

void Router::WorkerChanged(const WorkerRecord& worker, bool reject_pending) {
  if (reject_pending && !state_.IsAvailable(worker.activity_sid)) {
    auto list = state_.routing.by_worker.find(worker.seq);
    if (list != state_.routing.by_worker.end()) {
      std::vector<int64_t> seqs = list->second;
      for (int64_t seq : seqs) {
        ReservationRecord& reservation = state_.routing.reservations.at(seq);
        if (reservation.reservation_status == kPending) {
          ClosePending(reservation, "rejected");
          ReservationEvent("reservation.rejected", reservation,
                           "Reservation " + reservation.sid + " rejected");
          ReservationEnded(*state_.routing.FindTask(reservation.task_sid));
        }
      }
    }
  }
  Wake(worker.seq);
}

void Router::WorkerDeleting(const WorkerRecord& worker) {
  auto list = state_.routing.by_worker.find(worker.seq);
  if (list == state_.routing.by_worker.end()) {
    return;
  }
  std::vector<int64_t> seqs = list->second;
  for (int64_t seq : seqs) {
    ReservationRecord& reservation = state_.routing.reservations.at(seq);
    if (reservation.reservation_status == kPending) {
      ClosePending(reservation, kCanceled);
      ReservationEvent("reservation.canceled", reservation,
                       "Reservation " + reservation.sid + " canceled");
      ReservationEnded(*state_.routing.FindTask(reservation.task_sid));
    }
  }
  state_.routing.by_worker.erase(worker.seq);
  std::erase(wake_, worker.seq);
}

void Router::QueueChanged(const std::string& queue_sid) {
  std::vector<int64_t> waiting = PendingTasks(
      state_.routing, [&](const TaskRecord& task) { return task.task_queue_sid == queue_sid; });
  for (int64_t seq : waiting) {
    auto it = state_.routing.tasks.find(seq);
    if (it != state_.routing.tasks.end() && it->second.record.assignment_status == kPending) {
      Enqueue(it->second);  // the queue's order may have changed
      TryReserve(it->second);
    }
  }
}

void Router::WorkflowChanged(const std::string& workflow_sid) {
  std::vector<int64_t> waiting = PendingTasks(
      state_.routing, [&](const TaskRecord& task) { return task.workflow_sid == workflow_sid; });
  for (int64_t seq : waiting) {
    auto it = state_.routing.tasks.find(seq);
    if (it != state_.routing.tasks.end() && it->second.record.assignment_status == kPending) {
      Place(it->second, /*fresh=*/false);
    }
  }
}

void Router::Settle() {
  while (!wake_.empty()) {
    std::vector<int64_t> workers;
    workers.swap(wake_);
    std::sort(workers.begin(), workers.end());
    workers.erase(std::unique(workers.begin(), workers.end()), workers.end());
    for (int64_t worker_seq : workers) {
      Feed(worker_seq);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Timers

void Router::TimeoutReservation(ReservationRecord& reservation) {
  ClosePending(reservation, "timeout");
  ReservationEvent("reservation.timeout", reservation,
                   "Reservation " + reservation.sid + " timed out");
  const WorkerRecord* worker = state_.FindWorker(reservation.worker_sid);
  if (worker != nullptr && state_.FindActivity(state_.record.timeout_activity_sid) != nullptr) {
    MoveWorker(worker->seq, state_.record.timeout_activity_sid);
  }
  ReservationEnded(*state_.routing.FindTask(reservation.task_sid));
}

void Router::TaskDeadline(TaskEntry& task) {
  task.deadline.reset();
  TaskRecord& record = task.record;
  if (Ended(record)) {
    Dequeue(task);
    state_.routing.task_seqs.erase(record.sid);
    for (int64_t seq : task.reservations) {
      const ReservationRecord& reservation = state_.routing.reservations.at(seq);
      state_.routing.reservation_seqs.erase(reservation.sid);
      if (const WorkerRecord* worker = state_.FindWorker(reservation.worker_sid)) {
        std::erase(state_.routing.by_worker[worker->seq], seq);
      }
      state_.routing.reservations.erase(seq);
    }
    batch_.push_back(TaskDeletion{record.sid});
    state_.routing.tasks.erase(record.seq);
    return;
  }
  if (!Live(record)) {
    return;
  }
  if (now_ >= record.date_created + record.timeout * 1000) {
    EndTask(task, kCanceled, std::string(kTaskTtlReason));
    return;
  }
  // The step's timeout: on to the next target that has time left, or out of the filter.
  const WorkflowEntry* flow = WorkflowOf(task);
  if (record.assignment_status != kPending || record.filter_index < 0 || flow == nullptr ||
      !flow->config.has_value() ||
      static_cast<size_t>(record.filter_index) >= flow->config->filters.size()) {
    Schedule(task);
    return;
  }
  const WorkflowFilter& filter = flow->config->filters[record.filter_index];
  std::optional<size_t> next = ActiveTarget(filter, now_ - record.filter_entered_ms,
                                            static_cast<size_t>(record.target_index));
  if (next.has_value() && *next == static_cast<size_t>(record.target_index)) {
    Schedule(task);
    return;
  }
  if (next.has_value()) {
    TaskEvent(
        "task-queue.timeout", task,
        "Task " + record.sid + " timed out of TaskQueue " + record.task_queue_sid.value_or(""));
    EnterStep(task, record.filter_index, *next, record.filter_entered_ms);
  } else {
    LeaveFilter(task, record.filter_index, /*skipped=*/false);
  }
}

void Router::RunDueTimers() {
  RoutingState& routing = state_.routing;
  for (;;) {
    std::optional<std::pair<TimeMs, int64_t>> task_due;
    std::optional<std::pair<TimeMs, int64_t>> reservation_due;
    if (!routing.task_deadlines.empty() && routing.task_deadlines.begin()->first <= now_) {
      task_due = *routing.task_deadlines.begin();
    }
    if (!routing.reservation_deadlines.empty() &&
        routing.reservation_deadlines.begin()->first <= now_) {
      reservation_due = *routing.reservation_deadlines.begin();
    }
    if (!task_due.has_value() && !reservation_due.has_value()) {
      break;
    }
    // The earlier deadline first; a Reservation's before its Task's at the same instant, so that
    // a Task whose Reservation timed out is routed again before its step times out.
    if (reservation_due.has_value() &&
        (!task_due.has_value() || reservation_due->first <= task_due->first)) {
      routing.reservation_deadlines.erase(routing.reservation_deadlines.begin());
      auto it = routing.reservations.find(reservation_due->second);
      if (it != routing.reservations.end() && it->second.reservation_status == kPending) {
        // ClosePending erases the deadline again; it is already gone.
        TimeoutReservation(it->second);
      }
    } else {
      routing.task_deadlines.erase(routing.task_deadlines.begin());
      auto it = routing.tasks.find(task_due->second);
      if (it != routing.tasks.end()) {
        TaskDeadline(it->second);
      }
    }
    Settle();
  }
}

void CompactRecords(Batch& batch) {
  // Later records win: walk backwards, keeping the first of each SID met.
  std::unordered_set<std::string> tasks;
  std::unordered_set<std::string> reservations;
  std::unordered_set<std::string> workers;
  std::vector<bool> dropped(batch.size(), false);
  bool any = false;
  for (size_t i = batch.size(); i-- > 0;) {
    const Mutation& mutation = batch[i];
    bool replaced = false;
    if (const auto* task = std::get_if<TaskRecord>(&mutation)) {
      replaced = !tasks.insert(task->sid).second;
    } else if (const auto* reservation = std::get_if<ReservationRecord>(&mutation)) {
      replaced = !reservations.insert(reservation->sid).second;
    } else if (const auto* worker = std::get_if<WorkerRecord>(&mutation)) {
      replaced = !workers.insert(worker->sid).second;
    }
    dropped[i] = replaced;
    any = any || replaced;
  }
  if (!any) {
    return;
  }
  size_t kept = 0;
  for (size_t i = 0; i < batch.size(); ++i) {
    if (dropped[i]) {
      continue;
    }
    if (kept != i) {  // a self-move would empty the record
      batch[kept] = std::move(batch[i]);
    }
    ++kept;
  }
  batch.resize(kept);
}

const TaskRecord* UnendedTask(const WorkspaceState& state,
                              const std::function<bool(const TaskRecord&)>& uses) {
  for (const auto& [seq, task] : state.routing.tasks) {
    if (!Ended(task.record) && uses(task.record)) {
      return &task.record;
    }
  }
  return nullptr;
}

Status RouteAfter(WorkspaceRegistry& registry, WorkspaceState& state, const Caller& caller,
                  const std::function<void(Router&)>& change) {
  Batch batch;
  Router router(registry, state, caller, registry.clock().NowMs(), batch);
  router.RunDueTimers();
  change(router);
  router.Settle();
  std::vector<AssignmentRequest> assignments = router.TakeAssignments();
  if (batch.empty()) {
    return {};
  }
  CompactRecords(batch);
  Status status = registry.Commit(std::move(batch));
  if (!status.ok()) {
    registry.ReloadAfterFailure();
    return status;
  }
  registry.SendAssignments(std::move(assignments));
  return {};
}

// ---------------------------------------------------------------------------------------------
// Restart

TaskEntry* RoutingState::FindTask(const std::string& sid) {
  auto it = task_seqs.find(sid);
  return it == task_seqs.end() ? nullptr : &tasks.at(it->second);
}

ReservationRecord* RoutingState::FindReservation(const std::string& sid) {
  auto it = reservation_seqs.find(sid);
  return it == reservation_seqs.end() ? nullptr : &reservations.at(it->second);
}

std::optional<TimeMs> RoutingState::NextDeadline() const {
  std::optional<TimeMs> next;
  if (!task_deadlines.empty()) {
    next = task_deadlines.begin()->first;
  }
  if (!reservation_deadlines.empty() &&
      (!next.has_value() || reservation_deadlines.begin()->first < *next)) {
    next = reservation_deadlines.begin()->first;
  }
  return next;
}

void RestoreRouting(WorkspaceState& state, const std::vector<const TaskRecord*>& tasks,
                    const std::vector<const ReservationRecord*>& reservations) {
  RoutingState& routing = state.routing;
  for (const TaskRecord* record : tasks) {
    TaskEntry& task = routing.tasks[record->seq];
    task.record = *record;
    Result<Attributes> parsed = ParseAttributes(record->attributes);
    if (parsed.ok()) {
      task.attributes = std::move(parsed).value();
    }
    routing.task_seqs[record->sid] = record->seq;
  }
  for (const ReservationRecord* record : reservations) {
    TaskEntry* task = routing.FindTask(record->task_sid);
    if (task == nullptr) {
      continue;
    }
    routing.reservations[record->seq] = *record;
    routing.reservation_seqs[record->sid] = record->seq;
    task->reservations.push_back(record->seq);
    auto worker = state.worker_seqs.find(record->worker_sid);
    if (worker == state.worker_seqs.end()) {
      continue;
    }
    routing.by_worker[worker->second].push_back(record->seq);
    TimeMs& last = routing.last_reserved[worker->second];
    last = std::max(last, record->date_created);
    const std::string& status = record->reservation_status;
    if (status == kPending) {
      routing.reservation_deadlines.emplace(record->date_created + record->timeout * 1000,
                                            record->seq);
    }
    auto channel_seq = state.task_channel_seqs.find(task->record.task_channel_sid);
    auto channels = state.worker_channels.find(worker->second);
    if (channel_seq == state.task_channel_seqs.end() || channels == state.worker_channels.end()) {
      continue;
    }
    for (WorkerChannel& channel : channels->second) {
      if (channel.task_channel_seq != channel_seq->second) {
        continue;
      }
      if (status == kPending) {
        channel.reserved_tasks += 1;
      } else if (status == "accepted" || status == kWrapping) {
        channel.assigned_tasks += 1;
      }
    }
  }
  for (auto& [seq, task] : routing.tasks) {
    if (task.record.assignment_status == kPending && task.record.task_queue_sid.has_value()) {
      const std::string& queue_sid = *task.record.task_queue_sid;
      task.queue_key = KeyIn(state.FindTaskQueue(queue_sid), task.record);
      routing.pending[queue_sid].insert(*task.queue_key);
    }
    task.deadline = DeadlineOf(state, task.record);
    if (task.deadline.has_value()) {
      routing.task_deadlines.emplace(*task.deadline, seq);
    }
  }
}

}  // namespace taskrouter
