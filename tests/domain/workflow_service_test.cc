#include "domain/workflow_service.h"

#include <functional>

#include "domain/domain_fixture.h"

namespace taskrouter::testing {
namespace {

constexpr char kUnknownQueue[] = "WQ00000000000000000000000000000000";

class WorkflowServiceTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    ws_ = NewWorkspace();
    sales_ = NewQueue("Sales");
    support_ = NewQueue("Support");
  }

  std::string NewQueue(const std::string& name) {
    TaskQueueCreate create;
    create.friendly_name = name;
    Result<TaskQueueView> view = task_queues_->CreateTaskQueue(kCaller, ws_, create);
    EXPECT_TRUE(view.ok()) << (view.ok() ? "" : view.error().message());
    return view.ok() ? view->record.sid : "";
  }

  // A Configuration whose one filter sends `type == 'sales'` to `filter_queue` and whose
  // default_filter is `default_queue`.
  static std::string Config(const std::string& filter_queue, const std::string& default_queue) {
    return R"({"task_routing":{"filters":[{"expression":"type == 'sales'","targets":[{"queue":")" +
           filter_queue + R"("}]}],"default_filter":{"queue":")" + default_queue + R"("}}})";
  }

  Result<WorkflowRecord> Create(const std::string& name, const std::string& configuration) {
    WorkflowCreate create;
    create.friendly_name = name;
    create.configuration = configuration;
    return workflows_->CreateWorkflow(kCaller, ws_, create);
  }

  std::string NewWorkflow(const std::string& name) {
    Result<WorkflowRecord> flow = Create(name, Config(sales_, support_));
    EXPECT_TRUE(flow.ok()) << (flow.ok() ? "" : flow.error().message());
    return flow.ok() ? flow->sid : "";
  }

  // Updates Workflow `sid` with what `set` puts in an otherwise empty update.
  Result<WorkflowRecord> Update(const std::string& sid,
                                const std::function<void(WorkflowUpdate&)>& set) {
    WorkflowUpdate update;
    set(update);
    return workflows_->UpdateWorkflow(kCaller, ws_, sid, update);
  }

  std::vector<std::string> FlowNames(const std::optional<std::string>& name = std::nullopt) {
    PageRequest page;
    page.page_size = kMaxPageSize;
    Result<Page<WorkflowRecord>> listed = workflows_->ListWorkflows(kCaller, ws_, name, page);
    EXPECT_TRUE(listed.ok()) << (listed.ok() ? "" : listed.error().message());
    std::vector<std::string> names;
    for (const WorkflowRecord& flow : listed.ok() ? listed->items : std::vector<WorkflowRecord>{}) {
      names.push_back(flow.friendly_name);
    }
    return names;
  }

  // The queues of the parsed Configuration the Workspace keeps for Workflow `sid`: each filter's
  // targets' in order, then the default_filter's; {"<none>"} if it keeps none.
  std::vector<std::string> ParsedQueues(const std::string& sid) {
    LockedWorkspace state(*registry_, kCaller.account_sid, ws_);
    const WorkflowEntry* entry = state.found() ? state->FindWorkflow(sid) : nullptr;
    if (entry == nullptr || !entry->config.has_value()) {
      return {"<none>"};
    }
    std::vector<std::string> queues;
    for (const WorkflowFilter& filter : entry->config->filters) {
      for (const WorkflowTarget& target : filter.targets) {
        queues.push_back(target.queue);
      }
    }
    if (entry->config->default_filter.has_value()) {
      queues.push_back("default " + entry->config->default_filter->queue);
    }
    return queues;
  }

  std::string ws_;
  std::string sales_;
  std::string support_;
};

