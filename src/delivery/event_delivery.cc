#include "delivery/event_delivery.h"

#include <spdlog/spdlog.h>

#include <set>

#include "delivery/webhook.h"

namespace taskrouter {
namespace {

constexpr size_t kBatchSize = 200;

}  // namespace

EventDelivery::~EventDelivery() { Stop(); }

void EventDelivery::Start() {
  thread_ = std::thread([this] { Run(); });
}

void EventDelivery::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void EventDelivery::Notify() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    notified_ = true;
  }
  wake_.notify_all();
}

void EventDelivery::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    notified_ = false;
    lock.unlock();
    SteadyTime next = SendDue();
    lock.lock();
    if (stopping_ || notified_) {
      continue;
    }
    if (next == SteadyTime::max()) {
      wake_.wait(lock, [this] { return stopping_ || notified_; });
    } else {
      wake_.wait_until(lock, next, [this] { return stopping_ || notified_; });
    }
  }
}

EventDelivery::SteadyTime EventDelivery::SendDue() {
  Result<std::vector<DeliveryRecord>> pending = store_.PendingDeliveries(kBatchSize);
  if (!pending.ok()) {
    spdlog::warn("event callbacks: {}", pending.error().message());
    return std::chrono::steady_clock::now() + options_.first_retry;
  }

  SteadyTime next = SteadyTime::max();
  std::set<std::string> held_back;  // Workspaces with an earlier delivery still waiting
  for (const DeliveryRecord& delivery : pending.value()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) {
        return next;
      }
    }
    if (held_back.count(delivery.workspace_sid) > 0) {
      continue;
    }
    auto backoff = backoff_.find(delivery.seq);
    SteadyTime now = std::chrono::steady_clock::now();
    if (backoff != backoff_.end() && backoff->second.next_attempt > now) {
      held_back.insert(delivery.workspace_sid);
      next = std::min(next, backoff->second.next_attempt);
      continue;
    }

    if (Send(delivery) || clock_.NowMs() - delivery.created_ms > options_.give_up_after_ms) {
      Status status = store_.Commit({DeliveryDeletion{delivery.seq}});
      if (!status.ok()) {
        spdlog::warn("event callbacks: {}", status.error().message());
      }
      backoff_.erase(delivery.seq);
      continue;
    }
    Backoff& entry = backoff_[delivery.seq];
    entry.failures += 1;
    auto delay = options_.first_retry * (1LL << std::min(entry.failures - 1, 20));
    entry.next_attempt = now + std::min<std::chrono::milliseconds>(delay, options_.max_retry);
    held_back.insert(delivery.workspace_sid);
    next = std::min(next, entry.next_attempt);
  }
  // A full batch may have more behind it.
  if (pending->size() == kBatchSize && held_back.empty()) {
    return std::chrono::steady_clock::now();
  }
  return next;
}

bool EventDelivery::Send(const DeliveryRecord& delivery) {
  Result<std::optional<AccountRecord>> account = store_.FindAccount(delivery.account_sid);
  if (!account.ok() || !account->has_value()) {
    spdlog::warn("event callbacks: account {} is gone; dropping callback {}", delivery.account_sid,
                 delivery.seq);
    return true;
  }
  std::string signature =
      WebhookSignature(account.value()->auth_token, delivery.url, delivery.params);
  Result<WebhookResponse> answer =
      PostWebhook(delivery.url, delivery.params, signature, options_.timeout);
  if (answer.ok() && answer->status >= 200 && answer->status < 300) {
    spdlog::debug("event callback {} delivered to {}", delivery.seq, delivery.url);
    return true;
  }
  spdlog::warn("event callback {} to {} failed: {}", delivery.seq, delivery.url,
               answer.ok() ? "HTTP " + std::to_string(answer->status) : answer.error().message());
  return false;
}

}  // namespace taskrouter
