#include "domain/worker_service.h"

#include "domain/domain_fixture.h"

namespace taskrouter::testing {
namespace {

class WorkerServiceTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    ws_ = NewWorkspace();
    offline_ = ActivitySid(ws_, "Offline");
    available_ = ActivitySid(ws_, "Available");
  }

  std::string ws_;
  std::string offline_;
  std::string available_;
};

TEST_F(WorkerServiceTest, NewWorkerIsInTheDefaultActivity) {
  WorkerView alice = NewWorker(ws_, "Alice");
  EXPECT_EQ(alice.record.activity_sid, offline_);
  EXPECT_EQ(alice.activity_name, "Offline");
  EXPECT_FALSE(alice.available);
  EXPECT_EQ(alice.record.attributes, "{}");
  EXPECT_EQ(alice.record.version, 0);
  EXPECT_EQ(alice.record.date_status_changed, kStart);

  WorkerView bob = NewWorker(ws_, "Bob", available_);
  EXPECT_EQ(bob.activity_name, "Available");
  EXPECT_TRUE(bob.available);
}

TEST_F(WorkerServiceTest, StatusChangeTimeMovesOnlyWithTheActivity) {
  WorkerView alice = NewWorker(ws_, "Alice");
  clock_.Advance(10 * kSecond);
  WorkerUpdate rename;
  rename.friendly_name = "Alice B";
  rename.attributes = R"({"skills":["en"]})";
  WorkerView renamed = workers_->UpdateWorker(kCaller, ws_, alice.record.sid, rename).value();
  EXPECT_EQ(renamed.record.date_status_changed, kStart);
  EXPECT_EQ(renamed.record.date_updated, kStart + 10 * kSecond);
  EXPECT_EQ(renamed.record.version, 1);

  clock_.Advance(5 * kSecond);
  WorkerView moved = Move(ws_, alice.record.sid, available_).value();
  EXPECT_EQ(moved.record.date_status_changed, kStart + 15 * kSecond);
  EXPECT_EQ(moved.record.version, 2);
  EXPECT_TRUE(moved.available);

  // Moving to the Activity it is in already changes no status time.
  clock_.Advance(5 * kSecond);
  WorkerView same = Move(ws_, alice.record.sid, available_).value();
  EXPECT_EQ(same.record.date_status_changed, kStart + 15 * kSecond);
}

TEST_F(WorkerServiceTest, NamesAreUniqueCaseInsensitively) {
  NewWorker(ws_, "Alice");
  WorkerCreate create;
  create.friendly_name = "ALICE";
  ExpectError(workers_->CreateWorker(kCaller, ws_, create).error(), 400, 20001,
              "Worker named ALICE already exists for workspace " + ws_);
  WorkerView bob = NewWorker(ws_, "Bob");
  WorkerUpdate update;
  update.friendly_name = "alice";
  ExpectError(workers_->UpdateWorker(kCaller, ws_, bob.record.sid, update).error(), 400, 20001,
              "already exists");
  // The old name is free once renamed.
  update.friendly_name = "Robert";
  ASSERT_TRUE(workers_->UpdateWorker(kCaller, ws_, bob.record.sid, update).ok());
  NewWorker(ws_, "bob");
}

TEST_F(WorkerServiceTest, ActivityMustBelongToTheWorkspace) {
  std::string other = NewWorkspace("Other");
  std::string foreign = ActivitySid(other, "Available");
  WorkerCreate create;
  create.friendly_name = "Alice";
  create.activity_sid = foreign;
  ExpectError(workers_->CreateWorker(kCaller, ws_, create).error(), 400, 20001,
              "ActivitySid " + foreign + " is not an Activity of workspace " + ws_);
  WorkerView bob = NewWorker(ws_, "Bob");
  ExpectError(Move(ws_, bob.record.sid, foreign).error(), 400, 20001, "is not an Activity");
  EXPECT_EQ(workers_->FetchWorker(kCaller, ws_, bob.record.sid)->record.activity_sid, offline_);
}

