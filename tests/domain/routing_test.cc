// The routing engine through TaskService, driven by a manual clock: which Worker gets which
// Task and when, the Activity moves that follow, and timeouts against answers.
#include "domain/routing.h"

#include <gtest/gtest.h>

#include "routing_fixture.h"

namespace taskrouter::testing {
namespace {

class RoutingTest : public RoutingFixture {};

TEST(CompactRecordsTest, KeepsTheLastRecordOfEachSidInPlace) {
  auto task = [](const std::string& sid, int64_t version) {
    TaskRecord record;
    record.sid = sid;
    record.version = version;
    return record;
  };
  ReservationRecord reservation;
  reservation.sid = "WR1";
  EventRecord event;
  event.sid = "EV1";
  Batch batch = {task("WT1", 1), event,       task("WT1", 2), reservation,
                 task("WT2", 1), reservation, task("WT1", 3), TaskDeletion{"WT2"}};
  CompactRecords(batch);
  ASSERT_EQ(batch.size(), 5u);
  EXPECT_EQ(std::get<EventRecord>(batch[0]).sid, "EV1");
  EXPECT_EQ(std::get<TaskRecord>(batch[1]).sid, "WT2");
  EXPECT_EQ(std::get<ReservationRecord>(batch[2]).sid, "WR1");
  EXPECT_EQ(std::get<TaskRecord>(batch[3]).version, 3);
  EXPECT_EQ(std::get<TaskDeletion>(batch[4]).sid, "WT2");
}

TEST_F(RoutingTest, TaskWaitsInItsQueueUntilAWorkerIsAvailable) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice", "{}", /*available=*/false);
  TaskView task = NewTask(R"({"type":"ticket"})");
  EXPECT_EQ(task.record.assignment_status, "pending");
  EXPECT_EQ(task.record.task_queue_sid, queue);
  EXPECT_EQ(task.record.task_queue_entered_date, kStart);
  EXPECT_EQ(task.task_queue_friendly_name, "Support");
  EXPECT_EQ(task.task_channel_unique_name, "default");
  EXPECT_EQ(task.workflow_friendly_name, "Flow");
  EXPECT_TRUE(ReservationsOf(task.record.sid).empty());

  ASSERT_TRUE(Move(ws_, alice, available_).ok());
  EXPECT_EQ(Task(task.record.sid).assignment_status, "reserved");
  std::vector<ReservationRecord> reservations = ReservationsOf(task.record.sid);
  ASSERT_EQ(reservations.size(), 1u);
  EXPECT_EQ(reservations[0].worker_sid, alice);
  EXPECT_EQ(reservations[0].reservation_status, "pending");
  EXPECT_EQ(reservations[0].task_queue_sid, queue);
  // Multitasking: no Activity moves by itself.
  EXPECT_EQ(ActivityOf(alice), available_);
}

TEST_F(RoutingTest, HigherPriorityThenOlderTaskGoesFirst) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice", "{}", /*available=*/false);
  TaskView old_low = NewTask("{}", 1);
  clock_.Advance(kSecond);
  TaskView new_high = NewTask("{}", 5);
  clock_.Advance(kSecond);
  TaskView newer_low = NewTask("{}", 1);

  ASSERT_TRUE(Move(ws_, alice, available_).ok());
  EXPECT_EQ(Task(new_high.record.sid).assignment_status, "reserved");
  EXPECT_EQ(Task(old_low.record.sid).assignment_status, "pending");

  // Completing it frees the capacity for the older of the two equal ones.
  ASSERT_TRUE(Answer(ReservationsOf(new_high.record.sid)[0], "accepted").ok());
  ASSERT_TRUE(SetStatus(new_high.record.sid, "completed", "done").ok());
  EXPECT_EQ(Task(old_low.record.sid).assignment_status, "reserved");
  EXPECT_EQ(Task(newer_low.record.sid).assignment_status, "pending");
}

