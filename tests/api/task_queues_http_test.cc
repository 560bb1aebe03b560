// TaskQueues over HTTP, as Twilio's TaskQueue page describes them.
#include "api/api_test_fixture.h"

namespace taskrouter::testing {
namespace {

constexpr char kT0[] = "2023-11-14T22:13:20Z";
constexpr char kUnknownQueue[] = "WQ00000000000000000000000000000000";

class TaskQueuesApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ws_ = server().CreateWorkspace();
    list_ = "/v1/Workspaces/" + ws_ + "/TaskQueues";
    HttpResult activities = server().Get("/v1/Workspaces/" + ws_ + "/Activities");
    for (const boost::json::value& a : activities.json().at("activities").as_array()) {
      activity_[Str(a, "friendly_name")] = Str(a, "sid");
    }
  }

  std::string QueueSid(const std::string& form) {
    HttpResult result = server().Post(list_, form);
    EXPECT_EQ(result.status, 201) << result.body;
    return Str(result.json(), "sid");
  }

  std::string WorkerSid(const std::string& name, const std::string& attributes) {
    HttpResult result =
        server().Post("/v1/Workspaces/" + ws_ + "/Workers",
                      "FriendlyName=" + FormEncode(name) + "&Attributes=" + FormEncode(attributes));
    EXPECT_EQ(result.status, 201) << result.body;
    return Str(result.json(), "sid");
  }

  std::vector<std::string> Names(const std::string& target, const char* key) {
    HttpResult result = server().Get(target);
    EXPECT_EQ(result.status, 200) << result.body;
    std::vector<std::string> names;
    if (result.status == 200) {
      for (const boost::json::value& item : result.json().at(key).as_array()) {
        names.push_back(Str(item, "friendly_name"));
      }
    }
    return names;
  }

  // Every field a client reads; `reservation`/`assignment` name Activities, or "" for none.
  void ExpectQueue(const boost::json::value& json, const std::string& name,
                   const std::string& target, int64_t max_reserved, const std::string& order,
                   const std::string& reservation, const std::string& assignment,
                   const std::string& created, const std::string& updated) {
    std::string sid = Str(json, "sid");
    std::string workspace_url = Url("/v1/Workspaces/" + ws_);
    std::string url = Url(list_ + "/" + sid);
    EXPECT_TRUE(IsSidOf(sid, "WQ")) << sid;
    EXPECT_EQ(Str(json, "account_sid"), kAccountSid);
    EXPECT_EQ(Str(json, "workspace_sid"), ws_);
    EXPECT_EQ(Str(json, "friendly_name"), name);
    EXPECT_EQ(Str(json, "target_workers"), target);
    EXPECT_EQ(json.at("max_reserved_workers").as_int64(), max_reserved);
    EXPECT_EQ(Str(json, "task_order"), order);
    EXPECT_EQ(Str(json, "date_created"), created);
    EXPECT_EQ(Str(json, "date_updated"), updated);
    EXPECT_EQ(Str(json, "url"), url);
    const boost::json::object& links = json.at("links").as_object();
    EXPECT_EQ(Str(links, "workspace"), workspace_url);
    EXPECT_EQ(Str(links, "statistics"), url + "/Statistics");
    EXPECT_EQ(Str(links, "real_time_statistics"), url + "/RealTimeStatistics");
    EXPECT_EQ(Str(links, "cumulative_statistics"), url + "/CumulativeStatistics");
    EXPECT_EQ(Str(links, "list_statistics"), Url(list_ + "/Statistics"));
    EXPECT_EQ(Str(links, "bulk_real_time_statistics"), Url(list_ + "/RealTimeStatistics"));
    for (auto [field, activity] : {std::pair("reservation_activity", reservation),
                                   std::pair("assignment_activity", assignment)}) {
      SCOPED_TRACE(field);
      std::string prefix = field;
      if (activity.empty()) {
        EXPECT_TRUE(json.at(prefix + "_sid").is_null());
        EXPECT_TRUE(json.at(prefix + "_name").is_null());
        EXPECT_FALSE(links.contains(prefix));
      } else {
        EXPECT_EQ(Str(json, (prefix + "_sid").c_str()), activity_[activity]);
        EXPECT_EQ(Str(json, (prefix + "_name").c_str()), activity);
        EXPECT_EQ(Str(links, prefix.c_str()), workspace_url + "/Activities/" + activity_[activity]);
      }
    }
    EXPECT_EQ(json.as_object().size(), 15u) << json;
  }