TEST_F(WorkerServiceTest, StaleIfMatchIsRefusedAndChangesNothing) {
  WorkerView alice = NewWorker(ws_, "Alice");
  WorkerUpdate update;
  update.activity_sid = available_;
  update.if_match = 0;
  ASSERT_TRUE(workers_->UpdateWorker(kCaller, ws_, alice.record.sid, update).ok());

  update.activity_sid = offline_;  // version 0 is stale now
  ExpectError(workers_->UpdateWorker(kCaller, ws_, alice.record.sid, update).error(), 412, 20412,
              "is at version 1, not the version 0");
  ExpectError(workers_->DeleteWorker(kCaller, ws_, alice.record.sid, 0).error(), 412, 20412,
              "version");
  WorkerView now = workers_->FetchWorker(kCaller, ws_, alice.record.sid).value();
  EXPECT_EQ(now.record.activity_sid, available_);
  EXPECT_TRUE(workers_->DeleteWorker(kCaller, ws_, alice.record.sid, 1).ok());
}

TEST_F(WorkerServiceTest, AvailableWorkersAreLimited) {
  max_available_ = 2;
  Reopen();
  NewWorker(ws_, "A", available_);
  WorkerView b = NewWorker(ws_, "B");
  ASSERT_TRUE(Move(ws_, b.record.sid, available_).ok());
  WorkerCreate create;
  create.friendly_name = "C";
  create.activity_sid = available_;
  ExpectError(workers_->CreateWorker(kCaller, ws_, create).error(), 400, 14240,
              "Max concurrent Workers exceeded");
  WorkerView c = NewWorker(ws_, "C");
  ExpectError(Move(ws_, c.record.sid, available_).error(), 400, 14240, "Max concurrent");

  // A Worker already available may stay; once one leaves, another may come.
  ASSERT_TRUE(Move(ws_, b.record.sid, available_).ok());
  ASSERT_TRUE(Move(ws_, b.record.sid, offline_).ok());
  EXPECT_TRUE(Move(ws_, c.record.sid, available_).ok());
}

TEST_F(WorkerServiceTest, WorkersPerWorkspaceAreLimited) {
  max_workers_ = 3;
  Reopen();
  for (const char* name : {"A", "B", "C"}) {
    NewWorker(ws_, name);
  }
  WorkerCreate create;
  create.friendly_name = "D";
  ExpectError(workers_->CreateWorker(kCaller, ws_, create).error(), 400, 20001,
              "maximum of 3 Workers");
}

TEST_F(WorkerServiceTest, OccupiedActivityCannotBeDeleted) {
  std::string lunch = workspaces_->CreateActivity(kCaller, ws_, "Lunch", false)->sid;
  WorkerView alice = NewWorker(ws_, "Alice", lunch);
  ExpectError(workspaces_->DeleteActivity(kCaller, ws_, lunch).error(), 400, 20001,
              "because 1 Worker is in it");
  NewWorker(ws_, "Bob", lunch);
  ExpectError(workspaces_->DeleteActivity(kCaller, ws_, lunch).error(), 400, 20001,
              "because 2 Workers are in it");

  // Renaming shows at once in the Worker.
  ASSERT_TRUE(workspaces_->UpdateActivity(kCaller, ws_, lunch, "Long Lunch").ok());
  EXPECT_EQ(workers_->FetchWorker(kCaller, ws_, alice.record.sid)->activity_name, "Long Lunch");
}

