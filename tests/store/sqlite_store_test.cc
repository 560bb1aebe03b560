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

  // A Task with every field away from its default, the optional ones set.
  static TaskRecord Task(const std::string& sid, const std::string& workspace_sid, int64_t seq) {
    TaskRecord t;
    t.seq = seq;
    t.sid = sid;
    t.account_sid = "AC00000000000000000000000000000001";
    t.workspace_sid = workspace_sid;
    t.attributes = R"({"language":"fr"})";
    t.assignment_status = "canceled";
    t.priority = 7;
    t.reason = "customer hung up";
    t.task_channel_sid = "TC00000000000000000000000000000001";
    t.workflow_sid = "WW00000000000000000000000000000001";
    t.task_queue_sid = "WQ00000000000000000000000000000001";
    t.timeout = 600;
    t.version = 4;
    t.date_created = 10000;
    t.date_updated = 11000;
    t.task_queue_entered_date = 10100;
    t.virtual_start_time = 9000;
    t.filter_index = 2;
    t.target_index = 1;
    t.filter_entered_ms = 10200;
    t.assignment_count = 3;
    t.date_ended = 11000;
    return t;
  }

  // A Reservation with every field away from its default, the optional ones set.
  static ReservationRecord Reservation(const std::string& sid, const std::string& task_sid,
                                       const std::string& workspace_sid, int64_t seq) {
    ReservationRecord r;
    r.seq = seq;
    r.sid = sid;
    r.account_sid = "AC00000000000000000000000000000001";
    r.workspace_sid = workspace_sid;
    r.task_sid = task_sid;
    r.worker_sid = "WK00000000000000000000000000000001";
    r.reservation_status = "accepted";
    r.task_queue_sid = "WQ00000000000000000000000000000001";
    r.workflow_sid = "WW00000000000000000000000000000001";
    r.worker_previous_activity_sid = "WA00000000000000000000000000000001";
    r.timeout = 45;
    r.version = 2;
    r.date_created = 12000;
    r.date_updated = 12500;
    r.instruction = "dequeue";
    r.instruction_params = {
        {"dequeue_from", "+15550100"},
        {"dequeue_post_work_activity_sid", "WA00000000000000000000000000000002"},
        {"dequeue_record", "record-from-answer"}};
    return r;
  }

  static std::vector<std::string> TaskSids(const Snapshot& snapshot) {
    std::vector<std::string> sids;
    for (const TaskRecord& t : snapshot.tasks) {
      sids.push_back(t.sid);
    }
    return sids;
  }

  static std::vector<std::string> ReservationSids(const Snapshot& snapshot) {
    std::vector<std::string> sids;
    for (const ReservationRecord& r : snapshot.reservations) {
      sids.push_back(r.sid);
    }
    return sids;
  }

  static void ExpectSameTask(const TaskRecord& actual, const TaskRecord& expected) {
    EXPECT_EQ(actual.seq, expected.seq);
    EXPECT_EQ(actual.sid, expected.sid);
    EXPECT_EQ(actual.account_sid, expected.account_sid);
    EXPECT_EQ(actual.workspace_sid, expected.workspace_sid);
    EXPECT_EQ(actual.attributes, expected.attributes);
    EXPECT_EQ(actual.assignment_status, expected.assignment_status);
    EXPECT_EQ(actual.priority, expected.priority);
    EXPECT_EQ(actual.reason, expected.reason);
    EXPECT_EQ(actual.task_channel_sid, expected.task_channel_sid);
    EXPECT_EQ(actual.workflow_sid, expected.workflow_sid);
    EXPECT_EQ(actual.task_queue_sid, expected.task_queue_sid);
    EXPECT_EQ(actual.timeout, expected.timeout);
    EXPECT_EQ(actual.version, expected.version);
    EXPECT_EQ(actual.date_created, expected.date_created);
    EXPECT_EQ(actual.date_updated, expected.date_updated);
    EXPECT_EQ(actual.task_queue_entered_date, expected.task_queue_entered_date);
    EXPECT_EQ(actual.virtual_start_time, expected.virtual_start_time);
    EXPECT_EQ(actual.filter_index, expected.filter_index);
    EXPECT_EQ(actual.target_index, expected.target_index);
    EXPECT_EQ(actual.filter_entered_ms, expected.filter_entered_ms);
    EXPECT_EQ(actual.assignment_count, expected.assignment_count);
    EXPECT_EQ(actual.date_ended, expected.date_ended);
  }

  static void ExpectSameReservation(const ReservationRecord& actual,
                                    const ReservationRecord& expected) {
    EXPECT_EQ(actual.seq, expected.seq);
    EXPECT_EQ(actual.sid, expected.sid);
    EXPECT_EQ(actual.account_sid, expected.account_sid);
    EXPECT_EQ(actual.workspace_sid, expected.workspace_sid);
    EXPECT_EQ(actual.task_sid, expected.task_sid);
    EXPECT_EQ(actual.worker_sid, expected.worker_sid);
    EXPECT_EQ(actual.reservation_status, expected.reservation_status);
    EXPECT_EQ(actual.task_queue_sid, expected.task_queue_sid);
    EXPECT_EQ(actual.workflow_sid, expected.workflow_sid);
    EXPECT_EQ(actual.worker_previous_activity_sid, expected.worker_previous_activity_sid);
    EXPECT_EQ(actual.timeout, expected.timeout);
    EXPECT_EQ(actual.version, expected.version);
    EXPECT_EQ(actual.date_created, expected.date_created);
    EXPECT_EQ(actual.date_updated, expected.date_updated);
    EXPECT_EQ(actual.instruction, expected.instruction);
    EXPECT_EQ(actual.instruction_params, expected.instruction_params);
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
  EXPECT_EQ(store->schema_version(), 6);
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

TEST_F(SqliteStoreTest, TasksAndReservationsSurviveReopening) {
  TaskRecord full = Task("WT1", "WS1", 20);
  TaskRecord bare;  // the optional fields empty, the others at their defaults
  bare.seq = 21;
  bare.sid = "WT2";
  bare.account_sid = "AC00000000000000000000000000000001";
  bare.workspace_sid = "WS1";
  bare.task_channel_sid = "TC00000000000000000000000000000001";
  bare.workflow_sid = "WW00000000000000000000000000000001";
  bare.date_created = 13000;
  bare.date_updated = 13000;
  ReservationRecord answered = Reservation("WR1", "WT1", "WS1", 22);
  ReservationRecord pending;  // no instruction yet
  pending.seq = 23;
  pending.sid = "WR2";
  pending.account_sid = "AC00000000000000000000000000000001";
  pending.workspace_sid = "WS1";
  pending.task_sid = "WT2";
  pending.worker_sid = "WK00000000000000000000000000000002";
  pending.task_queue_sid = "WQ00000000000000000000000000000001";
  pending.workflow_sid = "WW00000000000000000000000000000001";
  pending.worker_previous_activity_sid = "WA00000000000000000000000000000001";
  pending.date_created = 14000;
  pending.date_updated = 14000;
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    // Committed out of creation order: the snapshot puts them back in it.
    ASSERT_TRUE(store->Commit({Workspace("WS1"), pending, bare, answered, full}).ok());
  }
  std::unique_ptr<SqliteStore> store = OpenStore();
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  ASSERT_EQ(snapshot->tasks.size(), 2u);
  ExpectSameTask(snapshot->tasks[0], full);
  ExpectSameTask(snapshot->tasks[1], bare);
  EXPECT_EQ(snapshot->tasks[1].filter_index, kNoFilterIndex);
  EXPECT_FALSE(snapshot->tasks[1].reason.has_value());
  EXPECT_FALSE(snapshot->tasks[1].task_queue_sid.has_value());
  EXPECT_FALSE(snapshot->tasks[1].task_queue_entered_date.has_value());
  EXPECT_FALSE(snapshot->tasks[1].date_ended.has_value());
  ASSERT_EQ(snapshot->reservations.size(), 2u);
  ExpectSameReservation(snapshot->reservations[0], answered);
  ExpectSameReservation(snapshot->reservations[1], pending);
  EXPECT_FALSE(snapshot->reservations[1].instruction.has_value());
  EXPECT_TRUE(snapshot->reservations[1].instruction_params.empty());
  EXPECT_EQ(snapshot->max_seq, 23);
}

