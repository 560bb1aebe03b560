#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <array>
#include <string_view>
#include <type_traits>

namespace taskrouter {
namespace {

// Each entry moves the schema one version up; entry i produces version i + 1. Never edit a
// shipped entry: add a new one.
constexpr std::array<std::string_view, 1> kMigrations = {
    R"sql(
CREATE TABLE accounts (
  sid TEXT PRIMARY KEY,
  auth_token TEXT NOT NULL,
  friendly_name TEXT NOT NULL,
  date_created INTEGER NOT NULL
);
CREATE TABLE api_keys (
  sid TEXT PRIMARY KEY,
  account_sid TEXT NOT NULL,
  secret_sha256 TEXT NOT NULL,
  friendly_name TEXT NOT NULL,
  date_created INTEGER NOT NULL
);
CREATE TABLE workspaces (
  sid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  account_sid TEXT NOT NULL,
  friendly_name TEXT NOT NULL,
  event_callback_url TEXT,
  events_filter TEXT,
  multi_task_enabled INTEGER NOT NULL,
  prioritize_queue_order TEXT NOT NULL,
  default_activity_sid TEXT NOT NULL,
  timeout_activity_sid TEXT NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL
);
CREATE TABLE activities (
  sid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  account_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  friendly_name TEXT NOT NULL,
  available INTEGER NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL
);
CREATE INDEX activities_by_workspace ON activities (workspace_sid);
)sql",
};

Error SqliteError(sqlite3* db, std::string_view what) {
  return Error::Internal("store: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

// A prepared statement, finalized on destruction.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool prepared() const { return rc_ == SQLITE_OK; }

  void Bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void BindOptional(int index, const std::optional<std::string>& text) {
    if (text.has_value()) {
      Bind(index, std::string_view(*text));
    } else {
      sqlite3_bind_null(stmt_, index);
    }
  }
  void Bind(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void Bind(int index, bool value) { sqlite3_bind_int(stmt_, index, value ? 1 : 0); }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(stmt_); }

  std::string Text(int column) {
    auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text == nullptr ? std::string() : std::string(text, sqlite3_column_bytes(stmt_, column));
  }
  std::optional<std::string> OptionalText(int column) {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) {
      return std::nullopt;
    }
    return Text(column);
  }
  int64_t Int(int column) { return sqlite3_column_int64(stmt_, column); }
  bool Bool(int column) { return Int(column) != 0; }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  int rc_;
};

Status Exec(sqlite3* db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return Error::Internal("store: " + text);
  }
  return {};
}

// Runs `sql` with `bind` filling its parameters, to completion.
template <typename BindFn>
Status Run(sqlite3* db, std::string_view sql, BindFn bind) {
  Statement statement(db, sql);
  if (!statement.prepared()) {
    return SqliteError(db, "prepare");
  }
  bind(statement);
  if (statement.Step() != SQLITE_DONE) {
    return SqliteError(db, "write");
  }
  return {};
}

// Reads every row of `sql` into `out` with `read`.
template <typename Record, typename ReadFn>
Status ReadAll(sqlite3* db, std::string_view sql, std::vector<Record>& out, ReadFn read) {
  Statement statement(db, sql);
  if (!statement.prepared()) {
    return SqliteError(db, "prepare");
  }
  int rc;
  while ((rc = statement.Step()) == SQLITE_ROW) {
    out.push_back(read(statement));
  }
  return rc == SQLITE_DONE ? Status() : Status(SqliteError(db, "read"));
}

AccountRecord ReadAccount(Statement& s) {
  return AccountRecord{s.Text(0), s.Text(1), s.Text(2), s.Int(3)};
}

ApiKeyRecord ReadApiKey(Statement& s) {
  return ApiKeyRecord{s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4)};
}

WorkspaceRecord ReadWorkspace(Statement& s) {
  WorkspaceRecord w;
  w.sid = s.Text(0);
  w.seq = s.Int(1);
  w.account_sid = s.Text(2);
  w.friendly_name = s.Text(3);
  w.event_callback_url = s.OptionalText(4);
  w.events_filter = s.OptionalText(5);
  w.multi_task_enabled = s.Bool(6);
  w.prioritize_queue_order = s.Text(7);
  w.default_activity_sid = s.Text(8);
  w.timeout_activity_sid = s.Text(9);
  w.date_created = s.Int(10);
  w.date_updated = s.Int(11);
  return w;
}