  std::string ws_;
  std::string list_;
  std::map<std::string, std::string> activity_;  // SIDs by name
};

TEST_F(TaskQueuesApiTest, TheFiveCallsOfTheTaskQueuePage) {
  HttpResult created = server().Post(
      list_, "FriendlyName=English&TargetWorkers=" + FormEncode("languages HAS \"english\""));
  ASSERT_EQ(created.status, 201) << created.body;
  ExpectQueue(created.json(), "English", "languages HAS \"english\"", 1, "FIFO", "", "", kT0, kT0);
  std::string sid = Str(created.json(), "sid");

  HttpResult fetched = server().Get(list_ + "/" + sid);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.body, created.body);

  server().clock().Advance(3000);
  HttpResult updated = server().Post(
      list_ + "/" + sid, "TargetWorkers=" + FormEncode("languages HAS \"french\"") +
                             "&MaxReservedWorkers=50&TaskOrder=LIFO&ReservationActivitySid=" +
                             activity_["Unavailable"] +
                             "&AssignmentActivitySid=" + activity_["Offline"]);
  ASSERT_EQ(updated.status, 200) << updated.body;
  ExpectQueue(updated.json(), "English", "languages HAS \"french\"", 50, "LIFO", "Unavailable",
              "Offline", kT0, "2023-11-14T22:13:23Z");

  ExpectListOfOne(list_, "task_queues", updated.body);
  DeleteAndExpectGone(list_ + "/" + sid);
  Restart();
  EXPECT_EQ(server().Get(list_ + "/" + sid).status, 404);
}

TEST_F(TaskQueuesApiTest, QueuesSurviveARestart) {
  std::string sid = QueueSid("FriendlyName=Sales&MaxReservedWorkers=3&ReservationActivitySid=" +
                             activity_["Offline"]);
  Restart();  // on another port, which the URLs follow
  HttpResult after = server().Get(list_ + "/" + sid);
  ASSERT_EQ(after.status, 200) << after.body;
  ExpectQueue(after.json(), "Sales", "1==1", 3, "FIFO", "Offline", "", kT0, kT0);
}

TEST_F(TaskQueuesApiTest, CreateChecksEveryParameter) {
  QueueSid("FriendlyName=Sales");
  std::string other_ws = server().CreateWorkspace("Other");
  HttpResult other_activities = server().Get("/v1/Workspaces/" + other_ws + "/Activities");
  std::string foreign = Str(other_activities.json().at("activities").as_array()[0], "sid");
  const std::pair<std::string, std::string> kCases[] = {
      {"", "Missing required parameter FriendlyName"},
      {"FriendlyName=", "FriendlyName of a TaskQueue cannot be empty"},
      {"FriendlyName=" + std::string(65, 'x'), "at most 64 are allowed"},
      {"FriendlyName=SALES",
       "TaskQueue named SALES already exists for workspace " + ws_ + " for account " + kAccountSid},
      {"FriendlyName=A&TargetWorkers=" + FormEncode("skills HAS"),
       "Invalid TargetWorkers \"skills HAS\""},
      {"FriendlyName=A&MaxReservedWorkers=0", "MaxReservedWorkers must be between 1 and 50, not 0"},
      {"FriendlyName=A&MaxReservedWorkers=51",
       "MaxReservedWorkers must be between 1 and 50, not 51"},
      {"FriendlyName=A&MaxReservedWorkers=two", "MaxReservedWorkers"},
      {"FriendlyName=A&TaskOrder=fifo", "TaskOrder must be FIFO or LIFO, not 'fifo'"},
      {"FriendlyName=A&ReservationActivitySid=WA1", "ReservationActivitySid"},
      {"FriendlyName=A&AssignmentActivitySid=" + foreign,
       "AssignmentActivitySid " + foreign + " is not an Activity of workspace " + ws_},
  };
  for (const auto& [form, fragment] : kCases) {
    SCOPED_TRACE(form);
    ExpectError(server().Post(list_, form), 400, 20001, fragment);
  }
  EXPECT_EQ(Names(list_, "task_queues"), std::vector<std::string>{"Sales"});
}

