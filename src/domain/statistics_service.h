// Statistics of Workers and Workspaces: real-time counts from the current state, cumulative
// figures from the recorded stints of Workers in Activities.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
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
  TimeWindow window;
};

// Thread-safe; acts for `caller.account_sid` (404 for unknown Workspaces and Workers).
class StatisticsService {
 public:
  explicit StatisticsService(WorkspaceRegistry& registry) : registry_(registry) {}

  // Worker counts per Activity, of the Workers named `friendly_name` if given.
  Result<RealTimeWorkerStatistics> RealTime(const Caller& caller, const std::string& workspace_sid,
                                            const std::optional<std::string>& friendly_name);

  // Time spent per Activity in `window`, by every Worker or by `worker_sid` alone.
  Result<CumulativeWorkerStatistics> Cumulative(const Caller& caller,
                                                const std::string& workspace_sid,
                                                const std::optional<std::string>& worker_sid,
                                                const TimeWindow& window);

 private:
  WorkspaceRegistry& registry_;
};

}  // namespace taskrouter
