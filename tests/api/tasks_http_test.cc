// Tasks and their Reservations over HTTP, as Twilio's Task and Reservation pages describe them:
// the fields on the wire, the status codes and the error bodies.
#include <map>

#include "api/api_test_fixture.h"

namespace taskrouter::testing {
namespace {

constexpr char kT0[] = "2023-11-14T22:13:20Z";
constexpr char kUnknownTask[] = "WT00000000000000000000000000000000";

class TasksApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ws_ = server().CreateWorkspace();
    path_ = "/v1/Workspaces/" + ws_;
    tasks_ = path_ + "/Tasks";
    for (const boost::json::value& a : List(path_ + "/Activities", "activities")) {
      activity_[Str(a, "friendly_name")] = Str(a, "sid");
    }
    for (const boost::json::value& c : List(path_ + "/TaskChannels", "channels")) {
      channel_[Str(c, "unique_name")] = Str(c, "sid");
    }
    queue_ = Created(path_ + "/TaskQueues", "FriendlyName=Support");
    std::string config = R"({"task_routing":{"default_filter":{"queue":")" + queue_ + R"("}}})";
    flow_ =
        Created(path_ + "/Workflows", "FriendlyName=Inbound&Configuration=" + FormEncode(config));
  }

  // POSTs `form` to `list`, expects 201 and returns the new SID.
  std::string Created(const std::string& list, const std::string& form) {
    HttpResult result = server().Post(list, form);
    EXPECT_EQ(result.status, 201) << result.body;
    return result.status == 201 ? Str(result.json(), "sid") : "";
  }

  boost::json::array List(const std::string& target, const char* key) {
    HttpResult result = server().Get(target);
    EXPECT_EQ(result.status, 200) << result.body;
    return result.status == 200 ? result.json().at(key).as_array() : boost::json::array();
  }

  std::string TaskSid(const std::string& form = "") {
    return Created(tasks_, "WorkflowSid=" + flow_ + form);
  }

  std::string AvailableWorker(const std::string& name) {
    return Created(path_ + "/Workers",
                   "FriendlyName=" + name + "&ActivitySid=" + activity_["Available"]);
  }

  // The `priority` of each Task a list query answers, in order.
  std::vector<int64_t> Priorities(const std::string& query) {
    std::vector<int64_t> priorities;
    for (const boost::json::value& task : List(tasks_ + query, "tasks")) {
      priorities.push_back(task.at("priority").as_int64());
    }
    return priorities;
  }

  HttpResult PostWithIfMatch(const std::string& target, const std::string& form,
                             const std::string& if_match) {
    return SendRaw(server().port(), "POST", target, form,
                   {{"Authorization", BasicAuth(kAccountSid, kAuthToken)},
                    {"Content-Type", "application/x-www-form-urlencoded"},
                    {"If-Match", if_match}});
  }

  HttpResult DeleteWithIfMatch(const std::string& target, const std::string& if_match) {
    return SendRaw(server().port(), "DELETE", target, "",
                   {{"Authorization", BasicAuth(kAccountSid, kAuthToken)}, {"If-Match", if_match}});
  }

  // A Reservation as both of its paths show it; `owner` is "Tasks/WT…" or "Workers/WK…".
  void ExpectReservation(const boost::json::value& json, const std::string& owner,
                         const std::string& task, const std::string& worker,
                         const std::string& worker_name, const std::string& status) {
    std::string sid = Str(json, "sid");
    EXPECT_TRUE(IsSidOf(sid, "WR")) << sid;
    EXPECT_EQ(Str(json, "account_sid"), kAccountSid);
    EXPECT_EQ(Str(json, "workspace_sid"), ws_);
    EXPECT_EQ(Str(json, "task_sid"), task);
    EXPECT_EQ(Str(json, "worker_sid"), worker);
    EXPECT_EQ(Str(json, "worker_name"), worker_name);
    EXPECT_EQ(Str(json, "reservation_status"), status);
    EXPECT_FALSE(Str(json, "date_created").empty());
    EXPECT_FALSE(Str(json, "date_updated").empty());
    EXPECT_EQ(Str(json, "url"), Url(path_ + "/" + owner + "/Reservations/" + sid));
    const boost::json::object& links = json.at("links").as_object();
    EXPECT_EQ(Str(links, "task"), Url(path_ + "/Tasks/" + task));
    EXPECT_EQ(Str(links, "worker"), Url(path_ + "/Workers/" + worker));
    EXPECT_EQ(Str(links, "workspace"), Url(path_));
    EXPECT_EQ(links.size(), 3u);
    EXPECT_EQ(json.as_object().size(), 11u) << json;
  }

