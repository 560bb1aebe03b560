#include "domain/task_statistics.h"

#include <charconv>

namespace taskrouter {
namespace {

constexpr TimeMs kSecond = 1000;

bool IsWaiting(const std::string& status) { return status == "pending" || status == "reserved"; }

bool IsLive(const std::string& status) {
  return IsWaiting(status) || status == "assigned" || status == "wrapping";
}

bool CoversTask(const TaskScope& scope, const TaskRecord& task) {
  switch (scope.kind) {
    case TaskScope::Kind::kTaskQueue:
      return task.task_queue_sid == scope.sid;
    case TaskScope::Kind::kWorkflow:
      return task.workflow_sid == scope.sid;
    case TaskScope::Kind::kWorkspace:
    case TaskScope::Kind::kWorker:
      break;
  }
  return true;
}

std::optional<std::string_view> Find(const StringPairs& data, std::string_view key) {
  for (const auto& [name, value] : data) {
    if (name == key) {
      return value;
    }
  }
  return std::nullopt;
}

// An integer field of `data`; none if it is absent or not a number.
std::optional<int64_t> FindInt(const StringPairs& data, std::string_view key) {
  std::optional<std::string_view> text = Find(data, key);
  int64_t value = 0;
  if (!text.has_value() ||
      std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc()) {
    return std::nullopt;
  }
  return value;
}

bool CoversEvent(const TaskScope& scope, const StringPairs& data) {
  if (scope.task_channel.has_value() &&
      Find(data, "task_channel_sid") != std::optional<std::string_view>(*scope.task_channel) &&
      Find(data, "task_channel_unique_name") !=
          std::optional<std::string_view>(*scope.task_channel)) {
    return false;
  }
  switch (scope.kind) {
    case TaskScope::Kind::kTaskQueue:
      return Find(data, "task_queue_sid") == std::optional<std::string_view>(scope.sid);
    case TaskScope::Kind::kWorkflow:
      return Find(data, "workflow_sid") == std::optional<std::string_view>(scope.sid);
    case TaskScope::Kind::kWorker:
      return Find(data, "worker_sid") == std::optional<std::string_view>(scope.sid);
    case TaskScope::Kind::kWorkspace:
      break;
  }
  return true;
}

// The counter each event type adds one to, for every scope.
const std::map<std::string, std::string, std::less<>>& Counters() {
  static const auto* counters = new std::map<std::string, std::string, std::less<>>{
      {"task.created", "tasks_created"},
      {"task.canceled", "tasks_canceled"},
      {"task.completed", "tasks_completed"},
      {"task.deleted", "tasks_deleted"},
      {"task-queue.moved", "tasks_moved"},
      {"workflow.timeout", "tasks_timed_out_in_workflow"},
      {"reservation.created", "reservations_created"},
      {"reservation.accepted", "reservations_accepted"},
      {"reservation.rejected", "reservations_rejected"},
      {"reservation.timeout", "reservations_timed_out"},
      {"reservation.canceled", "reservations_canceled"},
      {"reservation.rescinded", "reservations_rescinded"},
  };
  return *counters;
}

// A TaskQueue counts the Tasks that entered it or moved into it; a Workflow the Tasks that
// entered it.
bool CountsAsEntered(TaskScope::Kind kind, const std::string& event_type) {
  if (kind == TaskScope::Kind::kTaskQueue) {
    return event_type == "task-queue.entered" || event_type == "task-queue.moved";
  }
  return kind == TaskScope::Kind::kWorkflow && event_type == "workflow.entered";
}

void SplitWait(std::vector<WaitSplit>& splits, int64_t age, bool canceled) {
  for (WaitSplit& split : splits) {
    bool below = age < split.threshold;
    int64_t& count =
        canceled ? (below ? split.below_tasks_canceled : split.above_tasks_canceled)
                 : (below ? split.below_reservations_accepted : split.above_reservations_accepted);
    ++count;
  }
}

}  // namespace

void WaitDurations::Add(int64_t seconds) {
  min = count == 0 ? seconds : std::min(min, seconds);
  max = count == 0 ? seconds : std::max(max, seconds);
  total += seconds;
  ++count;
  avg = total / count;
}

RealTimeTaskStatistics CountTasks(const WorkspaceState& state, const TaskScope& scope, TimeMs now) {
  RealTimeTaskStatistics statistics;
  std::optional<std::string> channel_sid;
  if (scope.task_channel.has_value()) {
    const TaskChannelRecord* channel = state.FindTaskChannel(*scope.task_channel);
    if (channel == nullptr) {
      return statistics;  // an unknown TaskChannel has no Tasks
    }
    channel_sid = channel->sid;
  }

  std::optional<TimeMs> oldest_created;
  std::optional<TimeMs> oldest_entered;
  for (const auto& [seq, entry] : state.routing.tasks) {
    const TaskRecord& task = entry.record;
    if (!IsLive(task.assignment_status) || !CoversTask(scope, task) ||
        (channel_sid.has_value() && task.task_channel_sid != *channel_sid)) {
      continue;
    }
    ++statistics.tasks_by_status[task.assignment_status];
    ++statistics.tasks_by_priority[task.priority];
    ++statistics.total_tasks;
    if (!IsWaiting(task.assignment_status)) {
      continue;
    }
    if (!oldest_created.has_value() || task.date_created < *oldest_created) {
      oldest_created = task.date_created;
      statistics.longest_task_waiting_sid = task.sid;
    }
    if (task.task_queue_entered_date.has_value() &&
        (!oldest_entered.has_value() || *task.task_queue_entered_date < *oldest_entered)) {
      oldest_entered = task.task_queue_entered_date;
      statistics.longest_relative_task_sid_in_queue = task.sid;
    }
  }
  if (oldest_created.has_value()) {
    statistics.longest_task_waiting_age = std::max<TimeMs>(0, now - *oldest_created) / kSecond;
  }
  if (oldest_entered.has_value()) {
    statistics.longest_relative_task_age_in_queue =
        std::max<TimeMs>(0, now - *oldest_entered) / kSecond;
  }
  return statistics;
}

const std::vector<std::string>& CumulativeEventTypes() {
  static const auto* types = [] {
    auto* list = new std::vector<std::string>{"task-queue.entered", "workflow.entered"};
    for (const auto& [type, counter] : Counters()) {
      list->push_back(type);
    }
    return list;
  }();
  return *types;
}

CumulativeTaskStatistics SumEvents(const std::vector<EventFacts>& events, const TaskScope& scope,
                                   const std::vector<int64_t>& thresholds) {
  CumulativeTaskStatistics statistics;
  for (const auto& [type, counter] : Counters()) {
    statistics.counts[counter] = 0;
  }
  statistics.counts["tasks_entered"] = 0;
  for (int64_t threshold : thresholds) {
    statistics.split_by_wait_time.push_back(WaitSplit{threshold});
  }

  for (const EventFacts& event : events) {
    if (!CoversEvent(scope, event.data)) {
      continue;
    }
    if (auto counter = Counters().find(event.event_type); counter != Counters().end()) {
      ++statistics.counts[counter->second];
    }
    if (CountsAsEntered(scope.kind, event.event_type)) {
      ++statistics.counts["tasks_entered"];
    }
    std::optional<int64_t> age = FindInt(event.data, "task_age");
    if (event.event_type == "task.canceled" && age.has_value()) {
      statistics.wait_duration_until_canceled.Add(*age);
      SplitWait(statistics.split_by_wait_time, *age, /*canceled=*/true);
    }
    if (event.event_type != "reservation.accepted") {
      continue;
    }
    if (age.has_value()) {
      statistics.wait_duration_until_accepted.Add(*age);
      SplitWait(statistics.split_by_wait_time, *age, /*canceled=*/false);
    }
    if (std::optional<int64_t> entered = FindInt(event.data, "task_queue_entered_date")) {
      statistics.wait_duration_in_queue_until_accepted.Add(
          std::max<int64_t>(0, event.event_date_ms / kSecond - *entered));
    }
  }
  return statistics;
}

}  // namespace taskrouter