TEST_F(TaskQueuesApiTest, UpdateChecksEveryParameterAndChangesNothingOnError) {
  std::string sid = QueueSid("FriendlyName=Sales");
  QueueSid("FriendlyName=Support");
  HttpResult before = server().Get(list_ + "/" + sid);
  const std::pair<std::string, std::string> kCases[] = {
      {"FriendlyName=support", "TaskQueue named support already exists"},
      {"TargetWorkers=" + FormEncode("a == 1 AND"), "position 11"},
      {"MaxReservedWorkers=51", "between 1 and 50"},
      {"TaskOrder=RANDOM", "TaskOrder must be FIFO or LIFO"},
      {"MaxReservedWorkers=2&ReservationActivitySid=WA00000000000000000000000000000000",
       "ReservationActivitySid WA00000000000000000000000000000000 is not an Activity"},
  };
  for (const auto& [form, fragment] : kCases) {
    SCOPED_TRACE(form);
    ExpectError(server().Post(list_ + "/" + sid, form), 400, 20001, fragment);
  }
  EXPECT_EQ(server().Get(list_ + "/" + sid).body, before.body);

  // An empty TargetWorkers is the default.
  HttpResult cleared = server().Post(list_ + "/" + sid, "TargetWorkers=");
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_EQ(Str(cleared.json(), "target_workers"), "1==1");
}

TEST_F(TaskQueuesApiTest, UnknownAndForeignQueuesAreNotFound) {
  std::string sid = QueueSid("FriendlyName=Sales");
  std::string other = "/v1/Workspaces/" + server().CreateWorkspace("Other") + "/TaskQueues/";
  for (const std::string& path : {list_ + "/" + kUnknownQueue, list_ + "/not-a-sid", other + sid}) {
    SCOPED_TRACE(path);
    ExpectError(server().Get(path), 404, 20404,
                "The requested resource " + path + " was not found");
    EXPECT_EQ(server().Post(path, "FriendlyName=X").status, 404);
    EXPECT_EQ(server().Delete(path).status, 404);
  }
  EXPECT_EQ(server().Get("/v1/Workspaces/WS00000000000000000000000000000000/TaskQueues").status,
            404);
  EXPECT_EQ(Names(list_, "task_queues"), std::vector<std::string>{"Sales"});
}

