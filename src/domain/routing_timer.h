// The thread that carries out routing's timeouts (TaskService::RunDueTimers) while the server
// runs. Commands carry out what is due before they act, so the timer only decides how soon a
// timeout happens when nobody touches the Workspace; tests call RunDueTimers themselves.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace taskrouter {

class RoutingTimer {
 public:
  // Calls `tick` every `period` of real time, whatever the server's Clock says, so that a test
  // clock that jumps is noticed within one period.
  RoutingTimer(std::function<void()> tick, std::chrono::milliseconds period)
      : tick_(std::move(tick)), period_(period) {}
  ~RoutingTimer() { Stop(); }
  RoutingTimer(const RoutingTimer&) = delete;
  RoutingTimer& operator=(const RoutingTimer&) = delete;

  void Start();
  // Waits for a tick under way to finish. Idempotent.
  void Stop();

 private:
  std::function<void()> tick_;
  std::chrono::milliseconds period_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace taskrouter
