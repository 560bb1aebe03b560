#include "domain/task_queue_service.h"

#include <functional>

#include "common/sid.h"
#include "domain/domain_fixture.h"

namespace taskrouter::testing {
namespace {

class TaskQueueServiceTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    ws_ = NewWorkspace();
  }

  Result<TaskQueueView> Create(const std::string& name, const std::string& target = "1==1") {
    TaskQueueCreate create;
    create.friendly_name = name;
    create.target_workers = target;
    return task_queues_->CreateTaskQueue(kCaller, ws_, create);
  }

  std::string NewQueue(const std::string& name, const std::string& target = "1==1") {
    Result<TaskQueueView> view = Create(name, target);
    EXPECT_TRUE(view.ok()) << (view.ok() ? "" : view.error().message());
    return view.ok() ? view->record.sid : "";
  }

  std::string NewWorkerWith(const std::string& name, const std::string& attributes) {
    WorkerCreate create;
    create.friendly_name = name;
    create.attributes = attributes;
    Result<WorkerView> view = workers_->CreateWorker(kCaller, ws_, create);
    EXPECT_TRUE(view.ok()) << (view.ok() ? "" : view.error().message());
    return view.ok() ? view->record.sid : "";
  }

  // Updates queue `sid` with what `set` puts in an otherwise empty update.
  Result<TaskQueueView> Update(const std::string& sid,
                               const std::function<void(TaskQueueUpdate&)>& set) {
    TaskQueueUpdate update;
    set(update);
    return task_queues_->UpdateTaskQueue(kCaller, ws_, sid, update);
  }

  std::vector<std::string> QueueNames(const std::function<void(TaskQueueFilter&)>& set) {
    TaskQueueFilter filter;
    set(filter);
    return QueueNames(filter);
  }

  std::vector<std::string> QueueNames(const TaskQueueFilter& filter = {}) {
    PageRequest page;
    page.page_size = kMaxPageSize;
    Result<Page<TaskQueueView>> listed = task_queues_->ListTaskQueues(kCaller, ws_, filter, page);
    EXPECT_TRUE(listed.ok()) << (listed.ok() ? "" : listed.error().message());
    std::vector<std::string> names;
    for (const TaskQueueView& view : listed.ok() ? listed->items : std::vector<TaskQueueView>{}) {
      names.push_back(view.record.friendly_name);
    }
    return names;
  }

  std::vector<std::string> WorkerNames(WorkerFilter filter) {
    PageRequest page;
    page.page_size = kMaxPageSize;
    Result<Page<WorkerView>> listed = workers_->ListWorkers(kCaller, ws_, filter, page);
    EXPECT_TRUE(listed.ok());
    std::vector<std::string> names;
    for (const WorkerView& view : listed.ok() ? listed->items : std::vector<WorkerView>{}) {
      names.push_back(view.record.friendly_name);
    }
    return names;
  }

  std::string ws_;
};

TEST_F(TaskQueueServiceTest, CreateGivesTheDefaultsAndSurvivesARestart) {
  Result<TaskQueueView> created = Create("Sales", "");
  ASSERT_TRUE(created.ok()) << created.error().message();
  const TaskQueueRecord& q = created->record;
  EXPECT_TRUE(IsSid(q.sid, "WQ"));
  EXPECT_EQ(q.account_sid, kCaller.account_sid);
  EXPECT_EQ(q.workspace_sid, ws_);
  EXPECT_EQ(q.target_workers, "1==1");
  EXPECT_EQ(q.max_reserved_workers, 1);
  EXPECT_EQ(q.task_order, "FIFO");
  EXPECT_FALSE(q.reservation_activity_sid.has_value());
  EXPECT_FALSE(q.assignment_activity_sid.has_value());
  EXPECT_EQ(q.date_created, kStart);
  EXPECT_EQ(created->reservation_activity_name, "");

  Reopen();
  Result<TaskQueueView> fetched = task_queues_->FetchTaskQueue(kCaller, ws_, q.sid);
  ASSERT_TRUE(fetched.ok());
  EXPECT_EQ(fetched->record.friendly_name, "Sales");
  EXPECT_EQ(fetched->record.seq, q.seq);
  EXPECT_EQ(QueueNames(), (std::vector<std::string>{"Sales"}));
}