TEST_F(WorkflowServiceTest, CreateGivesTheDefaultsKeepsTheParsedConfigAndSurvivesARestart) {
  clock_.Advance(5 * kSecond);
  Result<WorkflowRecord> flow = Create("Inbound", Config(sales_, support_));
  ASSERT_TRUE(flow.ok()) << flow.error().message();
  EXPECT_TRUE(flow->sid.starts_with("WW")) << flow->sid;
  EXPECT_EQ(flow->sid.size(), 34u);
  EXPECT_EQ(flow->account_sid, kCaller.account_sid);
  EXPECT_EQ(flow->workspace_sid, ws_);
  EXPECT_EQ(flow->friendly_name, "Inbound");
  EXPECT_EQ(flow->configuration, Config(sales_, support_));
  EXPECT_EQ(flow->task_reservation_timeout, 120);
  EXPECT_FALSE(flow->assignment_callback_url.has_value());
  EXPECT_FALSE(flow->fallback_assignment_callback_url.has_value());
  EXPECT_EQ(flow->date_created, kStart + 5 * kSecond);
  EXPECT_EQ(flow->date_updated, kStart + 5 * kSecond);

  for (int restart = 0; restart < 2; ++restart) {
    SCOPED_TRACE(restart == 0 ? "before a restart" : "after a restart");
    EXPECT_EQ(ParsedQueues(flow->sid), (std::vector<std::string>{sales_, "default " + support_}));
    Result<WorkflowRecord> fetched = workflows_->FetchWorkflow(kCaller, ws_, flow->sid);
    ASSERT_TRUE(fetched.ok());
    EXPECT_EQ(fetched->configuration, flow->configuration);
    EXPECT_EQ(fetched->seq, flow->seq);
    Reopen();
  }
}

TEST_F(WorkflowServiceTest, EveryFieldIsCheckedAndAnErrorChangesNothing) {
  std::string sid = NewWorkflow("Inbound");
  struct Case {
    std::function<void(WorkflowUpdate&)> set;
    std::string message;
  };
  const Case kCases[] = {
      {[](WorkflowUpdate& u) { u.friendly_name = ""; },
       "FriendlyName of a Workflow cannot be empty"},
      {[](WorkflowUpdate& u) { u.friendly_name = std::string(65, 'x'); },
       "FriendlyName of a Workflow is 65 characters long; at most 64 are allowed"},
      {[](WorkflowUpdate& u) { u.task_reservation_timeout = 0; },
       "TaskReservationTimeout must be between 1 and 86400 seconds, not 0"},
      {[](WorkflowUpdate& u) { u.task_reservation_timeout = 86401; },
       "TaskReservationTimeout must be between 1 and 86400 seconds, not 86401"},
      {[](WorkflowUpdate& u) { u.configuration = "{}"; },
       "Invalid Configuration: task_routing: missing"},
      {[&](WorkflowUpdate& u) { u.configuration = Config(sales_, kUnknownQueue); },
       std::string("Invalid Configuration: task_routing.default_filter.queue: ") + kUnknownQueue +
           " is not a TaskQueue of this Workspace"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.message);
    Result<WorkflowRecord> refused = Update(sid, c.set);
    ASSERT_FALSE(refused.ok());
    ExpectError(refused.error(), 400, kCodeInvalidParameter, c.message);
    EXPECT_EQ(refused.error().message(), c.message);

    Result<WorkflowRecord> created = workflows_->CreateWorkflow(kCaller, ws_, [&] {
      WorkflowUpdate update;
      c.set(update);
      WorkflowCreate create;
      create.friendly_name = update.friendly_name.value_or("New");
      create.configuration = update.configuration.value_or(Config(sales_, support_));
      create.task_reservation_timeout = update.task_reservation_timeout.value_or(120);
      return create;
    }());
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().message(), c.message);
  }
  Result<WorkflowRecord> after = workflows_->FetchWorkflow(kCaller, ws_, sid);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->friendly_name, "Inbound");
  EXPECT_EQ(after->configuration, Config(sales_, support_));
  EXPECT_EQ(after->task_reservation_timeout, 120);
  EXPECT_EQ(after->date_updated, kStart);
  EXPECT_EQ(FlowNames(), (std::vector<std::string>{"Inbound"}));
  EXPECT_EQ(AllEvents(ws_).size(), 4u);  // workspace, two queues and the Workflow created
}