TEST_F(RoutingTest, LifoQueueServesTheNewestTaskFirstWhateverItsPriority) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Stack", "1==1", 1, "LIFO");
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice", "{}", /*available=*/false);
  TaskView old_high = NewTask("{}", 9);
  clock_.Advance(kSecond);
  TaskView newest = NewTask("{}", 0);
  ASSERT_TRUE(Move(ws_, alice, available_).ok());
  EXPECT_EQ(Task(newest.record.sid).assignment_status, "reserved");
  EXPECT_EQ(Task(old_high.record.sid).assignment_status, "pending");
}

TEST_F(RoutingTest, TargetTimeoutEscalatesToTheNextQueue) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string first = NewQueue("Tier1", "tier == 1");
  std::string second = NewQueue("Tier2", "tier == 2");
  NewWorkflow(R"({"task_routing":{"filters":[{"filter_friendly_name":"all","expression":"1==1",
      "targets":[{"queue":")" +
              first + R"(","timeout":10},{"queue":")" + second + R"(","priority":7}]}]}})");
  std::string senior = NewWorkerSid("senior", R"({"tier":2})");
  TaskView task = NewTask();
  EXPECT_EQ(task.record.assignment_status, "pending");
  EXPECT_EQ(task.record.task_queue_sid, first);

  Tick(9 * kSecond);
  EXPECT_EQ(Task(task.record.sid).task_queue_sid, first);
  Tick(kSecond);
  TaskRecord moved = Task(task.record.sid);
  EXPECT_EQ(moved.task_queue_sid, second);
  EXPECT_EQ(moved.priority, 7);
  EXPECT_EQ(moved.assignment_status, "reserved");
  EXPECT_EQ(moved.task_queue_entered_date, kStart + 10 * kSecond);
  ASSERT_EQ(ReservationsOf(task.record.sid).size(), 1u);
  EXPECT_EQ(ReservationsOf(task.record.sid)[0].worker_sid, senior);
  std::vector<std::string> types = EventTypes();
  EXPECT_NE(std::find(types.begin(), types.end(), "task-queue.timeout"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "task-queue.moved"), types.end());
}

TEST_F(RoutingTest, LastTargetTimingOutCancelsTheTask) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Only", "tier == 1");
  NewWorkflow(R"({"task_routing":{"filters":[{"expression":"1==1",
      "targets":[{"queue":")" +
              queue + R"(","timeout":5}]}]}})");
  TaskView task = NewTask();
  Tick(5 * kSecond);
  TaskRecord ended = Task(task.record.sid);
  EXPECT_EQ(ended.assignment_status, "canceled");
  std::vector<std::string> types = EventTypes();
  EXPECT_NE(std::find(types.begin(), types.end(), "workflow.timeout"), types.end());
  EXPECT_NE(std::find(types.begin(), types.end(), "task.canceled"), types.end());
}

TEST_F(RoutingTest, MaxReservedWorkersReservesSeveralAndTheFirstAcceptWins) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Broadcast", "1==1", /*max_reserved=*/2);
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice");
  clock_.Advance(kSecond);
  std::string bob = NewWorkerSid("bob");
  clock_.Advance(kSecond);
  std::string carol = NewWorkerSid("carol");
  TaskView task = NewTask();
  std::vector<ReservationRecord> reservations = ReservationsOf(task.record.sid);
  ASSERT_EQ(reservations.size(), 2u);
  // The two idle longest.
  EXPECT_EQ(reservations[0].worker_sid, alice);
  EXPECT_EQ(reservations[1].worker_sid, bob);

  ASSERT_TRUE(Answer(reservations[1], "accepted").ok());
  reservations = ReservationsOf(task.record.sid);
  EXPECT_EQ(reservations[0].reservation_status, "rescinded");
  EXPECT_EQ(reservations[1].reservation_status, "accepted");
  EXPECT_EQ(Task(task.record.sid).assignment_status, "assigned");
  Result<ReservationView> late = Answer(reservations[0], "accepted");
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().http_status(), 410);
  EXPECT_TRUE(WorkerReservations(carol).empty());
}