  std::string ws_;
  std::string path_;
  std::string tasks_;
  std::string queue_;
  std::string flow_;
  std::map<std::string, std::string> activity_;
  std::map<std::string, std::string> channel_;
};

TEST_F(TasksApiTest, CreateAnswersEveryField) {
  // No Worker is available: the Task waits in the Workflow's queue.
  HttpResult created = server().Post(
      tasks_, "WorkflowSid=" + flow_ + "&Attributes=" + FormEncode(R"({"type":"support"})") +
                  "&Priority=7&Timeout=3600&TaskChannel=chat");
  ASSERT_EQ(created.status, 201) << created.body;
  const boost::json::value& json = created.json();
  std::string sid = Str(json, "sid");
  std::string url = Url(tasks_ + "/" + sid);
  EXPECT_TRUE(IsSidOf(sid, "WT")) << sid;
  EXPECT_EQ(Str(json, "account_sid"), kAccountSid);
  EXPECT_EQ(Str(json, "workspace_sid"), ws_);
  EXPECT_EQ(json.at("age").as_int64(), 0);
  EXPECT_EQ(Str(json, "assignment_status"), "pending");
  EXPECT_EQ(Str(json, "attributes"), R"({"type":"support"})");
  EXPECT_EQ(Str(json, "addons"), "{}");
  EXPECT_EQ(Str(json, "date_created"), kT0);
  EXPECT_EQ(Str(json, "date_updated"), kT0);
  EXPECT_EQ(Str(json, "task_queue_entered_date"), kT0);
  EXPECT_EQ(Str(json, "virtual_start_time"), kT0);
  EXPECT_EQ(json.at("priority").as_int64(), 7);
  EXPECT_TRUE(json.at("reason").is_null());
  EXPECT_EQ(Str(json, "task_queue_sid"), queue_);
  EXPECT_EQ(Str(json, "task_queue_friendly_name"), "Support");
  EXPECT_EQ(Str(json, "task_channel_sid"), channel_["chat"]);
  EXPECT_EQ(Str(json, "task_channel_unique_name"), "chat");
  EXPECT_EQ(json.at("timeout").as_int64(), 3600);
  EXPECT_EQ(Str(json, "workflow_sid"), flow_);
  EXPECT_EQ(Str(json, "workflow_friendly_name"), "Inbound");
  EXPECT_EQ(json.at("ignore_capacity").as_bool(), false);
  EXPECT_TRUE(json.at("routing_target").is_null());
  EXPECT_EQ(Str(json, "url"), url);
  const boost::json::object& links = json.at("links").as_object();
  EXPECT_EQ(Str(links, "task_queue"), Url(path_ + "/TaskQueues/" + queue_));
  EXPECT_EQ(Str(links, "workflow"), Url(path_ + "/Workflows/" + flow_));
  EXPECT_EQ(Str(links, "workspace"), Url(path_));
  EXPECT_EQ(Str(links, "reservations"), url + "/Reservations");
  EXPECT_EQ(links.size(), 4u);
  EXPECT_EQ(json.as_object().size(), 24u) << json;
  EXPECT_EQ(created.headers.count("etag"), 1u);

  // Fetched later, only the age has moved.
  server().clock().Advance(5000);
  HttpResult fetched = server().Get(tasks_ + "/" + sid);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.json().at("age").as_int64(), 5);
  boost::json::object expected = json.as_object();
  expected["age"] = 5;
  EXPECT_EQ(fetched.json(), boost::json::value(expected));
}

