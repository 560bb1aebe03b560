// Many threads on one Workspace at once: the rules must hold as if the commands ran one by
// one. Run under ThreadSanitizer in CI.
#include <atomic>
#include <thread>

#include "domain/domain_fixture.h"

namespace taskrouter::testing {
namespace {

constexpr int kThreads = 8;

class ConcurrencyTest : public DomainTest {
 protected:
  template <typename Fn>
  static void RunThreads(Fn fn) {
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back(fn, t);
    }
    for (std::thread& thread : threads) {
      thread.join();
    }
  }
};

TEST_F(ConcurrencyTest, OneNameIsTakenOnceWhateverTheCase) {
  std::string ws = NewWorkspace();
  std::atomic<int> created{0};
  RunThreads([&](int t) {
    for (int i = 0; i < 10; ++i) {
      std::string name = (t % 2 == 0 ? "shared " : "SHARED ") + std::to_string(i);
      created += workspaces_->CreateActivity(kCaller, ws, name, false).ok() ? 1 : 0;
      WorkerCreate create;
      create.friendly_name = name;
      created += workers_->CreateWorker(kCaller, ws, create).ok() ? 1 : 0;
    }
  });
  EXPECT_EQ(created, 20);
}

TEST_F(ConcurrencyTest, ActivityLimitHoldsUnderRacingCreates) {
  std::string ws = NewWorkspace();
  RunThreads([&](int t) {
    for (int i = 0; i < 20; ++i) {
      workspaces_
          ->CreateActivity(kCaller, ws, "A" + std::to_string(t) + "-" + std::to_string(i), false)
          .ok();
    }
  });
  PageRequest page;
  page.page_size = kMaxPageSize;
  EXPECT_EQ(workspaces_->ListActivities(kCaller, ws, {}, page)->items.size(), 100u);
}

TEST_F(ConcurrencyTest, MovesReadsAndStatisticsAgree) {
  std::string ws = NewWorkspace();
  std::string available = ActivitySid(ws, "Available");
  std::string offline = ActivitySid(ws, "Offline");
  std::vector<std::string> sids;
  for (int i = 0; i < kThreads; ++i) {
    sids.push_back(NewWorker(ws, "W" + std::to_string(i)).record.sid);
  }
  RunThreads([&](int t) {
    for (int i = 0; i < 25; ++i) {
      Move(ws, sids[(t + i) % kThreads], i % 2 == 0 ? available : offline).ok();
      workers_->ListWorkers(kCaller, ws, {}, {}).ok();
      statistics_->RealTime(kCaller, ws, std::nullopt).ok();
      workspaces_->FetchWorkspace(kCaller, ws).ok();
    }
  });

  WorkerFilter only_available;
  only_available.available = true;
  size_t listed = workers_->ListWorkers(kCaller, ws, only_available, {})->items.size();
  RealTimeWorkerStatistics statistics = statistics_->RealTime(kCaller, ws, std::nullopt).value();
  int64_t counted = 0;
  for (const ActivityCount& count : statistics.activity_statistics) {
    counted += count.friendly_name == "Available" ? count.workers : 0;
  }
  EXPECT_EQ(static_cast<int64_t>(listed), counted);
  EXPECT_EQ(statistics.total_workers, kThreads);
}

TEST_F(ConcurrencyTest, DeletingAWorkspaceWhileOthersWriteToItLeavesNothingBehind) {
  std::string ws = NewWorkspace();
  std::atomic<bool> deleted{false};
  RunThreads([&](int t) {
    if (t == 0) {
      deleted = workspaces_->DeleteWorkspace(kCaller, ws).ok();
      return;
    }
    for (int i = 0; i < 20; ++i) {
      WorkerCreate create;
      create.friendly_name = "W" + std::to_string(t) + "-" + std::to_string(i);
      Result<WorkerView> worker = workers_->CreateWorker(kCaller, ws, create);
      if (!worker.ok()) {
        EXPECT_EQ(worker.error().http_status(), 404);
      }
    }
  });
  EXPECT_TRUE(deleted);
  Reopen();
  EXPECT_EQ(workspaces_->FetchWorkspace(kCaller, ws).error().http_status(), 404);
  EXPECT_TRUE(sqlite_->Load()->workers.empty());
}

}  // namespace
}  // namespace taskrouter::testing
