// Sends the assignment callbacks of new Reservations and carries out what the receiver answers.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/routing.h"
#include "domain/task_service.h"
#include "store/store.h"

namespace taskrouter {

struct AssignmentCallbackOptions {
  size_t threads = 2;
  // Requests waiting beyond this many are dropped with a warning; their Reservations wait for a
  // REST answer or their timeout.
  size_t max_queued = 10000;
  std::chrono::milliseconds timeout{5000};  // for one POST
};

// An instruction read from a callback's answer.
struct AssignmentInstruction {
  // accept, reject, dequeue, call, redirect or conference.
  std::string instruction;
  // Every other field of the answer, as text: strings as they are, numbers, booleans and
  // nested values as JSON.
  StringPairs params;
};

// What an answer body asks for: an instruction, or none with the reason.
struct AssignmentAnswer {
  std::optional<AssignmentInstruction> instruction;
  // Without an instruction: the Twilio warning code (40001 unparsable JSON, 40005 no
  // instruction, 55555 unknown instruction), or 0 for an empty body.
  int warning_code = 0;
  std::string warning;
};

// Reads a callback's answer body. Never fails: what it cannot use is a warning.
AssignmentAnswer ReadAssignmentAnswer(std::string_view body);

// Sends each request (a form POST signed with its account's auth token) to its URL, then to its
// fallback URL if the first did not answer 2xx within the timeout, and applies the answer
// through TaskService, acting for the Workspace's account:
//   accept / reject (with `activity_sid`) / dequeue, call, redirect, conference (recorded and
//   taken as an accept) change the Reservation; an answer without a usable instruction leaves
//   it pending; when neither URL answered 2xx the Reservation is canceled. A Reservation no
//   longer pending (answered through REST meanwhile) is left as it is.
// Callbacks are not retried and not stored: a restart forgets those not yet sent.
class AssignmentCallbacks {
 public:
  // `store` gives the auth tokens; it and `tasks` must outlive this object.
  AssignmentCallbacks(Store& store, TaskService& tasks, AssignmentCallbackOptions options = {});
  ~AssignmentCallbacks();
  AssignmentCallbacks(const AssignmentCallbacks&) = delete;
  AssignmentCallbacks& operator=(const AssignmentCallbacks&) = delete;

  void Start();
  // Drops what is queued and waits for the callbacks in flight (each at most two timeouts).
  // Later Send calls drop their requests.
  void Stop();

  // Queues `requests`. Thread-safe and never blocks, so it may be called under a Workspace's
  // lock.
  void Send(std::vector<AssignmentRequest> requests);

 private:
  void Run();
  void Deliver(const AssignmentRequest& request);
  // POSTs to `url`; the answer body if the receiver answered 2xx, otherwise none (logged).
  std::optional<std::string> Post(const AssignmentRequest& request, const std::string& url,
                                  const std::string& auth_token);
  void Apply(const AssignmentRequest& request, const AssignmentAnswer& answer);
  void Cancel(const AssignmentRequest& request);

  Store& store_;
  TaskService& tasks_;
  const AssignmentCallbackOptions options_;
  std::vector<std::thread> threads_;

  std::mutex mu_;  // guards the two fields below
  std::condition_variable wake_;
  std::deque<AssignmentRequest> queue_;
  bool stopping_ = false;
};

}  // namespace taskrouter
