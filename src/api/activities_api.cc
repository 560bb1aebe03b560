// /v1/Workspaces/{WorkspaceSid}/Activities and /v1/Workspaces/{WorkspaceSid}/Activities/{Sid}.
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"
#include "common/text.h"

namespace taskrouter::api {
namespace {

boost::json::object RenderActivity(const ActivityRecord& a, const std::string& base_url) {
  std::string workspace_url = base_url + "/v1/Workspaces/" + a.workspace_sid;
  boost::json::object json;
  json["account_sid"] = a.account_sid;
  json["available"] = a.available;
  json["date_created"] = JsonTime(a.date_created);
  json["date_updated"] = JsonTime(a.date_updated);
  json["friendly_name"] = a.friendly_name;
  json["sid"] = a.sid;
  json["workspace_sid"] = a.workspace_sid;
  json["url"] = workspace_url + "/Activities/" + a.sid;
  json["links"] = boost::json::object{{"workspace", workspace_url}};
  return json;
}

http::Response ActivityResponse(int status, const ActivityRecord& a, const std::string& base_url) {
  return http::JsonResponse(status, serialize(RenderActivity(a, base_url)));
}

Result<http::Response> Create(const Services& services, const http::Request& r) {
  Result<std::string> name = RequireParam(r.form, "FriendlyName");
  if (!name.ok()) {
    return name.error();
  }
  // `true`, `1` and `yes` mean available; anything else, or nothing, does not.
  bool available = IsTruthy(r.form.Get("Available").value_or(""));
  Result<ActivityRecord> activity =
      services.workspaces.CreateActivity(CallerOf(r), r.path_params[0], name.value(), available);
  if (!activity.ok()) {
    return activity.error();
  }
  return ActivityResponse(201, activity.value(), services.base_url);
}

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  ActivityFilter filter;
  std::vector<std::pair<std::string, std::string>> filters;
  if (std::optional<std::string> name = r.query.Get("FriendlyName")) {
    filter.friendly_name = name;
    filters.emplace_back("FriendlyName", *name);
  }
  if (std::optional<std::string> available = r.query.Get("Available")) {
    filter.available = IsTruthy(*available);
    filters.emplace_back("Available", *available);
  }
  const std::string& workspace_sid = r.path_params[0];
  Result<Page<ActivityRecord>> result =
      services.workspaces.ListActivities(CallerOf(r), workspace_sid, filter, page.value());
  if (!result.ok()) {
    return result.error();
  }

  boost::json::array items;
  for (const ActivityRecord& activity : result->items) {
    items.push_back(RenderActivity(activity, services.base_url));
  }
  ListPage list(services.base_url, "/v1/Workspaces/" + workspace_sid + "/Activities",
                std::move(filters), page.value(), r.query);
  return http::JsonResponse(200, list.Render("activities", std::move(items), result.value()));
}

Result<http::Response> Fetch(const Services& services, const http::Request& r) {
  Result<ActivityRecord> activity =
      services.workspaces.FetchActivity(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!activity.ok()) {
    return activity.error();
  }
  return ActivityResponse(200, activity.value(), services.base_url);
}

// Only FriendlyName can change; an Available sent here is ignored, as the flag is fixed when
// the Activity is created.
Result<http::Response> Update(const Services& services, const http::Request& r) {
  Result<ActivityRecord> activity = services.workspaces.UpdateActivity(
      CallerOf(r), r.path_params[0], r.path_params[1], r.form.Get("FriendlyName"));
  if (!activity.ok()) {
    return activity.error();
  }
  return ActivityResponse(200, activity.value(), services.base_url);
}

Result<http::Response> Delete(const Services& services, const http::Request& r) {
  Status status =
      services.workspaces.DeleteActivity(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!status.ok()) {
    return status.error();
  }
  return http::NoContentResponse();
}

}  // namespace

void RegisterActivityRoutes(http::Router& router, const Services& services) {
  router.Add("POST", "/v1/Workspaces/{}/Activities", Bind(services, Create));
  router.Add("GET", "/v1/Workspaces/{}/Activities", Bind(services, List));
  router.Add("GET", "/v1/Workspaces/{}/Activities/{}", Bind(services, Fetch));
  router.Add("POST", "/v1/Workspaces/{}/Activities/{}", Bind(services, Update));
  router.Add("DELETE", "/v1/Workspaces/{}/Activities/{}", Bind(services, Delete));
}

}  // namespace taskrouter::api
