// The durable state behind an interface. The SQLite implementation is the embedded default.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/paging.h"
#include "common/status.h"
#include "store/records.h"

namespace taskrouter {

// One change to the store. A record is inserted, or replaced when its SID exists.
struct WorkspaceDeletion {
  std::string sid;  // and everything under it
};
struct ActivityDeletion {
  std::string sid;
};
struct WorkerDeletion {
  std::string sid;  // and its WorkerChannels
};
struct TaskChannelDeletion {
  std::string sid;  // and the WorkerChannels of every Worker on it
};
struct TaskQueueDeletion {
  std::string sid;
};
struct WorkflowDeletion {
  std::string sid;
};
// Ends the Worker's open stint, if any, at `end_ms`.
struct StintEnd {
  std::string worker_sid;
  TimeMs end_ms = 0;
};
// Deletes a Task and its Reservations.
struct TaskDeletion {
  std::string sid;
};
struct DeliveryDeletion {
  int64_t seq = 0;
};
// Deletes the events that happened before `before_ms`.
struct EventPruning {
  TimeMs before_ms = 0;
};
using Mutation =
    std::variant<AccountRecord, ApiKeyRecord, WorkspaceRecord, ActivityRecord, WorkerRecord,
                 EventRecord, StintRecord, DeliveryRecord, TaskChannelRecord, WorkerChannelRecord,
                 WorkspaceDeletion, ActivityDeletion, WorkerDeletion, TaskChannelDeletion, StintEnd,
                 DeliveryDeletion, EventPruning, TaskQueueRecord, TaskQueueDeletion, WorkflowRecord,
                 WorkflowDeletion, TaskRecord, ReservationRecord, TaskDeletion>;

// Mutations applied all or nothing.
using Batch = std::vector<Mutation>;

// Which events to read, and which page of them, in creation order.
struct EventQuery {
  std::string workspace_sid;
  TimeMs start_ms = 0;  // inclusive
  TimeMs end_ms = 0;    // inclusive
  std::optional<std::string> event_type;
  std::optional<std::string> sid;
  // Events whose resource is this SID or whose data names it under `data_key`.
  std::optional<std::pair<std::string, std::string>> subject;  // {data_key, sid}
  PageRequest page;
};

// What statistics read of an event: its type, time and data.
struct EventFacts {
  std::string event_type;
  TimeMs event_date_ms = 0;
  StringPairs data;
};

class Store {
 public:
  virtual ~Store() = default;

  // Reads everything. Returns an Internal error if the store cannot be read.
  virtual Result<Snapshot> Load() = 0;

  // Applies `batch` in one transaction and returns once it is durable. On error nothing of
  // the batch is applied. Thread-safe.
  virtual Status Commit(const Batch& batch) = 0;

  // Reads one account or API key; used for credentials created by another process while the
  // server runs. Thread-safe.
  virtual Result<std::optional<AccountRecord>> FindAccount(std::string_view sid) = 0;
  virtual Result<std::optional<ApiKeyRecord>> FindApiKey(std::string_view sid) = 0;

  // A page of events, in creation order. Thread-safe.
  virtual Result<Page<EventRecord>> ListEvents(const EventQuery& query) = 0;
  virtual Result<std::optional<EventRecord>> FindEvent(std::string_view workspace_sid,
                                                       std::string_view sid) = 0;

  // The stints of the Workspace's Workers (or of one Worker) that overlap [start_ms, end_ms].
  // Thread-safe.
  virtual Result<std::vector<StintRecord>> ListStints(std::string_view workspace_sid,
                                                      std::optional<std::string> worker_sid,
                                                      TimeMs start_ms, TimeMs end_ms) = 0;

  // The Workspace's events of `event_types` dated in [start_ms, end_ms], in creation order.
  // Thread-safe.
  virtual Result<std::vector<EventFacts>> ListEventFacts(
      std::string_view workspace_sid, const std::vector<std::string>& event_types, TimeMs start_ms,
      TimeMs end_ms) = 0;

  // Up to `limit` deliveries waiting to be sent, in delivery order. Thread-safe.
  virtual Result<std::vector<DeliveryRecord>> PendingDeliveries(size_t limit) = 0;
};

}  // namespace taskrouter