TEST_F(WorkerServiceTest, ListFiltersAndOrders) {
  WorkerView a = NewWorker(ws_, "A");
  clock_.Advance(kSecond);
  WorkerView b = NewWorker(ws_, "B", available_);
  clock_.Advance(kSecond);
  WorkerView c = NewWorker(ws_, "C");
  clock_.Advance(kSecond);
  ASSERT_TRUE(Move(ws_, a.record.sid, available_).ok());

  // The names listed with a filter that `set` fills in.
  auto names = [&](auto set) {
    WorkerFilter filter;
    set(filter);
    Result<Page<WorkerView>> listed = workers_->ListWorkers(kCaller, ws_, filter, {});
    std::vector<std::string> result;
    for (const WorkerView& v : listed->items) {
      result.push_back(v.record.friendly_name);
    }
    return result;
  };
  using Ordering = WorkerFilter::Ordering;
  EXPECT_EQ(names([](WorkerFilter&) {}), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(names([](WorkerFilter& f) { f.available = true; }),
            (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(names([](WorkerFilter& f) { f.available = false; }), std::vector<std::string>{"C"});
  EXPECT_EQ(names([](WorkerFilter& f) { f.activity_name = "Available"; }),
            (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(names([&](WorkerFilter& f) { f.activity_sid = offline_; }),
            std::vector<std::string>{"C"});
  EXPECT_EQ(names([](WorkerFilter& f) { f.friendly_name = "B"; }), std::vector<std::string>{"B"});
  EXPECT_EQ(names([](WorkerFilter& f) { f.ordering = Ordering::kDateCreatedDesc; }),
            (std::vector<std::string>{"C", "B", "A"}));
  EXPECT_EQ(names([](WorkerFilter& f) { f.ordering = Ordering::kStatusChangedAsc; }),
            (std::vector<std::string>{"B", "C", "A"}));
  EXPECT_EQ(names([](WorkerFilter& f) { f.ordering = Ordering::kStatusChangedDesc; }),
            (std::vector<std::string>{"A", "C", "B"}));
}

TEST_F(WorkerServiceTest, OrderedPagesNeitherSkipNorRepeat) {
  for (int i = 0; i < 5; ++i) {
    NewWorker(ws_, "W" + std::to_string(i));
    clock_.Advance(kSecond);
  }
  WorkerFilter filter;
  filter.ordering = WorkerFilter::Ordering::kDateCreatedDesc;
  PageRequest page;
  page.page_size = 2;
  Page<WorkerView> first = workers_->ListWorkers(kCaller, ws_, filter, page).value();
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[1].record.friendly_name, "W3");

  NewWorker(ws_, "Newest");  // sorts before the cursor: must not appear on later pages
  page.from = PageRequest::From::kAfter;
  page.cursor = first.last;
  Page<WorkerView> second = workers_->ListWorkers(kCaller, ws_, filter, page).value();
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].record.friendly_name, "W2");
  EXPECT_EQ(second.items[1].record.friendly_name, "W1");
}

TEST_F(WorkerServiceTest, ChangesRecordTheirEvents) {
  clock_.Advance(kSecond);
  WorkerView alice = NewWorker(ws_, "Alice");
  clock_.Advance(26123);
  ASSERT_TRUE(Move(ws_, alice.record.sid, available_).ok());
  WorkerUpdate update;
  update.attributes = R"({"languages":["fr"]})";
  ASSERT_TRUE(workers_->UpdateWorker(kCaller, ws_, alice.record.sid, update).ok());
  ASSERT_TRUE(workers_->DeleteWorker(kCaller, ws_, alice.record.sid, std::nullopt).ok());

  std::vector<EventRecord> events = AllEvents(ws_);
  std::vector<std::string> types;
  for (const EventRecord& e : events) {
    types.push_back(e.event_type);
  }
  EXPECT_EQ(types, (std::vector<std::string>{"workspace.created", "worker.created",
                                             "worker.activity.update", "worker.attributes.update",
                                             "worker.deleted"}));
  const EventRecord& moved = events[2];
  EXPECT_EQ(moved.resource_type, "worker");
  EXPECT_EQ(moved.resource_sid, alice.record.sid);
  EXPECT_EQ(moved.description, "Worker Alice updated to Available Activity");
  EXPECT_EQ(moved.actor_sid, ws_);
  EXPECT_EQ(moved.source_ip_address, "192.0.2.7");
  EXPECT_EQ(moved.event_date_ms, kStart + 27123);
  EXPECT_EQ(DataOf(moved, "worker_activity_name"), "Available");
  EXPECT_EQ(DataOf(moved, "worker_previous_activity_sid"), offline_);
  EXPECT_EQ(DataOf(moved, "worker_previous_activity_name"), "Offline");
  EXPECT_EQ(DataOf(moved, "worker_time_in_previous_activity"), "26");
  EXPECT_EQ(DataOf(moved, "worker_time_in_previous_activity_ms"), "26123");
  EXPECT_EQ(DataOf(moved, "worker_version"), "1");
  EXPECT_EQ(DataOf(moved, "workspace_name"), "Support");
  EXPECT_EQ(DataOf(events[3], "worker_attributes"), R"({"languages":["fr"]})");
}

TEST_F(WorkerServiceTest, FailedCommitChangesNothing) {
  WorkerView alice = NewWorker(ws_, "Alice");
  faulty_->set_fail_commits(true);
  WorkerCreate create;
  create.friendly_name = "Bob";
  EXPECT_EQ(workers_->CreateWorker(kCaller, ws_, create).error().code(), 20500);
  EXPECT_EQ(Move(ws_, alice.record.sid, available_).error().code(), 20500);
  EXPECT_EQ(workers_->DeleteWorker(kCaller, ws_, alice.record.sid, std::nullopt).error().code(),
            20500);
  faulty_->set_fail_commits(false);

  WorkerView now = workers_->FetchWorker(kCaller, ws_, alice.record.sid).value();
  EXPECT_EQ(now.record.activity_sid, offline_);
  EXPECT_EQ(now.record.version, 0);
  create.friendly_name = "Bob";
  EXPECT_TRUE(workers_->CreateWorker(kCaller, ws_, create).ok());
  EXPECT_EQ(AllEvents(ws_).size(), 3u);
}

TEST_F(WorkerServiceTest, ListFiltersByAnExpressionAtTheClocksTime) {
  WorkerView alice = NewWorker(ws_, "Alice", available_);
  WorkerUpdate attributes;
  attributes.attributes = R"({"level": 7})";
  ASSERT_TRUE(workers_->UpdateWorker(kCaller, ws_, alice.record.sid, attributes).ok());
  NewWorker(ws_, "Bob");

  // The clock starts at 2023-11-14T22:13:20Z.
  auto names = [&](const std::string& text) {
    WorkerFilter filter;
    filter.target_workers = std::move(ParseExpression(text, "TargetWorkersExpression").value());
    Page<WorkerView> page = workers_->ListWorkers(kCaller, ws_, filter, PageRequest{}).value();
    std::vector<std::string> listed;
    for (const WorkerView& view : page.items) {
      listed.push_back(view.record.friendly_name);
    }
    return listed;
  };
  EXPECT_EQ(names("level > 5 AND taskrouter.currentTime == 2213"),
            std::vector<std::string>{"Alice"});
  EXPECT_EQ(names("activity_name == 'Offline' AND taskrouter.dayOfWeek == 'Tue'"),
            std::vector<std::string>{"Bob"});
  clock_.Advance(60 * kSecond);
  EXPECT_EQ(names("taskrouter.currentTime == 2213"), std::vector<std::string>{});
}

TEST_F(WorkerServiceTest, WorkersSurviveARestart) {
  WorkerView alice = NewWorker(ws_, "Alice", available_);
  Reopen();
  WorkerView loaded = workers_->FetchWorker(kCaller, ws_, alice.record.sid).value();
  EXPECT_EQ(loaded.record.friendly_name, "Alice");
  EXPECT_TRUE(loaded.available);
  WorkerCreate create;
  create.friendly_name = "alice";
  EXPECT_EQ(workers_->CreateWorker(kCaller, ws_, create).error().code(), 20001);
}

}  // namespace
}  // namespace taskrouter::testing