TEST_F(SqliteStoreTest, ReplacingATaskOrReservationKeepsItsCreationFields) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  ASSERT_TRUE(
      store->Commit({Workspace("WS1"), Task("WT1", "WS1", 2), Reservation("WR1", "WT1", "WS1", 3)})
          .ok());

  TaskRecord task = Task("WT1", "WS1", 2);
  task.attributes = R"({"language":"en"})";
  task.assignment_status = "pending";
  task.priority = 1;
  task.reason.reset();
  task.task_channel_sid = "TC00000000000000000000000000000002";
  task.workflow_sid = "WW00000000000000000000000000000002";
  task.task_queue_sid.reset();
  task.timeout = 30;
  task.version = 5;
  task.date_updated = 15000;
  task.task_queue_entered_date.reset();
  task.virtual_start_time = 9500;
  task.filter_index = kDefaultFilterIndex;
  task.target_index = 0;
  task.filter_entered_ms = 15000;
  task.assignment_count = 4;
  task.date_ended.reset();
  ReservationRecord reservation = Reservation("WR1", "WT1", "WS1", 3);
  reservation.worker_sid = "WK00000000000000000000000000000009";
  reservation.reservation_status = "rejected";
  reservation.task_queue_sid = "WQ00000000000000000000000000000002";
  reservation.workflow_sid = "WW00000000000000000000000000000002";
  reservation.worker_previous_activity_sid = "WA00000000000000000000000000000002";
  reservation.timeout = 60;
  reservation.version = 3;
  reservation.date_updated = 16000;
  reservation.instruction = "call";
  reservation.instruction_params = {{"call_from", "+15550100"}, {"call_to", "+15550199"}};
  TaskRecord task_stored = task;
  ReservationRecord reservation_stored = reservation;
  // Ignored on replacement: a record keeps the creation number and date it was made with.
  task.seq = 40;
  task.date_created = 1;
  reservation.seq = 41;
  reservation.date_created = 1;
  ASSERT_TRUE(store->Commit({task, reservation}).ok());

  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  ASSERT_EQ(snapshot->tasks.size(), 1u);
  ExpectSameTask(snapshot->tasks[0], task_stored);
  ASSERT_EQ(snapshot->reservations.size(), 1u);
  ExpectSameReservation(snapshot->reservations[0], reservation_stored);
  EXPECT_EQ(snapshot->max_seq, 3);
}