ActivityRecord ReadActivity(Statement& s) {
  ActivityRecord a;
  a.sid = s.Text(0);
  a.seq = s.Int(1);
  a.account_sid = s.Text(2);
  a.workspace_sid = s.Text(3);
  a.friendly_name = s.Text(4);
  a.available = s.Bool(5);
  a.date_created = s.Int(6);
  a.date_updated = s.Int(7);
  return a;
}

constexpr std::string_view kAccountColumns = "sid, auth_token, friendly_name, date_created";
constexpr std::string_view kApiKeyColumns =
    "sid, account_sid, secret_sha256, friendly_name, date_created";

Status Write(sqlite3* db, const AccountRecord& a) {
  return Run(db,
             "INSERT INTO accounts VALUES (?1, ?2, ?3, ?4) ON CONFLICT(sid) DO UPDATE SET "
             "auth_token = ?2, friendly_name = ?3",
             [&](Statement& s) {
               s.Bind(1, a.sid);
               s.Bind(2, a.auth_token);
               s.Bind(3, a.friendly_name);
               s.Bind(4, a.date_created);
             });
}

Status Write(sqlite3* db, const ApiKeyRecord& k) {
  return Run(db,
             "INSERT INTO api_keys VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(sid) DO UPDATE SET "
             "secret_sha256 = ?3, friendly_name = ?4",
             [&](Statement& s) {
               s.Bind(1, k.sid);
               s.Bind(2, k.account_sid);
               s.Bind(3, k.secret_sha256);
               s.Bind(4, k.friendly_name);
               s.Bind(5, k.date_created);
             });
}

Status Write(sqlite3* db, const WorkspaceRecord& w) {
  return Run(db,
             "INSERT INTO workspaces VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
             "ON CONFLICT(sid) DO UPDATE SET friendly_name = ?4, event_callback_url = ?5, "
             "events_filter = ?6, multi_task_enabled = ?7, prioritize_queue_order = ?8, "
             "default_activity_sid = ?9, timeout_activity_sid = ?10, date_updated = ?12",
             [&](Statement& s) {
               s.Bind(1, w.sid);
               s.Bind(2, w.seq);
               s.Bind(3, w.account_sid);
               s.Bind(4, w.friendly_name);
               s.BindOptional(5, w.event_callback_url);
               s.BindOptional(6, w.events_filter);
               s.Bind(7, w.multi_task_enabled);
               s.Bind(8, w.prioritize_queue_order);
               s.Bind(9, w.default_activity_sid);
               s.Bind(10, w.timeout_activity_sid);
               s.Bind(11, w.date_created);
               s.Bind(12, w.date_updated);
             });
}

Status Write(sqlite3* db, const ActivityRecord& a) {
  return Run(db,
             "INSERT INTO activities VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
             "ON CONFLICT(sid) DO UPDATE SET friendly_name = ?5, date_updated = ?8",
             [&](Statement& s) {
               s.Bind(1, a.sid);
               s.Bind(2, a.seq);
               s.Bind(3, a.account_sid);
               s.Bind(4, a.workspace_sid);
               s.Bind(5, a.friendly_name);
               s.Bind(6, a.available);
               s.Bind(7, a.date_created);
               s.Bind(8, a.date_updated);
             });
}

Status Write(sqlite3* db, const WorkspaceDeletion& d) {
  auto bind = [&](Statement& s) { s.Bind(1, d.sid); };
  Status status = Run(db, "DELETE FROM activities WHERE workspace_sid = ?1", bind);
  if (!status.ok()) {
    return status;
  }
  return Run(db, "DELETE FROM workspaces WHERE sid = ?1", bind);
}

Status Write(sqlite3* db, const ActivityDeletion& d) {
  return Run(db, "DELETE FROM activities WHERE sid = ?1", [&](Statement& s) { s.Bind(1, d.sid); });
}

