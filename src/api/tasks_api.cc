// /v1/Workspaces/{WorkspaceSid}/Tasks and /v1/Workspaces/{WorkspaceSid}/Tasks/{Sid}.
#include <array>
#include <boost/json/serialize.hpp>
#include <string_view>
#include <tuple>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"
#include "domain/expression.h"

namespace taskrouter::api {
namespace {

constexpr std::array<std::string_view, 6> kAssignmentStatuses = {
    "pending", "reserved", "assigned", "canceled", "completed", "wrapping"};

// Parameters TaskRouter documents that this server cannot honour: they are refused rather than
// ignored, as a Task routed without them would not be the Task the client asked for.
constexpr std::array<std::string_view, 3> kUnsupportedCreateParams = {
    "RoutingTarget", "IgnoreCapacity", "TaskQueueSid"};

boost::json::object RenderTask(const TaskView& view, const std::string& base_url) {
  const TaskRecord& t = view.record;
  std::string workspace_url = base_url + "/v1/Workspaces/" + t.workspace_sid;
  std::string url = workspace_url + "/Tasks/" + t.sid;
  boost::json::object links;
  // A Task that has not entered a TaskQueue yet has no queue to link to.
  if (t.task_queue_sid.has_value()) {
    links["task_queue"] = workspace_url + "/TaskQueues/" + *t.task_queue_sid;
  }
  links["workflow"] = workspace_url + "/Workflows/" + t.workflow_sid;
  links["workspace"] = workspace_url;
  links["reservations"] = url + "/Reservations";

  boost::json::object json;
  json["account_sid"] = t.account_sid;
  json["age"] = view.age;
  json["assignment_status"] = t.assignment_status;
  json["attributes"] = t.attributes;
  json["addons"] = "{}";
  json["date_created"] = JsonTime(t.date_created);
  json["date_updated"] = JsonTime(t.date_updated);
  json["task_queue_entered_date"] =
      t.task_queue_entered_date.has_value() ? JsonTime(*t.task_queue_entered_date) : nullptr;
  json["priority"] = t.priority;
  json["reason"] = JsonOptional(t.reason);
  json["sid"] = t.sid;
  json["task_queue_sid"] = JsonOptional(t.task_queue_sid);
  json["task_queue_friendly_name"] =
      t.task_queue_sid.has_value() ? boost::json::value(view.task_queue_friendly_name) : nullptr;
  json["task_channel_sid"] = t.task_channel_sid;
  json["task_channel_unique_name"] = view.task_channel_unique_name;
  json["timeout"] = t.timeout;
  json["workflow_sid"] = t.workflow_sid;
  json["workflow_friendly_name"] = view.workflow_friendly_name;
  json["workspace_sid"] = t.workspace_sid;
  json["url"] = url;
  json["links"] = std::move(links);
  json["virtual_start_time"] = JsonTime(t.virtual_start_time);
  json["ignore_capacity"] = false;
  json["routing_target"] = nullptr;
  return json;
}

// The answer for a Task, with its version as the ETag.
http::Response TaskResponse(int status, const TaskView& view, const std::string& base_url) {
  http::Response response = http::JsonResponse(status, serialize(RenderTask(view, base_url)));
  response.headers.emplace_back("ETag", "\"" + std::to_string(view.record.version) + "\"");
  return response;
}

// An integer parameter from `min` to `max`, if present; 400/20001 otherwise.
Result<std::optional<int64_t>> ReadBoundedParam(const http::Params& params, std::string_view name,
                                                int64_t min, int64_t max,
                                                std::string_view unit = "") {
  Result<std::optional<int64_t>> value = ReadIntegerParam(params, name);
  if (!value.ok() || !value->has_value()) {
    return value;
  }
  int64_t number = *value.value();
  if (number < min || number > max) {
    return Error::InvalidParameter(std::string(name) + " must be between " + std::to_string(min) +
                                   " and " + std::to_string(max) + std::string(unit) + ", not " +
                                   std::to_string(number));
  }
  return value;
}

Result<std::optional<int64_t>> ReadPriority(const http::Params& params) {
  return ReadBoundedParam(params, "Priority", 0, kMaxTaskPriority);
}

// VirtualStartTime as an ISO 8601 date-time, if present; whether the time is allowed is the
// domain's rule.
Result<std::optional<TimeMs>> ReadVirtualStartTime(const http::Params& form) {
  std::optional<std::string> text = form.Get("VirtualStartTime");
  if (!text.has_value()) {
    return std::optional<TimeMs>();
  }
  std::optional<TimeMs> time = ParseIsoTime(*text);
  if (!time.has_value()) {
    return Error::InvalidParameter("VirtualStartTime '" + *text +
                                   "' is not an ISO 8601 date-time, such as 2014-05-14T10:50:02Z");
  }
  return time;
}

Status CheckAssignmentStatus(std::string_view status) {
  for (std::string_view known : kAssignmentStatuses) {
    if (status == known) {
      return {};
    }
  }
  return Error::InvalidParameter(
      "AssignmentStatus must be pending, reserved, assigned, canceled, completed or wrapping, "
      "not '" +
      std::string(status) + "'");
}

Status RefuseUnsupported(const http::Params& params) {
  for (std::string_view name : kUnsupportedCreateParams) {
    if (params.Has(name)) {
      return Error::InvalidParameter(std::string(name) + " is not supported by this server");
    }
  }
  return {};
}

Result<TaskCreate> ReadTaskCreate(const http::Params& form) {
  if (Status refused = RefuseUnsupported(form); !refused.ok()) {
    return refused.error();
  }
  Result<std::optional<int64_t>> timeout =
      ReadBoundedParam(form, "Timeout", 1, kMaxTaskTimeout, " seconds");
  Result<std::optional<int64_t>> priority = ReadPriority(form);
  Result<std::optional<std::string>> workflow = ReadSidParam(form, "WorkflowSid", "WW");
  Result<std::optional<std::string>> attributes = ReadJsonObjectParam(form, "Attributes");
  Result<std::optional<TimeMs>> start = ReadVirtualStartTime(form);
  for (const Error* error :
       {timeout.ok() ? nullptr : &timeout.error(), priority.ok() ? nullptr : &priority.error(),
        workflow.ok() ? nullptr : &workflow.error(),
        attributes.ok() ? nullptr : &attributes.error(), start.ok() ? nullptr : &start.error()}) {
    if (error != nullptr) {
      return *error;
    }
  }
  TaskCreate create;
  create.attributes = attributes.value().value_or("{}");
  create.priority = priority.value();
  create.timeout = timeout.value().value_or(kDefaultTaskTimeout);
  create.task_channel = form.Get("TaskChannel");
  create.workflow_sid = workflow.value();
  create.virtual_start_time = start.value();
  return create;
}

Result<TaskUpdate> ReadTaskUpdate(const http::Request& r) {
  Result<std::optional<std::string>> attributes = ReadJsonObjectParam(r.form, "Attributes");
  Result<std::optional<int64_t>> priority = ReadPriority(r.form);
  Result<std::optional<TimeMs>> start = ReadVirtualStartTime(r.form);
  std::optional<std::string> status = r.form.Get("AssignmentStatus");
  Status status_check = status.has_value() ? CheckAssignmentStatus(*status) : Status();
  for (const Error* error :
       {attributes.ok() ? nullptr : &attributes.error(),
        status_check.ok() ? nullptr : &status_check.error(),
        priority.ok() ? nullptr : &priority.error(), start.ok() ? nullptr : &start.error()}) {
    if (error != nullptr) {
      return *error;
    }
  }
  TaskUpdate update;
  update.attributes = attributes.value();
  update.assignment_status = status;
  update.reason = r.form.Get("Reason");
  update.priority = priority.value();
  update.task_channel = r.form.Get("TaskChannel");
  update.virtual_start_time = start.value();
  update.if_match = ReadIfMatch(r);
  return update;
}

// Ordering: `Attribute:order` clauses separated by commas, each attribute DateCreated or
// Priority at most once, each order asc or desc. Passed on as written.
Status CheckOrdering(const std::string& text) {
  bool seen_date = false;
  bool seen_priority = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    size_t stop = comma == std::string::npos ? text.size() : comma;
    std::string_view clause(text.data() + start, stop - start);
    bool* seen = clause.starts_with("DateCreated:") ? &seen_date
                 : clause.starts_with("Priority:")  ? &seen_priority
                                                    : nullptr;
    std::string_view order = seen == nullptr ? "" : clause.substr(clause.find(':') + 1);
    if (seen == nullptr || *seen || (order != "asc" && order != "desc")) {
      return Error::InvalidParameter(
          "Ordering must be DateCreated or Priority followed by :asc or :desc, each at most once "
          "and separated by commas, such as Priority:desc,DateCreated:asc; not '" +
          text + "'");
    }
    *seen = true;
    start = stop + 1;
  }
  return {};
}

// AssignmentStatus filters: the parameter may repeat, and each value may list several statuses
// separated by commas.
Result<std::vector<std::string>> ReadAssignmentStatuses(const std::vector<std::string>& values) {
  std::vector<std::string> statuses;
  for (const std::string& value : values) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      size_t stop = comma == std::string::npos ? value.size() : comma;
      std::string status = value.substr(start, stop - start);
      if (Status checked = CheckAssignmentStatus(status); !checked.ok()) {
        return checked.error();
      }
      statuses.push_back(std::move(status));
      start = stop + 1;
    }
  }
  return statuses;
}

