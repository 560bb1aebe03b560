// /v1/Workspaces/{WorkspaceSid}/Workflows and /v1/Workspaces/{WorkspaceSid}/Workflows/{Sid}.
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"

namespace taskrouter::api {
namespace {

boost::json::object RenderWorkflow(const WorkflowRecord& w, const std::string& base_url) {
  std::string url = base_url + "/v1/Workspaces/" + w.workspace_sid + "/Workflows/" + w.sid;
  boost::json::object json;
  json["account_sid"] = w.account_sid;
  json["assignment_callback_url"] = JsonOptional(w.assignment_callback_url);
  json["configuration"] = w.configuration;
  json["date_created"] = JsonTime(w.date_created);
  json["date_updated"] = JsonTime(w.date_updated);
  json["document_content_type"] = boost::json::value(nullptr);
  json["fallback_assignment_callback_url"] = JsonOptional(w.fallback_assignment_callback_url);
  json["friendly_name"] = w.friendly_name;
  json["sid"] = w.sid;
  json["task_reservation_timeout"] = w.task_reservation_timeout;
  json["url"] = url;
  json["workspace_sid"] = w.workspace_sid;
  boost::json::object links;
  links["statistics"] = url + "/Statistics";
  links["real_time_statistics"] = url + "/RealTimeStatistics";
  links["cumulative_statistics"] = url + "/CumulativeStatistics";
  json["links"] = std::move(links);
  return json;
}

http::Response WorkflowResponse(int status, const WorkflowRecord& flow,
                                const std::string& base_url) {
  return http::JsonResponse(status, serialize(RenderWorkflow(flow, base_url)));
}

// The parameters create and update share; each is left empty when absent. ReEvaluateTasks is
// checked and has nothing to act on: no Task is routed by a Workflow yet.
Status ReadWorkflowParams(const http::Params& form, WorkflowUpdate& out) {
  Result<std::optional<int64_t>> timeout = ReadIntegerParam(form, "TaskReservationTimeout");
  Result<std::optional<std::string>> assignment =
      ReadCallbackUrlParam(form, "AssignmentCallbackUrl");
  Result<std::optional<std::string>> fallback =
      ReadCallbackUrlParam(form, "FallbackAssignmentCallbackUrl");
  Result<std::optional<bool>> reevaluate = ReadBoolParam(form, "ReEvaluateTasks");
  for (const Error* error :
       {timeout.ok() ? nullptr : &timeout.error(), assignment.ok() ? nullptr : &assignment.error(),
        fallback.ok() ? nullptr : &fallback.error(),
        reevaluate.ok() ? nullptr : &reevaluate.error()}) {
    if (error != nullptr) {
      return *error;
    }
  }
  out.friendly_name = form.Get("FriendlyName");
  out.configuration = form.Get("Configuration");
  out.task_reservation_timeout = timeout.value();
  out.assignment_callback_url = assignment.value();
  out.fallback_assignment_callback_url = fallback.value();
  return {};
}

Result<http::Response> Create(const Services& services, const http::Request& r) {
  Result<std::string> friendly_name = RequireParam(r.form, "FriendlyName");
  if (!friendly_name.ok()) {
    return friendly_name.error();
  }
  Result<std::string> configuration = RequireParam(r.form, "Configuration");
  if (!configuration.ok()) {
    return configuration.error();
  }
  WorkflowUpdate params;
  Status status = ReadWorkflowParams(r.form, params);
  if (!status.ok()) {
    return status.error();
  }
  WorkflowCreate create;
  create.friendly_name = friendly_name.value();
  create.configuration = configuration.value();
  create.task_reservation_timeout =
      params.task_reservation_timeout.value_or(kDefaultTaskReservationTimeout);
  create.assignment_callback_url = params.assignment_callback_url;
  create.fallback_assignment_callback_url = params.fallback_assignment_callback_url;

  Result<WorkflowRecord> flow =
      services.workflows.CreateWorkflow(CallerOf(r), r.path_params[0], create);
  if (!flow.ok()) {
    return flow.error();
  }
  return WorkflowResponse(201, flow.value(), services.base_url);
}

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  std::optional<std::string> friendly_name = r.query.Get("FriendlyName");
  std::vector<std::pair<std::string, std::string>> filters;
  if (friendly_name.has_value()) {
    filters.emplace_back("FriendlyName", *friendly_name);
  }
  const std::string& workspace_sid = r.path_params[0];
  Result<Page<WorkflowRecord>> result =
      services.workflows.ListWorkflows(CallerOf(r), workspace_sid, friendly_name, page.value());
  if (!result.ok()) {
    return result.error();
  }
  boost::json::array items;
  for (const WorkflowRecord& flow : result->items) {
    items.push_back(RenderWorkflow(flow, services.base_url));
  }
  ListPage list(services.base_url, "/v1/Workspaces/" + workspace_sid + "/Workflows",
                std::move(filters), page.value(), r.query);
  return http::JsonResponse(200, list.Render("workflows", std::move(items), result.value()));
}

Result<http::Response> Fetch(const Services& services, const http::Request& r) {
  Result<WorkflowRecord> flow =
      services.workflows.FetchWorkflow(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!flow.ok()) {
    return flow.error();
  }
  return WorkflowResponse(200, flow.value(), services.base_url);
}

Result<http::Response> Update(const Services& services, const http::Request& r) {
  WorkflowUpdate update;
  Status status = ReadWorkflowParams(r.form, update);
  if (!status.ok()) {
    return status.error();
  }
  Result<WorkflowRecord> flow =
      services.workflows.UpdateWorkflow(CallerOf(r), r.path_params[0], r.path_params[1], update);
  if (!flow.ok()) {
    return flow.error();
  }
  return WorkflowResponse(200, flow.value(), services.base_url);
}

Result<http::Response> Delete(const Services& services, const http::Request& r) {
  Status status =
      services.workflows.DeleteWorkflow(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!status.ok()) {
    return status.error();
  }
  return http::NoContentResponse();
}

}  // namespace

void RegisterWorkflowRoutes(http::Router& router, const Services& services) {
  router.Add("POST", "/v1/Workspaces/{}/Workflows", Bind(services, Create));
  router.Add("GET", "/v1/Workspaces/{}/Workflows", Bind(services, List));
  router.Add("GET", "/v1/Workspaces/{}/Workflows/{}", Bind(services, Fetch));
  router.Add("POST", "/v1/Workspaces/{}/Workflows/{}", Bind(services, Update));
  router.Add("DELETE", "/v1/Workspaces/{}/Workflows/{}", Bind(services, Delete));
}

}  // namespace taskrouter::api
