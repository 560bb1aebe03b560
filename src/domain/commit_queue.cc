#include "domain/commit_queue.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace taskrouter {

namespace {

// How many failed groups keep their outcome for late askers.
constexpr size_t kRememberedFailures = 64;

// The most batches one transaction takes; the rest wait for the next turn.
constexpr size_t kMaxGroup = 4096;

bool QueuesDelivery(const Batch& batch) {
  return std::any_of(batch.begin(), batch.end(),
                     [](const Mutation& m) { return std::holds_alternative<DeliveryRecord>(m); });
}

}  // namespace

CommitQueue::CommitQueue(Store& store, Hooks hooks)
    : store_(store), hooks_(std::move(hooks)), thread_([this] { Run(); }) {}

CommitQueue::~CommitQueue() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  queued_.notify_all();
  thread_.join();
}

Result<CommitTicket> CommitQueue::Enqueue(Batch batch) {
  std::lock_guard<std::mutex> lock(mu_);
  if (refusing_) {
    return Error::Internal("The store failed a write moments ago; try again");
  }
  CommitTicket ticket = ++last_queued_;
  queue_.emplace_back(ticket, std::move(batch));
  queued_.notify_one();
  return ticket;
}

Status CommitQueue::Wait(CommitTicket ticket) {
  std::unique_lock<std::mutex> lock(mu_);
  settled_.wait(lock, [&] { return last_settled_ >= ticket; });
  return OutcomeLocked(ticket);
}

void CommitQueue::WhenSettled(CommitTicket ticket, std::function<void(const Status&)> done) {
  Status outcome;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (last_settled_ < ticket) {
      callbacks_.emplace(ticket, std::move(done));
      return;
    }
    outcome = OutcomeLocked(ticket);
  }
  done(outcome);
}

bool CommitQueue::Settled(CommitTicket ticket) const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_settled_ >= ticket;
}

Status CommitQueue::OutcomeLocked(CommitTicket ticket) const {
  auto it = failures_.lower_bound(ticket);
  if (it != failures_.end() && it->second.first <= ticket) {
    return it->second.status;
  }
  return {};
}

void CommitQueue::Run() {
  for (;;) {
    std::vector<std::pair<CommitTicket, Batch>> group;
    {
      std::unique_lock<std::mutex> lock(mu_);
      queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // stopping, and everything queued is settled
      }
      size_t take = std::min(queue_.size(), kMaxGroup);
      group.assign(std::make_move_iterator(queue_.begin()),
                   std::make_move_iterator(queue_.begin() + static_cast<ptrdiff_t>(take)));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(take));
    }

    CommitTicket first = group.front().first;
    CommitTicket last = group.back().first;
    Batch all;
    bool deliveries = false;
    for (auto& [ticket, batch] : group) {
      deliveries = deliveries || QueuesDelivery(batch);
      std::move(batch.begin(), batch.end(), std::back_inserter(all));
    }
    Status status = store_.Commit(all);

    if (status.ok()) {
      if (deliveries && hooks_.on_deliveries) {
        hooks_.on_deliveries();
      }
    } else {
      {
        // What is queued behind the failed group may rest on it: it fails too.
        std::lock_guard<std::mutex> lock(mu_);
        refusing_ = true;
        if (!queue_.empty()) {
          last = queue_.back().first;
          queue_.clear();
        }
      }
      if (hooks_.on_failure) {
        hooks_.on_failure();
      }
    }

    std::vector<std::function<void(const Status&)>> ready;
    {
      std::lock_guard<std::mutex> lock(mu_);
      refusing_ = false;
      last_settled_ = last;
      if (!status.ok()) {
        failures_[last] = Failure{first, status};
        if (failures_.size() > kRememberedFailures) {
          failures_.erase(failures_.begin());
        }
      }
      auto end = callbacks_.upper_bound(last);
      for (auto it = callbacks_.begin(); it != end; ++it) {
        ready.push_back(std::move(it->second));
      }
      callbacks_.erase(callbacks_.begin(), end);
    }
    settled_.notify_all();
    for (auto& done : ready) {
      done(status);
    }
  }
}

}  // namespace taskrouter
