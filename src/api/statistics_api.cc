// The statistics of Workers and Workspaces.
#include <boost/json/serialize.hpp>

#include "api/params.h"
#include "api/routes.h"
#include "api/task_statistics_json.h"

namespace taskrouter::api {
namespace {

constexpr const char* kReservationCounters[] = {
    "reservations_created",   "reservations_accepted", "reservations_rejected",
    "reservations_timed_out", "reservations_canceled", "reservations_rescinded",
};

std::string WorkspaceUrl(const Services& services, const std::string& workspace_sid) {
  return services.base_url + "/v1/Workspaces/" + workspace_sid;
}

boost::json::object RenderRealTime(const RealTimeWorkerStatistics& statistics) {
  boost::json::array activities;
  for (const ActivityCount& count : statistics.activity_statistics) {
    activities.push_back(boost::json::object{
        {"sid", count.sid}, {"friendly_name", count.friendly_name}, {"workers", count.workers}});
  }
  return boost::json::object{{"total_workers", statistics.total_workers},
                             {"activity_statistics", std::move(activities)}};
}

boost::json::object RenderCumulative(const CumulativeWorkerStatistics& statistics) {
  boost::json::object json;
  for (const char* counter : kReservationCounters) {
    json[counter] = statistics.reservations.at(counter);
  }
  boost::json::array durations;
  for (const ActivityDuration& d : statistics.activity_durations) {
    durations.push_back(boost::json::object{{"sid", d.sid},
                                            {"friendly_name", d.friendly_name},
                                            {"min", d.min},
                                            {"max", d.max},
                                            {"avg", d.avg},
                                            {"total", d.total}});
  }
  json["activity_durations"] = std::move(durations);
  json["start_time"] = JsonTime(statistics.window.start_ms);
  json["end_time"] = JsonTime(statistics.window.end_ms);
  return json;
}

// The Workspace's real-time figures: Worker counts and the request's Task figures.
Result<boost::json::object> RenderWorkspaceRealTime(const Services& services,
                                                    const http::Request& r,
                                                    const RealTimeWorkerStatistics& statistics) {
  Result<RealTimeTaskStatistics> tasks = ReadTaskRealTime(services, r, TaskScope{});
  if (!tasks.ok()) {
    return tasks.error();
  }
  boost::json::object json = RenderRealTime(statistics);
  AddTaskRealTime(json, tasks.value(), TaskScope::Kind::kWorkspace);
  return json;
}

Result<TimeWindow> ReadTimeWindow(const Services& services, const http::Request& r) {
  Result<Window> window = ReadWindow(r.query, services.clock.NowMs());
  if (!window.ok()) {
    return window.error();
  }
  return TimeWindow{window->start_ms, window->end_ms};
}

void AddIds(boost::json::object& json, const http::Request& r, const std::string& url) {
  json["account_sid"] = r.account_sid;
  json["workspace_sid"] = r.path_params[0];
  json["url"] = url;
}

Result<http::Response> WorkersRealTime(const Services& services, const http::Request& r) {
  Result<RealTimeWorkerStatistics> statistics =
      services.statistics.RealTime(CallerOf(r), r.path_params[0], std::nullopt);
  if (!statistics.ok()) {
    return statistics.error();
  }
  boost::json::object json = RenderRealTime(statistics.value());
  AddIds(json, r, WorkspaceUrl(services, r.path_params[0]) + "/Workers/RealTimeStatistics");
  return http::JsonResponse(200, serialize(json));
}

Result<http::Response> WorkersCumulative(const Services& services, const http::Request& r) {
  Result<TimeWindow> window = ReadTimeWindow(services, r);
  if (!window.ok()) {
    return window.error();
  }
  Result<CumulativeWorkerStatistics> statistics =
      services.statistics.Cumulative(CallerOf(r), r.path_params[0], std::nullopt, window.value());
  if (!statistics.ok()) {
    return statistics.error();
  }
  boost::json::object json = RenderCumulative(statistics.value());
  AddIds(json, r, WorkspaceUrl(services, r.path_params[0]) + "/Workers/CumulativeStatistics");
  return http::JsonResponse(200, serialize(json));
}

Result<http::Response> WorkersStatistics(const Services& services, const http::Request& r) {
  Result<TimeWindow> window = ReadTimeWindow(services, r);
  if (!window.ok()) {
    return window.error();
  }
  Result<RealTimeWorkerStatistics> realtime =
      services.statistics.RealTime(CallerOf(r), r.path_params[0], r.query.Get("FriendlyName"));
  if (!realtime.ok()) {
    return realtime.error();
  }
  Result<CumulativeWorkerStatistics> cumulative =
      services.statistics.Cumulative(CallerOf(r), r.path_params[0], std::nullopt, window.value());
  if (!cumulative.ok()) {
    return cumulative.error();
  }
  boost::json::object json{{"cumulative", RenderCumulative(cumulative.value())},
                           {"realtime", RenderRealTime(realtime.value())}};
  AddIds(json, r, WorkspaceUrl(services, r.path_params[0]) + "/Workers/Statistics");
  return http::JsonResponse(200, serialize(json));
}

Result<http::Response> WorkerStatistics(const Services& services, const http::Request& r) {
  Result<TimeWindow> window = ReadTimeWindow(services, r);
  if (!window.ok()) {
    return window.error();
  }
  const std::string& worker_sid = r.path_params[1];
  Result<CumulativeWorkerStatistics> cumulative =
      services.statistics.Cumulative(CallerOf(r), r.path_params[0], worker_sid, window.value());
  if (!cumulative.ok()) {
    return cumulative.error();
  }
  boost::json::object json{{"cumulative", RenderCumulative(cumulative.value())}};
  AddIds(json, r,
         WorkspaceUrl(services, r.path_params[0]) + "/Workers/" + worker_sid + "/Statistics");
  json["worker_sid"] = worker_sid;
  return http::JsonResponse(200, serialize(json));
}

Result<http::Response> WorkspaceRealTime(const Services& services, const http::Request& r) {
  Result<RealTimeWorkerStatistics> statistics =
      services.statistics.RealTime(CallerOf(r), r.path_params[0], std::nullopt);
  if (!statistics.ok()) {
    return statistics.error();
  }
  Result<boost::json::object> json = RenderWorkspaceRealTime(services, r, statistics.value());
  if (!json.ok()) {
    return json.error();
  }
  AddIds(json.value(), r, WorkspaceUrl(services, r.path_params[0]) + "/RealTimeStatistics");
  return http::JsonResponse(200, serialize(json.value()));
}

Result<http::Response> WorkspaceCumulative(const Services& services, const http::Request& r) {
  Result<RealTimeWorkerStatistics> exists =
      services.statistics.RealTime(CallerOf(r), r.path_params[0], std::nullopt);
  if (!exists.ok()) {
    return exists.error();
  }
  Result<boost::json::object> json = ReadTaskCumulative(services, r, TaskScope{});
  if (!json.ok()) {
    return json.error();
  }
  AddIds(json.value(), r, WorkspaceUrl(services, r.path_params[0]) + "/CumulativeStatistics");
  return http::JsonResponse(200, serialize(json.value()));
}

Result<http::Response> WorkspaceStatistics(const Services& services, const http::Request& r) {
  Result<RealTimeWorkerStatistics> workers =
      services.statistics.RealTime(CallerOf(r), r.path_params[0], std::nullopt);
  if (!workers.ok()) {
    return workers.error();
  }
  Result<boost::json::object> cumulative = ReadTaskCumulative(services, r, TaskScope{});
  if (!cumulative.ok()) {
    return cumulative.error();
  }
  Result<boost::json::object> realtime = RenderWorkspaceRealTime(services, r, workers.value());
  if (!realtime.ok()) {
    return realtime.error();
  }
  boost::json::object json{{"cumulative", std::move(cumulative.value())},
                           {"realtime", std::move(realtime.value())}};
  AddIds(json, r, WorkspaceUrl(services, r.path_params[0]) + "/Statistics");
  return http::JsonResponse(200, serialize(json));
}

}  // namespace

void RegisterStatisticsRoutes(http::Router& router, const Services& services) {
  const std::string workspace = "/v1/Workspaces/{}";
  router.Add("GET", workspace + "/Workers/RealTimeStatistics", Bind(services, WorkersRealTime));
  router.Add("GET", workspace + "/Workers/CumulativeStatistics", Bind(services, WorkersCumulative));
  router.Add("GET", workspace + "/Workers/Statistics", Bind(services, WorkersStatistics));
  router.Add("GET", workspace + "/Workers/{}/Statistics", Bind(services, WorkerStatistics));
  router.Add("GET", workspace + "/RealTimeStatistics", Bind(services, WorkspaceRealTime));
  router.Add("GET", workspace + "/CumulativeStatistics", Bind(services, WorkspaceCumulative));
  router.Add("GET", workspace + "/Statistics", Bind(services, WorkspaceStatistics));
}

}  // namespace taskrouter::api