TEST_F(TaskQueueServiceTest, EveryFieldIsCheckedAndAnErrorChangesNothing) {
  NewQueue("Sales");
  std::string other_ws = NewWorkspace("Other");
  std::string foreign_activity = ActivitySid(other_ws, "Available");
  struct Case {
    const char* what;
    std::function<void(TaskQueueCreate&)> set;
    const char* fragment;
  };
  const Case kCases[] = {
      {"empty name", [](TaskQueueCreate& c) { c.friendly_name = ""; }, "FriendlyName"},
      {"duplicate name", [](TaskQueueCreate& c) { c.friendly_name = "sALES"; },
       "TaskQueue named sALES already exists"},
      {"bad expression", [](TaskQueueCreate& c) { c.target_workers = "a == "; }, "TargetWorkers"},
      {"zero reserved", [](TaskQueueCreate& c) { c.max_reserved_workers = 0; }, "between 1 and 50"},
      {"51 reserved", [](TaskQueueCreate& c) { c.max_reserved_workers = 51; }, "not 51"},
      {"task order", [](TaskQueueCreate& c) { c.task_order = "RANDOM"; }, "FIFO or LIFO"},
      {"foreign activity",
       [&](TaskQueueCreate& c) { c.reservation_activity_sid = foreign_activity; },
       "ReservationActivitySid"},
      {"unknown activity",
       [](TaskQueueCreate& c) { c.assignment_activity_sid = "WA00000000000000000000000000000000"; },
       "AssignmentActivitySid WA00000000000000000000000000000000 is not an Activity"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.what);
    TaskQueueCreate create;
    create.friendly_name = "A";
    c.set(create);
    Result<TaskQueueView> result = task_queues_->CreateTaskQueue(kCaller, ws_, create);
    ASSERT_FALSE(result.ok());
    ExpectError(result.error(), 400, kCodeInvalidParameter, c.fragment);
  }
  EXPECT_EQ(QueueNames(), (std::vector<std::string>{"Sales"}));
}

TEST_F(TaskQueueServiceTest, InvalidTargetWorkersNamesTheParameterAndPosition) {
  Result<TaskQueueView> result = Create("A", "skills HAS 'x' AND");
  ASSERT_FALSE(result.ok());
  ExpectError(result.error(), 400, kCodeInvalidParameter, "TargetWorkers");
  EXPECT_NE(result.error().message().find("position 19"), std::string::npos)
      << result.error().message();
}

TEST_F(TaskQueueServiceTest, UpdateChangesOnlyWhatItIsGivenAndNamesTheActivities) {
  std::string sid = NewQueue("Sales");
  std::string busy = ActivitySid(ws_, "Unavailable");
  clock_.Advance(5 * kSecond);
  TaskQueueUpdate update;
  update.max_reserved_workers = 50;
  update.task_order = "LIFO";
  update.reservation_activity_sid = busy;
  update.assignment_activity_sid = busy;
  Result<TaskQueueView> updated = task_queues_->UpdateTaskQueue(kCaller, ws_, sid, update);
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->record.friendly_name, "Sales");
  EXPECT_EQ(updated->record.target_workers, "1==1");
  EXPECT_EQ(updated->record.max_reserved_workers, 50);
  EXPECT_EQ(updated->record.task_order, "LIFO");
  EXPECT_EQ(updated->reservation_activity_name, "Unavailable");
  EXPECT_EQ(updated->assignment_activity_name, "Unavailable");
  EXPECT_EQ(updated->record.date_created, kStart);
  EXPECT_EQ(updated->record.date_updated, kStart + 5 * kSecond);

  // Renaming to its own name in another case is allowed; to another queue's name is not.
  NewQueue("Support");
  Result<TaskQueueView> renamed =
      Update(sid, [](TaskQueueUpdate& u) { u.friendly_name = "SALES"; });
  ASSERT_TRUE(renamed.ok());
  Result<TaskQueueView> clash =
      Update(sid, [](TaskQueueUpdate& u) { u.friendly_name = "support"; });
  ASSERT_FALSE(clash.ok());
  ExpectError(clash.error(), 400, kCodeInvalidParameter, "already exists");
  Result<TaskQueueView> bad = Update(sid, [](TaskQueueUpdate& u) { u.target_workers = "(a == 1"; });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(task_queues_->FetchTaskQueue(kCaller, ws_, sid)->record.target_workers, "1==1");
}

TEST_F(TaskQueueServiceTest, EventsForCreateExpressionChangeAndDelete) {
  std::string sid = NewQueue("Sales");
  ASSERT_TRUE(Update(sid, [](TaskQueueUpdate& u) { u.max_reserved_workers = 2; }).ok());
  ASSERT_TRUE(Update(sid, [](TaskQueueUpdate& u) { u.target_workers = "level > 2"; }).ok());
  ASSERT_TRUE(task_queues_->DeleteTaskQueue(kCaller, ws_, sid).ok());

  std::vector<EventRecord> events = AllEvents(ws_);
  ASSERT_EQ(events.size(), 4u);  // workspace.created, and three of the queue
  EXPECT_EQ(events[1].event_type, "task-queue.created");
  EXPECT_EQ(events[1].resource_type, "taskqueue");
  EXPECT_EQ(events[1].resource_sid, sid);
  EXPECT_EQ(events[1].description, "TaskQueue " + sid + " created");
  EXPECT_EQ(DataOf(events[1], "task_queue_sid"), sid);
  EXPECT_EQ(DataOf(events[1], "task_queue_name"), "Sales");
  EXPECT_EQ(DataOf(events[1], "task_queue_target_expression"), "1==1");
  EXPECT_EQ(events[2].event_type, "task-queue.expression.updated");
  EXPECT_EQ(events[2].description, "TaskQueue " + sid + " expression updated to 'level > 2'");
  EXPECT_EQ(DataOf(events[2], "task_queue_target_expression"), "level > 2");
  EXPECT_EQ(events[3].event_type, "task-queue.deleted");
  EXPECT_EQ(DataOf(events[3], "task_queue_name"), "Sales");
}