TEST_F(SqliteStoreTest, DeletingATaskDeletesOnlyItsReservations) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  ASSERT_TRUE(
      store
          ->Commit({Workspace("WS1"), Task("WT1", "WS1", 2), Task("WT2", "WS1", 3),
                    Reservation("WR1", "WT1", "WS1", 4), Reservation("WR2", "WT2", "WS1", 5),
                    Reservation("WR3", "WT1", "WS1", 6)})
          .ok());
  ASSERT_TRUE(store->Commit({TaskDeletion{"WT1"}}).ok());

  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(TaskSids(snapshot.value()), std::vector<std::string>{"WT2"});
  EXPECT_EQ(ReservationSids(snapshot.value()), std::vector<std::string>{"WR2"});
}

TEST_F(SqliteStoreTest, DeletingAWorkerKeepsTheReservationsOfferedToIt) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  WorkerRecord worker = Worker("WK00000000000000000000000000000001", "WS1", 2);
  ASSERT_TRUE(store
                  ->Commit({Workspace("WS1"), worker, Task("WT1", "WS1", 3),
                            Reservation("WR1", "WT1", "WS1", 4)})
                  .ok());
  ASSERT_TRUE(store->Commit({WorkerDeletion{worker.sid}}).ok());

  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_TRUE(snapshot->workers.empty());
  EXPECT_EQ(ReservationSids(snapshot.value()), std::vector<std::string>{"WR1"});
  EXPECT_EQ(snapshot->reservations[0].worker_sid, worker.sid);
}