TEST_F(TasksApiTest, CreateDefaults) {
  // The only Workflow of the Workspace routes a Task that names none.
  HttpResult created = server().Post(tasks_, "");
  ASSERT_EQ(created.status, 201) << created.body;
  const boost::json::value& json = created.json();
  EXPECT_EQ(Str(json, "workflow_sid"), flow_);
  EXPECT_EQ(Str(json, "attributes"), "{}");
  EXPECT_EQ(json.at("priority").as_int64(), 0);
  EXPECT_EQ(json.at("timeout").as_int64(), 86400);
  EXPECT_EQ(Str(json, "task_channel_unique_name"), "default");
  EXPECT_EQ(Str(json, "task_channel_sid"), channel_["default"]);

  HttpResult started =
      server().Post(tasks_, "VirtualStartTime=" + FormEncode("2023-11-14T20:00:00Z") +
                                "&TaskChannel=" + channel_["voice"]);
  ASSERT_EQ(started.status, 201) << started.body;
  EXPECT_EQ(Str(started.json(), "virtual_start_time"), "2023-11-14T20:00:00Z");
  EXPECT_EQ(Str(started.json(), "task_channel_unique_name"), "voice");
}

TEST_F(TasksApiTest, CreateChecksEveryParameter) {
  std::string flow = "WorkflowSid=" + flow_;
  const std::pair<std::string, std::string> kCases[] = {
      {flow + "&Timeout=0", "Timeout must be between 1 and 1209600 seconds, not 0"},
      {flow + "&Timeout=1209601", "Timeout must be between 1 and 1209600 seconds, not 1209601"},
      {flow + "&Timeout=soon", "Timeout must be an integer, not 'soon'"},
      {flow + "&Priority=-1", "Priority must be between 0 and 2147483647, not -1"},
      {flow + "&Priority=2147483648", "Priority must be between 0 and 2147483647, not 2147483648"},
      {flow + "&Priority=high", "Priority must be an integer, not 'high'"},
      {flow + "&Attributes=" + FormEncode("{\"type\":"), "Attributes must be a JSON object"},
      {flow + "&Attributes=" + FormEncode("[1,2]"), "Attributes must be a JSON object"},
      {flow + "&Attributes=" + FormEncode("{\"a\":\"" + std::string(16384, 'x') + "\"}"),
       "Attributes is 16392 bytes long; at most 16384 are allowed"},
      {flow + "&VirtualStartTime=yesterday",
       "VirtualStartTime 'yesterday' is not an ISO 8601 date-time"},
      {"WorkflowSid=WWnope", "WorkflowSid 'WWnope' is not a valid SID"},
      {flow + "&RoutingTarget=WK00000000000000000000000000000000",
       "RoutingTarget is not supported by this server"},
      {flow + "&IgnoreCapacity=true", "IgnoreCapacity is not supported by this server"},
      {flow + "&TaskQueueSid=" + queue_, "TaskQueueSid is not supported by this server"},
  };
  for (const auto& [form, fragment] : kCases) {
    SCOPED_TRACE(form.substr(0, 100));
    ExpectError(server().Post(tasks_, form), 400, 20001, fragment);
  }
  EXPECT_TRUE(List(tasks_, "tasks").empty());
}

TEST_F(TasksApiTest, UnknownTasksAreNotFound) {
  std::string worker = AvailableWorker("Alice");
  std::string other = "/v1/Workspaces/" + server().CreateWorkspace("Other") + "/Tasks/";
  std::string sid = TaskSid();
  for (const std::string& path :
       {tasks_ + "/" + kUnknownTask, tasks_ + "/not-a-sid", other + sid, tasks_ + "/" + worker}) {
    SCOPED_TRACE(path);
    std::string message = "The requested resource " + path + " was not found";
    ExpectError(server().Get(path), 404, 20404, message);
    ExpectError(server().Post(path, "Priority=1"), 404, 20404, message);
    ExpectError(server().Delete(path), 404, 20404, message);
    ExpectError(server().Get(path + "/Reservations"), 404, 20404, path + "/Reservations");
  }
  const std::string unknown_ws = "/v1/Workspaces/WS00000000000000000000000000000000/Tasks";
  ExpectError(server().Get(unknown_ws), 404, 20404, unknown_ws);
  ExpectError(server().Post(unknown_ws, ""), 404, 20404, unknown_ws);
}

