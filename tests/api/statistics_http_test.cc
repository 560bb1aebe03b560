// Task figures in the statistics over HTTP: the Workflow statistics, the bulk TaskQueue
// real-time statistics and the Task counts of the Workspace, their fields and their errors.
#include <set>

#include "api/api_test_fixture.h"

namespace taskrouter::testing {
namespace {

constexpr char kUnknownQueue[] = "WQ00000000000000000000000000000000";

class StatisticsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ws_ = server().CreateWorkspace();
    path_ = "/v1/Workspaces/" + ws_;
    queue_ = Created(path_ + "/TaskQueues", "FriendlyName=Support");
    std::string config = R"({"task_routing":{"default_filter":{"queue":")" + queue_ + R"("}}})";
    flow_ =
        Created(path_ + "/Workflows", "FriendlyName=Inbound&Configuration=" + FormEncode(config));
    flow_path_ = path_ + "/Workflows/" + flow_;
  }

  std::string Created(const std::string& list, const std::string& form) {
    HttpResult result = server().Post(list, form);
    EXPECT_EQ(result.status, 201) << result.body;
    return result.status == 201 ? Str(result.json(), "sid") : "";
  }

  boost::json::object Fetched(const std::string& target) {
    HttpResult result = server().Get(target);
    EXPECT_EQ(result.status, 200) << result.body;
    return result.status == 200 ? result.json().as_object() : boost::json::object();
  }

  HttpResult PostJson(const std::string& body, const std::string& content_type) {
    return SendRaw(
        server().port(), "POST", path_ + "/TaskQueues/RealTimeStatistics", body,
        {{"Authorization", BasicAuth(kAccountSid, kAuthToken)}, {"Content-Type", content_type}});
  }

  static std::set<std::string> Keys(const boost::json::object& json) {
    std::set<std::string> keys;
    for (const auto& entry : json) {
      keys.emplace(entry.key());
    }
    return keys;
  }

  std::string ws_, path_, queue_, flow_, flow_path_;
};

TEST_F(StatisticsApiTest, WorkflowRealTimeCountsItsTasks) {
  std::string task = Created(path_ + "/Tasks", "WorkflowSid=" + flow_ + "&Priority=3");
  server().clock().Advance(7000);

  boost::json::object json = Fetched(flow_path_ + "/RealTimeStatistics");
  EXPECT_EQ(Keys(json), (std::set<std::string>{"account_sid", "longest_task_waiting_age",
                                               "longest_task_waiting_sid", "tasks_by_priority",
                                               "tasks_by_status", "total_tasks", "workflow_sid",
                                               "workspace_sid", "url"}));
  EXPECT_EQ(json.at("total_tasks").as_int64(), 1);
  EXPECT_EQ(json.at("longest_task_waiting_age").as_int64(), 7);
  EXPECT_EQ(Str(json, "longest_task_waiting_sid"), task);
  EXPECT_EQ(json.at("tasks_by_priority"), (boost::json::object{{"3", 1}}));
  EXPECT_EQ(
      json.at("tasks_by_status"),
      (boost::json::object{{"assigned", 0}, {"pending", 1}, {"reserved", 0}, {"wrapping", 0}}));
  EXPECT_EQ(Str(json, "workflow_sid"), flow_);
  EXPECT_EQ(Str(json, "url"), Url(flow_path_ + "/RealTimeStatistics"));

  boost::json::object voice = Fetched(flow_path_ + "/RealTimeStatistics?TaskChannel=voice");
  EXPECT_EQ(voice.at("total_tasks").as_int64(), 0);
  EXPECT_TRUE(voice.at("longest_task_waiting_sid").is_null());
}

TEST_F(StatisticsApiTest, WorkflowCumulativeHasTheWorkflowFields) {
  Created(path_ + "/Tasks", "WorkflowSid=" + flow_);
  boost::json::object json = Fetched(flow_path_ + "/CumulativeStatistics?SplitByWaitTime=5,30");
  EXPECT_EQ(Keys(json), (std::set<std::string>{
                            "account_sid",
                            "avg_task_acceptance_time",
                            "start_time",
                            "end_time",
                            "reservations_created",
                            "reservations_accepted",
                            "reservations_rejected",
                            "reservations_timed_out",
                            "reservations_canceled",
                            "reservations_rescinded",
                            "split_by_wait_time",
                            "wait_duration_until_accepted",
                            "wait_duration_until_canceled",
                            "tasks_canceled",
                            "tasks_completed",
                            "tasks_entered",
                            "tasks_deleted",
                            "tasks_moved",
                            "tasks_timed_out_in_workflow",
                            "workflow_sid",
                            "workspace_sid",
                            "url",
                        }));
  EXPECT_EQ(json.at("tasks_entered").as_int64(), 1);
  EXPECT_EQ(Keys(json.at("split_by_wait_time").as_object()), (std::set<std::string>{"5", "30"}));
  EXPECT_EQ(Str(json, "url"), Url(flow_path_ + "/CumulativeStatistics"));
}

TEST_F(StatisticsApiTest, WorkflowStatisticsHoldBothHalves) {
  Created(path_ + "/Tasks", "WorkflowSid=" + flow_);
  boost::json::object json = Fetched(flow_path_ + "/Statistics?Minutes=60");
  EXPECT_EQ(Keys(json), (std::set<std::string>{"account_sid", "cumulative", "realtime",
                                               "workflow_sid", "workspace_sid", "url"}));
  EXPECT_EQ(json.at("realtime").at("total_tasks").as_int64(), 1);
  EXPECT_EQ(json.at("cumulative").at("tasks_entered").as_int64(), 1);
  EXPECT_EQ(Str(json, "url"), Url(flow_path_ + "/Statistics"));
}

