#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

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

  testing::TempDir dir_;
};

TEST_F(SqliteStoreTest, NewStoreIsMigratedToTheNewestSchema) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  EXPECT_EQ(store->schema_version(), 2);
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