using Filters = std::vector<std::pair<std::string, std::string>>;

// The filters that name Workflows and TaskQueues, and the attribute expression.
Status ReadNamedFilters(const http::Params& query, TaskFilter& filter, Filters& filters) {
  for (auto [name, prefix, target] : {std::tuple("WorkflowSid", "WW", &filter.workflow_sid),
                                      std::tuple("TaskQueueSid", "WQ", &filter.task_queue_sid)}) {
    Result<std::optional<std::string>> sid = ReadSidParam(query, name, prefix);
    if (!sid.ok()) {
      return sid.error();
    }
    *target = sid.value();
  }
  filter.workflow_name = query.Get("WorkflowName");
  filter.task_queue_name = query.Get("TaskQueueName");
  if (std::optional<std::string> text = query.Get("EvaluateTaskAttributes")) {
    Result<Expression> expression = ParseExpression(*text, "EvaluateTaskAttributes");
    if (!expression.ok()) {
      return expression.error();
    }
    filter.evaluate_task_attributes = text;
  }
  for (auto [name, value] :
       {std::pair("WorkflowSid", &filter.workflow_sid),
        std::pair("WorkflowName", &filter.workflow_name),
        std::pair("TaskQueueSid", &filter.task_queue_sid),
        std::pair("TaskQueueName", &filter.task_queue_name),
        std::pair("EvaluateTaskAttributes", &filter.evaluate_task_attributes)}) {
    if (value->has_value()) {
      filters.emplace_back(name, **value);
    }
  }
  return {};
}

