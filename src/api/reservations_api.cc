// The Reservations of a Task and of a Worker: /v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/
// Reservations[/{Sid}] and /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations[/{Sid}].
// Both paths lead to the same Reservations; each answer's `url` follows the path it was asked by.
#include <array>
#include <boost/json/serialize.hpp>
#include <string_view>

#include "api/list_page.h"
#include "api/params.h"
#include "api/routes.h"
#include "common/sid.h"

namespace taskrouter::api {
namespace {

constexpr std::array<std::string_view, 8> kReservationStatuses = {
    "pending", "accepted", "rejected", "timeout", "canceled", "rescinded", "wrapping", "completed"};

// The parameters UpdateReservation reads itself; every other one belongs to the instruction.
constexpr std::array<std::string_view, 3> kOwnParams = {"ReservationStatus", "WorkerActivitySid",
                                                        "Instruction"};

// Which path a request came by: under a Task (WT…) or under a Worker (WK…).
struct Owner {
  bool is_task;
  const char* collection;  // "Tasks" or "Workers"
  const char* prefix;      // of the owner's SID
};
constexpr Owner kTaskOwner = {true, "Tasks", "WT"};
constexpr Owner kWorkerOwner = {false, "Workers", "WK"};

boost::json::object RenderReservation(const ReservationView& view, const std::string& base_url,
                                      const Owner& owner) {
  const ReservationRecord& r = view.record;
  std::string workspace_url = base_url + "/v1/Workspaces/" + r.workspace_sid;
  std::string owner_sid = owner.is_task ? r.task_sid : r.worker_sid;
  boost::json::object links;
  links["task"] = workspace_url + "/Tasks/" + r.task_sid;
  links["worker"] = workspace_url + "/Workers/" + r.worker_sid;
  links["workspace"] = workspace_url;

  boost::json::object json;
  json["account_sid"] = r.account_sid;
  json["date_created"] = JsonTime(r.date_created);
  json["date_updated"] = JsonTime(r.date_updated);
  json["reservation_status"] = r.reservation_status;
  json["sid"] = r.sid;
  json["task_sid"] = r.task_sid;
  json["worker_name"] = view.worker_name;
  json["worker_sid"] = r.worker_sid;
  json["workspace_sid"] = r.workspace_sid;
  json["url"] = workspace_url + "/" + owner.collection + "/" + owner_sid + "/Reservations/" + r.sid;
  json["links"] = std::move(links);
  return json;
}

// The answer for a Reservation, with its version as the ETag.
http::Response ReservationResponse(const ReservationView& view, const std::string& base_url,
                                   const Owner& owner) {
  http::Response response =
      http::JsonResponse(200, serialize(RenderReservation(view, base_url, owner)));
  response.headers.emplace_back("ETag", "\"" + std::to_string(view.record.version) + "\"");
  return response;
}

// A ReservationStatus parameter, if present; 400/20001 for a value that is no status.
Result<std::optional<std::string>> ReadReservationStatus(const http::Params& params) {
  std::optional<std::string> status = params.Get("ReservationStatus");
  if (!status.has_value()) {
    return status;
  }
  for (std::string_view known : kReservationStatuses) {
    if (*status == known) {
      return status;
    }
  }
  return Error::InvalidParameter(
      "ReservationStatus must be pending, accepted, rejected, timeout, canceled, rescinded, "
      "wrapping or completed, not '" +
      *status + "'");
}

// The Task or Worker SID of the path must be of the kind the path names: a Worker SID under
// /Tasks/ names no Task, so it is not found.
Status CheckOwner(const http::Request& r, const Owner& owner) {
  if (!IsSid(r.path_params[1], owner.prefix)) {
    return Error::NotFound();
  }
  return {};
}

Result<http::Response> ListReservations(const Services& services, const http::Request& r,
                                        const Owner& owner) {
  if (Status checked = CheckOwner(r, owner); !checked.ok()) {
    return checked.error();
  }
  Result<PageRequest> page = ReadPageRequest(r.query);
  if (!page.ok()) {
    return page.error();
  }
  ReservationFilter filter;
  std::vector<std::pair<std::string, std::string>> filters;
  Result<std::optional<std::string>> status = ReadReservationStatus(r.query);
  if (!status.ok()) {
    return status.error();
  }
  filter.reservation_status = status.value();
  if (filter.reservation_status.has_value()) {
    filters.emplace_back("ReservationStatus", *filter.reservation_status);
  }
  // Only a Task's Reservations are filtered by Worker; a Worker's are all its own.
  if (owner.is_task) {
    Result<std::optional<std::string>> worker = ReadSidParam(r.query, "WorkerSid", "WK");
    if (!worker.ok()) {
      return worker.error();
    }
    filter.worker_sid = worker.value();
    if (filter.worker_sid.has_value()) {
      filters.emplace_back("WorkerSid", *filter.worker_sid);
    }
  }

  const std::string& workspace_sid = r.path_params[0];
  const std::string& owner_sid = r.path_params[1];
  Result<Page<ReservationView>> result =
      owner.is_task ? services.tasks.ListTaskReservations(CallerOf(r), workspace_sid, owner_sid,
                                                          filter, page.value())
                    : services.tasks.ListWorkerReservations(CallerOf(r), workspace_sid, owner_sid,
                                                            filter, page.value());
  if (!result.ok()) {
    return result.error();
  }
  boost::json::array items;
  for (const ReservationView& view : result->items) {
    items.push_back(RenderReservation(view, services.base_url, owner));
  }
  std::string path = "/v1/Workspaces/" + workspace_sid + "/" + owner.collection + "/" + owner_sid +
                     "/Reservations";
  ListPage list(services.base_url, path, std::move(filters), page.value(), r.query);
  return http::JsonResponse(200, list.Render("reservations", std::move(items), result.value()));
}

Result<http::Response> FetchReservation(const Services& services, const http::Request& r,
                                        const Owner& owner) {
  if (Status checked = CheckOwner(r, owner); !checked.ok()) {
    return checked.error();
  }
  Result<ReservationView> view = services.tasks.FetchReservation(
      CallerOf(r), r.path_params[0], r.path_params[1], r.path_params[2]);
  if (!view.ok()) {
    return view.error();
  }
  return ReservationResponse(view.value(), services.base_url, owner);
}

// ReservationStatus and WorkerActivitySid are checked here; Instruction and its parameters are
// the domain's to check, as which parameters an instruction takes depends on the instruction.
Result<ReservationUpdate> ReadReservationUpdate(const http::Request& r) {
  Result<std::optional<std::string>> status = ReadReservationStatus(r.form);
  if (!status.ok()) {
    return status.error();
  }
  Result<std::optional<std::string>> activity = ReadSidParam(r.form, "WorkerActivitySid", "WA");
  if (!activity.ok()) {
    return activity.error();
  }
  ReservationUpdate update;
  update.reservation_status = status.value();
  update.worker_activity_sid = activity.value();
  update.instruction = r.form.Get("Instruction");
  for (const auto& [name, value] : r.form.entries()) {
    bool own = false;
    for (std::string_view known : kOwnParams) {
      own = own || name == known;
    }
    if (!own) {
      update.instruction_params.emplace_back(name, value);
    }
  }
  update.if_match = ReadIfMatch(r);
  return update;
}

Result<http::Response> UpdateReservation(const Services& services, const http::Request& r,
                                         const Owner& owner) {
  if (Status checked = CheckOwner(r, owner); !checked.ok()) {
    return checked.error();
  }
  Result<ReservationUpdate> update = ReadReservationUpdate(r);
  if (!update.ok()) {
    return update.error();
  }
  Result<ReservationView> view = services.tasks.UpdateReservation(
      CallerOf(r), r.path_params[0], r.path_params[1], r.path_params[2], update.value());
  if (!view.ok()) {
    return view.error();
  }
  return ReservationResponse(view.value(), services.base_url, owner);
}

// The handlers of each path, with its Owner bound in.
template <const Owner& kOwner>
struct Handlers {
  static Result<http::Response> List(const Services& services, const http::Request& r) {
    return ListReservations(services, r, kOwner);
  }
  static Result<http::Response> Fetch(const Services& services, const http::Request& r) {
    return FetchReservation(services, r, kOwner);
  }
  static Result<http::Response> Update(const Services& services, const http::Request& r) {
    return UpdateReservation(services, r, kOwner);
  }
};

}  // namespace

void RegisterReservationRoutes(http::Router& router, const Services& services) {
  using TaskHandlers = Handlers<kTaskOwner>;
  using WorkerHandlers = Handlers<kWorkerOwner>;
  router.Add("GET", "/v1/Workspaces/{}/Tasks/{}/Reservations", Bind(services, TaskHandlers::List));
  router.Add("GET", "/v1/Workspaces/{}/Tasks/{}/Reservations/{}",
             Bind(services, TaskHandlers::Fetch));
  router.Add("POST", "/v1/Workspaces/{}/Tasks/{}/Reservations/{}",
             Bind(services, TaskHandlers::Update));
  router.Add("GET", "/v1/Workspaces/{}/Workers/{}/Reservations",
             Bind(services, WorkerHandlers::List));
  router.Add("GET", "/v1/Workspaces/{}/Workers/{}/Reservations/{}",
             Bind(services, WorkerHandlers::Fetch));
  router.Add("POST", "/v1/Workspaces/{}/Workers/{}/Reservations/{}",
             Bind(services, WorkerHandlers::Update));
}

}  // namespace taskrouter::api
