// Workflows over HTTP, as Twilio's Workflow page describes them.
#include "api/api_test_fixture.h"

namespace taskrouter::testing {
namespace {

constexpr char kT0[] = "2023-11-14T22:13:20Z";
constexpr char kUnknownFlow[] = "WW00000000000000000000000000000000";
constexpr char kUnknownQueue[] = "WQ00000000000000000000000000000000";

class WorkflowsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ws_ = server().CreateWorkspace();
    list_ = "/v1/Workspaces/" + ws_ + "/Workflows";
    sales_ = QueueSid("Sales");
    support_ = QueueSid("Support");
  }

  std::string QueueSid(const std::string& name) {
    HttpResult result =
        server().Post("/v1/Workspaces/" + ws_ + "/TaskQueues", "FriendlyName=" + name);
    EXPECT_EQ(result.status, 201) << result.body;
    return Str(result.json(), "sid");
  }

  // A Configuration with one filter to `filter_queue` and a default_filter to `default_queue`.
  static std::string Config(const std::string& filter_queue, const std::string& default_queue) {
    return R"({"task_routing":{"filters":[{"filter_friendly_name":"Sales","expression":)"
           R"("type == 'sales'","targets":[{"queue":")" +
           filter_queue + R"(","timeout":30}]}],"default_filter":{"queue":")" + default_queue +
           R"("}}})";
  }

  std::string FlowSid(const std::string& name) {
    HttpResult result =
        server().Post(list_, "FriendlyName=" + FormEncode(name) +
                                 "&Configuration=" + FormEncode(Config(sales_, support_)));
    EXPECT_EQ(result.status, 201) << result.body;
    return Str(result.json(), "sid");
  }

  std::vector<std::string> Names(const std::string& target) {
    HttpResult result = server().Get(target);
    EXPECT_EQ(result.status, 200) << result.body;
    std::vector<std::string> names;
    if (result.status == 200) {
      for (const boost::json::value& item : result.json().at("workflows").as_array()) {
        names.push_back(Str(item, "friendly_name"));
      }
    }
    return names;
  }

  // Every field a client reads; an empty URL stands for null.
  void ExpectFlow(const boost::json::value& json, const std::string& name,
                  const std::string& configuration, int64_t timeout, const std::string& assignment,
                  const std::string& fallback, const std::string& created,
                  const std::string& updated) {
    std::string sid = Str(json, "sid");
    std::string url = Url(list_ + "/" + sid);
    EXPECT_TRUE(IsSidOf(sid, "WW")) << sid;
    EXPECT_EQ(Str(json, "account_sid"), kAccountSid);
    EXPECT_EQ(Str(json, "workspace_sid"), ws_);
    EXPECT_EQ(Str(json, "friendly_name"), name);
    EXPECT_EQ(Str(json, "configuration"), configuration);
    EXPECT_EQ(json.at("task_reservation_timeout").as_int64(), timeout);
    EXPECT_TRUE(json.at("document_content_type").is_null());
    EXPECT_EQ(Str(json, "date_created"), created);
    EXPECT_EQ(Str(json, "date_updated"), updated);
    EXPECT_EQ(Str(json, "url"), url);
    for (auto [field, value] : {std::pair("assignment_callback_url", assignment),
                                std::pair("fallback_assignment_callback_url", fallback)}) {
      SCOPED_TRACE(field);
      if (value.empty()) {
        EXPECT_TRUE(json.at(field).is_null());
      } else {
        EXPECT_EQ(Str(json, field), value);
      }
    }
    const boost::json::object& links = json.at("links").as_object();
    EXPECT_EQ(Str(links, "statistics"), url + "/Statistics");
    EXPECT_EQ(Str(links, "real_time_statistics"), url + "/RealTimeStatistics");
    EXPECT_EQ(Str(links, "cumulative_statistics"), url + "/CumulativeStatistics");
    EXPECT_EQ(links.size(), 3u);
    EXPECT_EQ(json.as_object().size(), 13u) << json;
  }

  std::string ws_;
  std::string list_;
  std::string sales_;
  std::string support_;
};

TEST_F(WorkflowsApiTest, TheFiveCallsOfTheWorkflowPage) {
  HttpResult created = server().Post(
      list_, "FriendlyName=Inbound&Configuration=" + FormEncode(Config(sales_, support_)) +
                 "&AssignmentCallbackUrl=" + FormEncode("https://example.com/assign"));
  ASSERT_EQ(created.status, 201) << created.body;
  ExpectFlow(created.json(), "Inbound", Config(sales_, support_), 120, "https://example.com/assign",
             "", kT0, kT0);
  std::string sid = Str(created.json(), "sid");

  HttpResult fetched = server().Get(list_ + "/" + sid);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.body, created.body);

  server().clock().Advance(3000);
  HttpResult updated = server().Post(
      list_ + "/" + sid,
      "FriendlyName=Calls&Configuration=" + FormEncode(Config(support_, sales_)) +
          "&TaskReservationTimeout=86400&AssignmentCallbackUrl=" +
          "&FallbackAssignmentCallbackUrl=" + FormEncode("http://example.com/fallback") +
          "&ReEvaluateTasks=true");
  ASSERT_EQ(updated.status, 200) << updated.body;
  ExpectFlow(updated.json(), "Calls", Config(support_, sales_), 86400, "",
             "http://example.com/fallback", kT0, "2023-11-14T22:13:23Z");

  ExpectListOfOne(list_, "workflows", updated.body);
  DeleteAndExpectGone(list_ + "/" + sid);
  Restart();
  EXPECT_EQ(server().Get(list_ + "/" + sid).status, 404);
}