TEST_F(RoutingTest, RejectByOneOfSeveralKeepsTheTaskReservedUntilAllEnd) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Broadcast", "1==1", /*max_reserved=*/2);
  DefaultFlow(queue);
  NewWorkerSid("alice");
  NewWorkerSid("bob");
  TaskView task = NewTask();
  std::vector<ReservationRecord> reservations = ReservationsOf(task.record.sid);
  ASSERT_EQ(reservations.size(), 2u);
  ASSERT_TRUE(Answer(reservations[0], "rejected").ok());
  EXPECT_EQ(Task(task.record.sid).assignment_status, "reserved");
  ASSERT_TRUE(Answer(reservations[1], "rejected").ok());
  // Both rejected it; nobody else can take it.
  EXPECT_EQ(Task(task.record.sid).assignment_status, "pending");
  EXPECT_EQ(ReservationsOf(task.record.sid).size(), 2u);
}

TEST_F(RoutingTest, ChannelCapacityThreeGivesThreePendingReservationsAndNoActivityChange) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Chat");
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice");
  WorkerChannelUpdate capacity;
  capacity.capacity = 3;
  ASSERT_TRUE(task_channels_->UpdateWorkerChannel(kCaller, ws_, alice, "chat", capacity).ok());
  std::vector<std::string> tasks;
  for (int i = 0; i < 4; ++i) {
    tasks.push_back(NewTask("{}", std::nullopt, kDefaultTaskTimeout, "chat").record.sid);
    clock_.Advance(kSecond);
  }
  EXPECT_EQ(WorkerReservations(alice, "pending").size(), 3u);
  EXPECT_EQ(Task(tasks[3]).assignment_status, "pending");
  EXPECT_EQ(ActivityOf(alice), available_);
  Result<WorkerChannelView> channel =
      task_channels_->FetchWorkerChannel(kCaller, ws_, alice, "chat");
  ASSERT_TRUE(channel.ok());
  EXPECT_EQ(channel->available_capacity_percentage, 0);

  // Completing one frees room for the fourth.
  ReservationRecord first = ReservationsOf(tasks[0])[0];
  ASSERT_TRUE(Answer(first, "accepted").ok());
  EXPECT_EQ(Task(tasks[3]).assignment_status, "pending");
  ASSERT_TRUE(SetStatus(tasks[0], "completed", "resolved").ok());
  EXPECT_EQ(Task(tasks[3]).assignment_status, "reserved");
  EXPECT_EQ(ActivityOf(alice), available_);
}

TEST_F(RoutingTest, LongestIdleWorkerGetsTheTask) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice");
  std::string bob = NewWorkerSid("bob");
  clock_.Advance(kSecond);
  TaskView first = NewTask();
  ASSERT_EQ(ReservationsOf(first.record.sid)[0].worker_sid, alice);
  ASSERT_TRUE(Answer(ReservationsOf(first.record.sid)[0], "accepted").ok());
  ASSERT_TRUE(SetStatus(first.record.sid, "completed", "done").ok());
  clock_.Advance(kSecond);
  // alice was reserved after bob became available, and bob never was.
  TaskView second = NewTask();
  EXPECT_EQ(ReservationsOf(second.record.sid)[0].worker_sid, bob);
}

TEST_F(RoutingTest, OrderByComesBeforeIdleTime) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  NewWorkflow(R"({"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":")" + queue +
              R"(","order_by":"worker.level DESC"}]}]}})");
  NewWorkerSid("junior", R"({"level":1})");
  std::string senior = NewWorkerSid("senior", R"({"level":5})");
  TaskView task = NewTask();
  EXPECT_EQ(ReservationsOf(task.record.sid)[0].worker_sid, senior);
}

