// /v1/Workspaces and /v1/Workspaces/{Sid}.
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"

namespace taskrouter::api {
namespace {

// The sub-resources every Workspace links to, by `links` key.
constexpr std::pair<const char*, const char*> kWorkspaceLinks[] = {
    {"activities", "Activities"},
    {"statistics", "Statistics"},
    {"real_time_statistics", "RealTimeStatistics"},
    {"cumulative_statistics", "CumulativeStatistics"},
    {"task_queues", "TaskQueues"},
    {"tasks", "Tasks"},
    {"workers", "Workers"},
    {"workflows", "Workflows"},
    {"task_channels", "TaskChannels"},
    {"events", "Events"},
};

boost::json::object RenderWorkspace(const WorkspaceView& view, const std::string& base_url) {
  const WorkspaceRecord& w = view.record;
  std::string url = base_url + "/v1/Workspaces/" + w.sid;
  boost::json::object links;
  for (const auto& [key, path] : kWorkspaceLinks) {
    links[key] = url + "/" + path;
  }

  boost::json::object json;
  json["account_sid"] = w.account_sid;
  json["date_created"] = JsonTime(w.date_created);
  json["date_updated"] = JsonTime(w.date_updated);
  json["default_activity_name"] = view.default_activity_name;
  json["default_activity_sid"] = w.default_activity_sid;
  json["event_callback_url"] = JsonOptional(w.event_callback_url);
  json["events_filter"] = JsonOptional(w.events_filter);
  json["friendly_name"] = w.friendly_name;
  json["multi_task_enabled"] = w.multi_task_enabled;
  json["sid"] = w.sid;
  json["timeout_activity_name"] = view.timeout_activity_name;
  json["timeout_activity_sid"] = w.timeout_activity_sid;
  json["prioritize_queue_order"] = w.prioritize_queue_order;
  json["url"] = url;
  json["links"] = std::move(links);
  return json;
}

Result<WorkspaceCreate> ReadCreate(const http::Params& form) {
  WorkspaceCreate create;
  Result<std::string> name = RequireParam(form, "FriendlyName");
  if (!name.ok()) {
    return name.error();
  }
  create.friendly_name = name.value();
  Result<std::optional<std::string>> callback = ReadCallbackUrlParam(form, "EventCallbackUrl");
  if (!callback.ok()) {
    return callback.error();
  }
  if (callback.value().has_value() && !callback.value()->empty()) {
    create.event_callback_url = callback.value();
  }
  Result<std::optional<std::string>> filter =
      ReadLimitedParam(form, "EventsFilter", kMaxEventsFilterLength);
  if (!filter.ok()) {
    return filter.error();
  }
  // As on update, an empty filter is no filter.
  if (filter.value().has_value() && !filter.value()->empty()) {
    create.events_filter = filter.value();
  }
  Result<std::optional<bool>> multi_task = ReadBoolParam(form, "MultiTaskEnabled");
  if (!multi_task.ok()) {
    return multi_task.error();
  }
  create.multi_task_enabled = multi_task.value().value_or(true);
  create.prioritize_queue_order = form.Get("PrioritizeQueueOrder").value_or("FIFO");
  create.template_name = form.Get("Template").value_or("NONE");
  return create;
}

Result<WorkspaceUpdate> ReadUpdate(const http::Params& form) {
  WorkspaceUpdate update;
  update.friendly_name = form.Get("FriendlyName");
  Result<std::optional<std::string>> filter =
      ReadLimitedParam(form, "EventsFilter", kMaxEventsFilterLength);
  if (!filter.ok()) {
    return filter.error();
  }
  update.events_filter = filter.value();
  update.prioritize_queue_order = form.Get("PrioritizeQueueOrder");
  Result<std::optional<std::string>> callback = ReadCallbackUrlParam(form, "EventCallbackUrl");
  Result<std::optional<bool>> multi_task = ReadBoolParam(form, "MultiTaskEnabled");
  Result<std::optional<std::string>> default_sid = ReadSidParam(form, "DefaultActivitySid", "WA");
  Result<std::optional<std::string>> timeout_sid = ReadSidParam(form, "TimeoutActivitySid", "WA");
  for (const Error* error : {callback.ok() ? nullptr : &callback.error(),
                             multi_task.ok() ? nullptr : &multi_task.error(),
                             default_sid.ok() ? nullptr : &default_sid.error(),
                             timeout_sid.ok() ? nullptr : &timeout_sid.error()}) {
    if (error != nullptr) {
      return *error;
    }
  }
  update.event_callback_url = callback.value();
  update.multi_task_enabled = multi_task.value();
  update.default_activity_sid = default_sid.value();
  update.timeout_activity_sid = timeout_sid.value();
  return update;
}

Result<http::Response> Create(const Services& services, const http::Request& r) {
  Result<WorkspaceCreate> create = ReadCreate(r.form);
  if (!create.ok()) {
    return create.error();
  }
  Result<WorkspaceView> view = services.workspaces.CreateWorkspace(CallerOf(r), create.value());
  if (!view.ok()) {
    return view.error();
  }
  return http::JsonResponse(201, serialize(RenderWorkspace(view.value(), services.base_url)));
}

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  std::optional<std::string> name = r.query.Get("FriendlyName");
  Page<WorkspaceView> result = services.workspaces.ListWorkspaces(CallerOf(r), name, page.value());

  boost::json::array items;
  for (const WorkspaceView& view : result.items) {
    items.push_back(RenderWorkspace(view, services.base_url));
  }
  std::vector<std::pair<std::string, std::string>> filters;
  if (name.has_value()) {
    filters.emplace_back("FriendlyName", *name);
  }
  ListPage list(services.base_url, "/v1/Workspaces", std::move(filters), page.value(), r.query);
  return http::JsonResponse(200, list.Render("workspaces", std::move(items), result));
}

Result<http::Response> Fetch(const Services& services, const http::Request& r) {
  Result<WorkspaceView> view = services.workspaces.FetchWorkspace(CallerOf(r), r.path_params[0]);
  if (!view.ok()) {
    return view.error();
  }
  return http::JsonResponse(200, serialize(RenderWorkspace(view.value(), services.base_url)));
}

Result<http::Response> Update(const Services& services, const http::Request& r) {
  Result<WorkspaceUpdate> update = ReadUpdate(r.form);
  if (!update.ok()) {
    return update.error();
  }
  Result<WorkspaceView> view =
      services.workspaces.UpdateWorkspace(CallerOf(r), r.path_params[0], update.value());
  if (!view.ok()) {
    return view.error();
  }
  return http::JsonResponse(200, serialize(RenderWorkspace(view.value(), services.base_url)));
}

Result<http::Response> Delete(const Services& services, const http::Request& r) {
  Status status = services.workspaces.DeleteWorkspace(CallerOf(r), r.path_params[0]);
  if (!status.ok()) {
    return status.error();
  }
  return http::NoContentResponse();
}

}  // namespace

void RegisterWorkspaceRoutes(http::Router& router, const Services& services) {
  router.Add("POST", "/v1/Workspaces", Bind(services, Create));
  router.Add("GET", "/v1/Workspaces", Bind(services, List));
  router.Add("GET", "/v1/Workspaces/{}", Bind(services, Fetch));
  router.Add("POST", "/v1/Workspaces/{}", Bind(services, Update));
  router.Add("DELETE", "/v1/Workspaces/{}", Bind(services, Delete));
}

}  // namespace taskrouter::api