TEST_F(TasksApiTest, ListFilters) {
  TaskSid("&Priority=5&Attributes=" + FormEncode(R"({"type":"sales"})"));
  TaskSid("&Priority=1");
  TaskSid();
  EXPECT_EQ(Priorities(""), (std::vector<int64_t>{5, 1, 0}));
  EXPECT_EQ(Priorities("?Priority=5"), std::vector<int64_t>{5});
  EXPECT_EQ(Priorities("?AssignmentStatus=pending"), (std::vector<int64_t>{5, 1, 0}));
  EXPECT_TRUE(Priorities("?AssignmentStatus=completed").empty());
  EXPECT_EQ(Priorities("?AssignmentStatus=completed&AssignmentStatus=pending"),
            (std::vector<int64_t>{5, 1, 0}));
  EXPECT_EQ(Priorities("?AssignmentStatus=" + FormEncode("canceled,pending")),
            (std::vector<int64_t>{5, 1, 0}));
  EXPECT_EQ(Priorities("?WorkflowSid=" + flow_), (std::vector<int64_t>{5, 1, 0}));
  EXPECT_EQ(Priorities("?WorkflowName=Inbound").size(), 3u);
  EXPECT_TRUE(Priorities("?WorkflowName=Outbound").empty());
  EXPECT_EQ(Priorities("?TaskQueueSid=" + queue_).size(), 3u);
  EXPECT_EQ(Priorities("?TaskQueueName=Support").size(), 3u);
  EXPECT_EQ(Priorities("?EvaluateTaskAttributes=" + FormEncode("type == 'sales'")),
            std::vector<int64_t>{5});
  EXPECT_EQ(Priorities("?Ordering=Priority:asc"), (std::vector<int64_t>{0, 1, 5}));
  EXPECT_EQ(Priorities("?Ordering=DateCreated:desc"), (std::vector<int64_t>{0, 1, 5}));
  EXPECT_EQ(Priorities("?Ordering=" + FormEncode("Priority:desc,DateCreated:asc")),
            (std::vector<int64_t>{5, 1, 0}));
  EXPECT_EQ(Priorities("?HasAddons=false").size(), 3u);
  EXPECT_TRUE(Priorities("?HasAddons=true").empty());

  // Following next_page_url keeps the filters, repeated ones included.
  HttpResult first =
      server().Get(tasks_ + "?AssignmentStatus=pending&AssignmentStatus=reserved&PageSize=2");
  ASSERT_EQ(first.status, 200) << first.body;
  const boost::json::value& meta = first.json().at("meta");
  EXPECT_EQ(Str(meta, "key"), "tasks");
  EXPECT_EQ(Str(meta, "url"),
            Url(tasks_ + "?AssignmentStatus=pending&AssignmentStatus=reserved&PageSize=2&Page=0"));
  std::string next = Str(meta, "next_page_url").substr(Url("").size());
  EXPECT_TRUE(next.starts_with(tasks_ + "?AssignmentStatus=pending&AssignmentStatus=reserved&"))
      << next;
  EXPECT_EQ(List(next, "tasks").size(), 1u);
}

TEST_F(TasksApiTest, ListChecksEveryFilter) {
  const std::pair<std::string, std::string> kCases[] = {
      {"?Priority=high", "Priority must be an integer, not 'high'"},
      {"?AssignmentStatus=open",
       "AssignmentStatus must be pending, reserved, assigned, canceled, completed or wrapping, "
       "not 'open'"},
      {"?AssignmentStatus=pending&AssignmentStatus=" + FormEncode("reserved,open"), "not 'open'"},
      {"?WorkflowSid=WWnope", "WorkflowSid 'WWnope' is not a valid SID"},
      {"?TaskQueueSid=nope", "TaskQueueSid 'nope' is not a valid SID"},
      {"?EvaluateTaskAttributes=" + FormEncode("type =="), "EvaluateTaskAttributes"},
      {"?Ordering=Name:asc", "Ordering must be DateCreated or Priority followed by :asc or :desc"},
      {"?Ordering=Priority:up", "not 'Priority:up'"},
      {"?Ordering=" + FormEncode("Priority:desc,Priority:asc"), "not 'Priority:desc,Priority:asc'"},
      {"?Ordering=" + FormEncode("Priority:desc,"), "not 'Priority:desc,'"},
      {"?HasAddons=maybe", "HasAddons must be true or false, not 'maybe'"},
      {"?RoutingTarget=" + flow_, "RoutingTarget is not supported by this server"},
  };
  for (const auto& [query, fragment] : kCases) {
    SCOPED_TRACE(query);
    ExpectError(server().Get(tasks_ + query), 400, 20001, fragment);
  }
}