TEST_F(TaskQueueServiceTest, UnknownQueuesAndOtherAccountsAreNotFound) {
  std::string sid = NewQueue("Sales");
  std::string other_ws = NewWorkspace("Other");
  const std::pair<const Caller*, std::pair<std::string, std::string>> kCases[] = {
      {&kCaller, {ws_, "WQ00000000000000000000000000000000"}},
      {&kCaller, {other_ws, sid}},
      {&kOtherCaller, {ws_, sid}},
  };
  TaskQueueUpdate rename;
  rename.friendly_name = "X";
  for (const auto& [caller, where] : kCases) {
    SCOPED_TRACE(where.first + "/" + where.second);
    Result<TaskQueueView> fetched =
        task_queues_->FetchTaskQueue(*caller, where.first, where.second);
    ASSERT_FALSE(fetched.ok());
    EXPECT_EQ(fetched.error().http_status(), 404);
    Result<TaskQueueView> updated =
        task_queues_->UpdateTaskQueue(*caller, where.first, where.second, rename);
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().http_status(), 404);
    Status deleted = task_queues_->DeleteTaskQueue(*caller, where.first, where.second);
    ASSERT_FALSE(deleted.ok());
    EXPECT_EQ(deleted.error().http_status(), 404);
  }
  EXPECT_EQ(QueueNames(), (std::vector<std::string>{"Sales"}));
}

TEST_F(TaskQueueServiceTest, ActivityUsedByAQueueCannotBeDeletedUntilTheQueueIs) {
  Result<ActivityRecord> lunch = workspaces_->CreateActivity(kCaller, ws_, "Lunch", false);
  ASSERT_TRUE(lunch.ok());
  TaskQueueCreate create;
  create.friendly_name = "Sales";
  create.assignment_activity_sid = lunch->sid;
  Result<TaskQueueView> queue = task_queues_->CreateTaskQueue(kCaller, ws_, create);
  ASSERT_TRUE(queue.ok());

  Status refused = workspaces_->DeleteActivity(kCaller, ws_, lunch->sid);
  ASSERT_FALSE(refused.ok());
  ExpectError(
      refused.error(), 400, kCodeInvalidParameter,
      "because TaskQueue " + queue->record.sid + " (Sales) uses it as its assignment activity");
  ASSERT_TRUE(task_queues_->DeleteTaskQueue(kCaller, ws_, queue->record.sid).ok());
  EXPECT_TRUE(workspaces_->DeleteActivity(kCaller, ws_, lunch->sid).ok());
}

TEST_F(TaskQueueServiceTest, ListFiltersByNameWorkerAttributesAndWorker) {
  NewQueue("English", "languages HAS 'en'");
  NewQueue("Spanish", "languages HAS 'es'");
  NewQueue("Everyone");
  NewQueue("Alice only", "friendly_name == 'Alice'");
  std::string alice = NewWorkerWith("Alice", R"({"languages":["en"]})");
  std::string bob = NewWorkerWith("Bob", R"({"languages":["es","en"]})");

  EXPECT_EQ(QueueNames([](TaskQueueFilter& f) { f.friendly_name = "Spanish"; }),
            (std::vector<std::string>{"Spanish"}));
  EXPECT_EQ(QueueNames([](TaskQueueFilter& f) {
              f.worker_attributes = ParseAttributes(R"({"languages":["es"]})").value();
            }),
            (std::vector<std::string>{"Spanish", "Everyone"}));
  EXPECT_EQ(QueueNames([&](TaskQueueFilter& f) { f.worker_sid = alice; }),
            (std::vector<std::string>{"English", "Everyone", "Alice only"}));
  EXPECT_EQ(QueueNames([&](TaskQueueFilter& f) { f.worker_sid = bob; }),
            (std::vector<std::string>{"English", "Spanish", "Everyone"}));
  EXPECT_TRUE(QueueNames([](TaskQueueFilter& f) {
                f.worker_sid = "WK00000000000000000000000000000000";
              }).empty());
  EXPECT_EQ(QueueNames([](TaskQueueFilter& f) { f.newest_first = true; }),
            (std::vector<std::string>{"Alice only", "Everyone", "Spanish", "English"}));
}

