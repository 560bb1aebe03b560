// /v1/Workspaces/{WorkspaceSid}/TaskChannels and /v1/Workspaces/{WorkspaceSid}/TaskChannels/{Sid},
// where {Sid} is the TaskChannel's SID or its unique name.
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"

namespace taskrouter::api {
namespace {

boost::json::object RenderTaskChannel(const TaskChannelRecord& c, const std::string& base_url) {
  std::string workspace_url = base_url + "/v1/Workspaces/" + c.workspace_sid;
  boost::json::object json;
  json["account_sid"] = c.account_sid;
  json["date_created"] = JsonTime(c.date_created);
  json["date_updated"] = JsonTime(c.date_updated);
  json["friendly_name"] = c.friendly_name;
  json["sid"] = c.sid;
  json["unique_name"] = c.unique_name;
  json["workspace_sid"] = c.workspace_sid;
  json["channel_optimized_routing"] = c.channel_optimized_routing;
  json["url"] = workspace_url + "/TaskChannels/" + c.sid;
  json["links"] = boost::json::object{{"workspace", workspace_url}};
  return json;
}

http::Response TaskChannelResponse(int status, const TaskChannelRecord& c,
                                   const std::string& base_url) {
  return http::JsonResponse(status, serialize(RenderTaskChannel(c, base_url)));
}

Result<http::Response> Create(const Services& services, const http::Request& r) {
  TaskChannelCreate create;
  Result<std::string> friendly_name = RequireParam(r.form, "FriendlyName");
  if (!friendly_name.ok()) {
    return friendly_name.error();
  }
  Result<std::string> unique_name = RequireParam(r.form, "UniqueName");
  if (!unique_name.ok()) {
    return unique_name.error();
  }
  Result<std::optional<bool>> optimized = ReadBoolParam(r.form, "ChannelOptimizedRouting");
  if (!optimized.ok()) {
    return optimized.error();
  }
  create.friendly_name = friendly_name.value();
  create.unique_name = unique_name.value();
  create.channel_optimized_routing = optimized.value().value_or(true);

  Result<TaskChannelRecord> channel =
      services.task_channels.CreateTaskChannel(CallerOf(r), r.path_params[0], create);
  if (!channel.ok()) {
    return channel.error();
  }
  return TaskChannelResponse(201, channel.value(), services.base_url);
}

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  const std::string& workspace_sid = r.path_params[0];
  Result<Page<TaskChannelRecord>> result =
      services.task_channels.ListTaskChannels(CallerOf(r), workspace_sid, page.value());
  if (!result.ok()) {
    return result.error();
  }
  boost::json::array items;
  for (const TaskChannelRecord& channel : result->items) {
    items.push_back(RenderTaskChannel(channel, services.base_url));
  }
  ListPage list(services.base_url, "/v1/Workspaces/" + workspace_sid + "/TaskChannels", {},
                page.value(), r.query);
  return http::JsonResponse(200, list.Render("channels", std::move(items), result.value()));
}

Result<http::Response> Fetch(const Services& services, const http::Request& r) {
  Result<TaskChannelRecord> channel =
      services.task_channels.FetchTaskChannel(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!channel.ok()) {
    return channel.error();
  }
  return TaskChannelResponse(200, channel.value(), services.base_url);
}

// FriendlyName and ChannelOptimizedRouting change; a UniqueName sent here is ignored.
Result<http::Response> Update(const Services& services, const http::Request& r) {
  Result<std::optional<bool>> optimized = ReadBoolParam(r.form, "ChannelOptimizedRouting");
  if (!optimized.ok()) {
    return optimized.error();
  }
  TaskChannelUpdate update;
  update.friendly_name = r.form.Get("FriendlyName");
  update.channel_optimized_routing = optimized.value();
  Result<TaskChannelRecord> channel = services.task_channels.UpdateTaskChannel(
      CallerOf(r), r.path_params[0], r.path_params[1], update);
  if (!channel.ok()) {
    return channel.error();
  }
  return TaskChannelResponse(200, channel.value(), services.base_url);
}

Result<http::Response> Delete(const Services& services, const http::Request& r) {
  Status status =
      services.task_channels.DeleteTaskChannel(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!status.ok()) {
    return status.error();
  }
  return http::NoContentResponse();
}

}  // namespace

void RegisterTaskChannelRoutes(http::Router& router, const Services& services) {
  router.Add("POST", "/v1/Workspaces/{}/TaskChannels", Bind(services, Create));
  router.Add("GET", "/v1/Workspaces/{}/TaskChannels", Bind(services, List));
  router.Add("GET", "/v1/Workspaces/{}/TaskChannels/{}", Bind(services, Fetch));
  router.Add("POST", "/v1/Workspaces/{}/TaskChannels/{}", Bind(services, Update));
  router.Add("DELETE", "/v1/Workspaces/{}/TaskChannels/{}", Bind(services, Delete));
}

}  // namespace taskrouter::api
