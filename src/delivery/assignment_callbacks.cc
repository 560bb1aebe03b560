#include "delivery/assignment_callbacks.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "delivery/webhook.h"

namespace taskrouter {
namespace {

namespace json = boost::json;

constexpr int kWarningUnparsable = 40001;
constexpr int kWarningNoInstruction = 40005;
constexpr int kWarningUnknownInstruction = 55555;

bool KnownInstruction(std::string_view name) {
  return name == "accept" || name == "reject" || name == "dequeue" || name == "call" ||
         name == "redirect" || name == "conference";
}

// A field of the answer as the text REST would have carried.
std::string FieldText(const json::value& value) {
  if (value.is_string()) {
    return std::string(value.get_string());
  }
  if (value.is_null()) {
    return "";
  }
  return json::serialize(value);
}

bool IsBlank(std::string_view body) {
  return body.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// What the Reservation update for `instruction` is.
ReservationUpdate UpdateFor(const AssignmentInstruction& instruction) {
  ReservationUpdate update;
  if (instruction.instruction == "accept") {
    update.reservation_status = "accepted";
  } else if (instruction.instruction == "reject") {
    update.reservation_status = "rejected";
    for (const auto& [name, value] : instruction.params) {
      if (name == "activity_sid" && !value.empty()) {
        update.worker_activity_sid = value;
      }
    }
  } else {
    update.instruction = instruction.instruction;
    update.instruction_params = instruction.params;
  }
  return update;
}

}  // namespace

AssignmentAnswer ReadAssignmentAnswer(std::string_view body) {
  AssignmentAnswer answer;
  if (IsBlank(body)) {
    return answer;
  }
  boost::system::error_code ec;
  json::value parsed = json::parse(body, ec);
  if (ec || !parsed.is_object()) {
    answer.warning_code = kWarningUnparsable;
    answer.warning = "the answer is not a JSON object";
    return answer;
  }
  const json::object& object = parsed.get_object();
  const json::value* name = object.if_contains("instruction");
  if (name == nullptr) {
    answer.warning_code = kWarningNoInstruction;
    answer.warning = "the answer has no instruction";
    return answer;
  }
  if (!name->is_string() || !KnownInstruction(name->get_string())) {
    answer.warning_code = kWarningUnknownInstruction;
    answer.warning = "unknown instruction " + json::serialize(*name);
    return answer;
  }

  AssignmentInstruction instruction;
  instruction.instruction = std::string(name->get_string());
  for (const auto& field : object) {
    if (field.key() != "instruction") {
      instruction.params.emplace_back(std::string(field.key()), FieldText(field.value()));
    }
  }
  answer.instruction = std::move(instruction);
  return answer;
}

AssignmentCallbacks::AssignmentCallbacks(Store& store, TaskService& tasks,
                                         AssignmentCallbackOptions options)
    : store_(store), tasks_(tasks), options_(options) {}

AssignmentCallbacks::~AssignmentCallbacks() { Stop(); }

void AssignmentCallbacks::Start() {
  for (size_t i = 0; i < options_.threads; ++i) {
    threads_.emplace_back([this] { Run(); });
  }
}

void AssignmentCallbacks::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (!queue_.empty()) {
      spdlog::info("assignment callbacks: {} not sent at shutdown", queue_.size());
      queue_.clear();
    }
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

void AssignmentCallbacks::Send(std::vector<AssignmentRequest> requests) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (AssignmentRequest& request : requests) {
      if (stopping_) {
        spdlog::debug("assignment callback for Reservation {} dropped: shutting down",
                      request.reservation_sid);
      } else if (queue_.size() >= options_.max_queued) {
        spdlog::warn("assignment callback for Reservation {} dropped: {} callbacks are waiting",
                     request.reservation_sid, queue_.size());
      } else {
        queue_.push_back(std::move(request));
      }
    }
  }
  wake_.notify_all();
}

void AssignmentCallbacks::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) {
      return;
    }
    AssignmentRequest request = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    Deliver(request);
    lock.lock();
  }
}