TEST_F(TasksApiTest, UpdateChecksEveryParameterAndChangesNothingOnError) {
  std::string sid = TaskSid();
  HttpResult before = server().Get(tasks_ + "/" + sid);
  const std::pair<std::string, std::string> kCases[] = {
      {"AssignmentStatus=done",
       "AssignmentStatus must be pending, reserved, assigned, canceled, completed or wrapping, "
       "not 'done'"},
      {"Priority=-1", "Priority must be between 0 and 2147483647, not -1"},
      {"Priority=1&Attributes=" + FormEncode("\"text\""), "Attributes must be a JSON object"},
      {"VirtualStartTime=" + FormEncode("14/11/2023"),
       "VirtualStartTime '14/11/2023' is not an ISO 8601 date-time"},
  };
  for (const auto& [form, fragment] : kCases) {
    SCOPED_TRACE(form);
    ExpectError(server().Post(tasks_ + "/" + sid, form), 400, 20001, fragment);
  }
  EXPECT_EQ(server().Get(tasks_ + "/" + sid).body, before.body);
}

TEST_F(TasksApiTest, UpdateAndDeleteHonourIfMatch) {
  std::string sid = TaskSid();
  std::string target = tasks_ + "/" + sid;
  HttpResult fetched = server().Get(target);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  std::string etag = fetched.headers["etag"];

  ExpectError(PostWithIfMatch(target, "Priority=3", "\"999\""), 412, 20412, "");
  HttpResult updated = PostWithIfMatch(target, "Priority=3&Attributes=%7B%22a%22%3A1%7D", etag);
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.json().at("priority").as_int64(), 3);
  EXPECT_EQ(Str(updated.json(), "attributes"), R"({"a":1})");
  EXPECT_NE(updated.headers["etag"], etag);

  ExpectError(DeleteWithIfMatch(target, etag), 412, 20412, "");
  HttpResult removed = DeleteWithIfMatch(target, "*");
  EXPECT_EQ(removed.status, 204);
  EXPECT_EQ(removed.body, "");
  ExpectError(server().Get(target), 404, 20404, target);
}

TEST_F(TasksApiTest, AReservationIsAcceptedThroughItsWorkerAndTheTaskCompleted) {
  std::string worker = AvailableWorker("Alice");
  std::string task = TaskSid();
  std::string task_path = tasks_ + "/" + task;
  EXPECT_EQ(Str(server().Get(task_path).json(), "assignment_status"), "reserved");

  // One pending Reservation, seen from the Task and from the Worker.
  boost::json::array by_task = List(task_path + "/Reservations", "reservations");
  ASSERT_EQ(by_task.size(), 1u);
  ExpectReservation(by_task[0], "Tasks/" + task, task, worker, "Alice", "pending");
  std::string reservation = Str(by_task[0], "sid");
  std::string worker_path = path_ + "/Workers/" + worker;
  boost::json::array by_worker = List(worker_path + "/Reservations", "reservations");
  ASSERT_EQ(by_worker.size(), 1u);
  ExpectReservation(by_worker[0], "Workers/" + worker, task, worker, "Alice", "pending");
  EXPECT_EQ(List(task_path + "/Reservations?ReservationStatus=pending&WorkerSid=" + worker,
                 "reservations")
                .size(),
            1u);
  EXPECT_TRUE(
      List(worker_path + "/Reservations?ReservationStatus=accepted", "reservations").empty());
  HttpResult fetched = server().Get(task_path + "/Reservations/" + reservation);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.json(), by_task[0]);

  // Accepted by the Worker's path: the answer's url follows that path.
  HttpResult accepted =
      server().Post(worker_path + "/Reservations/" + reservation, "ReservationStatus=accepted");
  ASSERT_EQ(accepted.status, 200) << accepted.body;
  ExpectReservation(accepted.json(), "Workers/" + worker, task, worker, "Alice", "accepted");
  EXPECT_EQ(Str(server().Get(task_path).json(), "assignment_status"), "assigned");

  HttpResult completed =
      server().Post(task_path, "AssignmentStatus=completed&Reason=" + FormEncode("Call ended"));
  ASSERT_EQ(completed.status, 200) << completed.body;
  EXPECT_EQ(Str(completed.json(), "assignment_status"), "completed");
  EXPECT_EQ(Str(completed.json(), "reason"), "Call ended");
}

