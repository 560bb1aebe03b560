// Stores for tests that wrap a real one: ForwardingStore passes every call through, and the
// stores derived from it change only the calls they are about.
#pragma once

#include <atomic>

#include "store/store.h"

namespace taskrouter::testing {

class ForwardingStore : public Store {
 public:
  explicit ForwardingStore(Store& inner) : inner_(inner) {}

  Result<Snapshot> Load() override { return inner_.Load(); }
  Status Commit(const Batch& batch) override { return inner_.Commit(batch); }
  Result<std::optional<AccountRecord>> FindAccount(std::string_view sid) override {
    return inner_.FindAccount(sid);
  }
  Result<std::optional<ApiKeyRecord>> FindApiKey(std::string_view sid) override {
    return inner_.FindApiKey(sid);
  }
  Result<Page<EventRecord>> ListEvents(const EventQuery& query) override {
    return inner_.ListEvents(query);
  }
  Result<std::optional<EventRecord>> FindEvent(std::string_view workspace_sid,
                                               std::string_view sid) override {
    return inner_.FindEvent(workspace_sid, sid);
  }
  Result<std::vector<EventFacts>> ListEventFacts(std::string_view workspace_sid,
                                                 const std::vector<std::string>& event_types,
                                                 TimeMs start_ms, TimeMs end_ms) override {
    return inner_.ListEventFacts(workspace_sid, event_types, start_ms, end_ms);
  }
  Result<std::vector<StintRecord>> ListStints(std::string_view workspace_sid,
                                              std::optional<std::string> worker_sid,
                                              TimeMs start_ms, TimeMs end_ms) override {
    return inner_.ListStints(workspace_sid, std::move(worker_sid), start_ms, end_ms);
  }
  Result<std::vector<DeliveryRecord>> PendingDeliveries(size_t limit) override {
    return inner_.PendingDeliveries(limit);
  }

 private:
  Store& inner_;
};

// Fails the commits it is told to fail and counts the others.
class FaultyStore final : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;

  void set_fail_commits(bool fail) { fail_commits_ = fail; }
  int commits() const { return commits_; }

  Status Commit(const Batch& batch) override {
    if (fail_commits_) {
      return Error::Internal("store: injected failure");
    }
    ++commits_;
    return ForwardingStore::Commit(batch);
  }

 private:
  std::atomic<bool> fail_commits_{false};
  std::atomic<int> commits_{0};
};

}  // namespace taskrouter::testing