// Every filter of the Tasks list but HasAddons, and `filters`, the parameters to repeat in its
// paging URLs.
Result<TaskFilter> ReadTaskFilter(const http::Params& query, Filters& filters) {
  if (query.Has("RoutingTarget")) {
    return Error::InvalidParameter("RoutingTarget is not supported by this server");
  }
  TaskFilter filter;
  Result<std::optional<int64_t>> priority = ReadIntegerParam(query, "Priority");
  if (!priority.ok()) {
    return priority.error();
  }
  filter.priority = priority.value();
  if (filter.priority.has_value()) {
    filters.emplace_back("Priority", std::to_string(*filter.priority));
  }

  std::vector<std::string> statuses = query.GetAll("AssignmentStatus");
  Result<std::vector<std::string>> parsed = ReadAssignmentStatuses(statuses);
  if (!parsed.ok()) {
    return parsed.error();
  }
  filter.assignment_statuses = std::move(parsed.value());
  for (const std::string& value : statuses) {
    filters.emplace_back("AssignmentStatus", value);
  }

  if (Status named = ReadNamedFilters(query, filter, filters); !named.ok()) {
    return named.error();
  }
  filter.ordering = query.Get("Ordering");
  if (filter.ordering.has_value()) {
    if (Status checked = CheckOrdering(*filter.ordering); !checked.ok()) {
      return checked.error();
    }
    filters.emplace_back("Ordering", *filter.ordering);
  }
  return filter;
}

