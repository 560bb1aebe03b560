#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>

#include "support/temp_dir.h"

namespace taskrouter {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::string DbPath() const { return dir_.path() + "/taskrouter.db"; }

  // Runs `sql` on a connection of its own, as another process would.
  void RunSql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(DbPath().c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }

  std::unique_ptr<SqliteStore> OpenStore() {
    Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(DbPath());
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message());
    return store.ok() ? std::move(store).value() : nullptr;
  }

  static WorkspaceRecord Workspace(const std::string& sid) {
    WorkspaceRecord w;
    w.seq = 1;
    w.sid = sid;
    w.account_sid = "AC00000000000000000000000000000001";
    w.friendly_name = "Support";
    w.event_callback_url = "https://example.com/events";
    w.multi_task_enabled = false;
    w.prioritize_queue_order = "LIFO";
    w.default_activity_sid = "WA00000000000000000000000000000001";
    w.timeout_activity_sid = "WA00000000000000000000000000000002";
    w.date_created = 1000;
    w.date_updated = 2000;
    return w;
  }

  static ActivityRecord Activity(const std::string& sid, const std::string& workspace_sid,
                                 int64_t seq) {
    return ActivityRecord{
        seq, sid, "AC00000000000000000000000000000001", workspace_sid, "Break", true, 3000, 4000};
  }

  static TaskChannelRecord TaskChannel(const std::string& sid, const std::string& workspace_sid,
                                       int64_t seq) {
    return TaskChannelRecord{seq,           sid,    "AC00000000000000000000000000000001",
                             workspace_sid, "chat", "Chat",
                             false,         5000,   6000};
  }

  static TaskQueueRecord TaskQueue(const std::string& sid, const std::string& workspace_sid,
                                   int64_t seq) {
    TaskQueueRecord q;
    q.seq = seq;
    q.sid = sid;
    q.account_sid = "AC00000000000000000000000000000001";
    q.workspace_sid = workspace_sid;
    q.friendly_name = "Sales";
    q.target_workers = "languages HAS 'en'";
    q.max_reserved_workers = 5;
    q.task_order = "LIFO";
    q.reservation_activity_sid = "WA00000000000000000000000000000001";
    q.date_created = 7000;
    q.date_updated = 7500;
    return q;
  }

  static WorkerRecord Worker(const std::string& sid, const std::string& workspace_sid,
                             int64_t seq) {
    WorkerRecord w;
    w.seq = seq;
    w.sid = sid;
    w.account_sid = "AC00000000000000000000000000000001";
    w.workspace_sid = workspace_sid;
    w.friendly_name = sid;
    w.activity_sid = "WA00000000000000000000000000000001";
    return w;
  }

  static WorkerChannelRecord WorkerChannel(int64_t worker_seq, int64_t task_channel_seq) {
    return WorkerChannelRecord{worker_seq, task_channel_seq, 3, false, 8000};
  }

  // The (Worker, TaskChannel) creation numbers of the WorkerChannels the store holds.
  static std::vector<std::pair<int64_t, int64_t>> WorkerChannelKeys(const Snapshot& snapshot) {
    std::vector<std::pair<int64_t, int64_t>> keys;
    for (const WorkerChannelRecord& c : snapshot.worker_channels) {
      keys.emplace_back(c.worker_seq, c.task_channel_seq);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  }

  testing::TempDir dir_;
};

TEST_F(SqliteStoreTest, NewStoreIsMigratedToTheNewestSchema) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  EXPECT_EQ(store->schema_version(), 5);
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_TRUE(snapshot->workspaces.empty());
}

TEST_F(SqliteStoreTest, CommittedRecordsSurviveReopening) {
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ASSERT_TRUE(store->Commit({Workspace("WS1"), Activity("WA1", "WS1", 2)}).ok());
  }
  std::unique_ptr<SqliteStore> store = OpenStore();
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  ASSERT_EQ(snapshot->workspaces.size(), 1u);
  const WorkspaceRecord& w = snapshot->workspaces[0];
  EXPECT_EQ(w.sid, "WS1");
  EXPECT_EQ(w.friendly_name, "Support");
  EXPECT_EQ(w.event_callback_url, "https://example.com/events");
  EXPECT_EQ(w.events_filter, std::nullopt);
  EXPECT_FALSE(w.multi_task_enabled);
  EXPECT_EQ(w.prioritize_queue_order, "LIFO");
  EXPECT_EQ(w.timeout_activity_sid, "WA00000000000000000000000000000002");
  EXPECT_EQ(w.date_created, 1000);
  EXPECT_EQ(w.date_updated, 2000);
  ASSERT_EQ(snapshot->activities.size(), 1u);
  EXPECT_EQ(snapshot->activities[0].sid, "WA1");
  EXPECT_EQ(snapshot->activities[0].seq, 2);
  EXPECT_TRUE(snapshot->activities[0].available);
}

