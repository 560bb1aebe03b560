#include "store/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <type_traits>
#include <unordered_map>

namespace taskrouter {

// One SQLite connection and the statements prepared on it, kept by SQL text: preparing costs
// more CPU than running the small statements of a write. Used under the store's mutex only.
class SqliteConnection {
 public:
  struct Entry {
    sqlite3_stmt* stmt;
    bool in_use;
  };

  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() {
    for (auto& [sql, entry] : cache_) {
      sqlite3_finalize(entry.stmt);
    }
    sqlite3_close(db_);
  }
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  sqlite3* get() const { return db_; }

  // The cached statement for `sql`, marked in use; nullptr if none is free.
  Entry* Take(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end() || it->second.in_use) {
      return nullptr;
    }
    it->second.in_use = true;
    return &it->second;
  }

  // Caches `stmt`, prepared from `sql` and in use; nullptr if it cannot be kept.
  Entry* Keep(std::string_view sql, sqlite3_stmt* stmt) {
    if (cache_.size() >= kMaxCachedStatements || cache_.contains(sql)) {
      return nullptr;
    }
    return &cache_.emplace(std::string(sql), Entry{stmt, true}).first->second;
  }

 private:
  // Statements whose SQL varies with a query's filters come in a few shapes; past this many,
  // new ones are not kept.
  static constexpr size_t kMaxCachedStatements = 256;

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
  };

  sqlite3* db_;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> cache_;  // node-based: stable
};

namespace {

using Connection = SqliteConnection;

// Each entry moves the schema one version up; entry i produces version i + 1. Never edit a
// shipped entry: add a new one.
constexpr std::array<std::string_view, 6> kMigrations = {
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
    R"sql(
CREATE TABLE workers (
  sid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  account_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  friendly_name TEXT NOT NULL,
  attributes TEXT NOT NULL,
  activity_sid TEXT NOT NULL,
  version INTEGER NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  date_status_changed INTEGER NOT NULL
);
CREATE INDEX workers_by_workspace ON workers (workspace_sid);
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  sid TEXT NOT NULL UNIQUE,
  account_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  event_type TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_sid TEXT NOT NULL,
  description TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_sid TEXT NOT NULL,
  source_ip_address TEXT NOT NULL,
  event_date_ms INTEGER NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX events_by_workspace ON events (workspace_sid, seq);
CREATE INDEX events_by_date ON events (event_date_ms);
CREATE TABLE stints (
  worker_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  activity_sid TEXT NOT NULL,
  start_ms INTEGER NOT NULL,
  end_ms INTEGER,
  PRIMARY KEY (worker_sid, start_ms)
);
CREATE INDEX stints_by_workspace ON stints (workspace_sid, start_ms);
CREATE TABLE deliveries (
  seq INTEGER PRIMARY KEY,
  account_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  url TEXT NOT NULL,
  params TEXT NOT NULL,
  created_ms INTEGER NOT NULL
);
)sql",
    // TaskChannels, and the WorkerChannels that were updated (the others are not stored).
    // Workspaces created before this version get the five default TaskChannels, dated with
    // the Workspace and numbered after everything the store holds.
    R"sql(
CREATE TABLE task_channels (
  sid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  account_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  unique_name TEXT NOT NULL,
  friendly_name TEXT NOT NULL,
  channel_optimized_routing INTEGER NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL
);
CREATE INDEX task_channels_by_workspace ON task_channels (workspace_sid);
CREATE TABLE worker_channels (
  worker_seq INTEGER NOT NULL,
  task_channel_seq INTEGER NOT NULL,
  configured_capacity INTEGER NOT NULL,
  available INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  PRIMARY KEY (worker_seq, task_channel_seq)
) WITHOUT ROWID;
CREATE INDEX worker_channels_by_task_channel ON worker_channels (task_channel_seq);
INSERT INTO task_channels
SELECT 'TC' || lower(hex(randomblob(16))),
       (SELECT MAX(COALESCE((SELECT MAX(seq) FROM workspaces), 0),
                   COALESCE((SELECT MAX(seq) FROM activities), 0),
                   COALESCE((SELECT MAX(seq) FROM workers), 0),
                   COALESCE((SELECT MAX(seq) FROM events), 0),
                   COALESCE((SELECT MAX(seq) FROM deliveries), 0))) + (w.n - 1) * 5 + c.position,
       w.account_sid, w.sid, c.unique_name, c.friendly_name, 1, w.date_created, w.date_created
FROM (SELECT sid, account_sid, date_created, ROW_NUMBER() OVER (ORDER BY seq) AS n
      FROM workspaces) AS w,
     (SELECT 1 AS position, 'default' AS unique_name, 'Default' AS friendly_name
      UNION ALL SELECT 2, 'voice', 'Voice'
      UNION ALL SELECT 3, 'chat', 'Chat'
      UNION ALL SELECT 4, 'sms', 'SMS'
      UNION ALL SELECT 5, 'video', 'Video') AS c;
)sql",
    // TaskQueues.
    R"sql(
