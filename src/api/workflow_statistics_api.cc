// The statistics of Workflows: /Workflows/{Sid}/Statistics, /RealTimeStatistics and
// /CumulativeStatistics. They cover the Tasks the Workflow routes and the events that name it.
#include <boost/json/serialize.hpp>

#include "api/routes.h"
#include "api/task_statistics_json.h"

namespace taskrouter::api {
namespace {

TaskScope FlowScope(const http::Request& r) {
  return TaskScope{TaskScope::Kind::kWorkflow, r.path_params[1], std::nullopt};
}

void AddIds(const Services& services, boost::json::object& json, const http::Request& r,
            const std::string& resource) {
  json["account_sid"] = r.account_sid;
  json["workspace_sid"] = r.path_params[0];
  json["workflow_sid"] = r.path_params[1];
  json["url"] = services.base_url + "/v1/Workspaces/" + r.path_params[0] + "/Workflows/" +
                r.path_params[1] + "/" + resource;
}

Result<boost::json::object> RenderRealTime(const Services& services, const http::Request& r) {
  Result<RealTimeTaskStatistics> tasks = ReadTaskRealTime(services, r, FlowScope(r));
  if (!tasks.ok()) {
    return tasks.error();
  }
  boost::json::object json;
  AddTaskRealTime(json, tasks.value(), TaskScope::Kind::kWorkflow);
  return json;
}

Result<http::Response> RealTime(const Services& services, const http::Request& r) {
  Result<boost::json::object> json = RenderRealTime(services, r);
  if (!json.ok()) {
    return json.error();
  }
  AddIds(services, json.value(), r, "RealTimeStatistics");
  return http::JsonResponse(200, serialize(json.value()));
}

Result<http::Response> Cumulative(const Services& services, const http::Request& r) {
  Result<boost::json::object> json = ReadTaskCumulative(services, r, FlowScope(r));
  if (!json.ok()) {
    return json.error();
  }
  AddIds(services, json.value(), r, "CumulativeStatistics");
  return http::JsonResponse(200, serialize(json.value()));
}

Result<http::Response> Statistics(const Services& services, const http::Request& r) {
  // The real-time figures first: an unknown Workflow is 404 before a bad window is 400.
  Result<boost::json::object> realtime = RenderRealTime(services, r);
  if (!realtime.ok()) {
    return realtime.error();
  }
  Result<boost::json::object> cumulative = ReadTaskCumulative(services, r, FlowScope(r));
  if (!cumulative.ok()) {
    return cumulative.error();
  }
  boost::json::object json{{"cumulative", std::move(cumulative.value())},
                           {"realtime", std::move(realtime.value())}};
  AddIds(services, json, r, "Statistics");
  return http::JsonResponse(200, serialize(json));
}

}  // namespace

void RegisterWorkflowStatisticsRoutes(http::Router& router, const Services& services) {
  const std::string flow = "/v1/Workspaces/{}/Workflows/{}";
  router.Add("GET", flow + "/Statistics", Bind(services, Statistics));
  router.Add("GET", flow + "/RealTimeStatistics", Bind(services, RealTime));
  router.Add("GET", flow + "/CumulativeStatistics", Bind(services, Cumulative));
}

}  // namespace taskrouter::api
