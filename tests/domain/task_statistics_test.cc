// Task and Reservation statistics after a scripted day of a queue: Tasks created with
// priorities, reserved, accepted, completed, canceled and timed out, under a manual clock.
#include "domain/task_statistics.h"

#include <gtest/gtest.h>

#include "routing_fixture.h"

namespace taskrouter::testing {
namespace {

class TaskStatisticsTest : public RoutingFixture {
 protected:
  // One Worker and a queue whose Workflow holds Reservations for 30 seconds:
  //   0s  A (priority 5) is created and reserved to alice;
  //  10s  B (priority 1) is created and waits, alice being busy;
  //  20s  alice accepts A;
  //  30s  B is canceled, C (priority 5) is created and waits;
  //  40s  A is completed, C is reserved to alice;
  //  70s  C's Reservation times out.
  void PlayScenario() {
    SetUpWorkspace(/*multi_task=*/true);
    queue_ = NewQueue("Support");
    flow_ = DefaultFlow(queue_, /*reservation_timeout=*/30);
    alice_ = NewWorkerSid("alice");
    a_ = NewTask("{}", 5).record.sid;
    Tick(10 * kSecond);
    b_ = NewTask("{}", 1).record.sid;
    Tick(10 * kSecond);
    ASSERT_TRUE(Answer(ReservationsOf(a_)[0], "accepted").ok());
    Tick(10 * kSecond);
    ASSERT_TRUE(SetStatus(b_, "canceled", "caller hung up").ok());
    c_ = NewTask("{}", 5).record.sid;
    Tick(10 * kSecond);
    ASSERT_TRUE(SetStatus(a_, "completed", "done").ok());
    ASSERT_EQ(Task(c_).assignment_status, "reserved");
    Tick(30 * kSecond);
    ASSERT_EQ(ReservationsOf(c_)[0].reservation_status, "timeout");
  }

  RealTimeTaskStatistics RealTime(TaskScope scope) {
    Result<RealTimeTaskStatistics> statistics = statistics_->RealTimeTasks(kCaller, ws_, scope);
    EXPECT_TRUE(statistics.ok());
    return statistics.ok() ? statistics.value() : RealTimeTaskStatistics{};
  }

  // The figures of everything since the Workspace began.
  CumulativeTaskStatistics Cumulative(TaskScope scope, std::vector<int64_t> thresholds = {}) {
    Result<CumulativeTaskStatistics> statistics = statistics_->CumulativeTasks(
        kCaller, ws_, scope, TimeWindow{kStart, clock_.NowMs()}, thresholds);
    EXPECT_TRUE(statistics.ok());
    return statistics.ok() ? statistics.value() : CumulativeTaskStatistics{};
  }

  TaskScope Queue() { return TaskScope{TaskScope::Kind::kTaskQueue, queue_, std::nullopt}; }
  TaskScope Flow() { return TaskScope{TaskScope::Kind::kWorkflow, flow_, std::nullopt}; }