TEST_F(RoutingTest, TargetExpressionComparesTaskAndWorker) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Languages");
  NewWorkflow(R"({"task_routing":{"filters":[{"expression":"1==1","targets":[{"queue":")" + queue +
              R"(","expression":"task.language IN worker.languages"}]}]}})");
  NewWorkerSid("english", R"({"languages":["en"]})");
  std::string french = NewWorkerSid("french", R"({"languages":["fr","en"]})");
  TaskView task = NewTask(R"({"language":"fr"})");
  ASSERT_EQ(ReservationsOf(task.record.sid).size(), 1u);
  EXPECT_EQ(ReservationsOf(task.record.sid)[0].worker_sid, french);
}

TEST_F(RoutingTest, TimeToLiveCancelsAWaitingTask) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  DefaultFlow(queue);
  TaskView task = NewTask("{}", std::nullopt, /*timeout=*/60);
  Tick(59 * kSecond);
  EXPECT_EQ(Task(task.record.sid).assignment_status, "pending");
  Tick(kSecond);
  TaskRecord ended = Task(task.record.sid);
  EXPECT_EQ(ended.assignment_status, "canceled");
  EXPECT_EQ(ended.reason, kTaskTtlReason);
  // Forgotten five minutes after it ended.
  Tick(kEndedTaskRetentionMs);
  EXPECT_EQ(tasks_->FetchTask(kCaller, ws_, task.record.sid).error().http_status(), 404);
}

TEST_F(RoutingTest, SingleTaskingMovesTheWorkerOnReserveAcceptAndTimeout) {
  SetUpWorkspace(/*multi_task=*/false);
  std::string queue = NewQueue("Support", "1==1", 1, "FIFO", /*with_activities=*/true);
  DefaultFlow(queue, /*reservation_timeout=*/30);
  std::string alice = NewWorkerSid("alice");
  TaskView first = NewTask();
  EXPECT_EQ(ActivityOf(alice), reserved_);
  ReservationRecord reservation = ReservationsOf(first.record.sid)[0];
  EXPECT_EQ(reservation.worker_previous_activity_sid, available_);

  ASSERT_TRUE(Answer(reservation, "accepted").ok());
  EXPECT_EQ(ActivityOf(alice), busy_);
  ASSERT_TRUE(SetStatus(first.record.sid, "completed", "done").ok());
  // Completing does not move the Worker back.
  EXPECT_EQ(ActivityOf(alice), busy_);

  ASSERT_TRUE(Move(ws_, alice, available_).ok());
  TaskView second = NewTask();
  EXPECT_EQ(ActivityOf(alice), reserved_);
  Tick(30 * kSecond);
  EXPECT_EQ(ReservationsOf(second.record.sid)[0].reservation_status, "timeout");
  EXPECT_EQ(ActivityOf(alice), offline_);
  EXPECT_EQ(Task(second.record.sid).assignment_status, "pending");
}

TEST_F(RoutingTest, SingleTaskingWorkerHoldsOneTaskAtATime) {
  SetUpWorkspace(/*multi_task=*/false);
  std::string queue = NewQueue("Support");  // no Reservation or Assignment Activity
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice");
  TaskView first = NewTask();
  TaskView second = NewTask();
  EXPECT_EQ(Task(first.record.sid).assignment_status, "reserved");
  EXPECT_EQ(Task(second.record.sid).assignment_status, "pending");
  // Without the queue's Activities the Worker stays where it is.
  EXPECT_EQ(ActivityOf(alice), available_);
  ASSERT_TRUE(Answer(ReservationsOf(first.record.sid)[0], "accepted").ok());
  EXPECT_EQ(ActivityOf(alice), available_);
  EXPECT_EQ(Task(second.record.sid).assignment_status, "pending");
  ASSERT_TRUE(SetStatus(first.record.sid, "wrapping").ok());
  EXPECT_EQ(Task(second.record.sid).assignment_status, "pending");
  ASSERT_TRUE(SetStatus(first.record.sid, "completed", "done").ok());
  EXPECT_EQ(Task(second.record.sid).assignment_status, "reserved");
}