void AssignmentCallbacks::Deliver(const AssignmentRequest& request) {
  Result<std::optional<AccountRecord>> account = store_.FindAccount(request.account_sid);
  if (!account.ok() || !account->has_value()) {
    spdlog::warn("assignment callback for Reservation {}: account {} not found; not sent",
                 request.reservation_sid, request.account_sid);
    return;
  }
  const std::string& token = account.value()->auth_token;

  std::optional<std::string> body = Post(request, request.url, token);
  if (!body.has_value() && request.fallback_url.has_value() && !request.fallback_url->empty()) {
    body = Post(request, *request.fallback_url, token);
  }
  // Each command below is a request of its own: its commits are the ones it waits on.
  WorkspaceRegistry::BeginRequest();
  if (!body.has_value()) {
    Cancel(request);
    return;
  }
  Apply(request, ReadAssignmentAnswer(*body));
}

std::optional<std::string> AssignmentCallbacks::Post(const AssignmentRequest& request,
                                                     const std::string& url,
                                                     const std::string& auth_token) {
  std::string signature = WebhookSignature(auth_token, url, request.params);
  Result<WebhookResponse> answer = PostWebhook(url, request.params, signature, options_.timeout);
  if (answer.ok() && answer->status >= 200 && answer->status < 300) {
    spdlog::debug("assignment callback for Reservation {} answered by {}", request.reservation_sid,
                  url);
    return std::move(answer->body);
  }
  spdlog::warn("assignment callback for Reservation {} to {} failed: {}", request.reservation_sid,
               url,
               answer.ok() ? "HTTP " + std::to_string(answer->status) : answer.error().message());
  return std::nullopt;
}

void AssignmentCallbacks::Apply(const AssignmentRequest& request, const AssignmentAnswer& answer) {
  if (!answer.instruction.has_value()) {
    if (answer.warning_code == 0) {
      spdlog::debug("assignment callback for Reservation {}: no instruction; it stays pending",
                    request.reservation_sid);
    } else {
      spdlog::warn("assignment callback for Reservation {}: warning {}: {}; it stays pending",
                   request.reservation_sid, answer.warning_code, answer.warning);
    }
    return;
  }

  const Caller caller{request.account_sid, ""};
  const std::string& instruction = answer.instruction->instruction;
  Result<ReservationView> updated =
      tasks_.UpdateReservation(caller, request.workspace_sid, request.task_sid,
                               request.reservation_sid, UpdateFor(*answer.instruction));
  if (updated.ok()) {
    spdlog::debug("assignment callback for Reservation {}: {} carried out", request.reservation_sid,
                  instruction);
    return;
  }
  // A Reservation answered meanwhile (through REST, or a timeout) is not an error of the
  // receiver's.
  Result<ReservationView> now = tasks_.FetchReservation(caller, request.workspace_sid,
                                                        request.task_sid, request.reservation_sid);
  if (!now.ok() || now->record.reservation_status != "pending") {
    spdlog::debug("assignment callback for Reservation {}: {} not carried out: {}",
                  request.reservation_sid, instruction, updated.error().message());
    return;
  }
  spdlog::warn("assignment callback for Reservation {}: {} refused: {}", request.reservation_sid,
               instruction, updated.error().message());
}

void AssignmentCallbacks::Cancel(const AssignmentRequest& request) {
  Status canceled = tasks_.CancelReservation(Caller{request.account_sid, ""}, request.workspace_sid,
                                             request.reservation_sid);
  if (canceled.ok()) {
    spdlog::warn("assignment callback for Reservation {} reached no receiver: Reservation canceled",
                 request.reservation_sid);
  } else if (canceled.error().http_status() < 500) {
    spdlog::debug(
        "assignment callback for Reservation {} reached no receiver; it is no longer "
        "pending: {}",
        request.reservation_sid, canceled.error().message());
  } else {
    spdlog::warn("assignment callback for Reservation {}: cancel failed: {}",
                 request.reservation_sid, canceled.error().message());
  }
}

}  // namespace taskrouter