TEST_F(TaskQueuesApiTest, ListFiltersOrdersAndPages) {
  QueueSid("FriendlyName=English&TargetWorkers=" + FormEncode("languages HAS 'en'"));
  server().clock().Advance(1000);
  QueueSid("FriendlyName=Spanish&TargetWorkers=" + FormEncode("languages HAS 'es'"));
  server().clock().Advance(1000);
  QueueSid("FriendlyName=Everyone");
  std::string alice = WorkerSid("Alice", R"({"languages":["en"]})");

  EXPECT_EQ(Names(list_ + "?FriendlyName=Spanish", "task_queues"),
            std::vector<std::string>{"Spanish"});
  EXPECT_EQ(Names(list_ + "?EvaluateWorkerAttributes=" + FormEncode(R"({"languages":["es"]})"),
                  "task_queues"),
            (std::vector<std::string>{"Spanish", "Everyone"}));
  EXPECT_EQ(Names(list_ + "?WorkerSid=" + alice, "task_queues"),
            (std::vector<std::string>{"English", "Everyone"}));
  EXPECT_EQ(Names(list_ + "?Ordering=DateCreated:desc", "task_queues"),
            (std::vector<std::string>{"Everyone", "Spanish", "English"}));
  ExpectError(server().Get(list_ + "?EvaluateWorkerAttributes=" + FormEncode("{not json")), 400,
              20001, "EvaluateWorkerAttributes must be a JSON object");
  ExpectError(server().Get(list_ + "?Ordering=FriendlyName:asc"), 400, 20001,
              "Ordering must be DateCreated:asc or DateCreated:desc");

  // Following next_page_url keeps the filter and the order.
  std::vector<std::string> seen;
  std::string next = list_ + "?Ordering=DateCreated:desc&PageSize=2";
  while (!next.empty()) {
    HttpResult page = server().Get(next);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const boost::json::value& q : page.json().at("task_queues").as_array()) {
      seen.push_back(Str(q, "friendly_name"));
    }
    const boost::json::value& url = page.json().at("meta").at("next_page_url");
    next = url.is_null() ? "" : std::string(url.as_string()).substr(Url("").size());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"Everyone", "Spanish", "English"}));
}

TEST_F(TaskQueuesApiTest, WorkersListByTaskQueue) {
  std::string spanish =
      QueueSid("FriendlyName=Spanish&TargetWorkers=" + FormEncode("languages HAS 'es'"));
  WorkerSid("Alice", R"({"languages":["en"]})");
  WorkerSid("Bob", R"({"languages":["es"]})");
  std::string workers = "/v1/Workspaces/" + ws_ + "/Workers";
  EXPECT_EQ(Names(workers + "?TaskQueueSid=" + spanish, "workers"),
            std::vector<std::string>{"Bob"});
  EXPECT_EQ(Names(workers + "?TaskQueueName=Spanish", "workers"), std::vector<std::string>{"Bob"});
  EXPECT_TRUE(Names(workers + "?TaskQueueName=French", "workers").empty());
}

// A JSON object too deep to read is refused for its depth, not as "not a JSON object".
TEST_F(TaskQueuesApiTest, AttributesNestedTooDeeplySayWhy) {
  std::string deep;
  for (int i = 0; i < 40; ++i) {
    deep += R"({"a":)";
  }
  deep += "1" + std::string(40, '}');
  ExpectError(server().Get(list_ + "?EvaluateWorkerAttributes=" + FormEncode(deep)), 400, 20001,
              "EvaluateWorkerAttributes nests arrays and objects deeper than 32 levels");
  ExpectError(server().Post("/v1/Workspaces/" + ws_ + "/Workers",
                            "FriendlyName=Deep&Attributes=" + FormEncode(deep)),
              400, 20001, "Attributes nests arrays and objects deeper than 32 levels");
}

TEST_F(TaskQueuesApiTest, WorkersListTakesTheQueueNameInAnyCaseAlsoWithItsSid) {
  std::string spanish =
      QueueSid("FriendlyName=Spanish&TargetWorkers=" + FormEncode("languages HAS 'es'"));
  QueueSid("FriendlyName=French&TargetWorkers=" + FormEncode("languages HAS 'fr'"));
  WorkerSid("Bob", R"({"languages":["es"]})");
  std::string workers = "/v1/Workspaces/" + ws_ + "/Workers";
  EXPECT_EQ(Names(workers + "?TaskQueueName=sPANISH", "workers"), std::vector<std::string>{"Bob"});
  EXPECT_EQ(Names(workers + "?TaskQueueSid=" + spanish + "&TaskQueueName=sPANISH", "workers"),
            std::vector<std::string>{"Bob"});
  EXPECT_TRUE(
      Names(workers + "?TaskQueueSid=" + spanish + "&TaskQueueName=French", "workers").empty());
}

