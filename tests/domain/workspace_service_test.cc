#include "domain/workspace_service.h"

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "support/faulty_store.h"
#include "support/temp_dir.h"

namespace taskrouter {
namespace {

const Caller kAccount{"AC00000000000000000000000000000001", "127.0.0.1"};
const Caller kOtherAccount{"AC00000000000000000000000000000002", "127.0.0.1"};

class WorkspaceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  // A new service over the same store file, as after a restart.
  void Reopen() {
    service_.reset();
    registry_.reset();
    faulty_.reset();
    sqlite_.reset();
    sqlite_ = std::move(SqliteStore::Open(dir_.path() + "/taskrouter.db")).value();
    faulty_ = std::make_unique<testing::FaultyStore>(*sqlite_);
    registry_ = std::make_unique<WorkspaceRegistry>(*faulty_, clock_);
    registry_->Load(sqlite_->Load().value());
    service_ = std::make_unique<WorkspaceService>(*registry_);
  }

  std::string NewWorkspace(const Caller& account = kAccount) {
    WorkspaceCreate create;
    create.friendly_name = "Support";
    Result<WorkspaceView> view = service_->CreateWorkspace(account, create);
    EXPECT_TRUE(view.ok());
    return view.ok() ? view->record.sid : "";
  }

  ActivityRecord NewActivity(const std::string& workspace, const std::string& name,
                             bool available = false) {
    Result<ActivityRecord> activity =
        service_->CreateActivity(kAccount, workspace, name, available);
    EXPECT_TRUE(activity.ok()) << (activity.ok() ? "" : activity.error().message());
    return activity.ok() ? activity.value() : ActivityRecord{};
  }

  std::vector<std::string> ActivityNames(const std::string& workspace,
                                         const ActivityFilter& filter = {}) {
    PageRequest page;
    page.page_size = kMaxPageSize;
    Result<Page<ActivityRecord>> listed =
        service_->ListActivities(kAccount, workspace, filter, page);
    std::vector<std::string> names;
    for (const ActivityRecord& a : listed->items) {
      names.push_back(a.friendly_name);
    }
    return names;
  }

  static void ExpectError(const Error& error, int status, int code, const std::string& fragment) {
    EXPECT_EQ(error.http_status(), status);
    EXPECT_EQ(error.code(), code);
    EXPECT_NE(error.message().find(fragment), std::string::npos) << error.message();
  }