CREATE TABLE task_queues (
  sid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  account_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  friendly_name TEXT NOT NULL,
  target_workers TEXT NOT NULL,
  max_reserved_workers INTEGER NOT NULL,
  task_order TEXT NOT NULL,
  reservation_activity_sid TEXT,
  assignment_activity_sid TEXT,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL
);
CREATE INDEX task_queues_by_workspace ON task_queues (workspace_sid);
)sql",
    // Workflows.
    R"sql(
CREATE TABLE workflows (
  sid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  account_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  friendly_name TEXT NOT NULL,
  configuration TEXT NOT NULL,
  task_reservation_timeout INTEGER NOT NULL,
  assignment_callback_url TEXT,
  fallback_assignment_callback_url TEXT,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL
);
CREATE INDEX workflows_by_workspace ON workflows (workspace_sid);
)sql",
    // Tasks and their Reservations. A Reservation's instruction parameters are a JSON object
    // of strings.
    R"sql(
CREATE TABLE tasks (
  sid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  account_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  attributes TEXT NOT NULL,
  assignment_status TEXT NOT NULL,
  priority INTEGER NOT NULL,
  reason TEXT,
  task_channel_sid TEXT NOT NULL,
  workflow_sid TEXT NOT NULL,
  task_queue_sid TEXT,
  timeout INTEGER NOT NULL,
  version INTEGER NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  task_queue_entered_date INTEGER,
  virtual_start_time INTEGER NOT NULL,
  filter_index INTEGER NOT NULL,
  target_index INTEGER NOT NULL,
  filter_entered_ms INTEGER NOT NULL,
  assignment_count INTEGER NOT NULL,
  date_ended INTEGER
);
CREATE INDEX tasks_by_workspace ON tasks (workspace_sid);
CREATE TABLE reservations (
  sid TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  account_sid TEXT NOT NULL,
  workspace_sid TEXT NOT NULL,
  task_sid TEXT NOT NULL,
  worker_sid TEXT NOT NULL,
  reservation_status TEXT NOT NULL,
  task_queue_sid TEXT NOT NULL,
  workflow_sid TEXT NOT NULL,
  worker_previous_activity_sid TEXT NOT NULL,
  timeout INTEGER NOT NULL,
  version INTEGER NOT NULL,
  date_created INTEGER NOT NULL,
  date_updated INTEGER NOT NULL,
  instruction TEXT,
  instruction_params TEXT NOT NULL
);
CREATE INDEX reservations_by_workspace ON reservations (workspace_sid);
CREATE INDEX reservations_by_task ON reservations (task_sid);
)sql",
};

std::string PairsToJson(const StringPairs& pairs) {
  boost::json::object object;
  for (const auto& [name, value] : pairs) {
    object[name] = value;
  }
  return boost::json::serialize(object);
}

// The pairs of a JSON object of strings, in order; empty if `text` is not one.
StringPairs PairsFromJson(const std::string& text) {
  StringPairs pairs;
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) {
    return pairs;
  }
  for (const auto& entry : value.as_object()) {
    if (entry.value().is_string()) {
      pairs.emplace_back(std::string(entry.key()), std::string(entry.value().as_string()));
    }
  }
  return pairs;
}

Error SqliteError(Connection& db, std::string_view what) {
  return Error::Internal("store: " + std::string(what) + ": " + sqlite3_errmsg(db.get()));
}

