#include "domain/statistics_service.h"

#include <algorithm>
#include <map>

namespace taskrouter {
namespace {

// False if the TaskQueue or Workflow `scope` names is not in `state`.
bool HasScope(const WorkspaceState& state, const TaskScope& scope) {
  switch (scope.kind) {
    case TaskScope::Kind::kTaskQueue:
      return state.FindTaskQueue(scope.sid) != nullptr;
    case TaskScope::Kind::kWorkflow:
      return state.FindWorkflow(scope.sid) != nullptr;
    case TaskScope::Kind::kWorker:
      return state.FindWorker(scope.sid) != nullptr;
    case TaskScope::Kind::kWorkspace:
      break;
  }
  return true;
}

}  // namespace

Result<RealTimeWorkerStatistics> StatisticsService::RealTime(
    const Caller& caller, const std::string& workspace_sid,
    const std::optional<std::string>& friendly_name) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  if (!state.found()) {
    return Error::NotFound();
  }
  std::map<std::string, int64_t> counts;
  RealTimeWorkerStatistics statistics;
  for (const auto& [item_seq, worker] : state->workers) {
    if (!friendly_name.has_value() || worker.friendly_name == *friendly_name) {
      ++counts[worker.activity_sid];
      ++statistics.total_workers;
    }
  }
  for (const auto& [item_seq, activity] : state->activities) {
    statistics.activity_statistics.push_back(
        ActivityCount{activity.sid, activity.friendly_name, counts[activity.sid]});
  }
  return statistics;
}

Result<CumulativeWorkerStatistics> StatisticsService::Cumulative(
    const Caller& caller, const std::string& workspace_sid,
    const std::optional<std::string>& worker_sid, const TimeWindow& window) {
  CumulativeWorkerStatistics statistics;
  statistics.window = window;
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    if (!state.found() || (worker_sid.has_value() && state->FindWorker(*worker_sid) == nullptr)) {
      return Error::NotFound();
    }
    for (const auto& [item_seq, activity] : state->activities) {
      statistics.activity_durations.push_back(
          ActivityDuration{activity.sid, activity.friendly_name, 0, 0, 0, 0});
    }
  }

  Result<std::vector<EventFacts>> events = ReadEvents(workspace_sid, window);
  if (!events.ok()) {
    return events.error();
  }
  TaskScope scope{worker_sid.has_value() ? TaskScope::Kind::kWorker : TaskScope::Kind::kWorkspace,
                  worker_sid.value_or(""), std::nullopt};
  for (const auto& [counter, count] : SumEvents(events.value(), scope, {}).counts) {
    if (counter.starts_with("reservations_")) {
      statistics.reservations[counter] = count;
    }
  }

  Result<std::vector<StintRecord>> stints =
      registry_.store().ListStints(workspace_sid, worker_sid, window.start_ms, window.end_ms);
  if (!stints.ok()) {
    return stints.error();
  }

  // Durations in milliseconds per Activity, clipped to the window; an open stint lasts until
  // the end of the window.
  std::map<std::string, std::vector<TimeMs>> durations;
  for (const StintRecord& stint : stints.value()) {
    TimeMs start = std::max(stint.start_ms, window.start_ms);
    TimeMs end = std::min(stint.end_ms.value_or(window.end_ms), window.end_ms);
    if (end > start) {
      durations[stint.activity_sid].push_back(end - start);
    }
  }
  for (ActivityDuration& entry : statistics.activity_durations) {
    const std::vector<TimeMs>& spans = durations[entry.sid];
    if (spans.empty()) {
      continue;
    }
    TimeMs total = 0;
    for (TimeMs span : spans) {
      total += span;
    }
    entry.min = *std::min_element(spans.begin(), spans.end()) / 1000;
    entry.max = *std::max_element(spans.begin(), spans.end()) / 1000;
    entry.total = total / 1000;
    entry.avg = total / static_cast<TimeMs>(spans.size()) / 1000;
  }
  return statistics;
}

Result<RealTimeTaskStatistics> StatisticsService::RealTimeTasks(const Caller& caller,
                                                                const std::string& workspace_sid,
                                                                const TaskScope& scope) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  if (!state.found() || !HasScope(*state, scope)) {
    return Error::NotFound();
  }
  return CountTasks(*state, scope, registry_.clock().NowMs());
}

Result<CumulativeTaskStatistics> StatisticsService::CumulativeTasks(
    const Caller& caller, const std::string& workspace_sid, const TaskScope& scope,
    const TimeWindow& window, const std::vector<int64_t>& thresholds) {
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    if (!state.found() || !HasScope(*state, scope)) {
      return Error::NotFound();
    }
  }
  Result<std::vector<EventFacts>> events = ReadEvents(workspace_sid, window);
  if (!events.ok()) {
    return events.error();
  }
  return SumEvents(events.value(), scope, thresholds);
}

Result<std::vector<EventFacts>> StatisticsService::ReadEvents(const std::string& workspace_sid,
                                                              const TimeWindow& window) {
  // The events and stints of changes the view already shows must be in the store before it is
  // read.
  Status settled = registry_.AwaitRequest();
  if (!settled.ok()) {
    return settled.error();
  }
  return registry_.store().ListEventFacts(workspace_sid, CumulativeEventTypes(), window.start_ms,
                                          window.end_ms);
}

}  // namespace taskrouter
