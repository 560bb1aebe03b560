// Workers, their statistics and the Event resource over HTTP.
#include "api/api_test_fixture.h"
#include "delivery/webhook.h"
#include "support/webhook_receiver.h"

namespace taskrouter::testing {
namespace {

class WorkersApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ws_ = server().CreateWorkspace();
    path_ = "/v1/Workspaces/" + ws_;
    HttpResult activities = server().Get(path_ + "/Activities");
    for (const boost::json::value& a : activities.json().at("activities").as_array()) {
      activity_[Str(a, "friendly_name")] = Str(a, "sid");
    }
  }

  HttpResult CreateWorker(const std::string& form) {
    return server().Post(path_ + "/Workers", form);
  }

  std::string WorkerSid(const std::string& name, const std::string& extra = "") {
    HttpResult result = CreateWorker("FriendlyName=" + FormEncode(name) + extra);
    EXPECT_EQ(result.status, 201) << result.body;
    return Str(result.json(), "sid");
  }

  std::vector<std::string> WorkerNames(const std::string& query) {
    HttpResult result = server().Get(path_ + "/Workers" + query);
    EXPECT_EQ(result.status, 200) << result.body;
    std::vector<std::string> names;
    for (const boost::json::value& w : result.json().at("workers").as_array()) {
      names.push_back(Str(w, "friendly_name"));
    }
    return names;
  }

  // The activity_durations entry of `name`, as {total, min, max, avg}.
  static std::vector<int64_t> Duration(const boost::json::value& cumulative,
                                       const std::string& name) {
    for (const boost::json::value& d : cumulative.at("activity_durations").as_array()) {
      if (Str(d, "friendly_name") == name) {
        return {d.at("total").as_int64(), d.at("min").as_int64(), d.at("max").as_int64(),
                d.at("avg").as_int64()};
      }
    }
    return {};
  }

  std::string ws_;
  std::string path_;
  std::map<std::string, std::string> activity_;
};

