// The Workspace resource over HTTP, and the account rules every resource follows.
#include "api/api_test_fixture.h"

namespace taskrouter::testing {
namespace {

class WorkspacesApiTest : public ApiTest {};

TEST_F(WorkspacesApiTest, CreateReturnsEveryField) {
  HttpResult created = server().Post(
      "/v1/Workspaces",
      "FriendlyName=Support+Desk&EventCallbackUrl=https%3A%2F%2Fexample.com%2Fevents"
      "&EventsFilter=worker.activity.update&MultiTaskEnabled=false&PrioritizeQueueOrder=LIFO"
      "&Template=NONE&Unknown=ignored");
  ASSERT_EQ(created.status, 201) << created.body;
  boost::json::value json = created.json();
  std::string sid = Str(json, "sid");
  EXPECT_TRUE(IsSidOf(sid, "WS"));
  EXPECT_EQ(Str(json, "account_sid"), kAccountSid);
  EXPECT_EQ(Str(json, "date_created"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(Str(json, "date_updated"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(Str(json, "default_activity_name"), "Offline");
  EXPECT_TRUE(IsSidOf(Str(json, "default_activity_sid"), "WA"));
  EXPECT_EQ(Str(json, "timeout_activity_name"), "Offline");
  EXPECT_EQ(Str(json, "timeout_activity_sid"), Str(json, "default_activity_sid"));
  EXPECT_EQ(Str(json, "event_callback_url"), "https://example.com/events");
  EXPECT_EQ(Str(json, "events_filter"), "worker.activity.update");
  EXPECT_EQ(Str(json, "friendly_name"), "Support Desk");
  EXPECT_FALSE(json.at("multi_task_enabled").as_bool());
  EXPECT_EQ(Str(json, "prioritize_queue_order"), "LIFO");
  std::string url = Url("/v1/Workspaces/" + sid);
  EXPECT_EQ(Str(json, "url"), url);
  const boost::json::object& links = json.at("links").as_object();
  const std::pair<const char*, const char*> expected_links[] = {
      {"activities", "Activities"},
      {"statistics", "Statistics"},
      {"real_time_statistics", "RealTimeStatistics"},
      {"cumulative_statistics", "CumulativeStatistics"},
      {"task_queues", "TaskQueues"},
      {"tasks", "Tasks"},
      {"workers", "Workers"},
      {"workflows", "Workflows"},
      {"task_channels", "TaskChannels"},
      {"events", "Events"},
  };
  EXPECT_EQ(links.size(), std::size(expected_links));
  for (const auto& [key, path] : expected_links) {
    EXPECT_EQ(links.at(key).as_string(), url + "/" + path) << key;
  }
  EXPECT_EQ(json.as_object().size(), 15u);
  EXPECT_EQ(server().Get("/v1/Workspaces/" + sid).json(), json);
}

TEST_F(WorkspacesApiTest, DefaultsForAMinimalCreate) {
  HttpResult created = server().Post("/v1/Workspaces", "FriendlyName=Minimal");
  ASSERT_EQ(created.status, 201);
  boost::json::value json = created.json();
  EXPECT_TRUE(json.at("multi_task_enabled").as_bool());
  EXPECT_EQ(Str(json, "prioritize_queue_order"), "FIFO");
  EXPECT_TRUE(json.at("event_callback_url").is_null());
  EXPECT_TRUE(json.at("events_filter").is_null());

  HttpResult activities = server().Get("/v1/Workspaces/" + Str(json, "sid") + "/Activities");
  std::vector<std::pair<std::string, bool>> seen;
  for (const boost::json::value& a : activities.json().at("activities").as_array()) {
    seen.emplace_back(Str(a, "friendly_name"), a.at("available").as_bool());
  }
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, bool>>{
                      {"Offline", false}, {"Unavailable", false}, {"Available", true}}));
  EXPECT_EQ(Str(activities.json().at("activities").at(0), "sid"),
            Str(json, "default_activity_sid"));
}

TEST_F(WorkspacesApiTest, BadCreateIsRefusedAndCreatesNothing) {
  struct Case {
    std::string form;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {"", "Missing required parameter FriendlyName in the post body"},
      {"FriendlyName=" + std::string(65, 'w'), "at most 64"},
      {"FriendlyName=x&Template=fancy", "Template must be NONE or FIFO"},
      {"FriendlyName=x&PrioritizeQueueOrder=RANDOM", "PrioritizeQueueOrder must be FIFO or LIFO"},
      {"FriendlyName=x&MultiTaskEnabled=maybe", "MultiTaskEnabled must be true or false"},
      {"FriendlyName=x&EventCallbackUrl=ftp%3A%2F%2Fexample.com", "not an absolute http"},
      {"FriendlyName=x&EventCallbackUrl=example.com%2Fevents", "not an absolute http"},
      {"FriendlyName=x&EventCallbackUrl=http%3A%2F%2Fa.test%2F" + std::string(2100, 'p'),
       "EventCallbackUrl is 2114 characters long; at most 2048"},
      {"FriendlyName=x&EventsFilter=" + std::string(2049, 'f'),
       "EventsFilter is 2049 characters long; at most 2048"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.form);
    ExpectError(server().Post("/v1/Workspaces", c.form), 400, 20001, c.fragment);
  }
  EXPECT_TRUE(server().Get("/v1/Workspaces").json().at("workspaces").as_array().empty());
}

TEST_F(WorkspacesApiTest, CallbackSchemeIsCaseInsensitiveAndEmptyFilterIsNone) {
  HttpResult created = server().Post(
      "/v1/Workspaces", "FriendlyName=x&EventCallbackUrl=HTTPS%3A%2F%2Fa.test%2Fe&EventsFilter=");
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Str(created.json(), "event_callback_url"), "HTTPS://a.test/e");
  EXPECT_TRUE(created.json().at("events_filter").is_null());
}

TEST_F(WorkspacesApiTest, PagingUrlsKeepPlusSignsInFilters) {
  for (int i = 0; i < 3; ++i) {
    server().CreateWorkspace("p+q");
  }
  server().CreateWorkspace("p q");
  std::vector<std::string> seen;
  std::string next = "/v1/Workspaces?FriendlyName=p%2Bq&PageSize=1";
  while (!next.empty()) {
    HttpResult page = server().Get(next);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const boost::json::value& w : page.json().at("workspaces").as_array()) {
      seen.push_back(Str(w, "friendly_name"));
    }
    const boost::json::value& url = page.json().at("meta").at("next_page_url");
    next = url.is_null() ? "" : std::string(url.as_string()).substr(Url("").size());
    if (!next.empty()) {
      EXPECT_NE(next.find("FriendlyName=p%2Bq&"), std::string::npos) << next;
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"p+q", "p+q", "p+q"}));
}

TEST_F(WorkspacesApiTest, ListFiltersByFriendlyName) {
  server().CreateWorkspace("Sales");
  server().CreateWorkspace("Support");
  server().CreateWorkspace("Sales");
  HttpResult all = server().Get("/v1/Workspaces");
  EXPECT_EQ(all.json().at("workspaces").as_array().size(), 3u);
  EXPECT_EQ(Str(all.json().at("meta"), "key"), "workspaces");
  EXPECT_EQ(Str(all.json().at("meta"), "url"), Url("/v1/Workspaces?PageSize=50&Page=0"));

  HttpResult sales = server().Get("/v1/Workspaces?FriendlyName=Sales");
  const boost::json::array& items = sales.json().at("workspaces").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(Str(items[0], "friendly_name"), "Sales");
  EXPECT_EQ(Str(sales.json().at("meta"), "first_page_url"),
            Url("/v1/Workspaces?FriendlyName=Sales&PageSize=50&Page=0"));
}

TEST_F(WorkspacesApiTest, UpdateChangesFieldsAndChecksActivities) {
  std::string ws = server().CreateWorkspace("Before");
  std::string path = "/v1/Workspaces/" + ws;
  HttpResult activity =
      server().Post(path + "/Activities", "FriendlyName=Timed+Out&Available=false");
  std::string timed_out = Str(activity.json(), "sid");

  server().clock().Advance(1000);
  HttpResult updated = server().Post(
      path, "FriendlyName=After&TimeoutActivitySid=" + timed_out +
                "&MultiTaskEnabled=false&PrioritizeQueueOrder=LIFO&EventsFilter=task.created"
                "&EventCallbackUrl=http%3A%2F%2F127.0.0.1%3A9%2Fhook");
  ASSERT_EQ(updated.status, 200) << updated.body;
  boost::json::value json = updated.json();
  EXPECT_EQ(Str(json, "friendly_name"), "After");
  EXPECT_EQ(Str(json, "timeout_activity_sid"), timed_out);
  EXPECT_EQ(Str(json, "timeout_activity_name"), "Timed Out");
  EXPECT_EQ(Str(json, "default_activity_name"), "Offline");
  EXPECT_FALSE(json.at("multi_task_enabled").as_bool());
  EXPECT_EQ(Str(json, "prioritize_queue_order"), "LIFO");
  EXPECT_EQ(Str(json, "events_filter"), "task.created");
  EXPECT_EQ(Str(json, "event_callback_url"), "http://127.0.0.1:9/hook");
  EXPECT_EQ(Str(json, "date_created"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(Str(json, "date_updated"), "2023-11-14T22:13:21Z");

  // Renaming the Activity shows in the Workspace; empty values clear the callback fields.
  server().Post(path + "/Activities/" + timed_out, "FriendlyName=Renamed");
  HttpResult cleared = server().Post(path, "EventCallbackUrl=&EventsFilter=");
  EXPECT_EQ(Str(cleared.json(), "timeout_activity_name"), "Renamed");
  EXPECT_TRUE(cleared.json().at("event_callback_url").is_null());
  EXPECT_TRUE(cleared.json().at("events_filter").is_null());
}

TEST_F(WorkspacesApiTest, BadUpdateIsRefusedAndChangesNothing) {
  std::string ws = server().CreateWorkspace("Unchanged");
  std::string other = server().CreateWorkspace("Other");
  std::string foreign = Str(server().Get("/v1/Workspaces/" + other).json(), "default_activity_sid");
  std::string path = "/v1/Workspaces/" + ws;
  HttpResult before = server().Get(path);

  struct Case {
    std::string form;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {"FriendlyName=x&DefaultActivitySid=WA123", "DefaultActivitySid 'WA123' is not a valid SID"},
      {"FriendlyName=x&TimeoutActivitySid=" + foreign,
       "TimeoutActivitySid " + foreign + " is not an Activity of workspace " + ws},
      {"FriendlyName=x&PrioritizeQueueOrder=fifo", "PrioritizeQueueOrder must be FIFO or LIFO"},
      {"FriendlyName=", "cannot be empty"},
      {"FriendlyName=x&MultiTaskEnabled=1", "MultiTaskEnabled must be true or false"},
      {"FriendlyName=x&EventCallbackUrl=javascript%3Aalert(1)", "not an absolute http"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.form);
    ExpectError(server().Post(path, c.form), 400, 20001, c.fragment);
  }
  EXPECT_EQ(server().Get(path).json(), before.json());
}

TEST_F(WorkspacesApiTest, DeleteRemovesEverythingUnderIt) {
  std::string ws = server().CreateWorkspace();
  std::string path = "/v1/Workspaces/" + ws;
  std::string activity =
      Str(server().Post(path + "/Activities", "FriendlyName=Lunch").json(), "sid");
  EXPECT_EQ(server().Delete(path).status, 204);
  ExpectError(server().Get(path), 404, 20404, "The requested resource " + path + " was not found");
  ExpectError(server().Get(path + "/Activities"), 404, 20404, path + "/Activities");
  ExpectError(server().Get(path + "/Activities/" + activity), 404, 20404, activity);
  ExpectError(server().Delete(path), 404, 20404, path);
  Restart();
  ExpectError(server().Get(path), 404, 20404, path);
}

TEST_F(WorkspacesApiTest, OneAccountNeverSeesAnothers) {
  std::string ws = server().CreateWorkspace();
  AccountRecord other = server().app().accounts().CreateAccount(std::nullopt, std::nullopt).value();
  std::string path = "/v1/Workspaces/" + ws;
  ExpectError(server().Send("GET", path, "", other.sid, other.auth_token), 404, 20404, path);
  ExpectError(server().Send("POST", path, "FriendlyName=Mine", other.sid, other.auth_token), 404,
              20404, path);
  ExpectError(server().Send("GET", path + "/Activities", "", other.sid, other.auth_token), 404,
              20404, path);
  ExpectError(server().Send("DELETE", path, "", other.sid, other.auth_token), 404, 20404, path);
  HttpResult list = server().Send("GET", "/v1/Workspaces", "", other.sid, other.auth_token);
  EXPECT_TRUE(list.json().at("workspaces").as_array().empty());
  EXPECT_EQ(server().Get(path).status, 200);
}

TEST_F(WorkspacesApiTest, ApiKeysActForTheirAccount) {
  NewApiKey key = server().app().accounts().CreateApiKey(kAccountSid, "ci").value();
  EXPECT_TRUE(IsSidOf(key.record.sid, "SK"));
  HttpResult created =
      server().Send("POST", "/v1/Workspaces", "FriendlyName=ByKey", key.record.sid, key.secret);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Str(created.json(), "account_sid"), kAccountSid);
  ExpectError(server().Send("GET", "/v1/Workspaces", "", key.record.sid, key.secret + "x"), 401,
              20003, "Authentication Error");
  ExpectError(server().Send("GET", "/v1/Workspaces", "", kAccountSid, "wrong"), 401, 20003,
              "Authentication Error");
  ExpectError(server().Send("GET", "/v1/Workspaces", "", "", ""), 401, 20003,
              "Authentication Error");
}

TEST_F(WorkspacesApiTest, CredentialsCreatedByAnotherProcessWorkAtOnce) {
  std::string data_dir = server().data_dir();
  Result<std::unique_ptr<SqliteStore>> store = OpenStore(data_dir);
  ASSERT_TRUE(store.ok());
  SystemClock clock;
  AccountDirectory other_process(*store.value(), clock);
  other_process.Load(store.value()->Load().value());
  AccountRecord account = other_process.CreateAccount(std::nullopt, std::nullopt).value();
  HttpResult list = server().Send("GET", "/v1/Workspaces", "", account.sid, account.auth_token);
  EXPECT_EQ(list.status, 200) << list.body;
}

}  // namespace
}  // namespace taskrouter::testing
