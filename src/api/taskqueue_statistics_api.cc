// The statistics of TaskQueues: /TaskQueues/{Sid}/Statistics, /RealTimeStatistics,
// /CumulativeStatistics and the list /TaskQueues/Statistics. Worker counts follow each queue's
// TargetWorkers; Task and Reservation figures are present and zero: this server has no Tasks yet.
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"

namespace taskrouter::api {
namespace {

std::string QueuesUrl(const Services& services, const std::string& workspace_sid) {
  return services.base_url + "/v1/Workspaces/" + workspace_sid + "/TaskQueues";
}

boost::json::object RenderRealTime(const TaskQueueWorkers& workers) {
  boost::json::array activities;
  for (const ActivityCount& count : workers.activity_statistics) {
    activities.push_back(boost::json::object{
        {"sid", count.sid}, {"friendly_name", count.friendly_name}, {"workers", count.workers}});
  }
  boost::json::object json;
  json["activity_statistics"] = std::move(activities);
  json["longest_task_waiting_age"] = 0;
  json["longest_task_waiting_sid"] = nullptr;
  json["longest_relative_task_age_in_queue"] = 0;
  json["longest_relative_task_sid_in_queue"] = nullptr;
  json["tasks_by_priority"] = boost::json::object();
  json["tasks_by_status"] =
      boost::json::object{{"assigned", 0}, {"pending", 0}, {"reserved", 0}, {"wrapping", 0}};
  json["total_available_workers"] = workers.total_available_workers;
  json["total_eligible_workers"] = workers.total_eligible_workers;
  json["total_tasks"] = 0;
  return json;
}

// The cumulative figures over the request's window: all zero, there being no Tasks.
Result<boost::json::object> RenderCumulative(const Services& services, const http::Request& r) {
  Result<Window> window = ReadWindow(r.query, services.clock.NowMs());
  if (!window.ok()) {
    return window.error();
  }
  Result<std::optional<boost::json::object>> split = ReadSplitByWaitTime(r.query);
  if (!split.ok()) {
    return split.error();
  }
  boost::json::object zero_durations{{"avg", 0}, {"min", 0}, {"max", 0}, {"total", 0}};
  boost::json::object json;
  json["avg_task_acceptance_time"] = 0;
  json["start_time"] = JsonTime(window->start_ms);
  json["end_time"] = JsonTime(window->end_ms);
  for (const char* counter :
       {"reservations_created", "reservations_accepted", "reservations_rejected",
        "reservations_timed_out", "reservations_canceled", "reservations_rescinded",
        "tasks_canceled", "tasks_completed", "tasks_deleted", "tasks_entered", "tasks_moved"}) {
    json[counter] = 0;
  }
  json["wait_duration_until_accepted"] = zero_durations;
  json["wait_duration_until_canceled"] = zero_durations;
  json["wait_duration_in_queue_until_accepted"] = zero_durations;
  if (split->has_value()) {
    json["split_by_wait_time"] = std::move(*split.value());
  }
  return json;
}

void AddIds(boost::json::object& json, const http::Request& r, const std::string& queue_sid) {
  json["account_sid"] = r.account_sid;
  json["workspace_sid"] = r.path_params[0];
  json["task_queue_sid"] = queue_sid;
}

Result<http::Response> RealTime(const Services& services, const http::Request& r) {
  Result<TaskQueueWorkers> workers =
      services.task_queues.QueueWorkers(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!workers.ok()) {
    return workers.error();
  }
  boost::json::object json = RenderRealTime(workers.value());
  AddIds(json, r, r.path_params[1]);
  json["url"] =
      QueuesUrl(services, r.path_params[0]) + "/" + r.path_params[1] + "/RealTimeStatistics";
  return http::JsonResponse(200, serialize(json));
}

Result<http::Response> Cumulative(const Services& services, const http::Request& r) {
  Result<TaskQueueWorkers> workers =
      services.task_queues.QueueWorkers(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!workers.ok()) {
    return workers.error();
  }
  Result<boost::json::object> json = RenderCumulative(services, r);
  if (!json.ok()) {
    return json.error();
  }
  AddIds(json.value(), r, r.path_params[1]);
  json.value()["url"] =
      QueuesUrl(services, r.path_params[0]) + "/" + r.path_params[1] + "/CumulativeStatistics";
  return http::JsonResponse(200, serialize(json.value()));
}

Result<http::Response> Statistics(const Services& services, const http::Request& r) {
  Result<TaskQueueWorkers> workers =
      services.task_queues.QueueWorkers(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!workers.ok()) {
    return workers.error();
  }
  Result<boost::json::object> cumulative = RenderCumulative(services, r);
  if (!cumulative.ok()) {
    return cumulative.error();
  }
  boost::json::object json{{"cumulative", std::move(cumulative.value())},
                           {"realtime", RenderRealTime(workers.value())}};
  AddIds(json, r, r.path_params[1]);
  json["url"] = QueuesUrl(services, r.path_params[0]) + "/" + r.path_params[1] + "/Statistics";
  return http::JsonResponse(200, serialize(json));
}

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  std::optional<std::string> friendly_name = r.query.Get("FriendlyName");
  Result<Page<TaskQueueWorkers>> result = services.task_queues.ListQueueWorkers(
      CallerOf(r), r.path_params[0], friendly_name, page.value());
  if (!result.ok()) {
    return result.error();
  }
  Result<boost::json::object> cumulative = RenderCumulative(services, r);
  if (!cumulative.ok()) {
    return cumulative.error();
  }
  boost::json::array items;
  for (const TaskQueueWorkers& workers : result->items) {
    boost::json::object json{{"cumulative", cumulative.value()},
                             {"realtime", RenderRealTime(workers)}};
    AddIds(json, r, workers.task_queue_sid);
    items.push_back(std::move(json));
  }
  // The paging URLs carry the filter and the window as the request gave them.
  std::vector<std::pair<std::string, std::string>> filters;
  for (const char* name :
       {"FriendlyName", "StartDate", "EndDate", "Minutes", "TaskChannel", "SplitByWaitTime"}) {
    if (std::optional<std::string> value = r.query.Get(name)) {
      filters.emplace_back(name, *value);
    }
  }
  ListPage list(services.base_url, "/v1/Workspaces/" + r.path_params[0] + "/TaskQueues/Statistics",
                std::move(filters), page.value(), r.query);
  return http::JsonResponse(
      200, list.Render("task_queues_statistics", std::move(items), result.value()));
}

}  // namespace

void RegisterTaskQueueStatisticsRoutes(http::Router& router, const Services& services) {
  const std::string queues = "/v1/Workspaces/{}/TaskQueues";
  router.Add("GET", queues + "/Statistics", Bind(services, List));
  router.Add("GET", queues + "/{}/Statistics", Bind(services, Statistics));
  router.Add("GET", queues + "/{}/RealTimeStatistics", Bind(services, RealTime));
  router.Add("GET", queues + "/{}/CumulativeStatistics", Bind(services, Cumulative));
}

}  // namespace taskrouter::api