TEST_F(SqliteStoreTest, ReplacingARecordKeepsItsCreationFields) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  ASSERT_TRUE(store->Commit({Workspace("WS1"), Activity("WA1", "WS1", 2)}).ok());
  ActivityRecord renamed = Activity("WA1", "WS1", 2);
  renamed.friendly_name = "Lunch";
  renamed.date_updated = 9000;
  ASSERT_TRUE(store->Commit({renamed}).ok());

  Result<Snapshot> snapshot = store->Load();
  ASSERT_EQ(snapshot->activities.size(), 1u);
  EXPECT_EQ(snapshot->activities[0].friendly_name, "Lunch");
  EXPECT_EQ(snapshot->activities[0].date_updated, 9000);
  EXPECT_EQ(snapshot->activities[0].date_created, 3000);
}

TEST_F(SqliteStoreTest, DeletingAWorkspaceDeletesItsActivities) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  WorkspaceRecord other = Workspace("WS2");
  other.seq = 5;
  ASSERT_TRUE(
      store->Commit({Workspace("WS1"), Activity("WA1", "WS1", 2), other, Activity("WA2", "WS2", 6)})
          .ok());
  ASSERT_TRUE(store->Commit({WorkspaceDeletion{"WS1"}}).ok());

  Result<Snapshot> snapshot = store->Load();
  ASSERT_EQ(snapshot->workspaces.size(), 1u);
  EXPECT_EQ(snapshot->workspaces[0].sid, "WS2");
  ASSERT_EQ(snapshot->activities.size(), 1u);
  EXPECT_EQ(snapshot->activities[0].sid, "WA2");
}

TEST_F(SqliteStoreTest, TaskChannelsAndWorkerChannelsSurviveReopening) {
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ASSERT_TRUE(store
                    ->Commit({Workspace("WS1"), TaskChannel("TC1", "WS1", 9),
                              Worker("WK1", "WS1", 10), WorkerChannel(10, 9)})
                    .ok());
    TaskChannelRecord renamed = TaskChannel("TC1", "WS1", 9);
    renamed.friendly_name = "Web chat";
    renamed.channel_optimized_routing = true;
    renamed.date_updated = 6500;
    WorkerChannelRecord raised = WorkerChannel(10, 9);
    raised.configured_capacity = 5;
    raised.available = true;
    raised.date_updated = 8500;
    ASSERT_TRUE(store->Commit({renamed, raised}).ok());
  }
  std::unique_ptr<SqliteStore> store = OpenStore();
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  ASSERT_EQ(snapshot->task_channels.size(), 1u);
  const TaskChannelRecord& channel = snapshot->task_channels[0];
  EXPECT_EQ(channel.sid, "TC1");
  EXPECT_EQ(channel.seq, 9);
  EXPECT_EQ(channel.account_sid, "AC00000000000000000000000000000001");
  EXPECT_EQ(channel.workspace_sid, "WS1");
  EXPECT_EQ(channel.unique_name, "chat");
  EXPECT_EQ(channel.friendly_name, "Web chat");
  EXPECT_TRUE(channel.channel_optimized_routing);
  EXPECT_EQ(channel.date_created, 5000);
  EXPECT_EQ(channel.date_updated, 6500);
  ASSERT_EQ(snapshot->worker_channels.size(), 1u);
  const WorkerChannelRecord& worker_channel = snapshot->worker_channels[0];
  EXPECT_EQ(worker_channel.worker_seq, 10);
  EXPECT_EQ(worker_channel.task_channel_seq, 9);
  EXPECT_EQ(worker_channel.configured_capacity, 5);
  EXPECT_TRUE(worker_channel.available);
  EXPECT_EQ(worker_channel.date_updated, 8500);
  EXPECT_EQ(snapshot->max_seq, 10);
}