TEST_F(RoutingTest, AcceptJustBeforeTheTimeoutWinsAndTheTimerChangesNothing) {
  SetUpWorkspace(/*multi_task=*/false);
  std::string queue = NewQueue("Support", "1==1", 1, "FIFO", /*with_activities=*/true);
  DefaultFlow(queue, /*reservation_timeout=*/30);
  std::string alice = NewWorkerSid("alice");
  TaskView task = NewTask();
  ReservationRecord reservation = ReservationsOf(task.record.sid)[0];
  clock_.Advance(30 * kSecond - 1);
  ASSERT_TRUE(Answer(reservation, "accepted").ok());
  Tick(1);
  EXPECT_EQ(ReservationsOf(task.record.sid)[0].reservation_status, "accepted");
  EXPECT_EQ(Task(task.record.sid).assignment_status, "assigned");
  EXPECT_EQ(ActivityOf(alice), busy_);
}

TEST_F(RoutingTest, AcceptAtTheTimeoutInstantLosesToTheTimeout) {
  SetUpWorkspace(/*multi_task=*/false);
  std::string queue = NewQueue("Support", "1==1", 1, "FIFO", /*with_activities=*/true);
  DefaultFlow(queue, /*reservation_timeout=*/30);
  std::string alice = NewWorkerSid("alice");
  TaskView task = NewTask();
  ReservationRecord reservation = ReservationsOf(task.record.sid)[0];
  clock_.Advance(30 * kSecond);
  // No timer ran yet: the accept itself carries out the timeout first.
  Result<ReservationView> late = Answer(reservation, "accepted");
  ASSERT_FALSE(late.ok());
  ExpectError(late.error(), 400, kCodeInvalidParameter, "timeout");
  tasks_->RunDueTimers();
  EXPECT_EQ(ReservationsOf(task.record.sid)[0].reservation_status, "timeout");
  EXPECT_EQ(ActivityOf(alice), offline_);
  EXPECT_EQ(Task(task.record.sid).assignment_status, "pending");
  int timeouts = 0;
  for (const std::string& type : EventTypes()) {
    timeouts += type == "reservation.timeout" ? 1 : 0;
  }
  EXPECT_EQ(timeouts, 1);
}

TEST_F(RoutingTest, RejectMovesTheWorkerToTheGivenActivityAndRoutesTheTaskOn) {
  SetUpWorkspace(/*multi_task=*/false);
  std::string queue = NewQueue("Support", "1==1", 1, "FIFO", /*with_activities=*/true);
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice");
  TaskView task = NewTask();
  std::string bob = NewWorkerSid("bob");  // busy elsewhere: none; gets it after alice rejects
  ReservationRecord reservation = ReservationsOf(task.record.sid)[0];
  ASSERT_EQ(reservation.worker_sid, alice);
  ASSERT_TRUE(Answer(reservation, "rejected", unavailable_).ok());
  EXPECT_EQ(ActivityOf(alice), unavailable_);
  std::vector<ReservationRecord> reservations = ReservationsOf(task.record.sid);
  ASSERT_EQ(reservations.size(), 2u);
  EXPECT_EQ(reservations[0].reservation_status, "rejected");
  EXPECT_EQ(reservations[1].worker_sid, bob);
  EXPECT_EQ(ActivityOf(bob), reserved_);
}

TEST_F(RoutingTest, RejectWithoutActivityPutsTheWorkerBack) {
  SetUpWorkspace(/*multi_task=*/false);
  std::string queue = NewQueue("Support", "1==1", 1, "FIFO", /*with_activities=*/true);
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice");
  TaskView task = NewTask();
  ASSERT_EQ(ActivityOf(alice), reserved_);
  ASSERT_TRUE(Answer(ReservationsOf(task.record.sid)[0], "rejected").ok());
  EXPECT_EQ(ActivityOf(alice), available_);
  // Not offered to alice again.
  EXPECT_EQ(Task(task.record.sid).assignment_status, "pending");
}