TEST_F(TaskQueuesApiTest, ActivityOfAQueueCannotBeDeleted) {
  HttpResult lunch =
      server().Post("/v1/Workspaces/" + ws_ + "/Activities", "FriendlyName=Lunch&Available=false");
  ASSERT_EQ(lunch.status, 201) << lunch.body;
  std::string lunch_sid = Str(lunch.json(), "sid");
  std::string queue = QueueSid("FriendlyName=Sales&ReservationActivitySid=" + lunch_sid);
  ExpectError(server().Delete("/v1/Workspaces/" + ws_ + "/Activities/" + lunch_sid), 400, 20001,
              "because TaskQueue " + queue + " (Sales) uses it as its reservation activity");
  EXPECT_EQ(server().Delete(list_ + "/" + queue).status, 204);
  EXPECT_EQ(server().Delete("/v1/Workspaces/" + ws_ + "/Activities/" + lunch_sid).status, 204);
}

TEST_F(TaskQueuesApiTest, EventsOfAQueue) {
  std::string sid = QueueSid("FriendlyName=Sales");
  ASSERT_EQ(server().Post(list_ + "/" + sid, "TargetWorkers=" + FormEncode("level > 1")).status,
            200);
  ASSERT_EQ(server().Delete(list_ + "/" + sid).status, 204);
  HttpResult events = server().Get("/v1/Workspaces/" + ws_ + "/Events?TaskQueueSid=" + sid);
  ASSERT_EQ(events.status, 200) << events.body;
  std::vector<std::string> types;
  for (const boost::json::value& e : events.json().at("events").as_array()) {
    types.push_back(Str(e, "event_type"));
    EXPECT_EQ(Str(e, "resource_type"), "taskqueue");
    EXPECT_EQ(Str(e.at("event_data"), "task_queue_name"), "Sales");
  }
  EXPECT_EQ(types, (std::vector<std::string>{"task-queue.created", "task-queue.expression.updated",
                                             "task-queue.deleted"}));
}

