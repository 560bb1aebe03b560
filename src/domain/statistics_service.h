// Statistics of Workers, Workspaces, TaskQueues and Workflows: real-time counts from the
// current state, cumulative figures from the recorded stints of Workers in Activities and from
// the stored events.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/task_statistics.h"
#include "domain/workspace_registry.h"

namespace taskrouter {

// The window of a cumulative statistic, [start_ms, end_ms].
struct TimeWindow {
  TimeMs start_ms = 0;
  TimeMs end_ms = 0;
};

struct ActivityCount {
  std::string sid;
  std::string friendly_name;
  int64_t workers = 0;
};

struct RealTimeWorkerStatistics {
  std::vector<ActivityCount> activity_statistics;  // every Activity, in creation order
  int64_t total_workers = 0;
};

// Seconds spent in one Activity, over the stints that overlap the window, each clipped to it.
struct ActivityDuration {
  std::string sid;
  std::string friendly_name;
  int64_t min = 0;
  int64_t max = 0;
  int64_t avg = 0;
  int64_t total = 0;
};

struct CumulativeWorkerStatistics {
  std::vector<ActivityDuration> activity_durations;  // every Activity, in creation order
  // reservations_{created, accepted, rejected, timed_out, canceled, rescinded} of the Workers.
  std::map<std::string, int64_t> reservations;
  TimeWindow window;
};

// Thread-safe; acts for `caller.account_sid` (404 for unknown Workspaces and Workers).
class StatisticsService {
 public:
  explicit StatisticsService(WorkspaceRegistry& registry) : registry_(registry) {}

  // Worker counts per Activity, of the Workers named `friendly_name` if given.
  Result<RealTimeWorkerStatistics> RealTime(const Caller& caller, const std::string& workspace_sid,
                                            const std::optional<std::string>& friendly_name);

  // Time spent per Activity in `window`, and Reservations counted by what became of them, of
  // every Worker or of `worker_sid` alone. 500/20500 if the store cannot be read.
  Result<CumulativeWorkerStatistics> Cumulative(const Caller& caller,
                                                const std::string& workspace_sid,
                                                const std::optional<std::string>& worker_sid,
                                                const TimeWindow& window);

  // The Tasks `scope` covers, now. 404 also for the scope's unknown TaskQueue or Workflow.
  Result<RealTimeTaskStatistics> RealTimeTasks(const Caller& caller,
                                               const std::string& workspace_sid,
                                               const TaskScope& scope);

  // The events of `window` that `scope` covers, summed and split by `thresholds` (seconds).
  // 404 as RealTimeTasks; 500/20500 if the store cannot be read.
  Result<CumulativeTaskStatistics> CumulativeTasks(const Caller& caller,
                                                   const std::string& workspace_sid,
                                                   const TaskScope& scope, const TimeWindow& window,
                                                   const std::vector<int64_t>& thresholds);

 private:
  // The events of `window`, once the changes the caller's view shows are stored.
  Result<std::vector<EventFacts>> ReadEvents(const std::string& workspace_sid,
                                             const TimeWindow& window);

  WorkspaceRegistry& registry_;
};

}  // namespace taskrouter
