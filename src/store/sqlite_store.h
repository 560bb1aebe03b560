// The embedded store: one SQLite file in WAL mode, fsynced on every commit, with a versioned
// schema that is migrated when the store opens.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/store.h"

namespace taskrouter {

class SqliteConnection;

class SqliteStore final : public Store {
 public:
  // Opens (creating if needed) the database at `path` and runs pending migrations.
  // Returns an Internal error naming the file if it cannot be opened or migrated, or if its
  // schema is newer than this program knows.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  Result<Snapshot> Load() override;
  Status Commit(const Batch& batch) override;
  Result<std::optional<AccountRecord>> FindAccount(std::string_view sid) override;
  Result<std::optional<ApiKeyRecord>> FindApiKey(std::string_view sid) override;
  Result<Page<EventRecord>> ListEvents(const EventQuery& query) override;
  Result<std::optional<EventRecord>> FindEvent(std::string_view workspace_sid,
                                               std::string_view sid) override;
  Result<std::vector<EventFacts>> ListEventFacts(std::string_view workspace_sid,
                                                 const std::vector<std::string>& event_types,
                                                 TimeMs start_ms, TimeMs end_ms) override;
  Result<std::vector<StintRecord>> ListStints(std::string_view workspace_sid,
                                              std::optional<std::string> worker_sid,
                                              TimeMs start_ms, TimeMs end_ms) override;
  Result<std::vector<DeliveryRecord>> PendingDeliveries(size_t limit) override;

  // The schema version after migrations.
  int schema_version();

 private:
  explicit SqliteStore(std::unique_ptr<SqliteConnection> db);

  Status Migrate();
  Status ApplyLocked(const Mutation& mutation);

  std::mutex mu_;  // guards db_: one statement at a time on the one connection
  std::unique_ptr<SqliteConnection> db_;
};

}  // namespace taskrouter