TEST_F(WorkersApiTest, CreateReturnsEveryFieldAndAnETag) {
  HttpResult created =
      CreateWorker("FriendlyName=Alice&Attributes=" + FormEncode(R"({"skills": ["en", "fr"]})"));
  ASSERT_EQ(created.status, 201) << created.body;
  const boost::json::value& json = created.json();
  std::string sid = Str(json, "sid");
  EXPECT_TRUE(IsSidOf(sid, "WK"));
  EXPECT_EQ(Str(json, "account_sid"), kAccountSid);
  EXPECT_EQ(Str(json, "activity_name"), "Offline");
  EXPECT_EQ(Str(json, "activity_sid"), activity_["Offline"]);
  EXPECT_EQ(Str(json, "attributes"), R"({"skills": ["en", "fr"]})");
  EXPECT_FALSE(json.at("available").as_bool());
  EXPECT_EQ(Str(json, "date_created"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(Str(json, "date_status_changed"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(Str(json, "date_updated"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(Str(json, "friendly_name"), "Alice");
  EXPECT_EQ(Str(json, "workspace_sid"), ws_);
  std::string url = Url(path_ + "/Workers/" + sid);
  EXPECT_EQ(Str(json, "url"), url);
  const boost::json::object& links = json.at("links").as_object();
  EXPECT_EQ(links.size(), 9u);
  EXPECT_EQ(links.at("channels").as_string(), url + "/Channels");
  EXPECT_EQ(links.at("activity").as_string(), Url(path_ + "/Activities/" + activity_["Offline"]));
  EXPECT_EQ(links.at("workspace").as_string(), Url(path_));
  EXPECT_EQ(links.at("statistics").as_string(), Url(path_ + "/Workers/Statistics"));
  EXPECT_EQ(links.at("real_time_statistics").as_string(),
            Url(path_ + "/Workers/RealTimeStatistics"));
  EXPECT_EQ(links.at("cumulative_statistics").as_string(),
            Url(path_ + "/Workers/CumulativeStatistics"));
  EXPECT_EQ(links.at("worker_statistics").as_string(), url + "/Statistics");
  EXPECT_EQ(links.at("worker_channels").as_string(), url + "/Channels");
  EXPECT_EQ(links.at("reservations").as_string(), url + "/Reservations");
  EXPECT_EQ(json.as_object().size(), 13u);
  EXPECT_EQ(created.headers.at("etag"), "\"0\"");
  EXPECT_EQ(server().Get(path_ + "/Workers/" + sid).json(), json);
}

TEST_F(WorkersApiTest, BadInputIsRefusedAndChangesNothing) {
  std::string other = server().CreateWorkspace("Other");
  std::string foreign = Str(server().Get("/v1/Workspaces/" + other).json(), "default_activity_sid");
  WorkerSid("Alice");
  struct Case {
    std::string form;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {"", "Missing required parameter FriendlyName"},
      {"FriendlyName=ALICE", "Worker named ALICE already exists for workspace " + ws_},
      {"FriendlyName=" + std::string(65, 'b'), "at most 64"},
      {"FriendlyName=Bob&Attributes=%5B1%2C2%5D", "Attributes must be a JSON object"},
      {"FriendlyName=Bob&Attributes=%7Bbroken", "Attributes must be a JSON object"},
      {"FriendlyName=Bob&Attributes=%7B%22a%22%3A%22" + std::string(16384, 'a') + "%22%7D",
       "Attributes is 16392 bytes long; at most 16384"},
      {"FriendlyName=Bob&ActivitySid=WAnope", "ActivitySid 'WAnope' is not a valid SID"},
      {"FriendlyName=Bob&ActivitySid=" + foreign, "is not an Activity of workspace " + ws_},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.form);
    ExpectError(CreateWorker(c.form), 400, 20001, c.fragment);
  }
  EXPECT_EQ(WorkerNames(""), std::vector<std::string>{"Alice"});
}

TEST_F(WorkersApiTest, IfMatchGuardsUpdatesAndDeletes) {
  std::string sid = WorkerSid("Alice");
  std::string path = path_ + "/Workers/" + sid;
  HttpResult moved =
      server().Send("POST", path, "ActivitySid=" + activity_["Available"], kAccountSid, kAuthToken);
  ASSERT_EQ(moved.status, 200);
  EXPECT_EQ(moved.headers.at("etag"), "\"1\"");

  std::map<std::string, std::string> stale = {{"Authorization", BasicAuth(kAccountSid, kAuthToken)},
                                              {"Content-Type", "application/x-www-form-urlencoded"},
                                              {"If-Match", "\"0\""}};
  ExpectError(SendRaw(server().port(), "POST", path, "FriendlyName=Changed", stale), 412, 20412,
              "is at version 1, not the version 0");
  ExpectError(SendRaw(server().port(), "DELETE", path, "", stale), 412, 20412, "version");
  EXPECT_EQ(Str(server().Get(path).json(), "friendly_name"), "Alice");

  std::map<std::string, std::string> fresh = stale;
  fresh["If-Match"] = "\"1\"";
  EXPECT_EQ(SendRaw(server().port(), "DELETE", path, "", fresh).status, 204);
}

// RFC 9110: "*" matches any current version of a resource that exists.
TEST_F(WorkersApiTest, IfMatchStarMatchesAnyVersion) {
  std::string path = path_ + "/Workers/" + WorkerSid("Alice");
  std::map<std::string, std::string> any = {{"Authorization", BasicAuth(kAccountSid, kAuthToken)},
                                            {"Content-Type", "application/x-www-form-urlencoded"},
                                            {"If-Match", "*"}};
  EXPECT_EQ(SendRaw(server().port(), "POST", path, "FriendlyName=Changed", any).status, 200);
  EXPECT_EQ(SendRaw(server().port(), "DELETE", path, "", any).status, 204);
}

TEST_F(WorkersApiTest, ListFiltersOrdersAndPages) {
  WorkerSid("A");
  server().clock().Advance(1000);
  WorkerSid("B", "&ActivitySid=" + activity_["Available"]);
  server().clock().Advance(1000);
  WorkerSid("C");
  EXPECT_EQ(WorkerNames("?Available=true"), std::vector<std::string>{"B"});
  EXPECT_EQ(WorkerNames("?ActivityName=Offline"), (std::vector<std::string>{"A", "C"}));
  EXPECT_EQ(WorkerNames("?ActivitySid=" + activity_["Available"]), std::vector<std::string>{"B"});
  EXPECT_EQ(WorkerNames("?FriendlyName=C"), std::vector<std::string>{"C"});
  EXPECT_EQ(WorkerNames("?Ordering=DateCreated:desc"), (std::vector<std::string>{"C", "B", "A"}));
  ExpectError(server().Get(path_ + "/Workers?Ordering=Name:asc"), 400, 20001,
              "Ordering must be DateCreated:asc");
  EXPECT_TRUE(WorkerNames("?TaskQueueSid=WQ00000000000000000000000000000000").empty());

  // Following next_page_url in descending order.
  std::vector<std::string> seen;
  std::string next = path_ + "/Workers?Ordering=DateCreated:desc&PageSize=2";
  while (!next.empty()) {
    HttpResult page = server().Get(next);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const boost::json::value& w : page.json().at("workers").as_array()) {
      seen.push_back(Str(w, "friendly_name"));
    }
    const boost::json::value& next_url = page.json().at("meta").at("next_page_url");
    next = next_url.is_null() ? "" : std::string(next_url.as_string()).substr(Url("").size());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"C", "B", "A"}));
}

TEST_F(WorkersApiTest, TargetWorkersExpressionFiltersByAttributesAndFields) {
  WorkerSid("Alice", "&ActivitySid=" + activity_["Available"] +
                         "&Attributes=" + FormEncode(R"({"languages": ["en", "es"], "level": 7})"));
  std::string bob =
      WorkerSid("Bob", "&Attributes=" + FormEncode(R"({"languages": ["en"], "level": 3})"));
  WorkerSid("Carol", "&ActivitySid=" + activity_["Available"]);
  auto names = [&](const std::string& expression, const std::string& more = "") {
    return WorkerNames("?TargetWorkersExpression=" + FormEncode(expression) + more);
  };
  using Names = std::vector<std::string>;

  EXPECT_EQ(names("languages HAS 'es' AND activity_name IN ['Available','Idle']"), Names{"Alice"});
  EXPECT_EQ(names("level > 5"), Names{"Alice"});
  EXPECT_EQ(names("languages HAS 'fr'"), Names{});
  EXPECT_EQ(names("sid == '" + bob + "'"), Names{"Bob"});
  EXPECT_EQ(names("friendly_name CONTAINS 'o'"), (Names{"Bob", "Carol"}));
  EXPECT_EQ(names("activity_sid == '" + activity_["Offline"] + "'"), Names{"Bob"});
  EXPECT_EQ(names("level >= 3", "&ActivityName=Offline"), Names{"Bob"});

  // Carol has no attributes: a missing key is NULL.
  EXPECT_EQ(names("languages == null"), Names{"Carol"});
  EXPECT_EQ(names("languages != null"), (Names{"Alice", "Bob"}));
  EXPECT_EQ(names("level != 7"), (Names{"Bob", "Carol"}));
  EXPECT_EQ(names("level < 5"), Names{"Bob"});
  EXPECT_EQ(names("missing IN ['x'] OR missing NOT IN ['x']"), Names{});

  // The next page keeps the expression.
  HttpResult first =
      server().Get(path_ + "/Workers?TargetWorkersExpression=" + FormEncode("languages != null") +
                   "&PageSize=1");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Str(first.json().at("workers").at(0), "friendly_name"), "Alice");
  std::string next = Str(first.json().at("meta"), "next_page_url");
  EXPECT_NE(next.find("TargetWorkersExpression=languages%20%21%3D%20null"), std::string::npos)
      << next;
  HttpResult second = server().Get(next.substr(Url("").size()));
  ASSERT_EQ(second.status, 200) << second.body;
  ASSERT_EQ(second.json().at("workers").as_array().size(), 1u);
  EXPECT_EQ(Str(second.json().at("workers").at(0), "friendly_name"), "Bob");
}

TEST_F(WorkersApiTest, InvalidTargetWorkersExpressionIs400) {
  WorkerSid("Alice");
  struct Case {
    std::string expression;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"languages HAS 'es' AND",
       "Invalid TargetWorkersExpression \"languages HAS 'es' AND\": expected a comparison at "
       "position 23"},
      {"skill-level > 3",
       "Invalid TargetWorkersExpression \"skill-level > 3\": unexpected '-' at position 6; "
       "hyphens, and so negative numbers, are not supported in expressions"},
      {"vip",
       "Invalid TargetWorkersExpression \"vip\": expected a comparison operator at "
       "position 4"},
      {"", "Invalid TargetWorkersExpression \"\": expected a comparison at position 1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.expression);
    HttpResult result =
        server().Get(path_ + "/Workers?TargetWorkersExpression=" + FormEncode(c.expression));
    ExpectError(result, 400, 20001, c.message);
    EXPECT_EQ(result.message(), c.message);
  }
  EXPECT_EQ(WorkerNames(""), std::vector<std::string>{"Alice"});
}

TEST_F(WorkersApiTest, OccupiedActivityCannotBeDeletedUntilTheWorkerMoves) {
  HttpResult brk = server().Post(path_ + "/Activities", "FriendlyName=Break");
  std::string brk_sid = Str(brk.json(), "sid");
  std::string worker = WorkerSid("Alice", "&ActivitySid=" + brk_sid);
  ExpectError(server().Delete(path_ + "/Activities/" + brk_sid), 400, 20001,
              "Cannot delete activity " + brk_sid + " in workspace " + ws_ + " for account " +
                  kAccountSid + " because 1 Worker is in it");
  server().Post(path_ + "/Activities/" + brk_sid, "FriendlyName=Coffee");
  EXPECT_EQ(Str(server().Get(path_ + "/Workers/" + worker).json(), "activity_name"), "Coffee");
  server().Post(path_ + "/Workers/" + worker, "ActivitySid=" + activity_["Offline"]);
  EXPECT_EQ(server().Delete(path_ + "/Activities/" + brk_sid).status, 204);
}

TEST_F(WorkersApiTest, StatisticsFollowTheClock) {
  HttpResult brk = server().Post(path_ + "/Activities", "FriendlyName=Break");
  std::string worker = WorkerSid("Alice");
  server().clock().Advance(60000);
  server().Post(path_ + "/Workers/" + worker, "ActivitySid=" + activity_["Available"]);
  server().clock().Advance(120000);
  server().Post(path_ + "/Workers/" + worker, "ActivitySid=" + Str(brk.json(), "sid"));
  server().clock().Advance(30000);

  HttpResult one = server().Get(path_ + "/Workers/" + worker + "/Statistics");
  ASSERT_EQ(one.status, 200) << one.body;
  const boost::json::value& cumulative = one.json().at("cumulative");
  EXPECT_EQ(Duration(cumulative, "Offline"), (std::vector<int64_t>{60, 60, 60, 60}));
  EXPECT_EQ(Duration(cumulative, "Available"), (std::vector<int64_t>{120, 120, 120, 120}));
  EXPECT_EQ(Duration(cumulative, "Break"), (std::vector<int64_t>{30, 30, 30, 30}));
  EXPECT_EQ(Duration(cumulative, "Unavailable"), (std::vector<int64_t>{0, 0, 0, 0}));
  EXPECT_EQ(Str(cumulative, "end_time"), "2023-11-14T22:16:50Z");
  EXPECT_EQ(Str(cumulative, "start_time"), "2023-11-14T22:01:50Z");
  EXPECT_EQ(cumulative.at("reservations_created").as_int64(), 0);
  EXPECT_EQ(Str(one.json(), "worker_sid"), worker);
  EXPECT_EQ(Str(one.json(), "url"), Url(path_ + "/Workers/" + worker + "/Statistics"));

  HttpResult window = server().Get(path_ + "/Workers/CumulativeStatistics?Minutes=1");
  EXPECT_EQ(Duration(window.json(), "Available"), (std::vector<int64_t>{30, 30, 30, 30}));
  HttpResult dates = server().Get(path_ +
                                  "/Workers/CumulativeStatistics?StartDate=2023-11-14T22:13:20Z"
                                  "&EndDate=2023-11-14T22:14:20Z");
  EXPECT_EQ(Duration(dates.json(), "Offline")[0], 60);
  EXPECT_EQ(Duration(dates.json(), "Available")[0], 0);

  HttpResult realtime = server().Get(path_ + "/Workers/RealTimeStatistics");
  EXPECT_EQ(realtime.json().at("total_workers").as_int64(), 1);
  const boost::json::array& counts = realtime.json().at("activity_statistics").as_array();
  ASSERT_EQ(counts.size(), 4u);
  EXPECT_EQ(Str(counts[3], "friendly_name"), "Break");
  EXPECT_EQ(counts[3].at("workers").as_int64(), 1);

  HttpResult workspace = server().Get(path_ + "/Statistics");
  EXPECT_EQ(workspace.json().at("realtime").at("total_workers").as_int64(), 1);
  EXPECT_EQ(workspace.json().at("realtime").at("total_tasks").as_int64(), 0);
  EXPECT_EQ(workspace.json().at("cumulative").at("tasks_created").as_int64(), 0);
  HttpResult split = server().Get(path_ + "/CumulativeStatistics?SplitByWaitTime=5,30");
  EXPECT_EQ(split.json().at("split_by_wait_time").at("30").at("above").at("tasks_canceled"), 0);
}

TEST_F(WorkersApiTest, BadStatisticsWindowsAre400) {
  std::string stats = path_ + "/Workers/CumulativeStatistics";
  ExpectError(server().Get(stats + "?Minutes=0"), 400, 20001, "Minutes must be an integer");
  ExpectError(server().Get(stats + "?Minutes=5&StartDate=2023-11-14"), 400, 20001,
              "Minutes cannot be combined");
  ExpectError(server().Get(stats + "?StartDate=yesterday"), 400, 20001,
              "StartDate 'yesterday' is not an ISO 8601 date-time");
  ExpectError(server().Get(stats + "?StartDate=2023-11-15&EndDate=2023-11-14"), 400, 20001,
              "StartDate must not be after EndDate");
  ExpectError(server().Get(path_ + "/Workers/WK00000000000000000000000000000000/Statistics"), 404,
              20404, "was not found");
}

TEST_F(WorkersApiTest, EventsAreListedFilteredAndFetched) {
  std::string worker = WorkerSid("Alice");
  server().clock().Advance(5000);
  server().Post(path_ + "/Workers/" + worker, "ActivitySid=" + activity_["Available"]);

  HttpResult all = server().Get(path_ + "/Events");
  ASSERT_EQ(all.status, 200) << all.body;
  std::vector<std::string> types;
  for (const boost::json::value& e : all.json().at("events").as_array()) {
    types.push_back(Str(e, "event_type"));
  }
  EXPECT_EQ(types, (std::vector<std::string>{"workspace.created", "worker.created",
                                             "worker.activity.update"}));

  HttpResult moves = server().Get(path_ + "/Events?EventType=worker.activity.update");
  ASSERT_EQ(moves.json().at("events").as_array().size(), 1u);
  const boost::json::value& event = moves.json().at("events").at(0);
  std::string sid = Str(event, "sid");
  EXPECT_TRUE(IsSidOf(sid, "EV"));
  EXPECT_EQ(Str(event, "account_sid"), kAccountSid);
  EXPECT_EQ(Str(event, "actor_sid"), ws_);
  EXPECT_EQ(Str(event, "actor_type"), "workspace");
  EXPECT_EQ(Str(event, "actor_url"), Url(path_));
  EXPECT_EQ(Str(event, "description"), "Worker Alice updated to Available Activity");
  EXPECT_EQ(Str(event, "event_date"), "2023-11-14T22:13:25Z");
  EXPECT_EQ(event.at("event_date_ms").as_int64(), 1700000005000);
  EXPECT_EQ(Str(event, "resource_sid"), worker);
  EXPECT_EQ(Str(event, "resource_type"), "worker");
  EXPECT_EQ(Str(event, "resource_url"), Url(path_ + "/Workers/" + worker));
  EXPECT_EQ(Str(event, "source"), "twilio");
  EXPECT_EQ(Str(event, "source_ip_address"), "127.0.0.1");
  EXPECT_EQ(Str(event, "url"), Url(path_ + "/Events/" + sid));
  EXPECT_EQ(Str(event, "workspace_sid"), ws_);
  const boost::json::value& data = event.at("event_data");
  EXPECT_EQ(Str(data, "worker_sid"), worker);
  EXPECT_EQ(Str(data, "worker_previous_activity_name"), "Offline");
  EXPECT_EQ(Str(data, "worker_time_in_previous_activity_ms"), "5000");
  EXPECT_EQ(event.as_object().size(), 17u);

  EXPECT_EQ(server().Get(path_ + "/Events/" + sid).json(), event);
  EXPECT_EQ(
      server().Get(path_ + "/Events?WorkerSid=" + worker).json().at("events").as_array().size(),
      2u);
  ExpectError(server().Get(path_ + "/Events/EV00000000000000000000000000000000"), 404, 20404,
              "was not found");

  // Past the default window of 15 minutes, only an explicit one finds them.
  server().clock().Advance(16 * 60 * 1000);
  EXPECT_TRUE(server().Get(path_ + "/Events").json().at("events").as_array().empty());
  EXPECT_EQ(server().Get(path_ + "/Events?Minutes=60").json().at("events").as_array().size(), 3u);
}

TEST_F(WorkersApiTest, EventCallbacksArriveSignedAndInOrder) {
  WebhookReceiver receiver;
  std::string url = receiver.Url("/taskrouter/events");
  ASSERT_EQ(server()
                .Post(path_, "EventCallbackUrl=" + FormEncode(url) +
                                 "&EventsFilter=worker.created,%20worker.activity.update")
                .status,
            200);
  std::string worker = WorkerSid("Alice");
  server().Post(path_ + "/Workers/" + worker, "Attributes=%7B%7D&FriendlyName=Alicia");
  server().Post(path_ + "/Workers/" + worker, "ActivitySid=" + activity_["Available"]);

  std::vector<ReceivedWebhook> received = receiver.WaitFor(2, std::chrono::seconds(10));
  ASSERT_EQ(received.size(), 2u);
  auto param = [](const ReceivedWebhook& webhook, const std::string& name) {
    for (const auto& [key, value] : webhook.params) {
      if (key == name) {
        return value;
      }
    }
    return std::string("<absent>");
  };
  EXPECT_EQ(param(received[0], "EventType"), "worker.created");
  EXPECT_EQ(param(received[1], "EventType"), "worker.activity.update");
  EXPECT_EQ(param(received[1], "WorkerName"), "Alicia");
  EXPECT_EQ(param(received[1], "WorkerActivityName"), "Available");
  EXPECT_EQ(param(received[1], "WorkerPreviousActivityName"), "Offline");
  EXPECT_EQ(param(received[1], "WorkspaceSid"), ws_);
  EXPECT_EQ(param(received[1], "AccountSid"), kAccountSid);
  EXPECT_EQ(param(received[1], "ResourceType"), "worker");
  EXPECT_EQ(param(received[1], "Timestamp"), "1700000000");
  EXPECT_EQ(param(received[1], "TimestampMs"), "1700000000000");
  EXPECT_TRUE(IsSidOf(param(received[1], "Sid"), "EV"));
  for (const ReceivedWebhook& webhook : received) {
    EXPECT_EQ(webhook.signature, WebhookSignature(kAuthToken, url, webhook.params));
  }
}

}  // namespace
}  // namespace taskrouter::testing