TEST_F(WorkflowsApiTest, WorkflowsSurviveARestart) {
  HttpResult created = server().Post(
      list_, "FriendlyName=Inbound&Configuration=" + FormEncode(Config(sales_, support_)) +
                 "&TaskReservationTimeout=45&FallbackAssignmentCallbackUrl=" +
                 FormEncode("https://example.com/fallback"));
  ASSERT_EQ(created.status, 201) << created.body;
  std::string sid = Str(created.json(), "sid");
  Restart();  // on another port, which the URLs follow
  HttpResult after = server().Get(list_ + "/" + sid);
  ASSERT_EQ(after.status, 200) << after.body;
  ExpectFlow(after.json(), "Inbound", Config(sales_, support_), 45, "",
             "https://example.com/fallback", kT0, kT0);
  // The Configuration was parsed again: its queues still cannot be deleted.
  EXPECT_EQ(server().Delete("/v1/Workspaces/" + ws_ + "/TaskQueues/" + sales_).status, 400);
}

TEST_F(WorkflowsApiTest, CreateChecksEveryParameter) {
  FlowSid("Inbound");
  std::string config = "&Configuration=" + FormEncode(Config(sales_, support_));
  const std::pair<std::string, std::string> kCases[] = {
      {config, "Missing required parameter FriendlyName in the post body"},
      {"FriendlyName=A", "Missing required parameter Configuration in the post body"},
      {"FriendlyName=" + config, "FriendlyName of a Workflow cannot be empty"},
      {"FriendlyName=" + std::string(65, 'x') + config,
       "FriendlyName of a Workflow is 65 characters long; at most 64 are allowed"},
      {"FriendlyName=A&Configuration=", "Invalid Configuration: must be a JSON object"},
      {"FriendlyName=A&Configuration=" + FormEncode(R"({"task_routing":{}})"),
       "Invalid Configuration: task_routing: needs at least one filter or a default_filter"},
      {"FriendlyName=A&Configuration=" + FormEncode(Config(kUnknownQueue, support_)),
       std::string("Invalid Configuration: task_routing.filters[0].targets[0].queue: ") +
           kUnknownQueue + " is not a TaskQueue of this Workspace"},
      {"FriendlyName=A" + config + "&TaskReservationTimeout=0",
       "TaskReservationTimeout must be between 1 and 86400 seconds, not 0"},
      {"FriendlyName=A" + config + "&TaskReservationTimeout=86401",
       "TaskReservationTimeout must be between 1 and 86400 seconds, not 86401"},
      {"FriendlyName=A" + config + "&TaskReservationTimeout=soon", "TaskReservationTimeout"},
      {"FriendlyName=A" + config + "&AssignmentCallbackUrl=ftp://example.com/x",
       "AssignmentCallbackUrl 'ftp://example.com/x' is not an absolute http or https URL"},
      {"FriendlyName=A" + config + "&FallbackAssignmentCallbackUrl=" + FormEncode("/relative"),
       "FallbackAssignmentCallbackUrl '/relative' is not an absolute http or https URL"},
      {"FriendlyName=A" + config + "&AssignmentCallbackUrl=https://example.com/" +
           std::string(2048, 'a'),
       "AssignmentCallbackUrl is 2068 characters long; at most 2048 are allowed"},
      {"FriendlyName=A" + config + "&ReEvaluateTasks=maybe", "ReEvaluateTasks"},
  };
  for (const auto& [form, fragment] : kCases) {
    SCOPED_TRACE(form.substr(0, 100));
    ExpectError(server().Post(list_, form), 400, 20001, fragment);
  }
  EXPECT_EQ(Names(list_), std::vector<std::string>{"Inbound"});
}

TEST_F(WorkflowsApiTest, UpdateChecksEveryParameterAndChangesNothingOnError) {
  std::string sid = FlowSid("Inbound");
  HttpResult before = server().Get(list_ + "/" + sid);
  const std::pair<std::string, std::string> kCases[] = {
      {"FriendlyName=", "FriendlyName of a Workflow cannot be empty"},
      {"Configuration=" + FormEncode("{\"task_routing\""),
       "Invalid Configuration: must be a JSON object"},
      {"FriendlyName=B&Configuration=" + FormEncode(Config(sales_, kUnknownQueue)),
       std::string("Invalid Configuration: task_routing.default_filter.queue: ") + kUnknownQueue +
           " is not a TaskQueue of this Workspace"},
      {"TaskReservationTimeout=-5", "TaskReservationTimeout must be between 1 and 86400"},
      {"FriendlyName=B&AssignmentCallbackUrl=example.com", "AssignmentCallbackUrl 'example.com'"},
      {"FriendlyName=B&ReEvaluateTasks=yes", "ReEvaluateTasks"},
  };
  for (const auto& [form, fragment] : kCases) {
    SCOPED_TRACE(form);
    ExpectError(server().Post(list_ + "/" + sid, form), 400, 20001, fragment);
  }
  EXPECT_EQ(server().Get(list_ + "/" + sid).body, before.body);
}

