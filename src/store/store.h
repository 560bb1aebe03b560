// The durable state behind an interface. The SQLite implementation is the embedded default.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

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
using Mutation = std::variant<AccountRecord, ApiKeyRecord, WorkspaceRecord, ActivityRecord,
                              WorkspaceDeletion, ActivityDeletion>;

// Mutations applied all or nothing.
using Batch = std::vector<Mutation>;

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
};

}  // namespace taskrouter
