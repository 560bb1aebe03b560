#include "api/task_statistics_json.h"

#include "api/params.h"
#include "api/routes.h"

namespace taskrouter::api {
namespace {

boost::json::object RenderDurations(const WaitDurations& durations) {
  return boost::json::object{{"avg", durations.avg},
                             {"min", durations.min},
                             {"max", durations.max},
                             {"total", durations.total}};
}

// The counters each kind of statistic shows; TaskQueues have no tasks_created (a Task is
// created before it reaches one) and no tasks_timed_out_in_workflow.
std::vector<const char*> TaskCounters(TaskScope::Kind kind) {
  switch (kind) {
    case TaskScope::Kind::kTaskQueue:
      return {"tasks_canceled", "tasks_completed", "tasks_deleted", "tasks_entered", "tasks_moved"};
    case TaskScope::Kind::kWorkflow:
      return {"tasks_canceled", "tasks_completed", "tasks_deleted",
              "tasks_entered",  "tasks_moved",     "tasks_timed_out_in_workflow"};
    case TaskScope::Kind::kWorkspace:
    case TaskScope::Kind::kWorker:
      break;
  }
  return {"tasks_canceled", "tasks_completed", "tasks_created",
          "tasks_deleted",  "tasks_moved",     "tasks_timed_out_in_workflow"};
}

boost::json::object RenderSplit(const std::vector<WaitSplit>& splits) {
  boost::json::object json;
  for (const WaitSplit& split : splits) {
    json[std::to_string(split.threshold)] = boost::json::object{
        {"above",
         {{"tasks_canceled", split.above_tasks_canceled},
          {"reservations_accepted", split.above_reservations_accepted}}},
        {"below",
         {{"tasks_canceled", split.below_tasks_canceled},
          {"reservations_accepted", split.below_reservations_accepted}}},
    };
  }
  return json;
}

boost::json::object RenderCumulative(const CumulativeTaskStatistics& statistics,
                                     const TimeWindow& window, TaskScope::Kind kind, bool split) {
  boost::json::object json;
  json["avg_task_acceptance_time"] = statistics.wait_duration_until_accepted.avg;
  json["start_time"] = JsonTime(window.start_ms);
  json["end_time"] = JsonTime(window.end_ms);
  for (const auto& [counter, count] : statistics.counts) {
    if (counter.starts_with("reservations_")) {
      json[counter] = count;
    }
  }
  for (const char* counter : TaskCounters(kind)) {
    json[counter] = statistics.counts.at(counter);
  }
  json["wait_duration_until_accepted"] = RenderDurations(statistics.wait_duration_until_accepted);
  json["wait_duration_until_canceled"] = RenderDurations(statistics.wait_duration_until_canceled);
  if (kind == TaskScope::Kind::kTaskQueue) {
    json["wait_duration_in_queue_until_accepted"] =
        RenderDurations(statistics.wait_duration_in_queue_until_accepted);
  }
  if (split) {
    json["split_by_wait_time"] = RenderSplit(statistics.split_by_wait_time);
  }
  return json;
}

}  // namespace

void AddTaskRealTime(boost::json::object& json, const RealTimeTaskStatistics& statistics,
                     TaskScope::Kind kind) {
  json["longest_task_waiting_age"] = statistics.longest_task_waiting_age;
  json["longest_task_waiting_sid"] = JsonOptional(statistics.longest_task_waiting_sid);
  if (kind == TaskScope::Kind::kTaskQueue) {
    json["longest_relative_task_age_in_queue"] = statistics.longest_relative_task_age_in_queue;
    json["longest_relative_task_sid_in_queue"] =
        JsonOptional(statistics.longest_relative_task_sid_in_queue);
  }
  boost::json::object by_priority;
  for (const auto& [priority, count] : statistics.tasks_by_priority) {
    by_priority[std::to_string(priority)] = count;
  }
  json["tasks_by_priority"] = std::move(by_priority);
  boost::json::object by_status;
  for (const auto& [status, count] : statistics.tasks_by_status) {
    by_status[status] = count;
  }
  json["tasks_by_status"] = std::move(by_status);
  json["total_tasks"] = statistics.total_tasks;
}

Result<RealTimeTaskStatistics> ReadTaskRealTime(const Services& services, const http::Request& r,
                                                TaskScope scope) {
  scope.task_channel = r.query.Get("TaskChannel");
  return services.statistics.RealTimeTasks(CallerOf(r), r.path_params[0], scope);
}

Result<boost::json::object> ReadTaskCumulative(const Services& services, const http::Request& r,
                                               TaskScope scope) {
  Result<Window> window = ReadWindow(r.query, services.clock.NowMs());
  if (!window.ok()) {
    return window.error();
  }
  Result<std::optional<std::vector<int64_t>>> thresholds = ReadWaitThresholds(r.query);
  if (!thresholds.ok()) {
    return thresholds.error();
  }
  scope.task_channel = r.query.Get("TaskChannel");
  TimeWindow span{window->start_ms, window->end_ms};
  Result<CumulativeTaskStatistics> statistics = services.statistics.CumulativeTasks(
      CallerOf(r), r.path_params[0], scope, span, thresholds->value_or(std::vector<int64_t>()));
  if (!statistics.ok()) {
    return statistics.error();
  }
  return RenderCumulative(statistics.value(), span, scope.kind, thresholds->has_value());
}

}  // namespace taskrouter::api
