// /v1/Workspaces/{WorkspaceSid}/Events and /v1/Workspaces/{WorkspaceSid}/Events/{Sid}.
#include <boost/json/serialize.hpp>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"

namespace taskrouter::api {
namespace {

// The URL of the resource an event is about, by its SID's prefix.
std::string ResourceUrl(const std::string& workspace_url, const std::string& sid) {
  const std::pair<const char*, const char*> kCollections[] = {
      {"WA", "/Activities/"}, {"WK", "/Workers/"}, {"WQ", "/TaskQueues/"},
      {"WW", "/Workflows/"},  {"WT", "/Tasks/"},   {"TC", "/TaskChannels/"},
  };
  for (const auto& [prefix, collection] : kCollections) {
    if (sid.starts_with(prefix)) {
      return workspace_url + collection + sid;
    }
  }
  return workspace_url;
}

boost::json::object RenderEvent(const EventRecord& e, const std::string& base_url) {
  std::string workspace_url = base_url + "/v1/Workspaces/" + e.workspace_sid;
  boost::json::object data;
  for (const auto& [key, value] : e.data) {
    data[key] = value;
  }
  boost::json::object json;
  json["account_sid"] = e.account_sid;
  json["actor_sid"] = e.actor_sid;
  json["actor_type"] = e.actor_type;
  json["actor_url"] = ResourceUrl(workspace_url, e.actor_sid);
  json["description"] = e.description;
  json["event_data"] = std::move(data);
  json["event_date"] = JsonTime(e.event_date_ms);
  json["event_date_ms"] = e.event_date_ms;
  json["event_type"] = e.event_type;
  json["resource_sid"] = e.resource_sid;
  json["resource_type"] = e.resource_type;
  json["resource_url"] = ResourceUrl(workspace_url, e.resource_sid);
  json["sid"] = e.sid;
  json["source"] = "twilio";
  json["source_ip_address"] = e.source_ip_address;
  json["url"] = workspace_url + "/Events/" + e.sid;
  json["workspace_sid"] = e.workspace_sid;
  return json;
}

// The SID filters of the Events list, and the event_data key each one matches.
constexpr std::pair<const char*, const char*> kSubjectFilters[] = {
    {"WorkerSid", "worker_sid"},           {"TaskSid", "task_sid"},
    {"ReservationSid", "reservation_sid"}, {"TaskQueueSid", "task_queue_sid"},
    {"WorkflowSid", "workflow_sid"},       {"TaskChannel", "task_channel_unique_name"},
};

Result<http::Response> List(const Services& services, const http::Request& r) {
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  Result<Window> window = ReadWindow(r.query, services.clock.NowMs());
  if (!window.ok()) {
    return window.error();
  }
  EventFilter filter;
  filter.start_ms = window->start_ms;
  filter.end_ms = window->end_ms;
  std::vector<std::pair<std::string, std::string>> filters;
  for (const char* name : {"Minutes", "StartDate", "EndDate"}) {
    if (std::optional<std::string> value = r.query.Get(name)) {
      filters.emplace_back(name, *value);
    }
  }
  if ((filter.event_type = r.query.Get("EventType"))) {
    filters.emplace_back("EventType", *filter.event_type);
  }
  if ((filter.sid = r.query.Get("Sid"))) {
    filters.emplace_back("Sid", *filter.sid);
  }
  for (const auto& [name, key] : kSubjectFilters) {
    if (std::optional<std::string> value = r.query.Get(name)) {
      if (filter.subject.has_value()) {
        return Error::InvalidParameter(
            "Give at most one of WorkerSid, TaskSid, ReservationSid, TaskQueueSid, WorkflowSid "
            "and TaskChannel");
      }
      filter.subject = std::pair(std::string(key), *value);
      filters.emplace_back(name, *value);
    }
  }

  const std::string& workspace_sid = r.path_params[0];
  Result<Page<EventRecord>> result =
      services.events.List(CallerOf(r), workspace_sid, filter, page.value());
  if (!result.ok()) {
    return result.error();
  }
  boost::json::array items;
  for (const EventRecord& event : result->items) {
    items.push_back(RenderEvent(event, services.base_url));
  }
  ListPage list(services.base_url, "/v1/Workspaces/" + workspace_sid + "/Events",
                std::move(filters), page.value(), r.query);
  return http::JsonResponse(200, list.Render("events", std::move(items), result.value()));
}

Result<http::Response> Fetch(const Services& services, const http::Request& r) {
  Result<EventRecord> event =
      services.events.Fetch(CallerOf(r), r.path_params[0], r.path_params[1]);
  if (!event.ok()) {
    return event.error();
  }
  return http::JsonResponse(200, serialize(RenderEvent(event.value(), services.base_url)));
}

}  // namespace

void RegisterEventRoutes(http::Router& router, const Services& services) {
  router.Add("GET", "/v1/Workspaces/{}/Events", Bind(services, List));
  router.Add("GET", "/v1/Workspaces/{}/Events/{}", Bind(services, Fetch));
}

}  // namespace taskrouter::api
