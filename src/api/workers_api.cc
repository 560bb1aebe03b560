// /v1/Workspaces/{WorkspaceSid}/Workers and /v1/Workspaces/{WorkspaceSid}/Workers/{Sid}.
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"
#include "common/text.h"

namespace taskrouter::api {
namespace {

boost::json::object RenderWorker(const WorkerView& view, const std::string& base_url) {
  const WorkerRecord& w = view.record;
  std::string workspace_url = base_url + "/v1/Workspaces/" + w.workspace_sid;
  std::string url = workspace_url + "/Workers/" + w.sid;
  boost::json::object links;
  links["channels"] = url + "/Channels";
  links["activity"] = workspace_url + "/Activities/" + w.activity_sid;
  links["workspace"] = workspace_url;
  links["statistics"] = workspace_url + "/Workers/Statistics";
  links["real_time_statistics"] = workspace_url + "/Workers/RealTimeStatistics";
  links["cumulative_statistics"] = workspace_url + "/Workers/CumulativeStatistics";
  links["worker_statistics"] = url + "/Statistics";
  links["worker_channels"] = url + "/Channels";
  links["reservations"] = url + "/Reservations";

  boost::json::object json;
  json["account_sid"] = w.account_sid;
  json["activity_name"] = view.activity_name;
  json["activity_sid"] = w.activity_sid;
  json["attributes"] = w.attributes;
  json["available"] = view.available;
  json["date_created"] = JsonTime(w.date_created);
  json["date_status_changed"] = JsonTime(w.date_status_changed);
  json["date_updated"] = JsonTime(w.date_updated);
  json["friendly_name"] = w.friendly_name;
  json["sid"] = w.sid;
  json["workspace_sid"] = w.workspace_sid;
  json["url"] = url;
  json["links"] = std::move(links);
  return json;
}

// The answer for a Worker, with its version as the ETag.
http::Response WorkerResponse(int status, const WorkerView& view, const std::string& base_url) {
  http::Response response = http::JsonResponse(status, serialize(RenderWorker(view, base_url)));
  response.headers.emplace_back("ETag", "\"" + std::to_string(view.record.version) + "\"");
  return response;
}

Result<WorkerFilter::Ordering> ReadOrdering(const std::optional<std::string>& text) {
  using Ordering = WorkerFilter::Ordering;
  if (!text.has_value()) {
    return Ordering::kCreation;
  }
  const std::pair<const char*, Ordering> kOrderings[] = {
      {"DateCreated:asc", Ordering::kDateCreatedAsc},
      {"DateCreated:desc", Ordering::kDateCreatedDesc},
      {"DateStatusChanged:asc", Ordering::kStatusChangedAsc},
      {"DateStatusChanged:desc", Ordering::kStatusChangedDesc},
  };
  for (const auto& [name, ordering] : kOrderings) {
    if (*text == name) {
      return ordering;
    }
  }
  return Error::InvalidParameter(
      "Ordering must be DateCreated:asc, DateCreated:desc, DateStatusChanged:asc or "
      "DateStatusChanged:desc, not '" +
      *text + "'");
}

Result<http::Response> Create(const Services& services, const http::Request& r) {
  WorkerCreate create;
  Result<std::string> name = RequireParam(r.form, "FriendlyName");
  if (!name.ok()) {
    return name.error();
  }
  create.friendly_name = name.value();
  Result<std::optional<std::string>> activity = ReadSidParam(r.form, "ActivitySid", "WA");
  if (!activity.ok()) {
    return activity.error();
  }
  create.activity_sid = activity.value();
  Result<std::optional<std::string>> attributes = ReadJsonObjectParam(r.form, "Attributes");
  if (!attributes.ok()) {
    return attributes.error();
  }
  create.attributes = attributes.value().value_or("{}");

  Result<WorkerView> view = services.workers.CreateWorker(CallerOf(r), r.path_params[0], create);
  if (!view.ok()) {
    return view.error();
  }
  return WorkerResponse(201, view.value(), services.base_url);
}

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  WorkerFilter filter;
  std::vector<std::pair<std::string, std::string>> filters;
  for (auto [name, target] : {std::pair("ActivityName", &filter.activity_name),
                              std::pair("ActivitySid", &filter.activity_sid),
                              std::pair("FriendlyName", &filter.friendly_name),
                              std::pair("TaskQueueSid", &filter.task_queue_sid),
                              std::pair("TaskQueueName", &filter.task_queue_name)}) {
    if (std::optional<std::string> value = r.query.Get(name)) {
      *target = value;
      filters.emplace_back(name, *value);
    }
  }
  if (std::optional<std::string> available = r.query.Get("Available")) {
    filter.available = IsTruthy(*available);
    filters.emplace_back("Available", *available);
  }
  if (std::optional<std::string> text = r.query.Get("TargetWorkersExpression")) {
    Result<Expression> expression = ParseExpression(*text, "TargetWorkersExpression");
    if (!expression.ok()) {
      return expression.error();
    }
    filter.target_workers = std::move(expression.value());
    filters.emplace_back("TargetWorkersExpression", *text);
  }
  std::optional<std::string> ordering = r.query.Get("Ordering");
  Result<WorkerFilter::Ordering> parsed = ReadOrdering(ordering);
  if (!parsed.ok()) {
    return parsed.error();
  }
  filter.ordering = parsed.value();
  if (ordering.has_value()) {
    filters.emplace_back("Ordering", *ordering);
  }