TEST_F(TaskQueueServiceTest, WorkerListByQueueFollowsItsTargetWorkers) {
  std::string spanish = NewQueue("Spanish", "languages HAS 'es'");
  NewWorkerWith("Alice", R"({"languages":["en"]})");
  NewWorkerWith("Bob", R"({"languages":["es","en"]})");
  NewWorkerWith("Carol", R"({"languages":["es"]})");

  WorkerFilter by_sid;
  by_sid.task_queue_sid = spanish;
  EXPECT_EQ(WorkerNames(std::move(by_sid)), (std::vector<std::string>{"Bob", "Carol"}));
  WorkerFilter by_name;
  by_name.task_queue_name = "spanish";
  EXPECT_EQ(WorkerNames(std::move(by_name)), (std::vector<std::string>{"Bob", "Carol"}));
  WorkerFilter unknown;
  unknown.task_queue_name = "French";
  EXPECT_TRUE(WorkerNames(std::move(unknown)).empty());

  // The queue's parsed expression follows an update.
  ASSERT_TRUE(
      Update(spanish, [](TaskQueueUpdate& u) { u.target_workers = "languages HAS 'en'"; }).ok());
  WorkerFilter again;
  again.task_queue_sid = spanish;
  EXPECT_EQ(WorkerNames(std::move(again)), (std::vector<std::string>{"Alice", "Bob"}));
}

TEST_F(TaskQueueServiceTest, StoreFailureChangesNothing) {
  std::string sid = NewQueue("Sales");
  faulty_->set_fail_commits(true);
  EXPECT_FALSE(Create("Support").ok());
  EXPECT_FALSE(Update(sid, [](TaskQueueUpdate& u) { u.friendly_name = "X"; }).ok());
  EXPECT_FALSE(task_queues_->DeleteTaskQueue(kCaller, ws_, sid).ok());
  faulty_->set_fail_commits(false);
  EXPECT_EQ(QueueNames(), (std::vector<std::string>{"Sales"}));
  Reopen();
  EXPECT_EQ(QueueNames(), (std::vector<std::string>{"Sales"}));
}

TEST_F(TaskQueueServiceTest, DeletingTheWorkspaceDeletesItsQueues) {
  NewQueue("Sales");
  ASSERT_TRUE(workspaces_->DeleteWorkspace(kCaller, ws_).ok());
  Reopen();
  ws_ = NewWorkspace();
  EXPECT_TRUE(QueueNames().empty());
  EXPECT_TRUE(sqlite_->Load()->task_queues.empty());
}

TEST_F(TaskQueueServiceTest, QueueWorkersCountsEligibleAndAvailableWorkersByActivity) {
  std::string spanish = NewQueue("Spanish", "languages HAS 'es'");
  NewQueue("Everyone");
  NewWorkerWith("Alice", R"({"languages":["en"]})");
  std::string bob = NewWorkerWith("Bob", R"({"languages":["es"]})");
  NewWorkerWith("Carol", R"({"languages":["es"]})");
  ASSERT_TRUE(Move(ws_, bob, ActivitySid(ws_, "Available")).ok());

  Result<TaskQueueWorkers> counts = task_queues_->QueueWorkers(kCaller, ws_, spanish);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->task_queue_sid, spanish);
  EXPECT_EQ(counts->total_eligible_workers, 2);
  EXPECT_EQ(counts->total_available_workers, 1);
  std::vector<std::pair<std::string, int64_t>> by_activity;
  for (const ActivityCount& count : counts->activity_statistics) {
    by_activity.emplace_back(count.friendly_name, count.workers);
  }
  EXPECT_EQ(by_activity, (std::vector<std::pair<std::string, int64_t>>{
                             {"Offline", 1}, {"Unavailable", 0}, {"Available", 1}}));

  PageRequest page;
  Result<Page<TaskQueueWorkers>> all =
      task_queues_->ListQueueWorkers(kCaller, ws_, std::nullopt, page);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->items.size(), 2u);
  EXPECT_EQ(all->items[1].total_eligible_workers, 3);
  Result<Page<TaskQueueWorkers>> named =
      task_queues_->ListQueueWorkers(kCaller, ws_, std::string("Spanish"), page);
  ASSERT_TRUE(named.ok());
  ASSERT_EQ(named->items.size(), 1u);
  EXPECT_EQ(named->items[0].task_queue_sid, spanish);
  EXPECT_EQ(task_queues_->QueueWorkers(kCaller, ws_, "WQ00000000000000000000000000000000")
                .error()
                .http_status(),
            404);
}

}  // namespace
}  // namespace taskrouter::testing
