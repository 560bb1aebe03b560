// /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Channels and .../Channels/{Sid}, where {Sid}
// is the WorkerChannel's SID, or its TaskChannel's SID or unique name.
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"

namespace taskrouter::api {
namespace {

boost::json::object RenderWorkerChannel(const WorkerChannelView& view,
                                        const std::string& base_url) {
  const WorkerChannelView& c = view;
  boost::json::object json;
  json["account_sid"] = c.account_sid;
  json["assigned_tasks"] = view.assigned_tasks;
  json["available"] = c.available;
  json["available_capacity_percentage"] = view.available_capacity_percentage;
  json["configured_capacity"] = c.configured_capacity;
  json["date_created"] = JsonTime(c.date_created);
  json["date_updated"] = JsonTime(c.date_updated);
  json["sid"] = c.sid;
  json["task_channel_sid"] = c.task_channel_sid;
  json["task_channel_unique_name"] = view.task_channel_unique_name;
  json["worker_sid"] = c.worker_sid;
  json["workspace_sid"] = c.workspace_sid;
  json["url"] = base_url + "/v1/Workspaces/" + c.workspace_sid + "/Workers/" + c.worker_sid +
                "/Channels/" + c.sid;
  return json;
}

http::Response WorkerChannelResponse(const WorkerChannelView& view, const std::string& base_url) {
  return http::JsonResponse(200, serialize(RenderWorkerChannel(view, base_url)));
}

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  const std::string& workspace_sid = r.path_params[0];
  const std::string& worker_sid = r.path_params[1];
  Result<Page<WorkerChannelView>> result = services.task_channels.ListWorkerChannels(
      CallerOf(r), workspace_sid, worker_sid, page.value());
  if (!result.ok()) {
    return result.error();
  }
  boost::json::array items;
  for (const WorkerChannelView& view : result->items) {
    items.push_back(RenderWorkerChannel(view, services.base_url));
  }
  ListPage list(services.base_url,
                "/v1/Workspaces/" + workspace_sid + "/Workers/" + worker_sid + "/Channels", {},
                page.value(), r.query);
  return http::JsonResponse(200, list.Render("channels", std::move(items), result.value()));
}

Result<http::Response> Fetch(const Services& services, const http::Request& r) {
  Result<WorkerChannelView> view = services.task_channels.FetchWorkerChannel(
      CallerOf(r), r.path_params[0], r.path_params[1], r.path_params[2]);
  if (!view.ok()) {
    return view.error();
  }
  return WorkerChannelResponse(view.value(), services.base_url);
}

Result<http::Response> Update(const Services& services, const http::Request& r) {
  Result<std::optional<int64_t>> capacity = ReadIntegerParam(r.form, "Capacity");
  if (!capacity.ok()) {
    return capacity.error();
  }
  Result<std::optional<bool>> available = ReadBoolParam(r.form, "Available");
  if (!available.ok()) {
    return available.error();
  }
  WorkerChannelUpdate update;
  update.capacity = capacity.value();
  update.available = available.value();
  Result<WorkerChannelView> view = services.task_channels.UpdateWorkerChannel(
      CallerOf(r), r.path_params[0], r.path_params[1], r.path_params[2], update);
  if (!view.ok()) {
    return view.error();
  }
  return WorkerChannelResponse(view.value(), services.base_url);
}

}  // namespace

void RegisterWorkerChannelRoutes(http::Router& router, const Services& services) {
  router.Add("GET", "/v1/Workspaces/{}/Workers/{}/Channels", Bind(services, List));
  router.Add("GET", "/v1/Workspaces/{}/Workers/{}/Channels/{}", Bind(services, Fetch));
  router.Add("POST", "/v1/Workspaces/{}/Workers/{}/Channels/{}", Bind(services, Update));
}

}  // namespace taskrouter::api
