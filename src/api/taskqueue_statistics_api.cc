// The statistics of TaskQueues: /TaskQueues/{Sid}/Statistics, /RealTimeStatistics,
// /CumulativeStatistics, the list /TaskQueues/Statistics and the bulk POST
// /TaskQueues/RealTimeStatistics. Worker counts follow each queue's TargetWorkers; Task figures
// cover the Tasks now in the queue, cumulative ones the events that name it.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"
#include "api/task_statistics_json.h"
#include "common/sid.h"

namespace taskrouter::api {
namespace {

std::string QueuesUrl(const Services& services, const std::string& workspace_sid) {
  return services.base_url + "/v1/Workspaces/" + workspace_sid + "/TaskQueues";
}

constexpr size_t kMaxBulkQueues = 50;

TaskScope QueueScope(const std::string& queue_sid) {
  return TaskScope{TaskScope::Kind::kTaskQueue, queue_sid, std::nullopt};
}

boost::json::object RenderActivities(const std::vector<ActivityCount>& counts) {
  boost::json::array activities;
  for (const ActivityCount& count : counts) {
    activities.push_back(boost::json::object{
        {"sid", count.sid}, {"friendly_name", count.friendly_name}, {"workers", count.workers}});
  }
  return boost::json::object{{"activity_statistics", std::move(activities)}};
}

// The queue's real-time figures: its Workers' now, and the request's Task figures.
Result<boost::json::object> RenderRealTime(const Services& services, const http::Request& r,
                                           const TaskQueueWorkers& workers) {
  Result<RealTimeTaskStatistics> tasks =
      ReadTaskRealTime(services, r, QueueScope(workers.task_queue_sid));
  if (!tasks.ok()) {
    return tasks.error();
  }
  boost::json::object json = RenderActivities(workers.activity_statistics);
  AddTaskRealTime(json, tasks.value(), TaskScope::Kind::kTaskQueue);
  json["total_available_workers"] = workers.total_available_workers;
  json["total_eligible_workers"] = workers.total_eligible_workers;
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
  Result<boost::json::object> json = RenderRealTime(services, r, workers.value());
  if (!json.ok()) {
    return json.error();
  }
  AddIds(json.value(), r, r.path_params[1]);
  json.value()["url"] =
      QueuesUrl(services, r.path_params[0]) + "/" + r.path_params[1] + "/RealTimeStatistics";
  return http::JsonResponse(200, serialize(json.value()));
}

Result<http::Response> Cumulative(const Services& services, const http::Request& r) {
  Result<TaskQueueWorkers> workers =
      services.task_queues.QueueWorkers(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!workers.ok()) {
    return workers.error();
  }
  Result<boost::json::object> json = ReadTaskCumulative(services, r, QueueScope(r.path_params[1]));
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
  Result<boost::json::object> cumulative =
      ReadTaskCumulative(services, r, QueueScope(r.path_params[1]));
  if (!cumulative.ok()) {
    return cumulative.error();
  }
  Result<boost::json::object> realtime = RenderRealTime(services, r, workers.value());
  if (!realtime.ok()) {
    return realtime.error();
  }
  boost::json::object json{{"cumulative", std::move(cumulative.value())},
                           {"realtime", std::move(realtime.value())}};
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
  boost::json::array items;
  for (const TaskQueueWorkers& workers : result->items) {
    Result<boost::json::object> cumulative =
        ReadTaskCumulative(services, r, QueueScope(workers.task_queue_sid));
    if (!cumulative.ok()) {
      return cumulative.error();
    }
    Result<boost::json::object> realtime = RenderRealTime(services, r, workers);
    if (!realtime.ok()) {
      return realtime.error();
    }
    boost::json::object json{{"cumulative", std::move(cumulative.value())},
                             {"realtime", std::move(realtime.value())}};
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

// The SIDs of a bulk request's JSON body: {"QueueSids": [...]}, or "queueSids" as Twilio's own
// example sends it. 400/20001 unless there are 1 to 50 TaskQueue SIDs.
Result<std::vector<std::string>> ReadQueueSids(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(body, ec);
  const boost::json::object* object = ec ? nullptr : parsed.if_object();
  const boost::json::value* sids = nullptr;
  if (object != nullptr) {
    sids = object->if_contains("QueueSids");
    sids = sids != nullptr ? sids : object->if_contains("queueSids");
  }
  if (sids == nullptr || !sids->is_array()) {
    return Error::InvalidParameter(
        "The request body must be a JSON object with QueueSids, an array of TaskQueue SIDs");
  }
  const boost::json::array& array = sids->get_array();
  if (array.empty() || array.size() > kMaxBulkQueues) {
    return Error::InvalidParameter("QueueSids must hold 1 to " + std::to_string(kMaxBulkQueues) +
                                   " TaskQueue SIDs, not " + std::to_string(array.size()));
  }
  std::vector<std::string> queue_sids;
  for (const boost::json::value& sid : array) {
    if (!sid.is_string() || !IsSid(sid.get_string(), "WQ")) {
      return Error::InvalidParameter("QueueSids holds " + serialize(sid) +
                                     ", which is not a TaskQueue SID");
    }
    queue_sids.emplace_back(sid.get_string());
  }
  return queue_sids;
}

// One queue of a bulk answer: its real-time figures, or zeros for a queue the Workspace lacks.
Result<boost::json::object> RenderBulkItem(const Services& services, const http::Request& r,
                                           const std::string& queue_sid,
                                           const RealTimeWorkerStatistics& workspace) {
  Result<TaskQueueWorkers> workers =
      services.task_queues.QueueWorkers(CallerOf(r), r.path_params[0], queue_sid);
  Result<boost::json::object> json =
      workers.ok() ? RenderRealTime(services, r, workers.value()) : workers.error();
  if (!json.ok() && json.error().http_status() == 404) {
    TaskQueueWorkers none{queue_sid, 0, workspace.activity_statistics, 0, 0};
    for (ActivityCount& count : none.activity_statistics) {
      count.workers = 0;
    }
    json = RenderActivities(none.activity_statistics);
    AddTaskRealTime(json.value(), RealTimeTaskStatistics{}, TaskScope::Kind::kTaskQueue);
    json.value()["total_available_workers"] = 0;
    json.value()["total_eligible_workers"] = 0;
  }
  if (!json.ok()) {
    return json.error();
  }
  // Unlike a single queue's answer, the bulk one has no relative ages.
  json.value().erase("longest_relative_task_age_in_queue");
  json.value().erase("longest_relative_task_sid_in_queue");
  json.value()["task_queue_sid"] = queue_sid;
  return json;
}

Result<http::Response> Bulk(const Services& services, const http::Request& r) {
  Result<RealTimeWorkerStatistics> workspace =
      services.statistics.RealTime(CallerOf(r), r.path_params[0], std::nullopt);
  if (!workspace.ok()) {
    return workspace.error();
  }
  Result<std::vector<std::string>> queue_sids = ReadQueueSids(r.json_body);
  if (!queue_sids.ok()) {
    return queue_sids.error();
  }
  boost::json::array data;
  for (const std::string& queue_sid : queue_sids.value()) {
    Result<boost::json::object> item = RenderBulkItem(services, r, queue_sid, workspace.value());
    if (!item.ok()) {
      return item.error();
    }
    data.push_back(std::move(item.value()));
  }
  boost::json::object json;
  json["account_sid"] = r.account_sid;
  json["workspace_sid"] = r.path_params[0];
  json["task_queue_response_count"] = data.size();
  json["task_queue_data"] = std::move(data);
  json["url"] = QueuesUrl(services, r.path_params[0]) + "/RealTimeStatistics";
  return http::JsonResponse(200, serialize(json));
}

}  // namespace

void RegisterTaskQueueStatisticsRoutes(http::Router& router, const Services& services) {
  const std::string queues = "/v1/Workspaces/{}/TaskQueues";
  router.Add("GET", queues + "/Statistics", Bind(services, List));
  router.AddJson("POST", queues + "/RealTimeStatistics", Bind(services, Bulk));
  router.Add("GET", queues + "/{}/Statistics", Bind(services, Statistics));
  router.Add("GET", queues + "/{}/RealTimeStatistics", Bind(services, RealTime));
  router.Add("GET", queues + "/{}/CumulativeStatistics", Bind(services, Cumulative));
}

}  // namespace taskrouter::api