TEST_F(StatisticsApiTest, WorkflowStatisticsErrors) {
  std::string unknown = path_ + "/Workflows/WW00000000000000000000000000000000";
  for (const char* resource : {"/Statistics", "/RealTimeStatistics", "/CumulativeStatistics"}) {
    SCOPED_TRACE(resource);
    EXPECT_EQ(server().Get(unknown + resource).status, 404);
  }
  ExpectError(server().Get(flow_path_ + "/CumulativeStatistics?Minutes=5&StartDate=2023-01-01"),
              400, 20001, "Minutes cannot be combined");
  ExpectError(server().Get(flow_path_ + "/Statistics?SplitByWaitTime=5,x"), 400, 20001,
              "SplitByWaitTime");
}

TEST_F(StatisticsApiTest, WorkspaceAndQueueStatisticsCountTasks) {
  std::string task = Created(path_ + "/Tasks", "WorkflowSid=" + flow_ + "&Priority=2");
  server().clock().Advance(4000);
  boost::json::object workspace = Fetched(path_ + "/Statistics");
  EXPECT_EQ(workspace.at("realtime").at("total_tasks").as_int64(), 1);
  EXPECT_EQ(workspace.at("cumulative").at("tasks_created").as_int64(), 1);

  boost::json::object queue = Fetched(path_ + "/TaskQueues/" + queue_ + "/RealTimeStatistics");
  EXPECT_EQ(queue.at("longest_relative_task_age_in_queue").as_int64(), 4);
  EXPECT_EQ(Str(queue, "longest_relative_task_sid_in_queue"), task);
  boost::json::object cumulative =
      Fetched(path_ + "/TaskQueues/" + queue_ + "/CumulativeStatistics");
  EXPECT_EQ(cumulative.at("tasks_entered").as_int64(), 1);
  EXPECT_FALSE(cumulative.contains("tasks_created"));
}

TEST_F(StatisticsApiTest, BulkRealTimeAnswersEveryQueueAskedFor) {
  std::string task = Created(path_ + "/Tasks", "WorkflowSid=" + flow_);
  for (const char* key : {"QueueSids", "queueSids"}) {
    SCOPED_TRACE(key);
    HttpResult result = PostJson(
        std::string(R"({")") + key + R"(":[")" + queue_ + R"(",")" + kUnknownQueue + R"("]})",
        "application/json");
    ASSERT_EQ(result.status, 200) << result.body;
    const boost::json::object& json = result.json().as_object();
    EXPECT_EQ(Keys(json), (std::set<std::string>{"account_sid", "workspace_sid", "task_queue_data",
                                                 "task_queue_response_count", "url"}));
    EXPECT_EQ(json.at("task_queue_response_count").as_int64(), 2);
    EXPECT_EQ(Str(json, "url"), Url(path_ + "/TaskQueues/RealTimeStatistics"));

    const boost::json::array& data = json.at("task_queue_data").as_array();
    ASSERT_EQ(data.size(), 2u);
    std::set<std::string> item_keys{
        "task_queue_sid",  "total_available_workers",  "total_eligible_workers",
        "total_tasks",     "longest_task_waiting_age", "longest_task_waiting_sid",
        "tasks_by_status", "tasks_by_priority",        "activity_statistics"};
    EXPECT_EQ(Keys(data[0].as_object()), item_keys);
    EXPECT_EQ(Str(data[0], "task_queue_sid"), queue_);
    EXPECT_EQ(data[0].at("total_tasks").as_int64(), 1);
    EXPECT_EQ(Str(data[0], "longest_task_waiting_sid"), task);
    EXPECT_EQ(Keys(data[1].as_object()), item_keys);
    EXPECT_EQ(Str(data[1], "task_queue_sid"), kUnknownQueue);
    EXPECT_EQ(data[1].at("total_tasks").as_int64(), 0);
    EXPECT_EQ(data[1].at("activity_statistics").as_array().size(),
              data[0].at("activity_statistics").as_array().size());
  }
}

TEST_F(StatisticsApiTest, BulkRealTimeRefusesBadBodies) {
  std::string many = "[";
  for (int i = 0; i < 51; ++i) {
    many += std::string(i == 0 ? "" : ",") + "\"" + kUnknownQueue + "\"";
  }
  many += "]";
  struct Case {
    std::string body;
    std::string fragment;
  };
  for (const Case& c :
       {Case{R"({"QueueSids":[]})", "1 to 50"}, Case{R"({"QueueSids":)" + many + "}", "1 to 50"},
        Case{R"({"QueueSids":["WQ123"]})", "not a TaskQueue SID"},
        Case{R"({"QueueSids":[7]})", "not a TaskQueue SID"}, Case{R"({"Other":[]})", "QueueSids"},
        Case{"not json", "QueueSids"}, Case{"", "QueueSids"}}) {
    SCOPED_TRACE(c.body);
    ExpectError(PostJson(c.body, "application/json"), 400, 20001, c.fragment);
  }
  ExpectError(PostJson(R"({"QueueSids":["WQ"]})", "application/x-www-form-urlencoded"), 400, 20001,
              "application/json");
  EXPECT_EQ(
      SendRaw(server().port(), "POST",
              "/v1/Workspaces/WS00000000000000000000000000000000/TaskQueues/RealTimeStatistics",
              std::string(R"({"QueueSids":[")") + kUnknownQueue + R"("]})",
              {{"Authorization", BasicAuth(kAccountSid, kAuthToken)},
               {"Content-Type", "application/json"}})
          .status,
      404);
}

}  // namespace
}  // namespace taskrouter::testing