  const std::string& workspace_sid = r.path_params[0];
  Result<Page<WorkerView>> result =
      services.workers.ListWorkers(CallerOf(r), workspace_sid, filter, page.value());
  if (!result.ok()) {
    return result.error();
  }
  boost::json::array items;
  for (const WorkerView& view : result->items) {
    items.push_back(RenderWorker(view, services.base_url));
  }
  ListPage list(services.base_url, "/v1/Workspaces/" + workspace_sid + "/Workers",
                std::move(filters), page.value(), r.query);
  return http::JsonResponse(200, list.Render("workers", std::move(items), result.value()));
}

Result<http::Response> Fetch(const Services& services, const http::Request& r) {
  Result<WorkerView> view =
      services.workers.FetchWorker(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!view.ok()) {
    return view.error();
  }
  return WorkerResponse(200, view.value(), services.base_url);
}

Result<http::Response> Update(const Services& services, const http::Request& r) {
  WorkerUpdate update;
  update.friendly_name = r.form.Get("FriendlyName");
  Result<std::optional<std::string>> activity = ReadSidParam(r.form, "ActivitySid", "WA");
  Result<std::optional<std::string>> attributes = ReadJsonObjectParam(r.form, "Attributes");
  Result<std::optional<bool>> reject = ReadBoolParam(r.form, "RejectPendingReservations");
  for (const Error* error :
       {activity.ok() ? nullptr : &activity.error(),
        attributes.ok() ? nullptr : &attributes.error(), reject.ok() ? nullptr : &reject.error()}) {
    if (error != nullptr) {
      return *error;
    }
  }
  update.activity_sid = activity.value();
  update.attributes = attributes.value();
  update.reject_pending_reservations = reject.value().value_or(false);
  update.if_match = ReadIfMatch(r);

  Result<WorkerView> view =
      services.workers.UpdateWorker(CallerOf(r), r.path_params[0], r.path_params[1], update);
  if (!view.ok()) {
    return view.error();
  }
  return WorkerResponse(200, view.value(), services.base_url);
}

Result<http::Response> Delete(const Services& services, const http::Request& r) {
  Status status = services.workers.DeleteWorker(CallerOf(r), r.path_params[0], r.path_params[1],
                                                ReadIfMatch(r));
  if (!status.ok()) {
    return status.error();
  }
  return http::NoContentResponse();
}

}  // namespace

void RegisterWorkerRoutes(http::Router& router, const Services& services) {
  router.Add("POST", "/v1/Workspaces/{}/Workers", Bind(services, Create));
  router.Add("GET", "/v1/Workspaces/{}/Workers", Bind(services, List));
  router.Add("GET", "/v1/Workspaces/{}/Workers/{}", Bind(services, Fetch));
  router.Add("POST", "/v1/Workspaces/{}/Workers/{}", Bind(services, Update));
  router.Add("DELETE", "/v1/Workspaces/{}/Workers/{}", Bind(services, Delete));
}

}  // namespace taskrouter::api