TEST_F(RoutingTest, RejectPendingReservationsOnAMoveToAnUnavailableActivity) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice");
  TaskView task = NewTask();
  ASSERT_EQ(Task(task.record.sid).assignment_status, "reserved");
  WorkerUpdate update;
  update.activity_sid = offline_;
  update.reject_pending_reservations = true;
  ASSERT_TRUE(workers_->UpdateWorker(kCaller, ws_, alice, update).ok());
  EXPECT_EQ(ReservationsOf(task.record.sid)[0].reservation_status, "rejected");
  EXPECT_EQ(Task(task.record.sid).assignment_status, "pending");
  EXPECT_EQ(ActivityOf(alice), offline_);
}

TEST_F(RoutingTest, MovingWithoutRejectKeepsPendingReservations) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  DefaultFlow(queue);
  std::string alice = NewWorkerSid("alice");
  TaskView task = NewTask();
  ASSERT_TRUE(Move(ws_, alice, offline_).ok());
  EXPECT_EQ(ReservationsOf(task.record.sid)[0].reservation_status, "pending");
  EXPECT_EQ(Task(task.record.sid).assignment_status, "reserved");
}

TEST_F(RoutingTest, CancelFromPendingAndReservedButNotAssigned) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  DefaultFlow(queue);
  TaskView waiting = NewTask();
  ASSERT_TRUE(SetStatus(waiting.record.sid, "canceled", "caller hung up").ok());
  TaskRecord canceled = Task(waiting.record.sid);
  EXPECT_EQ(canceled.assignment_status, "canceled");
  EXPECT_EQ(canceled.reason, "caller hung up");

  std::string alice = NewWorkerSid("alice");
  TaskView reserved = NewTask();
  ASSERT_EQ(Task(reserved.record.sid).assignment_status, "reserved");
  ASSERT_TRUE(SetStatus(reserved.record.sid, "canceled").ok());
  EXPECT_EQ(ReservationsOf(reserved.record.sid)[0].reservation_status, "canceled");
  EXPECT_TRUE(WorkerReservations(alice, "pending").empty());

  TaskView assigned = NewTask();
  ASSERT_TRUE(Answer(ReservationsOf(assigned.record.sid)[0], "accepted").ok());
  Result<TaskView> refused = SetStatus(assigned.record.sid, "canceled");
  ASSERT_FALSE(refused.ok());
  ExpectError(refused.error(), 400, kCodeInvalidParameter,
              "Cannot cancel task " + assigned.record.sid + " in workspace " + ws_ +
                  " for account " + kCaller.account_sid +
                  " because it is not pending or reserved.");
  EXPECT_EQ(Task(assigned.record.sid).assignment_status, "assigned");
  Result<TaskView> wrap_canceled = SetStatus(waiting.record.sid, "wrapping");
  ASSERT_FALSE(wrap_canceled.ok());
  ExpectError(wrap_canceled.error(), 400, kCodeInvalidParameter, "not currently assigned");
  Result<TaskView> complete_pending = SetStatus(canceled.sid, "completed");
  ASSERT_FALSE(complete_pending.ok());
  ExpectError(complete_pending.error(), 400, kCodeInvalidParameter, "not assigned or wrapping");
}

TEST_F(RoutingTest, IfMatchGuardsTaskUpdates) {
  SetUpWorkspace(/*multi_task=*/true);
  DefaultFlow(NewQueue("Support"));
  TaskView task = NewTask();
  TaskUpdate update;
  update.priority = 3;
  update.if_match = task.record.version + 7;
  Result<TaskView> stale = tasks_->UpdateTask(kCaller, ws_, task.record.sid, update);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().http_status(), 412);
  update.if_match = Task(task.record.sid).version;
  Result<TaskView> fresh = tasks_->UpdateTask(kCaller, ws_, task.record.sid, update);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->record.priority, 3);
  EXPECT_EQ(fresh->record.version, *update.if_match + 1);
}