TEST_F(WorkflowsApiTest, UnknownAndForeignWorkflowsAreNotFound) {
  std::string sid = FlowSid("Inbound");
  std::string other = "/v1/Workspaces/" + server().CreateWorkspace("Other") + "/Workflows/";
  for (const std::string& path : {list_ + "/" + kUnknownFlow, list_ + "/not-a-sid", other + sid}) {
    SCOPED_TRACE(path);
    ExpectError(server().Get(path), 404, 20404,
                "The requested resource " + path + " was not found");
    ExpectError(server().Post(path, "FriendlyName=X"), 404, 20404,
                "The requested resource " + path + " was not found");
    ExpectError(server().Delete(path), 404, 20404,
                "The requested resource " + path + " was not found");
  }
  const std::string unknown_ws = "/v1/Workspaces/WS00000000000000000000000000000000/Workflows";
  ExpectError(server().Get(unknown_ws), 404, 20404, unknown_ws);
  ExpectError(server().Post(unknown_ws,
                            "FriendlyName=A&Configuration=" + FormEncode(Config(sales_, support_))),
              404, 20404, unknown_ws);
  EXPECT_EQ(Names(list_), std::vector<std::string>{"Inbound"});
}

TEST_F(WorkflowsApiTest, ListFiltersByFriendlyNameAndPages) {
  FlowSid("Inbound");
  FlowSid("Outbound");
  FlowSid("Inbound");
  EXPECT_EQ(Names(list_), (std::vector<std::string>{"Inbound", "Outbound", "Inbound"}));
  EXPECT_EQ(Names(list_ + "?FriendlyName=Inbound"),
            (std::vector<std::string>{"Inbound", "Inbound"}));
  EXPECT_TRUE(Names(list_ + "?FriendlyName=inbound").empty());
  ExpectError(server().Get(list_ + "?PageSize=0"), 400, 20001, "PageSize");

  // Following next_page_url keeps the filter.
  std::vector<std::string> seen;
  std::string next = list_ + "?FriendlyName=Inbound&PageSize=1";
  HttpResult first = server().Get(next);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Str(first.json().at("meta"), "url"),
            Url(list_ + "?FriendlyName=Inbound&PageSize=1&Page=0"));
  while (!next.empty()) {
    HttpResult page = server().Get(next);
    ASSERT_EQ(page.status, 200) << page.body;
    for (const boost::json::value& flow : page.json().at("workflows").as_array()) {
      seen.push_back(Str(flow, "friendly_name"));
    }
    const boost::json::value& url = page.json().at("meta").at("next_page_url");
    next = url.is_null() ? "" : std::string(url.as_string()).substr(Url("").size());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"Inbound", "Inbound"}));
}

TEST_F(WorkflowsApiTest, QueueOfAWorkflowCannotBeDeleted) {
  std::string sid = FlowSid("Inbound");
  std::string queues = "/v1/Workspaces/" + ws_ + "/TaskQueues/";
  ExpectError(server().Delete(queues + support_), 400, 20001,
              "TaskQueue " + support_ + " cannot be deleted: Workflow " + sid +
                  " (Inbound) routes Tasks to it");
  EXPECT_EQ(server().Get(queues + support_).status, 200);
  ASSERT_EQ(server().Delete(list_ + "/" + sid).status, 204);
  EXPECT_EQ(server().Delete(queues + support_).status, 204);
}

TEST_F(WorkflowsApiTest, EventsOfAWorkflow) {
  std::string sid = FlowSid("Inbound");
  ASSERT_EQ(server().Post(list_ + "/" + sid, "FriendlyName=Calls").status, 200);
  ASSERT_EQ(server().Delete(list_ + "/" + sid).status, 204);
  HttpResult events = server().Get("/v1/Workspaces/" + ws_ + "/Events?WorkflowSid=" + sid);
  ASSERT_EQ(events.status, 200) << events.body;
  std::vector<std::string> types;
  std::vector<std::string> names;
  for (const boost::json::value& e : events.json().at("events").as_array()) {
    types.push_back(Str(e, "event_type"));
    EXPECT_EQ(Str(e, "resource_type"), "workflow");
    EXPECT_EQ(Str(e, "resource_sid"), sid);
    EXPECT_EQ(Str(e.at("event_data"), "workflow_sid"), sid);
    names.push_back(Str(e.at("event_data"), "workflow_name"));
  }
  EXPECT_EQ(types,
            (std::vector<std::string>{"workflow.created", "workflow.updated", "workflow.deleted"}));
  EXPECT_EQ(names, (std::vector<std::string>{"Inbound", "Calls", "Calls"}));
}

}  // namespace
}  // namespace taskrouter::testing