TEST_F(TasksApiTest, ReservationPathsAndParametersAreChecked) {
  std::string worker = AvailableWorker("Alice");
  std::string task = TaskSid();
  boost::json::array reservations = List(tasks_ + "/" + task + "/Reservations", "reservations");
  ASSERT_EQ(reservations.size(), 1u);
  std::string reservation = Str(reservations[0], "sid");
  std::string by_task = tasks_ + "/" + task + "/Reservations/" + reservation;

  // A Reservation is found only under its own Task or Worker, each named by its own kind of SID.
  for (const std::string& path :
       {tasks_ + "/" + worker + "/Reservations/" + reservation,
        path_ + "/Workers/" + task + "/Reservations/" + reservation,
        tasks_ + "/" + kUnknownTask + "/Reservations/" + reservation,
        tasks_ + "/" + task + "/Reservations/WR00000000000000000000000000000000"}) {
    SCOPED_TRACE(path);
    ExpectError(server().Get(path), 404, 20404, "The requested resource " + path);
    ExpectError(server().Post(path, "ReservationStatus=accepted"), 404, 20404, path);
  }

  const std::pair<std::string, std::string> kCases[] = {
      {"ReservationStatus=taken",
       "ReservationStatus must be pending, accepted, rejected, timeout, canceled, rescinded, "
       "wrapping or completed, not 'taken'"},
      {"ReservationStatus=rejected&WorkerActivitySid=WAnope",
       "WorkerActivitySid 'WAnope' is not a valid SID"},
  };
  for (const auto& [form, fragment] : kCases) {
    SCOPED_TRACE(form);
    ExpectError(server().Post(by_task, form), 400, 20001, fragment);
  }
  ExpectError(server().Get(tasks_ + "/" + task + "/Reservations?ReservationStatus=taken"), 400,
              20001, "not 'taken'");
  ExpectError(server().Get(tasks_ + "/" + task + "/Reservations?WorkerSid=WKnope"), 400, 20001,
              "WorkerSid 'WKnope' is not a valid SID");
  EXPECT_EQ(Str(server().Get(by_task).json(), "reservation_status"), "pending");
}

TEST_F(TasksApiTest, WorkerRejectPendingReservationsMustBeABoolean) {
  std::string worker = AvailableWorker("Alice");
  ExpectError(server().Post(path_ + "/Workers/" + worker,
                            "ActivitySid=" + activity_["Offline"] + "&RejectPendingReservations=1"),
              400, 20001, "RejectPendingReservations must be true or false, not '1'");
  EXPECT_EQ(Str(server().Get(path_ + "/Workers/" + worker).json(), "activity_sid"),
            activity_["Available"]);
}

TEST_F(TasksApiTest, RejectPendingReservationsRejectsThemOnAMoveToAnUnavailableActivity) {
  std::string worker = AvailableWorker("Alice");
  std::string task = TaskSid();
  HttpResult moved =
      server().Post(path_ + "/Workers/" + worker,
                    "ActivitySid=" + activity_["Offline"] + "&RejectPendingReservations=true");
  ASSERT_EQ(moved.status, 200) << moved.body;
  boost::json::array reservations = List(tasks_ + "/" + task + "/Reservations", "reservations");
  ASSERT_EQ(reservations.size(), 1u);
  EXPECT_EQ(Str(reservations[0], "reservation_status"), "rejected");
  EXPECT_EQ(Str(server().Get(tasks_ + "/" + task).json(), "assignment_status"), "pending");
}

}  // namespace
}  // namespace taskrouter::testing