// A statement of `connection`, prepared once per SQL text and kept for reuse; reset and
// unbound when this handle goes. A statement already in use, or past the cache's size, is
// prepared afresh and finalized instead.
class Statement {
 public:
  Statement(Connection& connection, std::string_view sql) {
    entry_ = connection.Take(sql);
    if (entry_ != nullptr) {
      stmt_ = entry_->stmt;
      return;
    }
    rc_ = sqlite3_prepare_v2(connection.get(), sql.data(), static_cast<int>(sql.size()), &stmt_,
                             nullptr);
    if (rc_ == SQLITE_OK) {
      entry_ = connection.Keep(sql, stmt_);
    }
  }
  ~Statement() {
    if (entry_ == nullptr) {
      sqlite3_finalize(stmt_);
      return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    entry_->in_use = false;
  }
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
  void BindOptional(int index, std::optional<int64_t> value) {
    if (value.has_value()) {
      Bind(index, *value);
    } else {
      sqlite3_bind_null(stmt_, index);
    }
  }
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
  bool IsNull(int column) { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::optional<int64_t> OptionalInt(int column) {
    return IsNull(column) ? std::nullopt : std::optional<int64_t>(Int(column));
  }
  bool Bool(int column) { return Int(column) != 0; }

 private:
  Connection::Entry* entry_ = nullptr;  // the cache's, or nullptr for a one-off statement
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
};

Status Exec(Connection& db, const std::string& sql) {
  char* message = nullptr;
  if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return Error::Internal("store: " + text);
  }
  return {};
}

// Runs `sql` with `bind` filling its parameters, to completion.
template <typename BindFn>
Status Run(Connection& db, std::string_view sql, BindFn bind) {
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

// Runs every statement of `sqls` with `?1` = `sid`, in order, stopping at the first error.
Status RunForSid(Connection& db, std::initializer_list<std::string_view> sqls,
                 const std::string& sid) {
  for (std::string_view sql : sqls) {
    Status status = Run(db, sql, [&](Statement& s) { s.Bind(1, sid); });
    if (!status.ok()) {
      return status;
    }
  }
  return {};
}

// Reads every row of `sql` into `out` with `read`.
template <typename Record, typename ReadFn>
Status ReadAll(Connection& db, std::string_view sql, std::vector<Record>& out, ReadFn read) {
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

WorkerRecord ReadWorker(Statement& s) {
  WorkerRecord w;
  w.sid = s.Text(0);
  w.seq = s.Int(1);
  w.account_sid = s.Text(2);
  w.workspace_sid = s.Text(3);
  w.friendly_name = s.Text(4);
  w.attributes = s.Text(5);
  w.activity_sid = s.Text(6);
  w.version = s.Int(7);
  w.date_created = s.Int(8);
  w.date_updated = s.Int(9);
  w.date_status_changed = s.Int(10);
  return w;
}

TaskChannelRecord ReadTaskChannel(Statement& s) {
  TaskChannelRecord c;
  c.sid = s.Text(0);
  c.seq = s.Int(1);
  c.account_sid = s.Text(2);
  c.workspace_sid = s.Text(3);
  c.unique_name = s.Text(4);
  c.friendly_name = s.Text(5);
  c.channel_optimized_routing = s.Bool(6);
  c.date_created = s.Int(7);
  c.date_updated = s.Int(8);
  return c;
}

TaskQueueRecord ReadTaskQueue(Statement& s) {
  TaskQueueRecord q;
  q.sid = s.Text(0);
  q.seq = s.Int(1);
  q.account_sid = s.Text(2);
  q.workspace_sid = s.Text(3);
  q.friendly_name = s.Text(4);
  q.target_workers = s.Text(5);
  q.max_reserved_workers = s.Int(6);
  q.task_order = s.Text(7);
  q.reservation_activity_sid = s.OptionalText(8);
  q.assignment_activity_sid = s.OptionalText(9);
  q.date_created = s.Int(10);
  q.date_updated = s.Int(11);
  return q;
}

WorkflowRecord ReadWorkflow(Statement& s) {
  WorkflowRecord w;
  w.sid = s.Text(0);
  w.seq = s.Int(1);
  w.account_sid = s.Text(2);
  w.workspace_sid = s.Text(3);
  w.friendly_name = s.Text(4);
  w.configuration = s.Text(5);
  w.task_reservation_timeout = s.Int(6);
  w.assignment_callback_url = s.OptionalText(7);
  w.fallback_assignment_callback_url = s.OptionalText(8);
  w.date_created = s.Int(9);
  w.date_updated = s.Int(10);
  return w;
}

TaskRecord ReadTask(Statement& s) {
  TaskRecord t;
  t.sid = s.Text(0);
  t.seq = s.Int(1);
  t.account_sid = s.Text(2);
  t.workspace_sid = s.Text(3);
  t.attributes = s.Text(4);
  t.assignment_status = s.Text(5);
  t.priority = s.Int(6);
  t.reason = s.OptionalText(7);
  t.task_channel_sid = s.Text(8);
  t.workflow_sid = s.Text(9);
  t.task_queue_sid = s.OptionalText(10);
  t.timeout = s.Int(11);
  t.version = s.Int(12);
  t.date_created = s.Int(13);
  t.date_updated = s.Int(14);
  t.task_queue_entered_date = s.OptionalInt(15);
  t.virtual_start_time = s.Int(16);
  t.filter_index = s.Int(17);
  t.target_index = s.Int(18);
  t.filter_entered_ms = s.Int(19);
  t.assignment_count = s.Int(20);
  t.date_ended = s.OptionalInt(21);
  return t;
}

ReservationRecord ReadReservation(Statement& s) {
  ReservationRecord r;
  r.sid = s.Text(0);
  r.seq = s.Int(1);
  r.account_sid = s.Text(2);
  r.workspace_sid = s.Text(3);
  r.task_sid = s.Text(4);
  r.worker_sid = s.Text(5);
  r.reservation_status = s.Text(6);
  r.task_queue_sid = s.Text(7);
  r.workflow_sid = s.Text(8);
  r.worker_previous_activity_sid = s.Text(9);
  r.timeout = s.Int(10);
  r.version = s.Int(11);
  r.date_created = s.Int(12);
  r.date_updated = s.Int(13);
  r.instruction = s.OptionalText(14);
  r.instruction_params = PairsFromJson(s.Text(15));
  return r;
}

WorkerChannelRecord ReadWorkerChannel(Statement& s) {
  return WorkerChannelRecord{s.Int(0), s.Int(1), s.Int(2), s.Bool(3), s.Int(4)};
}

EventRecord ReadEvent(Statement& s) {
  EventRecord e;
  e.seq = s.Int(0);
  e.sid = s.Text(1);
  e.account_sid = s.Text(2);
  e.workspace_sid = s.Text(3);
  e.event_type = s.Text(4);
  e.resource_type = s.Text(5);
  e.resource_sid = s.Text(6);
  e.description = s.Text(7);
  e.actor_type = s.Text(8);
  e.actor_sid = s.Text(9);
  e.source_ip_address = s.Text(10);
  e.event_date_ms = s.Int(11);
  e.data = PairsFromJson(s.Text(12));
  return e;
}

StintRecord ReadStint(Statement& s) {
  StintRecord stint;
  stint.worker_sid = s.Text(0);
  stint.workspace_sid = s.Text(1);
  stint.activity_sid = s.Text(2);
  stint.start_ms = s.Int(3);
  if (!s.IsNull(4)) {
    stint.end_ms = s.Int(4);
  }
  return stint;
}

DeliveryRecord ReadDelivery(Statement& s) {
  return DeliveryRecord{s.Int(0), s.Text(1), s.Text(2), s.Text(3), PairsFromJson(s.Text(4)),
                        s.Int(5)};
}

constexpr std::string_view kAccountColumns = "sid, auth_token, friendly_name, date_created";
constexpr std::string_view kApiKeyColumns =
    "sid, account_sid, secret_sha256, friendly_name, date_created";

Status Write(Connection& db, const AccountRecord& a) {
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

Status Write(Connection& db, const ApiKeyRecord& k) {
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

Status Write(Connection& db, const WorkspaceRecord& w) {
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

Status Write(Connection& db, const ActivityRecord& a) {
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

Status Write(Connection& db, const WorkerRecord& w) {
  return Run(db,
             "INSERT INTO workers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
             "ON CONFLICT(sid) DO UPDATE SET friendly_name = ?5, attributes = ?6, "
             "activity_sid = ?7, version = ?8, date_updated = ?10, date_status_changed = ?11",
             [&](Statement& s) {
               s.Bind(1, w.sid);
               s.Bind(2, w.seq);
               s.Bind(3, w.account_sid);
               s.Bind(4, w.workspace_sid);
               s.Bind(5, w.friendly_name);
               s.Bind(6, w.attributes);
               s.Bind(7, w.activity_sid);
               s.Bind(8, w.version);
               s.Bind(9, w.date_created);
               s.Bind(10, w.date_updated);
               s.Bind(11, w.date_status_changed);
             });
}

Status Write(Connection& db, const TaskChannelRecord& c) {
  return Run(db,
             "INSERT INTO task_channels VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
             "ON CONFLICT(sid) DO UPDATE SET friendly_name = ?6, channel_optimized_routing = ?7, "
             "date_updated = ?9",
             [&](Statement& s) {
               s.Bind(1, c.sid);
               s.Bind(2, c.seq);
               s.Bind(3, c.account_sid);
               s.Bind(4, c.workspace_sid);
               s.Bind(5, c.unique_name);
               s.Bind(6, c.friendly_name);
               s.Bind(7, c.channel_optimized_routing);
               s.Bind(8, c.date_created);
               s.Bind(9, c.date_updated);
             });
}

Status Write(Connection& db, const TaskQueueRecord& q) {
  return Run(db,
             "INSERT INTO task_queues VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
             "ON CONFLICT(sid) DO UPDATE SET friendly_name = ?5, target_workers = ?6, "
             "max_reserved_workers = ?7, task_order = ?8, reservation_activity_sid = ?9, "
             "assignment_activity_sid = ?10, date_updated = ?12",
             [&](Statement& s) {
               s.Bind(1, q.sid);
               s.Bind(2, q.seq);
               s.Bind(3, q.account_sid);
               s.Bind(4, q.workspace_sid);
               s.Bind(5, q.friendly_name);
               s.Bind(6, q.target_workers);
               s.Bind(7, q.max_reserved_workers);
               s.Bind(8, q.task_order);
               s.BindOptional(9, q.reservation_activity_sid);
               s.BindOptional(10, q.assignment_activity_sid);
               s.Bind(11, q.date_created);
               s.Bind(12, q.date_updated);
             });
}

Status Write(Connection& db, const TaskQueueDeletion& d) {
  return Run(db, "DELETE FROM task_queues WHERE sid = ?1", [&](Statement& s) { s.Bind(1, d.sid); });
}

Status Write(Connection& db, const WorkflowRecord& w) {
  return Run(db,
             "INSERT INTO workflows VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
             "ON CONFLICT(sid) DO UPDATE SET friendly_name = ?5, configuration = ?6, "
             "task_reservation_timeout = ?7, assignment_callback_url = ?8, "
             "fallback_assignment_callback_url = ?9, date_updated = ?11",
             [&](Statement& s) {
               s.Bind(1, w.sid);
               s.Bind(2, w.seq);
               s.Bind(3, w.account_sid);
               s.Bind(4, w.workspace_sid);
               s.Bind(5, w.friendly_name);
               s.Bind(6, w.configuration);
               s.Bind(7, w.task_reservation_timeout);
               s.BindOptional(8, w.assignment_callback_url);
               s.BindOptional(9, w.fallback_assignment_callback_url);
               s.Bind(10, w.date_created);
               s.Bind(11, w.date_updated);
             });
}

Status Write(Connection& db, const WorkflowDeletion& d) {
  return Run(db, "DELETE FROM workflows WHERE sid = ?1", [&](Statement& s) { s.Bind(1, d.sid); });
}

// A Task's creation fields (seq, account, Workspace, date_created) never change; a replacement
// overwrites the rest.
Status Write(Connection& db, const TaskRecord& t) {
  return Run(db,
             "INSERT INTO tasks VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
             "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) "
             "ON CONFLICT(sid) DO UPDATE SET attributes = ?5, assignment_status = ?6, "
             "priority = ?7, reason = ?8, task_channel_sid = ?9, workflow_sid = ?10, "
             "task_queue_sid = ?11, timeout = ?12, version = ?13, date_updated = ?15, "
             "task_queue_entered_date = ?16, virtual_start_time = ?17, filter_index = ?18, "
             "target_index = ?19, filter_entered_ms = ?20, assignment_count = ?21, "
             "date_ended = ?22",
             [&](Statement& s) {
               s.Bind(1, t.sid);
               s.Bind(2, t.seq);
               s.Bind(3, t.account_sid);
               s.Bind(4, t.workspace_sid);
               s.Bind(5, t.attributes);
               s.Bind(6, t.assignment_status);
               s.Bind(7, t.priority);
               s.BindOptional(8, t.reason);
               s.Bind(9, t.task_channel_sid);
               s.Bind(10, t.workflow_sid);
               s.BindOptional(11, t.task_queue_sid);
               s.Bind(12, t.timeout);
               s.Bind(13, t.version);
               s.Bind(14, t.date_created);
               s.Bind(15, t.date_updated);
               s.BindOptional(16, t.task_queue_entered_date);
               s.Bind(17, t.virtual_start_time);
               s.Bind(18, t.filter_index);
               s.Bind(19, t.target_index);
               s.Bind(20, t.filter_entered_ms);
               s.Bind(21, t.assignment_count);
               s.BindOptional(22, t.date_ended);
             });
}

// As for a Task, a replacement overwrites all but the creation fields.
Status Write(Connection& db, const ReservationRecord& r) {
  return Run(db,
             "INSERT INTO reservations VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
             "?13, ?14, ?15, ?16) "
             "ON CONFLICT(sid) DO UPDATE SET task_sid = ?5, worker_sid = ?6, "
             "reservation_status = ?7, task_queue_sid = ?8, workflow_sid = ?9, "
             "worker_previous_activity_sid = ?10, timeout = ?11, version = ?12, "
             "date_updated = ?14, instruction = ?15, instruction_params = ?16",
             [&](Statement& s) {
               s.Bind(1, r.sid);
               s.Bind(2, r.seq);
               s.Bind(3, r.account_sid);
               s.Bind(4, r.workspace_sid);
               s.Bind(5, r.task_sid);
               s.Bind(6, r.worker_sid);
               s.Bind(7, r.reservation_status);
               s.Bind(8, r.task_queue_sid);
               s.Bind(9, r.workflow_sid);
               s.Bind(10, r.worker_previous_activity_sid);
               s.Bind(11, r.timeout);
               s.Bind(12, r.version);
               s.Bind(13, r.date_created);
               s.Bind(14, r.date_updated);
               s.BindOptional(15, r.instruction);
               s.Bind(16, PairsToJson(r.instruction_params));
             });
}

Status Write(Connection& db, const TaskDeletion& d) {
  return RunForSid(
      db, {"DELETE FROM reservations WHERE task_sid = ?1", "DELETE FROM tasks WHERE sid = ?1"},
      d.sid);
}

Status Write(Connection& db, const WorkerChannelRecord& c) {
  return Run(db,
             "INSERT INTO worker_channels VALUES (?1, ?2, ?3, ?4, ?5) "
             "ON CONFLICT(worker_seq, task_channel_seq) DO UPDATE SET configured_capacity = ?3, "
             "available = ?4, date_updated = ?5",
             [&](Statement& s) {
               s.Bind(1, c.worker_seq);
               s.Bind(2, c.task_channel_seq);
               s.Bind(3, c.configured_capacity);
               s.Bind(4, c.available);
               s.Bind(5, c.date_updated);
             });
}

Status Write(Connection& db, const EventRecord& e) {
  return Run(db,
             "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
             [&](Statement& s) {
               s.Bind(1, e.seq);
               s.Bind(2, e.sid);
               s.Bind(3, e.account_sid);
               s.Bind(4, e.workspace_sid);
               s.Bind(5, e.event_type);
               s.Bind(6, e.resource_type);
               s.Bind(7, e.resource_sid);
               s.Bind(8, e.description);
               s.Bind(9, e.actor_type);
               s.Bind(10, e.actor_sid);
               s.Bind(11, e.source_ip_address);
               s.Bind(12, e.event_date_ms);
               s.Bind(13, PairsToJson(e.data));
             });
}

Status Write(Connection& db, const StintRecord& stint) {
  return Run(db, "INSERT OR REPLACE INTO stints VALUES (?1, ?2, ?3, ?4, ?5)", [&](Statement& s) {
    s.Bind(1, stint.worker_sid);
    s.Bind(2, stint.workspace_sid);
    s.Bind(3, stint.activity_sid);
    s.Bind(4, stint.start_ms);
    if (stint.end_ms.has_value()) {
      s.Bind(5, *stint.end_ms);
    }
  });
}

Status Write(Connection& db, const DeliveryRecord& d) {
  return Run(db, "INSERT OR REPLACE INTO deliveries VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
             [&](Statement& s) {
               s.Bind(1, d.seq);
               s.Bind(2, d.account_sid);
               s.Bind(3, d.workspace_sid);
               s.Bind(4, d.url);
               s.Bind(5, PairsToJson(d.params));
               s.Bind(6, d.created_ms);
             });
}

Status Write(Connection& db, const WorkspaceDeletion& d) {
  return RunForSid(
      db,
      {"DELETE FROM activities WHERE workspace_sid = ?1",
       "DELETE FROM worker_channels WHERE worker_seq IN "
       "(SELECT seq FROM workers WHERE workspace_sid = ?1)",
       "DELETE FROM workers WHERE workspace_sid = ?1",
       "DELETE FROM task_channels WHERE workspace_sid = ?1",
       "DELETE FROM task_queues WHERE workspace_sid = ?1",
       "DELETE FROM workflows WHERE workspace_sid = ?1",
       "DELETE FROM reservations WHERE workspace_sid = ?1",
       "DELETE FROM tasks WHERE workspace_sid = ?1", "DELETE FROM events WHERE workspace_sid = ?1",
       "DELETE FROM stints WHERE workspace_sid = ?1", "DELETE FROM workspaces WHERE sid = ?1"},
      d.sid);
}

Status Write(Connection& db, const WorkerDeletion& d) {
  return RunForSid(
      db,
      {"DELETE FROM worker_channels WHERE worker_seq = (SELECT seq FROM workers WHERE sid = ?1)",
       "DELETE FROM workers WHERE sid = ?1"},
      d.sid);
}

Status Write(Connection& db, const TaskChannelDeletion& d) {
  return RunForSid(db,
                   {"DELETE FROM worker_channels WHERE task_channel_seq = "
                    "(SELECT seq FROM task_channels WHERE sid = ?1)",
                    "DELETE FROM task_channels WHERE sid = ?1"},
                   d.sid);
}

Status Write(Connection& db, const StintEnd& end) {
  return Run(db, "UPDATE stints SET end_ms = ?2 WHERE worker_sid = ?1 AND end_ms IS NULL",
             [&](Statement& s) {
               s.Bind(1, end.worker_sid);
               s.Bind(2, end.end_ms);
             });
}

Status Write(Connection& db, const DeliveryDeletion& d) {
  return Run(db, "DELETE FROM deliveries WHERE seq = ?1", [&](Statement& s) { s.Bind(1, d.seq); });
}

Status Write(Connection& db, const EventPruning& p) {
  return Run(db, "DELETE FROM events WHERE event_date_ms < ?1",
             [&](Statement& s) { s.Bind(1, p.before_ms); });
}

Status Write(Connection& db, const ActivityDeletion& d) {
  return Run(db, "DELETE FROM activities WHERE sid = ?1", [&](Statement& s) { s.Bind(1, d.sid); });
}

// Reads the one row of `sql` with `?1` = `sid`, if any.
template <typename Record, typename ReadFn>
Result<std::optional<Record>> FindOne(Connection& db, const std::string& sql, std::string_view sid,
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

// The SELECT of `query`: filters bound as ?1 to ?7, the limit as ?8, the cursor as ?9.
std::string EventSql(const EventQuery& query) {
  std::string sql =
      "SELECT * FROM events WHERE workspace_sid = ?1 AND event_date_ms >= ?2 AND "
      "event_date_ms <= ?3";
  if (query.event_type.has_value()) {
    sql += " AND event_type = ?4";
  }
  if (query.sid.has_value()) {
    sql += " AND sid = ?5";
  }
  if (query.subject.has_value()) {
    sql += " AND (resource_sid = ?6 OR json_extract(data, '$.' || ?7) = ?6)";
  }
  const PageRequest& page = query.page;
  switch (page.from) {
    case PageRequest::From::kOffset:
      return sql + " ORDER BY seq LIMIT ?8 OFFSET " +
             std::to_string(page.page_index * page.page_size);
    case PageRequest::From::kAfter:
      return sql + " AND seq > ?9 ORDER BY seq LIMIT ?8";
    case PageRequest::From::kBefore:
      return sql + " AND seq < ?9 ORDER BY seq DESC LIMIT ?8";
  }
  return sql;
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
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::make_unique<SqliteConnection>(db)));
  sqlite3_busy_timeout(db, 5000);

  // WAL with synchronous=FULL: a commit returns only after its WAL frames are on disk.
  Status status = Exec(*store->db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  if (status.ok()) {
    status = store->Migrate();
  }
  if (!status.ok()) {
    return Error::Internal(path + ": " + status.error().message());
  }
  return store;
}

SqliteStore::SqliteStore(std::unique_ptr<SqliteConnection> db) : db_(std::move(db)) {}

SqliteStore::~SqliteStore() = default;

int SqliteStore::schema_version() {
  std::lock_guard<std::mutex> lock(mu_);
  Statement statement(*db_, "PRAGMA user_version");
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
    Status status = Exec(*db_, sql);
    if (!status.ok()) {
      Exec(*db_, "ROLLBACK").ok();
      return status;
    }
  }
  return {};
}

Result<Snapshot> SqliteStore::Load() {
  std::lock_guard<std::mutex> lock(mu_);
  Snapshot snapshot;
  Status status = ReadAll(*db_, "SELECT " + std::string(kAccountColumns) + " FROM accounts",
                          snapshot.accounts, ReadAccount);
  if (status.ok()) {
    status = ReadAll(*db_, "SELECT " + std::string(kApiKeyColumns) + " FROM api_keys",
                     snapshot.api_keys, ReadApiKey);
  }
  if (status.ok()) {
    status =
        ReadAll(*db_, "SELECT * FROM workspaces ORDER BY seq", snapshot.workspaces, ReadWorkspace);
  }
  if (status.ok()) {
    status =
        ReadAll(*db_, "SELECT * FROM activities ORDER BY seq", snapshot.activities, ReadActivity);
  }
  if (status.ok()) {
    status = ReadAll(*db_, "SELECT * FROM workers ORDER BY seq", snapshot.workers, ReadWorker);
  }
  if (status.ok()) {
    status = ReadAll(*db_, "SELECT * FROM task_channels ORDER BY seq", snapshot.task_channels,
                     ReadTaskChannel);
  }
  if (status.ok()) {
    status = ReadAll(*db_,
                     "SELECT worker_seq, task_channel_seq, configured_capacity, available, "
                     "date_updated FROM worker_channels",
                     snapshot.worker_channels, ReadWorkerChannel);
  }
  if (status.ok()) {
    status = ReadAll(*db_, "SELECT * FROM task_queues ORDER BY seq", snapshot.task_queues,
                     ReadTaskQueue);
  }
  if (status.ok()) {
    status =
        ReadAll(*db_, "SELECT * FROM workflows ORDER BY seq", snapshot.workflows, ReadWorkflow);
  }
  if (status.ok()) {
    status = ReadAll(*db_, "SELECT * FROM tasks ORDER BY seq", snapshot.tasks, ReadTask);
  }
  if (status.ok()) {
    status = ReadAll(*db_, "SELECT * FROM reservations ORDER BY seq", snapshot.reservations,
                     ReadReservation);
  }
  std::vector<int64_t> max_seqs;
  if (status.ok()) {
    status = ReadAll(*db_,
                     "SELECT MAX(COALESCE((SELECT MAX(seq) FROM workspaces), 0), "
                     "COALESCE((SELECT MAX(seq) FROM activities), 0), "
                     "COALESCE((SELECT MAX(seq) FROM workers), 0), "
                     "COALESCE((SELECT MAX(seq) FROM task_channels), 0), "
                     "COALESCE((SELECT MAX(seq) FROM task_queues), 0), "
                     "COALESCE((SELECT MAX(seq) FROM workflows), 0), "
                     "COALESCE((SELECT MAX(seq) FROM tasks), 0), "
                     "COALESCE((SELECT MAX(seq) FROM reservations), 0), "
                     "COALESCE((SELECT MAX(seq) FROM events), 0), "
                     "COALESCE((SELECT MAX(seq) FROM deliveries), 0))",
                     max_seqs, [](Statement& s) { return s.Int(0); });
  }
  if (!status.ok()) {
    return status.error();
  }
  snapshot.max_seq = max_seqs.empty() ? 0 : max_seqs[0];
  return snapshot;
}

Status SqliteStore::ApplyLocked(const Mutation& mutation) {
  return std::visit([this](const auto& m) { return Write(*db_, m); }, mutation);
}

Status SqliteStore::Commit(const Batch& batch) {
  std::lock_guard<std::mutex> lock(mu_);
  Status status = Exec(*db_, "BEGIN IMMEDIATE");
  for (size_t i = 0; status.ok() && i < batch.size(); ++i) {
    status = ApplyLocked(batch[i]);
  }
  if (status.ok()) {
    status = Exec(*db_, "COMMIT");
  }
  if (!status.ok()) {
    Exec(*db_, "ROLLBACK").ok();
  }
  return status;
}

Result<std::optional<AccountRecord>> SqliteStore::FindAccount(std::string_view sid) {
  std::lock_guard<std::mutex> lock(mu_);
  return FindOne<AccountRecord>(
      *db_, "SELECT " + std::string(kAccountColumns) + " FROM accounts WHERE sid = ?1", sid,
      ReadAccount);
}

Result<std::optional<ApiKeyRecord>> SqliteStore::FindApiKey(std::string_view sid) {
  std::lock_guard<std::mutex> lock(mu_);
  return FindOne<ApiKeyRecord>(
      *db_, "SELECT " + std::string(kApiKeyColumns) + " FROM api_keys WHERE sid = ?1", sid,
      ReadApiKey);
}

Result<Page<EventRecord>> SqliteStore::ListEvents(const EventQuery& query) {
  const PageRequest& page = query.page;
  int64_t limit = page.page_size + 1;
  bool backwards = page.from == PageRequest::From::kBefore;
  std::string sql = EventSql(query);

  std::lock_guard<std::mutex> lock(mu_);
  Statement statement(*db_, sql);
  if (!statement.prepared()) {
    return SqliteError(*db_, "prepare");
  }
  statement.Bind(1, query.workspace_sid);
  statement.Bind(2, query.start_ms);
  statement.Bind(3, query.end_ms);
  if (query.event_type.has_value()) {
    statement.Bind(4, *query.event_type);
  }
  if (query.sid.has_value()) {
    statement.Bind(5, *query.sid);
  }
  if (query.subject.has_value()) {
    statement.Bind(6, query.subject->second);
    statement.Bind(7, query.subject->first);
  }
  statement.Bind(8, limit);
  statement.Bind(9, page.cursor.seq);

  Page<EventRecord> result;
  int rc;
  while ((rc = statement.Step()) == SQLITE_ROW) {
    result.items.push_back(ReadEvent(statement));
  }
  if (rc != SQLITE_DONE) {
    return SqliteError(*db_, "read");
  }
  bool more = result.items.size() > static_cast<size_t>(page.page_size);
  if (more) {
    result.items.pop_back();
  }
  if (backwards) {
    std::reverse(result.items.begin(), result.items.end());
  }
  result.has_next = backwards || more;
  result.has_previous =
      backwards ? more : page.from == PageRequest::From::kAfter || page.page_index > 0;
  if (!result.items.empty()) {
    result.first = PageCursor{result.items.front().seq, result.items.front().seq};
    result.last = PageCursor{result.items.back().seq, result.items.back().seq};
  }
  return result;
}

Result<std::optional<EventRecord>> SqliteStore::FindEvent(std::string_view workspace_sid,
                                                          std::string_view sid) {
  std::lock_guard<std::mutex> lock(mu_);
  Result<std::optional<EventRecord>> event =
      FindOne<EventRecord>(*db_, "SELECT * FROM events WHERE sid = ?1", sid, ReadEvent);
  if (event.ok() && event->has_value() && event.value()->workspace_sid != workspace_sid) {
    return std::optional<EventRecord>();
  }
  return event;
}

Result<std::vector<EventFacts>> SqliteStore::ListEventFacts(
    std::string_view workspace_sid, const std::vector<std::string>& event_types, TimeMs start_ms,
    TimeMs end_ms) {
  // One placeholder per type keeps the SQL text, and so the cached statement, the same for
  // every request asking for the same number of types.
  std::string sql =
      "SELECT event_type, event_date_ms, data FROM events WHERE workspace_sid = ?1 AND "
      "event_date_ms BETWEEN ?2 AND ?3 AND event_type IN (";
  for (size_t i = 0; i < event_types.size(); ++i) {
    sql += (i == 0 ? "?" : ", ?") + std::to_string(i + 4);
  }
  sql += ") ORDER BY seq";

  std::lock_guard<std::mutex> lock(mu_);
  Statement statement(*db_, sql);
  if (!statement.prepared()) {
    return SqliteError(*db_, "prepare");
  }
  statement.Bind(1, workspace_sid);
  statement.Bind(2, start_ms);
  statement.Bind(3, end_ms);
  for (size_t i = 0; i < event_types.size(); ++i) {
    statement.Bind(static_cast<int>(i + 4), event_types[i]);
  }
  std::vector<EventFacts> facts;
  int rc;
  while ((rc = statement.Step()) == SQLITE_ROW) {
    facts.push_back(
        EventFacts{statement.Text(0), statement.Int(1), PairsFromJson(statement.Text(2))});
  }
  if (rc != SQLITE_DONE) {
    return SqliteError(*db_, "read");
  }
  return facts;
}

Result<std::vector<StintRecord>> SqliteStore::ListStints(std::string_view workspace_sid,
                                                         std::optional<std::string> worker_sid,
                                                         TimeMs start_ms, TimeMs end_ms) {
  std::string sql =
      "SELECT * FROM stints WHERE workspace_sid = ?1 AND start_ms <= ?3 AND "
      "(end_ms IS NULL OR end_ms >= ?2)";
  if (worker_sid.has_value()) {
    sql += " AND worker_sid = ?4";
  }
  sql += " ORDER BY start_ms";
  std::lock_guard<std::mutex> lock(mu_);
  Statement statement(*db_, sql);
  if (!statement.prepared()) {
    return SqliteError(*db_, "prepare");
  }
  statement.Bind(1, workspace_sid);
  statement.Bind(2, start_ms);
  statement.Bind(3, end_ms);
  if (worker_sid.has_value()) {
    statement.Bind(4, *worker_sid);
  }
  std::vector<StintRecord> stints;
  int rc;
  while ((rc = statement.Step()) == SQLITE_ROW) {
    stints.push_back(ReadStint(statement));
  }
  if (rc != SQLITE_DONE) {
    return SqliteError(*db_, "read");
  }
  return stints;
}

Result<std::vector<DeliveryRecord>> SqliteStore::PendingDeliveries(size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DeliveryRecord> deliveries;
  Status status =
      ReadAll(*db_, "SELECT * FROM deliveries ORDER BY seq LIMIT " + std::to_string(limit),
              deliveries, ReadDelivery);
  if (!status.ok()) {
    return status.error();
  }
  return deliveries;
}

}  // namespace taskrouter