TEST_F(RoutingTest, NewAttributesRouteAPendingTaskAgain) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string sales = NewQueue("Sales", "team == 'sales'");
  std::string support = NewQueue("Support", "team == 'support'");
  NewWorkflow(
      R"({"task_routing":{"filters":[{"expression":"type == 'sale'","targets":[{"queue":")" +
      sales + R"("}]}],"default_filter":{"queue":")" + support + R"("}}})");
  TaskView task = NewTask(R"({"type":"question"})");
  EXPECT_EQ(task.record.task_queue_sid, support);
  TaskUpdate update;
  update.attributes = R"({"type":"sale"})";
  Result<TaskView> updated = tasks_->UpdateTask(kCaller, ws_, task.record.sid, update);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->record.task_queue_sid, sales);
  EXPECT_EQ(updated->record.attributes, R"({"type":"sale"})");
}

TEST_F(RoutingTest, DeletingATaskEndsItsReservationsAndFreesTheWorker) {
  SetUpWorkspace(/*multi_task=*/true);
  DefaultFlow(NewQueue("Support"));
  std::string alice = NewWorkerSid("alice");
  TaskView task = NewTask();
  TaskView next = NewTask();
  ASSERT_EQ(Task(next.record.sid).assignment_status, "pending");
  ASSERT_TRUE(tasks_->DeleteTask(kCaller, ws_, task.record.sid, std::nullopt).ok());
  EXPECT_EQ(tasks_->FetchTask(kCaller, ws_, task.record.sid).error().http_status(), 404);
  EXPECT_EQ(Task(next.record.sid).assignment_status, "reserved");
  EXPECT_EQ(WorkerReservations(alice).size(), 1u);
}

TEST_F(RoutingTest, RestartKeepsTasksReservationsAndChannelLoad) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  DefaultFlow(queue, /*reservation_timeout=*/60);
  std::string alice = NewWorkerSid("alice");
  TaskView assigned = NewTask();
  ASSERT_TRUE(Answer(ReservationsOf(assigned.record.sid)[0], "accepted").ok());
  std::string bob = NewWorkerSid("bob");
  TaskView reserved = NewTask();
  ASSERT_EQ(ReservationsOf(reserved.record.sid)[0].worker_sid, bob);
  TaskView waiting = NewTask();

  Reopen();
  EXPECT_EQ(Task(assigned.record.sid).assignment_status, "assigned");
  EXPECT_EQ(Task(reserved.record.sid).assignment_status, "reserved");
  EXPECT_EQ(Task(waiting.record.sid).assignment_status, "pending");
  Result<WorkerChannelView> channel =
      task_channels_->FetchWorkerChannel(kCaller, ws_, alice, "default");
  ASSERT_TRUE(channel.ok());
  EXPECT_EQ(channel->assigned_tasks, 1);
  // The Reservation's timer survived the restart.
  Tick(60 * kSecond);
  EXPECT_EQ(ReservationsOf(reserved.record.sid)[0].reservation_status, "timeout");
  // The older of the two waiting Tasks goes to the first Worker free.
  EXPECT_EQ(Task(reserved.record.sid).assignment_status, "pending");
  ASSERT_TRUE(SetStatus(assigned.record.sid, "completed", "done").ok());
  EXPECT_EQ(Task(reserved.record.sid).assignment_status, "reserved");
  EXPECT_EQ(ReservationsOf(reserved.record.sid)[1].worker_sid, alice);
  EXPECT_EQ(Task(waiting.record.sid).assignment_status, "pending");
}