TEST_F(SqliteStoreTest, DeletingAWorkerDeletesItsWorkerChannels) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  ASSERT_TRUE(store
                  ->Commit({Workspace("WS1"), TaskChannel("TC1", "WS1", 2), Worker("WK1", "WS1", 3),
                            Worker("WK2", "WS1", 4), WorkerChannel(3, 2), WorkerChannel(4, 2)})
                  .ok());
  ASSERT_TRUE(store->Commit({WorkerDeletion{"WK1"}}).ok());

  Result<Snapshot> snapshot = store->Load();
  ASSERT_EQ(snapshot->workers.size(), 1u);
  EXPECT_EQ(WorkerChannelKeys(snapshot.value()),
            (std::vector<std::pair<int64_t, int64_t>>{{4, 2}}));
  EXPECT_EQ(snapshot->task_channels.size(), 1u);
}

TEST_F(SqliteStoreTest, DeletingATaskChannelDeletesItsWorkerChannels) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  ASSERT_TRUE(
      store
          ->Commit({Workspace("WS1"), TaskChannel("TC1", "WS1", 2), TaskChannel("TC2", "WS1", 3),
                    Worker("WK1", "WS1", 4), WorkerChannel(4, 2), WorkerChannel(4, 3)})
          .ok());
  ASSERT_TRUE(store->Commit({TaskChannelDeletion{"TC1"}}).ok());

  Result<Snapshot> snapshot = store->Load();
  ASSERT_EQ(snapshot->task_channels.size(), 1u);
  EXPECT_EQ(snapshot->task_channels[0].sid, "TC2");
  EXPECT_EQ(WorkerChannelKeys(snapshot.value()),
            (std::vector<std::pair<int64_t, int64_t>>{{4, 3}}));
  EXPECT_EQ(snapshot->workers.size(), 1u);
}

TEST_F(SqliteStoreTest, DeletingAWorkspaceDeletesItsChannels) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  WorkspaceRecord other = Workspace("WS2");
  other.seq = 5;
  ASSERT_TRUE(store
                  ->Commit({Workspace("WS1"), TaskChannel("TC1", "WS1", 2), Worker("WK1", "WS1", 3),
                            WorkerChannel(3, 2), other, TaskChannel("TC2", "WS2", 6),
                            Worker("WK2", "WS2", 7), WorkerChannel(7, 6)})
                  .ok());
  ASSERT_TRUE(store->Commit({WorkspaceDeletion{"WS1"}}).ok());

  Result<Snapshot> snapshot = store->Load();
  ASSERT_EQ(snapshot->task_channels.size(), 1u);
  EXPECT_EQ(snapshot->task_channels[0].sid, "TC2");
  EXPECT_EQ(WorkerChannelKeys(snapshot.value()),
            (std::vector<std::pair<int64_t, int64_t>>{{7, 6}}));
}

TEST_F(SqliteStoreTest, TaskQueuesSurviveReopening) {
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ASSERT_TRUE(store->Commit({Workspace("WS1"), TaskQueue("WQ1", "WS1", 12)}).ok());
    TaskQueueRecord changed = TaskQueue("WQ1", "WS1", 12);
    changed.friendly_name = "Support";
    changed.target_workers = "1==1";
    changed.max_reserved_workers = 50;
    changed.task_order = "FIFO";
    changed.reservation_activity_sid.reset();
    changed.assignment_activity_sid = "WA00000000000000000000000000000002";
    changed.date_created = 1;  // ignored on update: the creation date never changes
    changed.date_updated = 9000;
    ASSERT_TRUE(store->Commit({changed}).ok());
  }
  std::unique_ptr<SqliteStore> store = OpenStore();
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  ASSERT_EQ(snapshot->task_queues.size(), 1u);
  const TaskQueueRecord& queue = snapshot->task_queues[0];
  EXPECT_EQ(queue.sid, "WQ1");
  EXPECT_EQ(queue.seq, 12);
  EXPECT_EQ(queue.account_sid, "AC00000000000000000000000000000001");
  EXPECT_EQ(queue.workspace_sid, "WS1");
  EXPECT_EQ(queue.friendly_name, "Support");
  EXPECT_EQ(queue.target_workers, "1==1");
  EXPECT_EQ(queue.max_reserved_workers, 50);
  EXPECT_EQ(queue.task_order, "FIFO");
  EXPECT_FALSE(queue.reservation_activity_sid.has_value());
  EXPECT_EQ(queue.assignment_activity_sid, "WA00000000000000000000000000000002");
  EXPECT_EQ(queue.date_created, 7000);
  EXPECT_EQ(queue.date_updated, 9000);
  EXPECT_EQ(snapshot->max_seq, 12);
}