  std::string queue_, flow_, alice_, a_, b_, c_;
};

TEST_F(TaskStatisticsTest, RealTimeCountsLiveTasksByStatusAndPriority) {
  SetUpWorkspace(/*multi_task=*/true);
  queue_ = NewQueue("Support");
  flow_ = DefaultFlow(queue_);
  alice_ = NewWorkerSid("alice");
  a_ = NewTask("{}", 5).record.sid;
  Tick(10 * kSecond);
  b_ = NewTask("{}", 1).record.sid;
  Tick(5 * kSecond);

  for (TaskScope scope : {TaskScope{}, Queue(), Flow()}) {
    SCOPED_TRACE(static_cast<int>(scope.kind));
    RealTimeTaskStatistics statistics = RealTime(scope);
    EXPECT_EQ(statistics.tasks_by_status, (std::map<std::string, int64_t>{
                                              {"pending", 1},
                                              {"reserved", 1},
                                              {"assigned", 0},
                                              {"wrapping", 0},
                                          }));
    EXPECT_EQ(statistics.tasks_by_priority, (std::map<int64_t, int64_t>{{1, 1}, {5, 1}}));
    EXPECT_EQ(statistics.total_tasks, 2);
    // A reserved Task still waits: A, created first, is the oldest.
    EXPECT_EQ(statistics.longest_task_waiting_age, 15);
    EXPECT_EQ(statistics.longest_task_waiting_sid, a_);
    EXPECT_EQ(statistics.longest_relative_task_age_in_queue, 15);
    EXPECT_EQ(statistics.longest_relative_task_sid_in_queue, a_);
  }

  // Once A is accepted, B is the oldest waiting Task.
  ASSERT_TRUE(Answer(ReservationsOf(a_)[0], "accepted").ok());
  RealTimeTaskStatistics statistics = RealTime(Queue());
  EXPECT_EQ(statistics.tasks_by_status["assigned"], 1);
  EXPECT_EQ(statistics.tasks_by_status["pending"], 1);
  EXPECT_EQ(statistics.longest_task_waiting_age, 5);
  EXPECT_EQ(statistics.longest_task_waiting_sid, b_);
}

TEST_F(TaskStatisticsTest, RealTimeLeavesOutEndedTasksAndOtherChannelsAndQueues) {
  PlayScenario();
  RealTimeTaskStatistics statistics = RealTime(TaskScope{});
  EXPECT_EQ(statistics.total_tasks, 1);  // C; A completed, B canceled
  EXPECT_EQ(statistics.tasks_by_priority, (std::map<int64_t, int64_t>{{5, 1}}));
  EXPECT_EQ(statistics.longest_task_waiting_sid, c_);
  EXPECT_EQ(statistics.longest_task_waiting_age, 40);

  for (const char* channel : {"default", "TC-unknown"}) {
    SCOPED_TRACE(channel);
    RealTimeTaskStatistics filtered = RealTime(TaskScope{TaskScope::Kind::kWorkspace, "", channel});
    EXPECT_EQ(filtered.total_tasks, std::string(channel) == "default" ? 1 : 0);
  }
  EXPECT_EQ(RealTime(TaskScope{TaskScope::Kind::kWorkspace, "", "voice"}).total_tasks, 0);

  std::string other = NewQueue("Other");
  RealTimeTaskStatistics empty = RealTime(TaskScope{TaskScope::Kind::kTaskQueue, other, {}});
  EXPECT_EQ(empty.total_tasks, 0);
  EXPECT_EQ(empty.longest_task_waiting_age, 0);
  EXPECT_EQ(empty.longest_task_waiting_sid, std::nullopt);
  EXPECT_EQ(empty.tasks_by_status.size(), 4u);
}

TEST_F(TaskStatisticsTest, CumulativeCountsTheWindowsEvents) {
  PlayScenario();
  CumulativeTaskStatistics statistics = Cumulative(TaskScope{});
  EXPECT_EQ(statistics.counts, (std::map<std::string, int64_t>{
                                   {"tasks_created", 3},
                                   {"tasks_canceled", 1},
                                   {"tasks_completed", 1},
                                   {"tasks_deleted", 0},
                                   {"tasks_moved", 0},
                                   {"tasks_timed_out_in_workflow", 0},
                                   {"tasks_entered", 0},
                                   {"reservations_created", 2},
                                   {"reservations_accepted", 1},
                                   {"reservations_rejected", 0},
                                   {"reservations_timed_out", 1},
                                   {"reservations_canceled", 0},
                                   {"reservations_rescinded", 0},
                               }));
  // A was accepted 20 seconds after its creation, B canceled 20 seconds after its.
  const WaitDurations twenty{20, 20, 20, 20, 1};
  for (const WaitDurations* durations :
       {&statistics.wait_duration_until_accepted, &statistics.wait_duration_until_canceled,
        &statistics.wait_duration_in_queue_until_accepted}) {
    EXPECT_EQ(durations->avg, twenty.avg);
    EXPECT_EQ(durations->min, twenty.min);
    EXPECT_EQ(durations->max, twenty.max);
    EXPECT_EQ(durations->total, twenty.total);
    EXPECT_EQ(durations->count, twenty.count);
  }
}

TEST_F(TaskStatisticsTest, QueuesAndWorkflowsCountTheTasksThatEnteredThem) {
  PlayScenario();
  EXPECT_EQ(Cumulative(Queue()).counts["tasks_entered"], 3);
  EXPECT_EQ(Cumulative(Flow()).counts["tasks_entered"], 3);
  EXPECT_EQ(Cumulative(Queue()).counts["reservations_created"], 2);

  std::string other_queue = NewQueue("Other");
  std::string other_flow = DefaultFlow(other_queue);
  for (TaskScope scope : {TaskScope{TaskScope::Kind::kTaskQueue, other_queue, {}},
                          TaskScope{TaskScope::Kind::kWorkflow, other_flow, {}}}) {
    CumulativeTaskStatistics none = Cumulative(scope);
    EXPECT_EQ(none.counts["tasks_entered"], 0);
    EXPECT_EQ(none.counts["reservations_created"], 0);
    EXPECT_EQ(none.wait_duration_until_accepted.count, 0);
  }
}

TEST_F(TaskStatisticsTest, TaskChannelNarrowsTheEvents) {
  PlayScenario();
  EXPECT_EQ(
      Cumulative(TaskScope{TaskScope::Kind::kWorkspace, "", "default"}).counts["tasks_created"], 3);
  EXPECT_EQ(Cumulative(TaskScope{TaskScope::Kind::kWorkspace, "", "voice"}).counts["tasks_created"],
            0);
}

TEST_F(TaskStatisticsTest, SplitByWaitTimeSortsEachWaitBelowOrAboveEachThreshold) {
  PlayScenario();
  std::vector<WaitSplit> splits = Cumulative(TaskScope{}, {10, 20, 30}).split_by_wait_time;
  ASSERT_EQ(splits.size(), 3u);
  // Both waits last 20 seconds: above 10, at 20 (which counts as above), below 30.
  EXPECT_EQ(splits[0].above_tasks_canceled, 1);
  EXPECT_EQ(splits[0].above_reservations_accepted, 1);
  EXPECT_EQ(splits[1].above_tasks_canceled, 1);
  EXPECT_EQ(splits[1].below_reservations_accepted, 0);
  EXPECT_EQ(splits[2].below_tasks_canceled, 1);
  EXPECT_EQ(splits[2].below_reservations_accepted, 1);
  EXPECT_EQ(splits[2].above_tasks_canceled, 0);
}

TEST_F(TaskStatisticsTest, WindowLeavesOutEarlierEvents) {
  PlayScenario();
  // From 35s on: A completed, C created and reserved, its Reservation timed out.
  Result<CumulativeTaskStatistics> late = statistics_->CumulativeTasks(
      kCaller, ws_, TaskScope{}, TimeWindow{kStart + 35 * kSecond, clock_.NowMs()}, {});
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->counts["tasks_created"], 0);
  EXPECT_EQ(late->counts["tasks_completed"], 1);
  EXPECT_EQ(late->counts["reservations_created"], 1);
  EXPECT_EQ(late->counts["reservations_timed_out"], 1);
  EXPECT_EQ(late->counts["reservations_accepted"], 0);
}

TEST_F(TaskStatisticsTest, WorkersCumulativeCountsTheirReservations) {
  PlayScenario();
  // bob, available at once, gets C after alice let it time out.
  std::string bob = NewWorkerSid("bob");
  ASSERT_EQ(ReservationsOf(c_).back().worker_sid, bob);
  struct Case {
    std::optional<std::string> worker;
    int64_t created, accepted, timed_out;
  };
  for (const Case& c : {Case{alice_, 2, 1, 1}, Case{bob, 1, 0, 0}, Case{std::nullopt, 3, 1, 1}}) {
    SCOPED_TRACE(c.worker.value_or("every Worker"));
    Result<CumulativeWorkerStatistics> statistics =
        statistics_->Cumulative(kCaller, ws_, c.worker, TimeWindow{kStart, clock_.NowMs()});
    ASSERT_TRUE(statistics.ok());
    EXPECT_EQ(statistics->reservations.at("reservations_created"), c.created);
    EXPECT_EQ(statistics->reservations.at("reservations_accepted"), c.accepted);
    EXPECT_EQ(statistics->reservations.at("reservations_timed_out"), c.timed_out);
  }
}

TEST_F(TaskStatisticsTest, UnknownQueueOrWorkflowIsNotFound) {
  SetUpWorkspace(/*multi_task=*/true);
  for (TaskScope scope : {TaskScope{TaskScope::Kind::kTaskQueue, "WQ-none", {}},
                          TaskScope{TaskScope::Kind::kWorkflow, "WW-none", {}}}) {
    Result<RealTimeTaskStatistics> realtime = statistics_->RealTimeTasks(kCaller, ws_, scope);
    ASSERT_FALSE(realtime.ok());
    EXPECT_EQ(realtime.error().http_status(), 404);
    Result<CumulativeTaskStatistics> cumulative =
        statistics_->CumulativeTasks(kCaller, ws_, scope, TimeWindow{kStart, clock_.NowMs()}, {});
    ASSERT_FALSE(cumulative.ok());
    EXPECT_EQ(cumulative.error().http_status(), 404);
  }
}

}  // namespace
}  // namespace taskrouter::testing
