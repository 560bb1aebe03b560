// A registry and services over a real SQLite store in a temporary directory, with a manual
// clock and a store that fails on demand.
#pragma once

#include <gtest/gtest.h>

#include "domain/event_log.h"
#include "domain/statistics_service.h"
#include "domain/task_channel_service.h"
#include "domain/task_queue_service.h"
#include "domain/task_service.h"
#include "domain/worker_service.h"
#include "domain/workflow_service.h"
#include "domain/workspace_service.h"
#include "store/sqlite_store.h"
#include "support/faulty_store.h"
#include "support/temp_dir.h"

namespace taskrouter::testing {

inline const Caller kCaller{"AC00000000000000000000000000000001", "192.0.2.7"};
inline const Caller kOtherCaller{"AC00000000000000000000000000000002", "192.0.2.8"};
inline constexpr TimeMs kStart = 1700000000000;
inline constexpr TimeMs kSecond = 1000;

class DomainTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  // New services over the same store file, as after a restart.
  void Reopen() {
    events_.reset();
    tasks_.reset();
    workflows_.reset();
    task_queues_.reset();
    task_channels_.reset();
    statistics_.reset();
    workers_.reset();
    workspaces_.reset();
    registry_.reset();
    faulty_.reset();
    sqlite_.reset();
    sqlite_ = std::move(SqliteStore::Open(dir_.path() + "/taskrouter.db")).value();
    faulty_ = std::make_unique<FaultyStore>(*sqlite_);
    registry_ = std::make_unique<WorkspaceRegistry>(*faulty_, clock_, nullptr, mode_);
    registry_->Load(sqlite_->Load().value());
    workspaces_ = std::make_unique<WorkspaceService>(*registry_);
    workers_ = std::make_unique<WorkerService>(*registry_, max_available_, max_workers_);
    statistics_ = std::make_unique<StatisticsService>(*registry_);
    events_ = std::make_unique<EventLog>(*registry_);
    task_channels_ = std::make_unique<TaskChannelService>(*registry_);
    task_queues_ = std::make_unique<TaskQueueService>(*registry_);
    workflows_ = std::make_unique<WorkflowService>(*registry_);
    tasks_ = std::make_unique<TaskService>(*registry_);
  }

  std::string NewWorkspace(const std::string& name = "Support") {
    WorkspaceCreate create;
    create.friendly_name = name;
    Result<WorkspaceView> view = workspaces_->CreateWorkspace(kCaller, create);
    EXPECT_TRUE(view.ok());
    return view.ok() ? view->record.sid : "";
  }

  // The SID of the Activity named `name` in `workspace`.
  std::string ActivitySid(const std::string& workspace, const std::string& name) {
    PageRequest page;
    page.page_size = kMaxPageSize;
    Result<Page<ActivityRecord>> listed = workspaces_->ListActivities(
        kCaller, workspace, {.friendly_name = name, .available = std::nullopt}, page);
    EXPECT_TRUE(listed.ok() && listed->items.size() == 1) << name;
    return listed.ok() && !listed->items.empty() ? listed->items[0].sid : "";
  }

  WorkerView NewWorker(const std::string& workspace, const std::string& name,
                       std::optional<std::string> activity_sid = std::nullopt) {
    WorkerCreate create;
    create.friendly_name = name;
    create.activity_sid = std::move(activity_sid);
    Result<WorkerView> view = workers_->CreateWorker(kCaller, workspace, create);
    EXPECT_TRUE(view.ok()) << (view.ok() ? "" : view.error().message());
    return view.ok() ? view.value() : WorkerView{};
  }

  Result<WorkerView> Move(const std::string& workspace, const std::string& worker,
                          const std::string& activity_sid) {
    WorkerUpdate update;
    update.activity_sid = activity_sid;
    return workers_->UpdateWorker(kCaller, workspace, worker, update);
  }

  // Every event of the Workspace in the last 30 days, oldest first.
  std::vector<EventRecord> AllEvents(const std::string& workspace) {
    EventFilter filter;
    filter.start_ms = 0;
    filter.end_ms = clock_.NowMs();
    PageRequest page;
    page.page_size = kMaxPageSize;
    Result<Page<EventRecord>> listed = events_->List(kCaller, workspace, filter, page);
    EXPECT_TRUE(listed.ok());
    return listed.ok() ? listed->items : std::vector<EventRecord>{};
  }

  static std::string DataOf(const EventRecord& event, const std::string& key) {
    for (const auto& [name, value] : event.data) {
      if (name == key) {
        return value;
      }
    }
    return "<absent>";
  }

  static void ExpectError(const Error& error, int status, int code, const std::string& fragment) {
    EXPECT_EQ(error.http_status(), status);
    EXPECT_EQ(error.code(), code);
    EXPECT_NE(error.message().find(fragment), std::string::npos) << error.message();
  }

  TempDir dir_;
  ManualClock clock_{kStart};
  size_t max_available_ = kDefaultMaxAvailableWorkers;
  size_t max_workers_ = kMaxWorkersPerWorkspace;
  CommitMode mode_ = CommitMode::kWait;
  std::unique_ptr<SqliteStore> sqlite_;
  std::unique_ptr<FaultyStore> faulty_;
  std::unique_ptr<WorkspaceRegistry> registry_;
  std::unique_ptr<WorkspaceService> workspaces_;
  std::unique_ptr<WorkerService> workers_;
  std::unique_ptr<StatisticsService> statistics_;
  std::unique_ptr<EventLog> events_;
  std::unique_ptr<TaskChannelService> task_channels_;
  std::unique_ptr<TaskQueueService> task_queues_;
  std::unique_ptr<WorkflowService> workflows_;
  std::unique_ptr<TaskService> tasks_;
};

}  // namespace taskrouter::testing
