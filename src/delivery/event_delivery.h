// Sends queued event callbacks, in the background, one Workspace's in order.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "common/clock.h"
#include "store/store.h"

namespace taskrouter {

struct DeliveryOptions {
  // Back-off after a failure: `first_retry`, doubled per failure up to `max_retry`.
  std::chrono::milliseconds first_retry{1000};
  std::chrono::milliseconds max_retry{60000};
  std::chrono::milliseconds timeout{15000};  // for one POST
  // A callback failing for longer than this after its event is dropped, with a warning.
  TimeMs give_up_after_ms = 24LL * 3600 * 1000;
};

// Reads the deliveries queued in the store, POSTs each signed with its account's auth token,
// and deletes it once the receiver answers 2xx. A failed delivery is retried with back-off and
// holds back the later deliveries of its Workspace, so that their order is kept. Queued
// deliveries survive a restart: they are in the store until sent.
class EventDelivery {
 public:
  EventDelivery(Store& store, const Clock& clock, DeliveryOptions options)
      : store_(store), clock_(clock), options_(options) {}
  ~EventDelivery();

  void Start();
  // Stops the background thread; deliveries not yet sent stay queued.
  void Stop();
  // Wakes the sender: something was queued. Thread-safe.
  void Notify();

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Backoff {
    int failures = 0;
    SteadyTime next_attempt;
  };

  void Run();
  // Sends what is due; returns when the next retry is due (or max() if none waits).
  SteadyTime SendDue();
  // Sends one delivery; false if the receiver did not take it.
  bool Send(const DeliveryRecord& delivery);

  Store& store_;
  const Clock& clock_;
  const DeliveryOptions options_;
  std::thread thread_;

  std::mutex mu_;  // guards the two flags below
  std::condition_variable wake_;
  bool stopping_ = false;
  bool notified_ = false;

  std::map<int64_t, Backoff> backoff_;  // by delivery seq; only the sender thread uses it
};

}  // namespace taskrouter