TEST_F(WorkflowServiceTest, UpdateChangesOnlyWhatItIsGivenAndAnEmptyUrlClears) {
  WorkflowCreate create;
  create.friendly_name = "Inbound";
  create.configuration = Config(sales_, support_);
  create.task_reservation_timeout = 1;
  create.assignment_callback_url = "https://example.com/assign";
  create.fallback_assignment_callback_url = "https://example.com/fallback";
  Result<WorkflowRecord> flow = workflows_->CreateWorkflow(kCaller, ws_, create);
  ASSERT_TRUE(flow.ok());
  EXPECT_EQ(flow->task_reservation_timeout, 1);

  clock_.Advance(3 * kSecond);
  Result<WorkflowRecord> updated = Update(flow->sid, [&](WorkflowUpdate& u) {
    u.configuration = Config(support_, sales_);
    u.task_reservation_timeout = 86400;
    u.assignment_callback_url = "";
  });
  ASSERT_TRUE(updated.ok()) << updated.error().message();
  EXPECT_EQ(updated->friendly_name, "Inbound");
  EXPECT_EQ(updated->configuration, Config(support_, sales_));
  EXPECT_EQ(updated->task_reservation_timeout, 86400);
  EXPECT_FALSE(updated->assignment_callback_url.has_value());
  EXPECT_EQ(updated->fallback_assignment_callback_url, "https://example.com/fallback");
  EXPECT_EQ(updated->date_created, kStart);
  EXPECT_EQ(updated->date_updated, kStart + 3 * kSecond);

  EXPECT_EQ(ParsedQueues(flow->sid), (std::vector<std::string>{support_, "default " + sales_}));
}

TEST_F(WorkflowServiceTest, NamesNeedNotBeUniqueAndListFiltersByExactName) {
  NewWorkflow("Inbound");
  NewWorkflow("Outbound");
  NewWorkflow("Inbound");
  EXPECT_EQ(FlowNames(), (std::vector<std::string>{"Inbound", "Outbound", "Inbound"}));
  EXPECT_EQ(FlowNames("Inbound"), (std::vector<std::string>{"Inbound", "Inbound"}));
  EXPECT_TRUE(FlowNames("inbound").empty());
}

TEST_F(WorkflowServiceTest, EventsForCreateUpdateAndDelete) {
  std::string sid = NewWorkflow("Inbound");
  ASSERT_TRUE(Update(sid, [](WorkflowUpdate& u) { u.friendly_name = "Calls"; }).ok());
  ASSERT_TRUE(workflows_->DeleteWorkflow(kCaller, ws_, sid).ok());

  std::vector<EventRecord> events = AllEvents(ws_);
  ASSERT_EQ(events.size(), 6u);  // workspace and two queues created, and three of the Workflow
  const std::pair<const char*, const char*> kExpected[] = {{"workflow.created", "Inbound"},
                                                           {"workflow.updated", "Calls"},
                                                           {"workflow.deleted", "Calls"}};
  for (size_t i = 0; i < 3; ++i) {
    const EventRecord& event = events[3 + i];
    SCOPED_TRACE(kExpected[i].first);
    EXPECT_EQ(event.event_type, kExpected[i].first);
    EXPECT_EQ(event.resource_type, "workflow");
    EXPECT_EQ(event.resource_sid, sid);
    EXPECT_EQ(event.description,
              "Workflow " + sid + " " + std::string(kExpected[i].first).substr(9));
    EXPECT_EQ(DataOf(event, "workflow_sid"), sid);
    EXPECT_EQ(DataOf(event, "workflow_name"), kExpected[i].second);
  }
}