// Reads the one row of `sql` with `?1` = `sid`, if any.
template <typename Record, typename ReadFn>
Result<std::optional<Record>> FindOne(sqlite3* db, const std::string& sql, std::string_view sid,
                                      ReadFn read) {
  Statement statement(db, sql);
  if (!statement.prepared()) {
    return SqliteError(db, "prepare");
  }
  statement.Bind(1, sid);
  int rc = statement.Step();
  if (rc == SQLITE_ROW) {
    return std::optional<Record>(read(statement));
  }
  if (rc == SQLITE_DONE) {
    return std::optional<Record>();
  }
  return SqliteError(db, "read");
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error::Internal("store: cannot open " + path + ": " + message);
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db));
  sqlite3_busy_timeout(db, 5000);

  // WAL with synchronous=FULL: a commit returns only after its WAL frames are on disk.
  Status status = Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  if (status.ok()) {
    status = store->Migrate();
  }
  if (!status.ok()) {
    return Error::Internal(path + ": " + status.error().message());
  }
  return store;
}

SqliteStore::~SqliteStore() { sqlite3_close(db_); }

int SqliteStore::schema_version() {
  std::lock_guard<std::mutex> lock(mu_);
  Statement statement(db_, "PRAGMA user_version");
  return statement.Step() == SQLITE_ROW ? static_cast<int>(statement.Int(0)) : -1;
}

Status SqliteStore::Migrate() {
  int version = schema_version();
  if (version < 0 || version > static_cast<int>(kMigrations.size())) {
    return Error::Internal(
        "store: schema version " + std::to_string(version) +
        " is not one this program knows (newest: " + std::to_string(kMigrations.size()) + ")");
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = static_cast<size_t>(version); i < kMigrations.size(); ++i) {
    std::string sql = "BEGIN IMMEDIATE;" + std::string(kMigrations[i]) +
                      "PRAGMA user_version = " + std::to_string(i + 1) + "; COMMIT;";
    Status status = Exec(db_, sql);
    if (!status.ok()) {
      Exec(db_, "ROLLBACK").ok();
      return status;
    }
  }
  return {};
}

Result<Snapshot> SqliteStore::Load() {
  std::lock_guard<std::mutex> lock(mu_);
  Snapshot snapshot;
  Status status = ReadAll(db_, "SELECT " + std::string(kAccountColumns) + " FROM accounts",
                          snapshot.accounts, ReadAccount);
  if (status.ok()) {
    status = ReadAll(db_, "SELECT " + std::string(kApiKeyColumns) + " FROM api_keys",
                     snapshot.api_keys, ReadApiKey);
  }
  if (status.ok()) {
    status =
        ReadAll(db_, "SELECT * FROM workspaces ORDER BY seq", snapshot.workspaces, ReadWorkspace);
  }
  if (status.ok()) {
    status =
        ReadAll(db_, "SELECT * FROM activities ORDER BY seq", snapshot.activities, ReadActivity);
  }
  if (!status.ok()) {
    return status.error();
  }
  return snapshot;
}

Status SqliteStore::ApplyLocked(const Mutation& mutation) {
  return std::visit([this](const auto& m) { return Write(db_, m); }, mutation);
}

Status SqliteStore::Commit(const Batch& batch) {
  std::lock_guard<std::mutex> lock(mu_);
  Status status = Exec(db_, "BEGIN IMMEDIATE");
  for (size_t i = 0; status.ok() && i < batch.size(); ++i) {
    status = ApplyLocked(batch[i]);
  }
  if (status.ok()) {
    status = Exec(db_, "COMMIT");
  }
  if (!status.ok()) {
    Exec(db_, "ROLLBACK").ok();
  }
  return status;
}

Result<std::optional<AccountRecord>> SqliteStore::FindAccount(std::string_view sid) {
  std::lock_guard<std::mutex> lock(mu_);
  return FindOne<AccountRecord>(
      db_, "SELECT " + std::string(kAccountColumns) + " FROM accounts WHERE sid = ?1", sid,
      ReadAccount);
}

Result<std::optional<ApiKeyRecord>> SqliteStore::FindApiKey(std::string_view sid) {
  std::lock_guard<std::mutex> lock(mu_);
  return FindOne<ApiKeyRecord>(
      db_, "SELECT " + std::string(kApiKeyColumns) + " FROM api_keys WHERE sid = ?1", sid,
      ReadApiKey);
}

}  // namespace taskrouter