TEST_F(SqliteStoreTest, DeletingATaskQueueAndAWorkspaceDeletesTheirQueues) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  WorkspaceRecord other = Workspace("WS2");
  other.seq = 5;
  ASSERT_TRUE(store
                  ->Commit({Workspace("WS1"), TaskQueue("WQ1", "WS1", 2),
                            TaskQueue("WQ2", "WS1", 3), other, TaskQueue("WQ3", "WS2", 6)})
                  .ok());
  ASSERT_TRUE(store->Commit({TaskQueueDeletion{"WQ1"}}).ok());
  Result<Snapshot> snapshot = store->Load();
  ASSERT_EQ(snapshot->task_queues.size(), 2u);
  EXPECT_EQ(snapshot->task_queues[0].sid, "WQ2");
  EXPECT_EQ(snapshot->task_queues[1].sid, "WQ3");

  ASSERT_TRUE(store->Commit({WorkspaceDeletion{"WS1"}}).ok());
  snapshot = store->Load();
  ASSERT_EQ(snapshot->task_queues.size(), 1u);
  EXPECT_EQ(snapshot->task_queues[0].sid, "WQ3");
}

TEST_F(SqliteStoreTest, WorkflowsSurviveReopeningAndGoWithTheirWorkspace) {
  WorkflowRecord flow;
  flow.seq = 12;
  flow.sid = "WW1";
  flow.account_sid = "AC00000000000000000000000000000001";
  flow.workspace_sid = "WS1";
  flow.friendly_name = "Sales";
  flow.configuration = R"({"task_routing":{"filters":[]}})";
  flow.task_reservation_timeout = 300;
  flow.assignment_callback_url = "https://example.com/assign";
  flow.date_created = 7000;
  flow.date_updated = 7000;
  WorkflowRecord second = flow;
  second.seq = 13;
  second.sid = "WW2";
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ASSERT_TRUE(store->Commit({Workspace("WS1"), flow, second}).ok());
    WorkflowRecord changed = flow;
    changed.friendly_name = "Support";
    changed.configuration = R"({"task_routing":{"filters":[{"expression":"1==1"}]}})";
    changed.task_reservation_timeout = 86400;
    changed.assignment_callback_url.reset();
    changed.fallback_assignment_callback_url = "https://example.com/fallback";
    changed.date_created = 1;  // ignored on update: the creation date never changes
    changed.date_updated = 9000;
    ASSERT_TRUE(store->Commit({changed, WorkflowDeletion{"WW2"}}).ok());
  }
  std::unique_ptr<SqliteStore> store = OpenStore();
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  ASSERT_EQ(snapshot->workflows.size(), 1u);
  const WorkflowRecord& stored = snapshot->workflows[0];
  EXPECT_EQ(stored.sid, "WW1");
  EXPECT_EQ(stored.seq, 12);
  EXPECT_EQ(stored.account_sid, "AC00000000000000000000000000000001");
  EXPECT_EQ(stored.workspace_sid, "WS1");
  EXPECT_EQ(stored.friendly_name, "Support");
  EXPECT_EQ(stored.configuration, R"({"task_routing":{"filters":[{"expression":"1==1"}]}})");
  EXPECT_EQ(stored.task_reservation_timeout, 86400);
  EXPECT_FALSE(stored.assignment_callback_url.has_value());
  EXPECT_EQ(stored.fallback_assignment_callback_url, "https://example.com/fallback");
  EXPECT_EQ(stored.date_created, 7000);
  EXPECT_EQ(stored.date_updated, 9000);
  EXPECT_EQ(snapshot->max_seq, 12);

  ASSERT_TRUE(store->Commit({WorkspaceDeletion{"WS1"}}).ok());
  snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_TRUE(snapshot->workflows.empty());
}