TEST_F(WorkflowServiceTest, UnknownWorkflowsAndOtherAccountsAreNotFound) {
  std::string sid = NewWorkflow("Inbound");
  std::string other_ws = NewWorkspace("Other");
  const std::pair<const Caller*, std::pair<std::string, std::string>> kCases[] = {
      {&kCaller, {ws_, "WW00000000000000000000000000000000"}},
      {&kCaller, {other_ws, sid}},
      {&kOtherCaller, {ws_, sid}},
  };
  WorkflowUpdate rename;
  rename.friendly_name = "X";
  for (const auto& [caller, where] : kCases) {
    SCOPED_TRACE(where.first + "/" + where.second);
    Result<WorkflowRecord> fetched = workflows_->FetchWorkflow(*caller, where.first, where.second);
    ASSERT_FALSE(fetched.ok());
    ExpectError(fetched.error(), 404, kCodeNotFound, "");
    Result<WorkflowRecord> updated =
        workflows_->UpdateWorkflow(*caller, where.first, where.second, rename);
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().http_status(), 404);
    Status deleted = workflows_->DeleteWorkflow(*caller, where.first, where.second);
    ASSERT_FALSE(deleted.ok());
    EXPECT_EQ(deleted.error().http_status(), 404);
  }
  PageRequest page;
  Result<Page<WorkflowRecord>> foreign =
      workflows_->ListWorkflows(kOtherCaller, ws_, std::nullopt, page);
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().http_status(), 404);
  EXPECT_EQ(FlowNames(), (std::vector<std::string>{"Inbound"}));
}

TEST_F(WorkflowServiceTest, QueueOfAWorkflowCannotBeDeletedUntilNoWorkflowRoutesToIt) {
  std::string sid = NewWorkflow("Inbound");
  for (const std::string& queue : {sales_, support_}) {
    Status refused = task_queues_->DeleteTaskQueue(kCaller, ws_, queue);
    ASSERT_FALSE(refused.ok());
    ExpectError(refused.error(), 400, kCodeInvalidParameter,
                "TaskQueue " + queue + " cannot be deleted: Workflow " + sid +
                    " (Inbound) routes Tasks to it");
  }
  ASSERT_TRUE(
      Update(sid, [&](WorkflowUpdate& u) { u.configuration = Config(sales_, sales_); }).ok());
  EXPECT_TRUE(task_queues_->DeleteTaskQueue(kCaller, ws_, support_).ok());
  EXPECT_FALSE(task_queues_->DeleteTaskQueue(kCaller, ws_, sales_).ok());
  ASSERT_TRUE(workflows_->DeleteWorkflow(kCaller, ws_, sid).ok());
  EXPECT_TRUE(task_queues_->DeleteTaskQueue(kCaller, ws_, sales_).ok());
}

TEST_F(WorkflowServiceTest, StoreFailureChangesNothing) {
  std::string sid = NewWorkflow("Inbound");
  faulty_->set_fail_commits(true);
  Result<WorkflowRecord> created = Create("Outbound", Config(sales_, support_));
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().http_status(), 500);
  EXPECT_FALSE(Update(sid, [](WorkflowUpdate& u) { u.friendly_name = "X"; }).ok());
  EXPECT_FALSE(workflows_->DeleteWorkflow(kCaller, ws_, sid).ok());
  faulty_->set_fail_commits(false);
  EXPECT_EQ(FlowNames(), (std::vector<std::string>{"Inbound"}));
  Reopen();
  EXPECT_EQ(FlowNames(), (std::vector<std::string>{"Inbound"}));
}

TEST_F(WorkflowServiceTest, DeletingTheWorkspaceDeletesItsWorkflows) {
  NewWorkflow("Inbound");
  ASSERT_TRUE(workspaces_->DeleteWorkspace(kCaller, ws_).ok());
  Reopen();
  EXPECT_TRUE(sqlite_->Load()->workflows.empty());
}

}  // namespace
}  // namespace taskrouter::testing
