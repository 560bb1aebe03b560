#include "domain/statistics_service.h"

#include "domain/domain_fixture.h"

namespace taskrouter::testing {
namespace {

class StatisticsServiceTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    ws_ = NewWorkspace();
    available_ = ActivitySid(ws_, "Available");
    brk_ = workspaces_->CreateActivity(kCaller, ws_, "Break", false)->sid;
  }

  const ActivityDuration& Duration(const CumulativeWorkerStatistics& statistics,
                                   const std::string& name) {
    for (const ActivityDuration& d : statistics.activity_durations) {
      if (d.friendly_name == name) {
        return d;
      }
    }
    ADD_FAILURE() << "no duration for " << name;
    return statistics.activity_durations.front();
  }

  std::string ws_;
  std::string available_;
  std::string brk_;
};

TEST_F(StatisticsServiceTest, RealTimeCountsWorkersPerActivity) {
  NewWorker(ws_, "A");
  NewWorker(ws_, "B", available_);
  NewWorker(ws_, "C", available_);
  RealTimeWorkerStatistics statistics = statistics_->RealTime(kCaller, ws_, std::nullopt).value();
  EXPECT_EQ(statistics.total_workers, 3);
  ASSERT_EQ(statistics.activity_statistics.size(), 4u);
  std::vector<std::pair<std::string, int64_t>> counts;
  for (const ActivityCount& c : statistics.activity_statistics) {
    counts.emplace_back(c.friendly_name, c.workers);
  }
  EXPECT_EQ(counts, (std::vector<std::pair<std::string, int64_t>>{
                        {"Offline", 1}, {"Unavailable", 0}, {"Available", 2}, {"Break", 0}}));
  EXPECT_EQ(statistics_->RealTime(kCaller, ws_, "B")->total_workers, 1);
}

TEST_F(StatisticsServiceTest, DurationsFollowTheClock) {
  WorkerView alice = NewWorker(ws_, "Alice");
  clock_.Advance(60 * kSecond);
  ASSERT_TRUE(Move(ws_, alice.record.sid, available_).ok());
  clock_.Advance(120 * kSecond);
  ASSERT_TRUE(Move(ws_, alice.record.sid, brk_).ok());
  clock_.Advance(30 * kSecond);

  TimeMs now = clock_.NowMs();
  TimeWindow last_15_minutes{now - 15 * 60 * kSecond, now};
  CumulativeWorkerStatistics statistics =
      statistics_->Cumulative(kCaller, ws_, alice.record.sid, last_15_minutes).value();
  EXPECT_EQ(Duration(statistics, "Offline").total, 60);
  EXPECT_EQ(Duration(statistics, "Available").total, 120);
  EXPECT_EQ(Duration(statistics, "Break").total, 30);  // still there: counted up to now
  EXPECT_EQ(Duration(statistics, "Unavailable").total, 0);

  // A window that cuts the stints: the last 100 seconds.
  TimeWindow last_100{now - 100 * kSecond, now};
  statistics = statistics_->Cumulative(kCaller, ws_, alice.record.sid, last_100).value();
  EXPECT_EQ(Duration(statistics, "Offline").total, 0);
  EXPECT_EQ(Duration(statistics, "Available").total, 70);
  EXPECT_EQ(Duration(statistics, "Break").total, 30);
}

TEST_F(StatisticsServiceTest, MinMaxAndAverageAreOverStints) {
  WorkerView a = NewWorker(ws_, "A", available_);
  WorkerView b = NewWorker(ws_, "B", available_);
  clock_.Advance(10 * kSecond);
  ASSERT_TRUE(Move(ws_, a.record.sid, brk_).ok());
  clock_.Advance(20 * kSecond);
  ASSERT_TRUE(Move(ws_, b.record.sid, brk_).ok());
  ASSERT_TRUE(Move(ws_, a.record.sid, available_).ok());
  clock_.Advance(5 * kSecond);
  ASSERT_TRUE(Move(ws_, a.record.sid, brk_).ok());

  TimeMs now = clock_.NowMs();
  CumulativeWorkerStatistics statistics =
      statistics_->Cumulative(kCaller, ws_, std::nullopt, {kStart, now}).value();
  // Available: A 10 s, B 30 s, A 5 s.
  const ActivityDuration& available = Duration(statistics, "Available");
  EXPECT_EQ(available.min, 5);
  EXPECT_EQ(available.max, 30);
  EXPECT_EQ(available.total, 45);
  EXPECT_EQ(available.avg, 15);
}

TEST_F(StatisticsServiceTest, UnknownWorkerOrWorkspaceIsNotFound) {
  TimeWindow window{kStart, kStart};
  EXPECT_EQ(statistics_->Cumulative(kCaller, ws_, "WK00000000000000000000000000000000", window)
                .error()
                .http_status(),
            404);
  EXPECT_EQ(statistics_->RealTime(kOtherCaller, ws_, std::nullopt).error().http_status(), 404);
}

}  // namespace
}  // namespace taskrouter::testing