TEST_F(SqliteStoreTest, DeletingAWorkspaceDeletesItsTasksAndReservations) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  WorkspaceRecord other = Workspace("WS2");
  other.seq = 5;
  ASSERT_TRUE(
      store
          ->Commit({Workspace("WS1"), Task("WT1", "WS1", 2), Reservation("WR1", "WT1", "WS1", 3),
                    other, Task("WT2", "WS2", 6), Reservation("WR2", "WT2", "WS2", 7)})
          .ok());
  ASSERT_TRUE(store->Commit({WorkspaceDeletion{"WS1"}}).ok());

  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(TaskSids(snapshot.value()), std::vector<std::string>{"WT2"});
  EXPECT_EQ(ReservationSids(snapshot.value()), std::vector<std::string>{"WR2"});
}

// Creation numbers are shared by every resource: the next one must come after a Task's or a
// Reservation's even when it is the newest record.
TEST_F(SqliteStoreTest, LargestCreationNumberCountsTasksAndReservations) {
  std::unique_ptr<SqliteStore> store = OpenStore();
  ASSERT_TRUE(store->Commit({Workspace("WS1"), Task("WT1", "WS1", 30)}).ok());
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->max_seq, 30);

  ASSERT_TRUE(store->Commit({Reservation("WR1", "WT1", "WS1", 31)}).ok());
  snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->max_seq, 31);
}

// A store written before Tasks existed keeps what it holds and takes Tasks from then on.
TEST_F(SqliteStoreTest, MigrationAddsTasksToAStoreOfTheWorkflowVersion) {
  {
    std::unique_ptr<SqliteStore> store = OpenStore();
    ASSERT_TRUE(
        store->Commit({Workspace("WS1"), TaskChannel("TC1", "WS1", 2), TaskQueue("WQ1", "WS1", 3)})
            .ok());
  }
  RunSql("DROP TABLE tasks; DROP TABLE reservations; PRAGMA user_version = 5;");

  std::unique_ptr<SqliteStore> store = OpenStore();
  EXPECT_EQ(store->schema_version(), 6);
  Result<Snapshot> snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(snapshot->workspaces.size(), 1u);
  EXPECT_EQ(snapshot->task_channels.size(), 1u);
  EXPECT_EQ(snapshot->task_queues.size(), 1u);
  EXPECT_TRUE(snapshot->tasks.empty());
  EXPECT_TRUE(snapshot->reservations.empty());
  EXPECT_EQ(snapshot->max_seq, 3);

  ASSERT_TRUE(store->Commit({Task("WT1", "WS1", 4), Reservation("WR1", "WT1", "WS1", 5)}).ok());
  snapshot = store->Load();
  ASSERT_TRUE(snapshot.ok());
  EXPECT_EQ(TaskSids(snapshot.value()), std::vector<std::string>{"WT1"});
  EXPECT_EQ(ReservationSids(snapshot.value()), std::vector<std::string>{"WR1"});
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
      "DROP TABLE workflows; DROP TABLE tasks; DROP TABLE reservations; "
      "PRAGMA user_version = 2;");

  std::unique_ptr<SqliteStore> store = OpenStore();
  EXPECT_EQ(store->schema_version(), 6);
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