TEST_F(RoutingTest, ObjectsTasksUseCannotBeDeleted) {
  SetUpWorkspace(/*multi_task=*/true);
  std::string queue = NewQueue("Support");
  std::string flow = DefaultFlow(queue);
  NewTask("{}", std::nullopt, kDefaultTaskTimeout, "chat");
  Status queue_deleted = task_queues_->DeleteTaskQueue(kCaller, ws_, queue);
  ASSERT_FALSE(queue_deleted.ok());
  EXPECT_EQ(queue_deleted.error().http_status(), 400);
  ASSERT_FALSE(workflows_->DeleteWorkflow(kCaller, ws_, flow).ok());
  Status channel_deleted = task_channels_->DeleteTaskChannel(kCaller, ws_, "chat");
  ASSERT_FALSE(channel_deleted.ok());
  EXPECT_NE(channel_deleted.error().message().find("uses it"), std::string::npos);
}

TEST_F(RoutingTest, FifoTemplateBuildsAQueueAndAWorkflowThatRouteEveryTask) {
  WorkspaceCreate create;
  create.friendly_name = "Templated";
  create.template_name = "FIFO";
  Result<WorkspaceView> view = workspaces_->CreateWorkspace(kCaller, create);
  ASSERT_TRUE(view.ok());
  ws_ = view->record.sid;
  PageRequest page;
  Result<Page<TaskQueueView>> queues = task_queues_->ListTaskQueues(kCaller, ws_, {}, page);
  ASSERT_TRUE(queues.ok());
  ASSERT_EQ(queues->items.size(), 1u);
  const TaskQueueRecord& queue = queues->items[0].record;
  EXPECT_EQ(queue.friendly_name, "Sample Queue");
  EXPECT_EQ(queue.target_workers, "1==1");
  Result<Page<WorkflowRecord>> flows = workflows_->ListWorkflows(kCaller, ws_, std::nullopt, page);
  ASSERT_TRUE(flows.ok());
  ASSERT_EQ(flows->items.size(), 1u);
  EXPECT_EQ(flows->items[0].friendly_name, "Default Fifo Workflow");
  EXPECT_EQ(flows->items[0].task_reservation_timeout, 120);

  available_ = ActivitySid(ws_, "Available");
  std::string alice = NewWorkerSid("alice");
  TaskView task = NewTask();
  EXPECT_EQ(task.record.workflow_sid, flows->items[0].sid);
  EXPECT_EQ(task.record.task_queue_sid, queue.sid);
  EXPECT_EQ(ReservationsOf(task.record.sid)[0].worker_sid, alice);
  // Both survive a restart.
  Reopen();
  EXPECT_EQ(Task(task.record.sid).task_queue_sid, queue.sid);
  EXPECT_EQ(NewTask().record.task_queue_sid, queue.sid);
}

TEST_F(RoutingTest, CreateRefusesWhatItCannotRoute) {
  SetUpWorkspace(/*multi_task=*/true);
  TaskCreate create;
  Result<TaskView> no_flow = tasks_->CreateTask(kCaller, ws_, create);
  ASSERT_FALSE(no_flow.ok());
  ExpectError(no_flow.error(), 400, kCodeInvalidParameter, "has no Workflow");
  std::string queue = NewQueue("Support");
  DefaultFlow(queue);
  DefaultFlow(queue);
  Result<TaskView> two_flows = tasks_->CreateTask(kCaller, ws_, create);
  ASSERT_FALSE(two_flows.ok());
  ExpectError(two_flows.error(), 400, kCodeInvalidParameter, "WorkflowSid is required");
  create.workflow_sid = "WW00000000000000000000000000000000";
  ExpectError(tasks_->CreateTask(kCaller, ws_, create).error(), 400, kCodeInvalidParameter,
              "is not a Workflow");
  create.workflow_sid.reset();
  create.task_channel = "fax";
  create.attributes = "[1]";
  ExpectError(tasks_->CreateTask(kCaller, ws_, create).error(), 400, kCodeInvalidParameter, "");
  EXPECT_TRUE(AllEvents(ws_).size() > 0);
  PageRequest page;
  EXPECT_TRUE(tasks_->ListTasks(kCaller, ws_, {}, page)->items.empty());
}

}  // namespace
}  // namespace taskrouter::testing