TEST_F(TaskQueuesApiTest, StatisticsCountTheWorkersTargetWorkersSelects) {
  std::string spanish =
      QueueSid("FriendlyName=Spanish&TargetWorkers=" + FormEncode("languages HAS 'es'"));
  QueueSid("FriendlyName=Everyone");
  WorkerSid("Alice", R"({"languages":["en"]})");
  std::string bob = WorkerSid("Bob", R"({"languages":["es"]})");
  WorkerSid("Carol", R"({"languages":["es"]})");
  ASSERT_EQ(server()
                .Post("/v1/Workspaces/" + ws_ + "/Workers/" + bob,
                      "ActivitySid=" + activity_["Available"])
                .status,
            200);
  std::string queue_url = list_ + "/" + spanish;

  HttpResult realtime = server().Get(queue_url + "/RealTimeStatistics");
  ASSERT_EQ(realtime.status, 200) << realtime.body;
  const boost::json::value& rt = realtime.json();
  EXPECT_EQ(Str(rt, "account_sid"), kAccountSid);
  EXPECT_EQ(Str(rt, "workspace_sid"), ws_);
  EXPECT_EQ(Str(rt, "task_queue_sid"), spanish);
  EXPECT_EQ(Str(rt, "url"), Url(queue_url + "/RealTimeStatistics"));
  EXPECT_EQ(rt.at("total_eligible_workers").as_int64(), 2);
  EXPECT_EQ(rt.at("total_available_workers").as_int64(), 1);
  EXPECT_EQ(rt.at("total_tasks").as_int64(), 0);
  EXPECT_EQ(rt.at("longest_task_waiting_age").as_int64(), 0);
  EXPECT_TRUE(rt.at("longest_task_waiting_sid").is_null());
  EXPECT_EQ(rt.at("longest_relative_task_age_in_queue").as_int64(), 0);
  EXPECT_TRUE(rt.at("longest_relative_task_sid_in_queue").is_null());
  EXPECT_EQ(serialize(rt.at("tasks_by_status")),
            R"({"assigned":0,"pending":0,"reserved":0,"wrapping":0})");
  std::vector<std::pair<std::string, int64_t>> by_activity;
  for (const boost::json::value& a : rt.at("activity_statistics").as_array()) {
    by_activity.emplace_back(Str(a, "friendly_name"), a.at("workers").as_int64());
    EXPECT_EQ(Str(a, "sid"), activity_[Str(a, "friendly_name")]);
  }
  EXPECT_EQ(by_activity, (std::vector<std::pair<std::string, int64_t>>{
                             {"Offline", 1}, {"Unavailable", 0}, {"Available", 1}}));
  EXPECT_EQ(rt.as_object().size(), 14u) << rt;

  HttpResult cumulative = server().Get(queue_url + "/CumulativeStatistics?SplitByWaitTime=5,30");
  ASSERT_EQ(cumulative.status, 200) << cumulative.body;
  const boost::json::value& cu = cumulative.json();
  EXPECT_EQ(Str(cu, "url"), Url(queue_url + "/CumulativeStatistics"));
  EXPECT_EQ(Str(cu, "task_queue_sid"), spanish);
  EXPECT_EQ(Str(cu, "start_time"), "2023-11-14T21:58:20Z");
  EXPECT_EQ(Str(cu, "end_time"), kT0);
  for (const char* zero : {"reservations_created", "reservations_accepted", "tasks_entered",
                           "tasks_moved", "tasks_canceled", "avg_task_acceptance_time"}) {
    EXPECT_EQ(cu.at(zero).as_int64(), 0) << zero;
  }
  EXPECT_EQ(serialize(cu.at("wait_duration_in_queue_until_accepted")),
            R"({"avg":0,"min":0,"max":0,"total":0})");
  EXPECT_EQ(cu.at("split_by_wait_time").as_object().size(), 2u);

  HttpResult both = server().Get(queue_url + "/Statistics?Minutes=60");
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(Str(both.json(), "url"), Url(queue_url + "/Statistics"));
  EXPECT_EQ(both.json().at("realtime").at("total_eligible_workers").as_int64(), 2);
  EXPECT_EQ(Str(both.json().at("cumulative"), "start_time"), "2023-11-14T21:13:20Z");

  HttpResult listed = server().Get(list_ + "/Statistics?PageSize=1");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const boost::json::array& items = listed.json().at("task_queues_statistics").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(Str(items[0], "task_queue_sid"), spanish);
  EXPECT_EQ(items[0].at("realtime").at("total_eligible_workers").as_int64(), 2);
  EXPECT_EQ(Str(listed.json().at("meta"), "key"), "task_queues_statistics");
  HttpResult everyone = server().Get(list_ + "/Statistics?FriendlyName=Everyone");
  ASSERT_EQ(everyone.status, 200) << everyone.body;
  const boost::json::array& only = everyone.json().at("task_queues_statistics").as_array();
  ASSERT_EQ(only.size(), 1u);
  EXPECT_EQ(only[0].at("realtime").at("total_eligible_workers").as_int64(), 3);
}

TEST_F(TaskQueuesApiTest, StatisticsErrors) {
  std::string sid = QueueSid("FriendlyName=Sales");
  for (const char* kind : {"/Statistics", "/RealTimeStatistics", "/CumulativeStatistics"}) {
    SCOPED_TRACE(kind);
    std::string path = list_ + "/" + kUnknownQueue + kind;
    ExpectError(server().Get(path), 404, 20404, "The requested resource " + path);
  }
  ExpectError(server().Get(list_ + "/" + sid + "/CumulativeStatistics?SplitByWaitTime=a"), 400,
              20001, "SplitByWaitTime must be comma-separated whole seconds");
  ExpectError(server().Get(list_ + "/Statistics?Minutes=5&StartDate=2023-11-14"), 400, 20001,
              "Minutes");
  EXPECT_EQ(server()
                .Get("/v1/Workspaces/WS00000000000000000000000000000000/TaskQueues/Statistics")
                .status,
            404);
}

}  // namespace
}  // namespace taskrouter::testing