// A store written before TaskChannels existed gets the five default ones for each Workspace,
// in the order a new Workspace has them, numbered after everything already stored.
TEST_F(SqliteStoreTest, MigrationGivesEarlierWorkspacesTheDefaultTaskChannels) {
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    WorkspaceRecord second = Workspace("WS2");
    second.seq = 20;
    second.date_created = 1500;
    ASSERT_TRUE(store->Commit({Workspace("WS1"), second, Worker("WK1", "WS1", 30)}).ok());
  }
  RunSql(
      "DROP TABLE task_channels; DROP TABLE worker_channels; DROP TABLE task_queues; "
      "DROP TABLE workflows; PRAGMA user_version = 2;");

  std::unique_ptr<SqliteStore> store = OpenStore();
  EXPECT_EQ(store->schema_version(), 5);
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  ASSERT_EQ(snapshot->task_channels.size(), 10u);
  const std::pair<const char*, const char*> kDefaults[] = {{"default", "Default"},
                                                           {"voice", "Voice"},
                                                           {"chat", "Chat"},
                                                           {"sms", "SMS"},
                                                           {"video", "Video"}};
  for (size_t i = 0; i < snapshot->task_channels.size(); ++i) {
    SCOPED_TRACE(i);
    const TaskChannelRecord& channel = snapshot->task_channels[i];
    bool first = i < 5;
    EXPECT_EQ(channel.workspace_sid, first ? "WS1" : "WS2");
    EXPECT_EQ(channel.seq, 31 + static_cast<int64_t>(i));
    EXPECT_EQ(channel.unique_name, kDefaults[i % 5].first);
    EXPECT_EQ(channel.friendly_name, kDefaults[i % 5].second);
    EXPECT_TRUE(channel.channel_optimized_routing);
    EXPECT_EQ(channel.date_created, first ? 1000 : 1500);
    EXPECT_EQ(channel.date_updated, channel.date_created);
    EXPECT_EQ(channel.sid.size(), 34u);
    EXPECT_TRUE(channel.sid.starts_with("TC"));
  }
  EXPECT_NE(snapshot->task_channels[0].sid, snapshot->task_channels[1].sid);
  EXPECT_TRUE(snapshot->worker_channels.empty());
  EXPECT_EQ(snapshot->max_seq, 40);
}

TEST_F(SqliteStoreTest, FailedBatchChangesNothing) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  ASSERT_TRUE(store->Commit({Workspace("WS1")}).ok());

  // With the activities table gone, the second mutation of the batch fails after the first
  // has been written inside the transaction.
  RunSql("ALTER TABLE activities RENAME TO activities_hidden");
  WorkspaceRecord second = Workspace("WS2");
  second.seq = 7;
  Status status = store->Commit({second, Activity("WA1", "WS2", 8)});
  RunSql("ALTER TABLE activities_hidden RENAME TO activities");

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), kCodeInternal);
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  ASSERT_EQ(snapshot->workspaces.size(), 1u);
  EXPECT_EQ(snapshot->workspaces[0].sid, "WS1");
  EXPECT_TRUE(snapshot->activities.empty());
}

TEST_F(SqliteStoreTest, RefusesASchemaNewerThanItKnows) {
  OpenStore().reset();
  RunSql("PRAGMA user_version = 99");

  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(DbPath());
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message().find("schema version 99"), std::string::npos)
      << store.error().message();
}

TEST_F(SqliteStoreTest, FindsAccountsAndKeysWrittenByAnotherConnection) {
  std::unique_ptr<SqliteStore> reader = OpenStore();
  {
    std::unique_ptr<SqliteStore> writer = OpenStore();
    ASSERT_TRUE(writer
                    ->Commit({AccountRecord{"AC1", "token", "name", 1},
                              ApiKeyRecord{"SK1", "AC1", "hash", "key", 2}})
                    .ok());
  }
  Result<std::optional<AccountRecord>> account = reader->FindAccount("AC1");
  ASSERT_TRUE(account.ok());
  ASSERT_TRUE(account->has_value());
  EXPECT_EQ(account.value()->auth_token, "token");
  Result<std::optional<ApiKeyRecord>> key = reader->FindApiKey("SK1");
  ASSERT_TRUE(key.ok());
  ASSERT_TRUE(key->has_value());
  EXPECT_EQ(key.value()->account_sid, "AC1");
  EXPECT_FALSE(reader->FindAccount("AC2")->has_value());
}

}  // namespace
}  // namespace taskrouter
