// Group commit: batches queued by many commands are written to the store in one transaction,
// so that one fsync acknowledges them all.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "common/status.h"
#include "store/store.h"

namespace taskrouter {

// Numbers queued batches in order; every batch up to a ticket is settled (committed or failed)
// before any later one.
using CommitTicket = uint64_t;

// Writes queued batches on a thread of its own. Thread-safe.
//
// Each turn takes everything queued so far as one group and commits it in one transaction. A
// group that fails fails every batch in it and every batch queued behind it, since their
// commands may have seen the failed ones' effects; `on_failure` then runs before the failed
// tickets are settled, and until it returns Enqueue refuses new batches.
class CommitQueue {
 public:
  struct Hooks {
    std::function<void()> on_deliveries;  // after a commit that queued an event callback
    std::function<void()> on_failure;     // after a failed commit, before its waiters learn it
  };

  CommitQueue(Store& store, Hooks hooks);
  // Commits what is queued, settles every ticket, and stops the thread.
  ~CommitQueue();
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  // Queues `batch`. Fails while an earlier failure is being handled.
  Result<CommitTicket> Enqueue(Batch batch);

  // Blocks until `ticket` is settled and returns how it went.
  Status Wait(CommitTicket ticket);

  // Calls `done` with the outcome once `ticket` is settled: at once, on this thread, if it
  // already is; otherwise on the queue's thread.
  void WhenSettled(CommitTicket ticket, std::function<void(const Status&)> done);

  // True once `ticket` is settled.
  bool Settled(CommitTicket ticket) const;

 private:
  struct Failure {
    CommitTicket first;
    Status status;
  };

  void Run();
  // The outcome of settled `ticket`. Requires mu_.
  Status OutcomeLocked(CommitTicket ticket) const;

  Store& store_;
  Hooks hooks_;

  mutable std::mutex mu_;
  std::condition_variable queued_;   // signalled when a batch is queued or on shutdown
  std::condition_variable settled_;  // signalled when tickets are settled
  std::deque<std::pair<CommitTicket, Batch>> queue_;
  CommitTicket last_queued_ = 0;
  CommitTicket last_settled_ = 0;
  bool refusing_ = false;
  bool stopping_ = false;
  // The latest failed groups by their last ticket; older outcomes are forgotten (as ok), which
  // only a caller asking about a ticket settled long ago could notice.
  std::map<CommitTicket, Failure> failures_;
  std::multimap<CommitTicket, std::function<void(const Status&)>> callbacks_;

  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace taskrouter
