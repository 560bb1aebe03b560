// /v1/Workspaces/{WorkspaceSid}/TaskQueues and /v1/Workspaces/{WorkspaceSid}/TaskQueues/{Sid}.
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"

namespace taskrouter::api {
namespace {

boost::json::value NameOrNull(const std::string& name) {
  return name.empty() ? boost::json::value(nullptr) : boost::json::value(name);
}

boost::json::object RenderTaskQueue(const TaskQueueView& view, const std::string& base_url) {
  const TaskQueueRecord& q = view.record;
  std::string workspace_url = base_url + "/v1/Workspaces/" + q.workspace_sid;
  std::string url = workspace_url + "/TaskQueues/" + q.sid;
  boost::json::object json;
  json["account_sid"] = q.account_sid;
  json["assignment_activity_sid"] = JsonOptional(q.assignment_activity_sid);
  json["assignment_activity_name"] = NameOrNull(view.assignment_activity_name);
  json["date_created"] = JsonTime(q.date_created);
  json["date_updated"] = JsonTime(q.date_updated);
  json["friendly_name"] = q.friendly_name;
  json["max_reserved_workers"] = q.max_reserved_workers;
  json["reservation_activity_sid"] = JsonOptional(q.reservation_activity_sid);
  json["reservation_activity_name"] = NameOrNull(view.reservation_activity_name);
  json["sid"] = q.sid;
  json["target_workers"] = q.target_workers;
  json["task_order"] = q.task_order;
  json["url"] = url;
  json["workspace_sid"] = q.workspace_sid;

  // The Activity links are there only when the queue names an Activity.
  boost::json::object links;
  if (q.assignment_activity_sid.has_value()) {
    links["assignment_activity"] = workspace_url + "/Activities/" + *q.assignment_activity_sid;
  }
  if (q.reservation_activity_sid.has_value()) {
    links["reservation_activity"] = workspace_url + "/Activities/" + *q.reservation_activity_sid;
  }
  links["workspace"] = workspace_url;
  links["statistics"] = url + "/Statistics";
  links["real_time_statistics"] = url + "/RealTimeStatistics";
  links["cumulative_statistics"] = url + "/CumulativeStatistics";
  links["list_statistics"] = workspace_url + "/TaskQueues/Statistics";
  links["bulk_real_time_statistics"] = workspace_url + "/TaskQueues/RealTimeStatistics";
  json["links"] = std::move(links);
  return json;
}

http::Response TaskQueueResponse(int status, const TaskQueueView& view,
                                 const std::string& base_url) {
  return http::JsonResponse(status, serialize(RenderTaskQueue(view, base_url)));
}

// The parameters create and update share; each is left empty when absent.
Status ReadQueueParams(const http::Params& form, TaskQueueUpdate& out) {
  Result<std::optional<int64_t>> max_reserved = ReadIntegerParam(form, "MaxReservedWorkers");
  if (!max_reserved.ok()) {
    return max_reserved.error();
  }
  Result<std::optional<std::string>> reservation =
      ReadSidParam(form, "ReservationActivitySid", "WA");
  if (!reservation.ok()) {
    return reservation.error();
  }
  Result<std::optional<std::string>> assignment = ReadSidParam(form, "AssignmentActivitySid", "WA");
  if (!assignment.ok()) {
    return assignment.error();
  }
  out.friendly_name = form.Get("FriendlyName");
  out.target_workers = form.Get("TargetWorkers");
  out.max_reserved_workers = max_reserved.value();
  out.task_order = form.Get("TaskOrder");
  out.reservation_activity_sid = reservation.value();
  out.assignment_activity_sid = assignment.value();
  return {};
}

Result<http::Response> Create(const Services& services, const http::Request& r) {
  Result<std::string> friendly_name = RequireParam(r.form, "FriendlyName");
  if (!friendly_name.ok()) {
    return friendly_name.error();
  }
  TaskQueueUpdate params;
  Status status = ReadQueueParams(r.form, params);
  if (!status.ok()) {
    return status.error();
  }
  TaskQueueCreate create;
  create.friendly_name = friendly_name.value();
  create.target_workers = params.target_workers.value_or(kDefaultTargetWorkers);
  create.max_reserved_workers = params.max_reserved_workers.value_or(1);
  create.task_order = params.task_order.value_or("FIFO");
  create.reservation_activity_sid = params.reservation_activity_sid;
  create.assignment_activity_sid = params.assignment_activity_sid;

  Result<TaskQueueView> queue =
      services.task_queues.CreateTaskQueue(CallerOf(r), r.path_params[0], create);
  if (!queue.ok()) {
    return queue.error();
  }
  return TaskQueueResponse(201, queue.value(), services.base_url);
}

// Reads the list filters into `filter` and the paging URLs' `filters`.
Status ReadListFilter(const http::Params& query, TaskQueueFilter& filter,
                      std::vector<std::pair<std::string, std::string>>& filters) {
  if (std::optional<std::string> name = query.Get("FriendlyName")) {
    filter.friendly_name = name;
    filters.emplace_back("FriendlyName", *name);
  }
  Result<std::optional<std::string>> document =
      ReadJsonObjectParam(query, "EvaluateWorkerAttributes");
  if (!document.ok()) {
    return document.error();
  }
  if (const std::optional<std::string>& text = document.value()) {
    Result<Attributes> attributes = ParseAttributes(*text);
    if (!attributes.ok()) {
      return attributes.error();
    }
    filter.worker_attributes = std::move(attributes).value();
    filters.emplace_back("EvaluateWorkerAttributes", *text);
  }
  if (std::optional<std::string> worker = query.Get("WorkerSid")) {
    filter.worker_sid = worker;
    filters.emplace_back("WorkerSid", *worker);
  }
  if (std::optional<std::string> ordering = query.Get("Ordering")) {
    if (*ordering != "DateCreated:asc" && *ordering != "DateCreated:desc") {
      return Error::InvalidParameter("Ordering must be DateCreated:asc or DateCreated:desc, not '" +
                                     *ordering + "'");
    }
    filter.newest_first = *ordering == "DateCreated:desc";
    filters.emplace_back("Ordering", *ordering);
  }
  return {};
}

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  TaskQueueFilter filter;
  std::vector<std::pair<std::string, std::string>> filters;
  Status status = ReadListFilter(r.query, filter, filters);
  if (!status.ok()) {
    return status.error();
  }
  const std::string& workspace_sid = r.path_params[0];
  Result<Page<TaskQueueView>> result =
      services.task_queues.ListTaskQueues(CallerOf(r), workspace_sid, filter, page.value());
  if (!result.ok()) {
    return result.error();
  }
  boost::json::array items;
  for (const TaskQueueView& view : result->items) {
    items.push_back(RenderTaskQueue(view, services.base_url));
  }
  ListPage list(services.base_url, "/v1/Workspaces/" + workspace_sid + "/TaskQueues",
                std::move(filters), page.value(), r.query);
  return http::JsonResponse(200, list.Render("task_queues", std::move(items), result.value()));
}

Result<http::Response> Fetch(const Services& services, const http::Request& r) {
  Result<TaskQueueView> queue =
      services.task_queues.FetchTaskQueue(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!queue.ok()) {
    return queue.error();
  }
  return TaskQueueResponse(200, queue.value(), services.base_url);
}

Result<http::Response> Update(const Services& services, const http::Request& r) {
  TaskQueueUpdate update;
  Status status = ReadQueueParams(r.form, update);
  if (!status.ok()) {
    return status.error();
  }
  Result<TaskQueueView> queue =
      services.task_queues.UpdateTaskQueue(CallerOf(r), r.path_params[0], r.path_params[1], update);
  if (!queue.ok()) {
    return queue.error();
  }
  return TaskQueueResponse(200, queue.value(), services.base_url);
}

Result<http::Response> Delete(const Services& services, const http::Request& r) {
  Status status =
      services.task_queues.DeleteTaskQueue(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!status.ok()) {
    return status.error();
  }
  return http::NoContentResponse();
}

}  // namespace

void RegisterTaskQueueRoutes(http::Router& router, const Services& services) {
  router.Add("POST", "/v1/Workspaces/{}/TaskQueues", Bind(services, Create));
  router.Add("GET", "/v1/Workspaces/{}/TaskQueues", Bind(services, List));
  router.Add("GET", "/v1/Workspaces/{}/TaskQueues/{}", Bind(services, Fetch));
  router.Add("POST", "/v1/Workspaces/{}/TaskQueues/{}", Bind(services, Update));
  router.Add("DELETE", "/v1/Workspaces/{}/TaskQueues/{}", Bind(services, Delete));
}

}  // namespace taskrouter::api