Result<http::Response> Create(const Services& services, const http::Request& r) {
  Result<TaskCreate> create = ReadTaskCreate(r.form);
  if (!create.ok()) {
    return create.error();
  }
  Result<TaskView> view = services.tasks.CreateTask(CallerOf(r), r.path_params[0], create.value());
  if (!view.ok()) {
    return view.error();
  }
  return TaskResponse(201, view.value(), services.base_url);
}

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  Filters filters;
  Result<TaskFilter> filter = ReadTaskFilter(r.query, filters);
  if (!filter.ok()) {
    return filter.error();
  }
  Result<std::optional<bool>> addons = ReadBoolParam(r.query, "HasAddons");
  if (!addons.ok()) {
    return addons.error();
  }
  if (addons->has_value()) {
    filters.emplace_back("HasAddons", *addons.value() ? "true" : "false");
  }
  const std::string& workspace_sid = r.path_params[0];
  Result<Page<TaskView>> result =
      services.tasks.ListTasks(CallerOf(r), workspace_sid, filter.value(), page.value());
  if (!result.ok()) {
    return result.error();
  }
  // No Task has Add-ons here: HasAddons=true selects none of them, false all of them.
  if (addons.value() == true) {
    result.value() = Page<TaskView>();
  }
  boost::json::array items;
  for (const TaskView& view : result->items) {
    items.push_back(RenderTask(view, services.base_url));
  }
  ListPage list(services.base_url, "/v1/Workspaces/" + workspace_sid + "/Tasks", std::move(filters),
                page.value(), r.query);
  return http::JsonResponse(200, list.Render("tasks", std::move(items), result.value()));
}

Result<http::Response> Fetch(const Services& services, const http::Request& r) {
  Result<TaskView> view = services.tasks.FetchTask(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!view.ok()) {
    return view.error();
  }
  return TaskResponse(200, view.value(), services.base_url);
}

Result<http::Response> Update(const Services& services, const http::Request& r) {
  Result<TaskUpdate> update = ReadTaskUpdate(r);
  if (!update.ok()) {
    return update.error();
  }
  Result<TaskView> view =
      services.tasks.UpdateTask(CallerOf(r), r.path_params[0], r.path_params[1], update.value());
  if (!view.ok()) {
    return view.error();
  }
  return TaskResponse(200, view.value(), services.base_url);
}

Result<http::Response> Delete(const Services& services, const http::Request& r) {
  Status status =
      services.tasks.DeleteTask(CallerOf(r), r.path_params[0], r.path_params[1], ReadIfMatch(r));
  if (!status.ok()) {
    return status.error();
  }
  return http::NoContentResponse();
}

}  // namespace

void RegisterTaskRoutes(http::Router& router, const Services& services) {
  router.Add("POST", "/v1/Workspaces/{}/Tasks", Bind(services, Create));
  router.Add("GET", "/v1/Workspaces/{}/Tasks", Bind(services, List));
  router.Add("GET", "/v1/Workspaces/{}/Tasks/{}", Bind(services, Fetch));
  router.Add("POST", "/v1/Workspaces/{}/Tasks/{}", Bind(services, Update));
  router.Add("DELETE", "/v1/Workspaces/{}/Tasks/{}", Bind(services, Delete));
}

}  // namespace taskrouter::api