  testing::TempDir dir_;
  ManualClock clock_{1700000000000};
  std::unique_ptr<SqliteStore> sqlite_;
  std::unique_ptr<testing::FaultyStore> faulty_;
  std::unique_ptr<WorkspaceRegistry> registry_;
  std::unique_ptr<WorkspaceService> service_;
};

TEST_F(WorkspaceServiceTest, NewWorkspaceHasTheThreeDefaultActivitiesInOrder) {
  std::string ws = NewWorkspace();
  EXPECT_EQ(ActivityNames(ws), (std::vector<std::string>{"Offline", "Unavailable", "Available"}));
  EXPECT_EQ(ActivityNames(ws, {.friendly_name = std::nullopt, .available = true}),
            std::vector<std::string>{"Available"});

  WorkspaceView view = service_->FetchWorkspace(kAccount, ws).value();
  EXPECT_EQ(view.default_activity_name, "Offline");
  EXPECT_EQ(view.timeout_activity_name, "Offline");
  EXPECT_EQ(view.record.default_activity_sid, view.record.timeout_activity_sid);
  EXPECT_TRUE(view.record.multi_task_enabled);
  EXPECT_EQ(view.record.prioritize_queue_order, "FIFO");
  EXPECT_EQ(view.record.date_created, 1700000000000);
}

TEST_F(WorkspaceServiceTest, UnknownTemplateIsRefused) {
  WorkspaceCreate create;
  create.friendly_name = "Support";
  create.template_name = "ROUND_ROBIN";
  ExpectError(service_->CreateWorkspace(kAccount, create).error(), 400, 20001,
              "Template must be NONE or FIFO");
}

TEST_F(WorkspaceServiceTest, ActivityNamesAreUniqueCaseInsensitively) {
  std::string ws = NewWorkspace();
  NewActivity(ws, "On Call");
  Result<ActivityRecord> duplicate = service_->CreateActivity(kAccount, ws, "ON CALL", true);
  ASSERT_FALSE(duplicate.ok());
  ExpectError(duplicate.error(), 400, 20001, "Activity named ON CALL already exists");
  ExpectError(service_->CreateActivity(kAccount, ws, "offline", true).error(), 400, 20001,
              "already exists");

  // Another Workspace may use the name.
  EXPECT_TRUE(service_->CreateActivity(kAccount, NewWorkspace(), "On Call", true).ok());
}

TEST_F(WorkspaceServiceTest, RenameChecksUniquenessButMayChangeCase) {
  std::string ws = NewWorkspace();
  ActivityRecord on_call = NewActivity(ws, "On Call");
  EXPECT_TRUE(service_->UpdateActivity(kAccount, ws, on_call.sid, "ON CALL").ok());
  ExpectError(service_->UpdateActivity(kAccount, ws, on_call.sid, "available").error(), 400, 20001,
              "already exists");
}

TEST_F(WorkspaceServiceTest, FriendlyNameLimitCountsCharactersNotBytes) {
  std::string ws = NewWorkspace();
  std::string euros;
  for (int i = 0; i < 64; ++i) {
    euros += "\xe2\x82\xac";  // 3 bytes each, 192 in all
  }
  EXPECT_TRUE(service_->CreateActivity(kAccount, ws, euros, false).ok());
  ExpectError(service_->CreateActivity(kAccount, ws, euros + "x", false).error(), 400, 20001,
              "65 characters long; at most 64");
  ExpectError(service_->CreateActivity(kAccount, ws, "", false).error(), 400, 20001,
              "cannot be empty");
}

TEST_F(WorkspaceServiceTest, AtMostOneHundredActivitiesDefaultsIncluded) {
  std::string ws = NewWorkspace();
  for (int i = 0; i < 97; ++i) {
    NewActivity(ws, "Activity " + std::to_string(i));
  }
  Result<ActivityRecord> extra = service_->CreateActivity(kAccount, ws, "One too many", false);
  ASSERT_FALSE(extra.ok());
  ExpectError(extra.error(), 400, 20001, "maximum of 100 Activities");
}

TEST_F(WorkspaceServiceTest, AvailabilityNeverChanges) {
  std::string ws = NewWorkspace();
  ActivityRecord busy = NewActivity(ws, "Busy", false);
  clock_.Advance(5000);
  ActivityRecord renamed = service_->UpdateActivity(kAccount, ws, busy.sid, "Busy Now").value();
  EXPECT_FALSE(renamed.available);
  EXPECT_EQ(renamed.friendly_name, "Busy Now");
  EXPECT_EQ(renamed.date_created, busy.date_created);
  EXPECT_EQ(renamed.date_updated, busy.date_created + 5000);
}

TEST_F(WorkspaceServiceTest, DeleteRefusedWhileWorkspaceUsesTheActivity) {
  std::string ws = NewWorkspace();
  WorkspaceView view = service_->FetchWorkspace(kAccount, ws).value();
  Status status = service_->DeleteActivity(kAccount, ws, view.record.default_activity_sid);
  ASSERT_FALSE(status.ok());
  ExpectError(status.error(), 400, 20001,
              "because it is the Workspace's default activity and timeout activity");

  // Once the timeout activity moves, only the default use remains.
  ActivityRecord lunch = NewActivity(ws, "Lunch");
  WorkspaceUpdate update;
  update.timeout_activity_sid = lunch.sid;
  ASSERT_TRUE(service_->UpdateWorkspace(kAccount, ws, update).ok());
  ExpectError(service_->DeleteActivity(kAccount, ws, view.record.default_activity_sid).error(), 400,
              20001, "because it is the Workspace's default activity");
  ExpectError(service_->DeleteActivity(kAccount, ws, lunch.sid).error(), 400, 20001,
              "because it is the Workspace's timeout activity");
  EXPECT_EQ(ActivityNames(ws).size(), 4u);
}

TEST_F(WorkspaceServiceTest, UpdateRefusesActivitiesOfAnotherWorkspace) {
  std::string ws = NewWorkspace();
  std::string other = NewWorkspace();
  ActivityRecord foreign = service_->CreateActivity(kAccount, other, "Elsewhere", true).value();
  WorkspaceUpdate update;
  update.default_activity_sid = foreign.sid;
  update.friendly_name = "Renamed";
  Result<WorkspaceView> result = service_->UpdateWorkspace(kAccount, ws, update);
  ASSERT_FALSE(result.ok());
  ExpectError(result.error(), 400, 20001, "DefaultActivitySid " + foreign.sid);
  EXPECT_EQ(service_->FetchWorkspace(kAccount, ws)->record.friendly_name, "Support");
}

TEST_F(WorkspaceServiceTest, AnotherAccountSeesNothing) {
  std::string ws = NewWorkspace();
  ActivityRecord activity = NewActivity(ws, "Lunch");
  EXPECT_EQ(service_->FetchWorkspace(kOtherAccount, ws).error().http_status(), 404);
  EXPECT_EQ(service_->FetchActivity(kOtherAccount, ws, activity.sid).error().http_status(), 404);
  EXPECT_EQ(service_->DeleteWorkspace(kOtherAccount, ws).error().http_status(), 404);
  EXPECT_TRUE(service_->ListWorkspaces(kOtherAccount, std::nullopt, {}).items.empty());
  EXPECT_EQ(service_->ListWorkspaces(kAccount, std::nullopt, {}).items.size(), 1u);
}

TEST_F(WorkspaceServiceTest, DeletedWorkspaceTakesItsActivities) {
  std::string ws = NewWorkspace();
  ActivityRecord activity = NewActivity(ws, "Lunch");
  ASSERT_TRUE(service_->DeleteWorkspace(kAccount, ws).ok());
  EXPECT_EQ(service_->FetchActivity(kAccount, ws, activity.sid).error().http_status(), 404);
  Reopen();
  EXPECT_EQ(service_->FetchWorkspace(kAccount, ws).error().http_status(), 404);
  EXPECT_TRUE(sqlite_->Load()->activities.empty());
}

TEST_F(WorkspaceServiceTest, EverythingSurvivesARestart) {
  std::string ws = NewWorkspace();
  ActivityRecord lunch = NewActivity(ws, "Lunch", true);
  ASSERT_TRUE(service_->UpdateActivity(kAccount, ws, lunch.sid, "Long Lunch").ok());
  Reopen();
  EXPECT_EQ(ActivityNames(ws),
            (std::vector<std::string>{"Offline", "Unavailable", "Available", "Long Lunch"}));
  // Creation order continues after the restart.
  NewActivity(ws, "After Restart");
  EXPECT_EQ(ActivityNames(ws).back(), "After Restart");
}

TEST_F(WorkspaceServiceTest, FailedCommitChangesNothing) {
  std::string ws = NewWorkspace();
  ActivityRecord lunch = NewActivity(ws, "Lunch");
  faulty_->set_fail_commits(true);

  EXPECT_EQ(service_->CreateActivity(kAccount, ws, "Break", false).error().code(), 20500);
  EXPECT_EQ(service_->UpdateActivity(kAccount, ws, lunch.sid, "Dinner").error().code(), 20500);
  EXPECT_EQ(service_->DeleteActivity(kAccount, ws, lunch.sid).error().code(), 20500);
  WorkspaceUpdate update;
  update.friendly_name = "Renamed";
  EXPECT_EQ(service_->UpdateWorkspace(kAccount, ws, update).error().code(), 20500);
  EXPECT_EQ(service_->DeleteWorkspace(kAccount, ws).error().code(), 20500);
  WorkspaceCreate create;
  create.friendly_name = "Another";
  EXPECT_EQ(service_->CreateWorkspace(kAccount, create).error().code(), 20500);

  EXPECT_EQ(ActivityNames(ws),
            (std::vector<std::string>{"Offline", "Unavailable", "Available", "Lunch"}));
  EXPECT_EQ(service_->FetchWorkspace(kAccount, ws)->record.friendly_name, "Support");
  EXPECT_EQ(service_->ListWorkspaces(kAccount, std::nullopt, {}).items.size(), 1u);
}

TEST_F(WorkspaceServiceTest, CursorNeitherSkipsNorRepeatsAcrossChanges) {
  std::string ws = NewWorkspace();
  for (int i = 0; i < 7; ++i) {
    NewActivity(ws, "A" + std::to_string(i));
  }
  // Offline, Unavailable, Available, A0..A6: pages of 4.
  PageRequest first;
  first.page_size = 4;
  Page<ActivityRecord> page1 = service_->ListActivities(kAccount, ws, {}, first).value();
  ASSERT_EQ(page1.items.size(), 4u);
  EXPECT_FALSE(page1.has_previous);
  EXPECT_TRUE(page1.has_next);

  // Between pages: the item the cursor names goes, so does one not yet listed, and a new
  // one comes.
  ASSERT_TRUE(service_->DeleteActivity(kAccount, ws, page1.items[3].sid).ok());
  PageRequest filter_all;
  filter_all.page_size = kMaxPageSize;
  std::string a1_sid =
      service_
          ->ListActivities(kAccount, ws, {.friendly_name = "A1", .available = std::nullopt},
                           filter_all)
          ->items[0]
          .sid;
  ASSERT_TRUE(service_->DeleteActivity(kAccount, ws, a1_sid).ok());
  NewActivity(ws, "Late");

  PageRequest next = first;
  next.from = PageRequest::From::kAfter;
  next.cursor = page1.last;
  Page<ActivityRecord> page2 = service_->ListActivities(kAccount, ws, {}, next).value();
  std::vector<std::string> page2_names;
  for (const ActivityRecord& a : page2.items) {
    page2_names.push_back(a.friendly_name);
  }
  EXPECT_EQ(page2_names, (std::vector<std::string>{"A2", "A3", "A4", "A5"}));
  EXPECT_TRUE(page2.has_previous);
  EXPECT_TRUE(page2.has_next);

  PageRequest back = first;
  back.from = PageRequest::From::kBefore;
  back.cursor = page2.first;
  Page<ActivityRecord> page1_again = service_->ListActivities(kAccount, ws, {}, back).value();
  ASSERT_EQ(page1_again.items.size(), 3u);
  EXPECT_EQ(page1_again.items[0].friendly_name, "Offline");
  EXPECT_FALSE(page1_again.has_previous);
}

TEST_F(WorkspaceServiceTest, PageIndexWithoutCursorCountsFromTheStart) {
  std::string ws = NewWorkspace();
  PageRequest page;
  page.page_size = 2;
  page.page_index = 1;
  Page<ActivityRecord> second = service_->ListActivities(kAccount, ws, {}, page).value();
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_EQ(second.items[0].friendly_name, "Available");
  EXPECT_TRUE(second.has_previous);
  EXPECT_FALSE(second.has_next);
  page.page_index = 1000;
  EXPECT_TRUE(service_->ListActivities(kAccount, ws, {}, page)->items.empty());
}

}  // namespace
}  // namespace taskrouter
