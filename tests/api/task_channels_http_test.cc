// TaskChannels and Worker channels over HTTP, as Twilio's TaskChannel and WorkerChannel pages
// describe them.
#include "api/api_test_fixture.h"

namespace taskrouter::testing {
namespace {

class TaskChannelsApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ws_ = server().CreateWorkspace();
    list_ = "/v1/Workspaces/" + ws_ + "/TaskChannels";
  }

  std::string WorkerSid(const std::string& name) {
    HttpResult result =
        server().Post("/v1/Workspaces/" + ws_ + "/Workers", "FriendlyName=" + FormEncode(name));
    EXPECT_EQ(result.status, 201) << result.body;
    return Str(result.json(), "sid");
  }

  std::string ChannelsOf(const std::string& worker) {
    return "/v1/Workspaces/" + ws_ + "/Workers/" + worker + "/Channels";
  }

  std::vector<std::string> UniqueNames(const std::string& target, const char* name_key) {
    HttpResult result = server().Get(target);
    EXPECT_EQ(result.status, 200) << result.body;
    std::vector<std::string> names;
    for (const boost::json::value& c : result.json().at("channels").as_array()) {
      names.push_back(Str(c, name_key));
    }
    return names;
  }

  void ExpectTaskChannel(const boost::json::value& json, const std::string& unique_name,
                         const std::string& friendly_name, bool optimized,
                         const std::string& created, const std::string& updated) {
    std::string sid = Str(json, "sid");
    EXPECT_TRUE(IsSidOf(sid, "TC")) << sid;
    EXPECT_EQ(Str(json, "account_sid"), kAccountSid);
    EXPECT_EQ(Str(json, "date_created"), created);
    EXPECT_EQ(Str(json, "date_updated"), updated);
    EXPECT_EQ(Str(json, "friendly_name"), friendly_name);
    EXPECT_EQ(Str(json, "unique_name"), unique_name);
    EXPECT_EQ(Str(json, "workspace_sid"), ws_);
    EXPECT_EQ(json.at("channel_optimized_routing").as_bool(), optimized);
    EXPECT_EQ(Str(json, "url"), Url(list_ + "/" + sid));
    EXPECT_EQ(json.at("links").as_object().size(), 1u);
    EXPECT_EQ(Str(json.at("links"), "workspace"), Url("/v1/Workspaces/" + ws_));
    EXPECT_EQ(json.as_object().size(), 10u) << json;
  }

  void ExpectWorkerChannel(const boost::json::value& json, const std::string& worker,
                           const std::string& unique_name, int64_t capacity, bool available,
                           int64_t percentage, const std::string& created,
                           const std::string& updated) {
    std::string sid = Str(json, "sid");
    EXPECT_TRUE(IsSidOf(sid, "WC")) << sid;
    EXPECT_EQ(Str(json, "account_sid"), kAccountSid);
    EXPECT_EQ(json.at("assigned_tasks").as_int64(), 0);
    EXPECT_EQ(json.at("available").as_bool(), available);
    EXPECT_EQ(json.at("available_capacity_percentage").as_int64(), percentage);
    EXPECT_EQ(json.at("configured_capacity").as_int64(), capacity);
    EXPECT_EQ(Str(json, "date_created"), created);
    EXPECT_EQ(Str(json, "date_updated"), updated);
    EXPECT_TRUE(IsSidOf(Str(json, "task_channel_sid"), "TC"));
    EXPECT_EQ(Str(json, "task_channel_unique_name"), unique_name);
    EXPECT_EQ(Str(json, "worker_sid"), worker);
    EXPECT_EQ(Str(json, "workspace_sid"), ws_);
    EXPECT_EQ(Str(json, "url"), Url(ChannelsOf(worker) + "/" + sid));
    EXPECT_EQ(json.as_object().size(), 13u) << json;
  }

  std::string ws_;
  std::string list_;
};

constexpr char kT0[] = "2023-11-14T22:13:20Z";

TEST_F(TaskChannelsApiTest, NewWorkspaceListsTheFiveDefaultChannels) {
  HttpResult result = server().Get(list_);
  ASSERT_EQ(result.status, 200) << result.body;
  const boost::json::array& channels = result.json().at("channels").as_array();
  const std::pair<const char*, const char*> kExpected[] = {{"default", "Default"},
                                                           {"voice", "Voice"},
                                                           {"chat", "Chat"},
                                                           {"sms", "SMS"},
                                                           {"video", "Video"}};
  ASSERT_EQ(channels.size(), 5u);
  for (size_t i = 0; i < channels.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectTaskChannel(channels[i], kExpected[i].first, kExpected[i].second, true, kT0, kT0);
  }
  const boost::json::value& meta = result.json().at("meta");
  EXPECT_EQ(Str(meta, "key"), "channels");
  EXPECT_EQ(meta.at("page").as_int64(), 0);
  EXPECT_EQ(meta.at("page_size").as_int64(), 50);
  EXPECT_EQ(Str(meta, "first_page_url"), Url(list_ + "?PageSize=50&Page=0"));
  EXPECT_EQ(Str(meta, "url"), Url(list_ + "?PageSize=50&Page=0"));
  EXPECT_TRUE(meta.at("next_page_url").is_null());
  EXPECT_TRUE(meta.at("previous_page_url").is_null());

  HttpResult workspace = server().Get("/v1/Workspaces/" + ws_);
  EXPECT_EQ(Str(workspace.json().at("links"), "task_channels"), Url(list_));
}

TEST_F(TaskChannelsApiTest, TheFiveCallsOfTheTaskChannelPage) {
  server().clock().Advance(2000);
  HttpResult created = server().Post(list_, "FriendlyName=Outbound%20Voice&UniqueName=ovoice");
  ASSERT_EQ(created.status, 201) << created.body;
  ExpectTaskChannel(created.json(), "ovoice", "Outbound Voice", true, "2023-11-14T22:13:22Z",
                    "2023-11-14T22:13:22Z");
  std::string sid = Str(created.json(), "sid");

  for (const std::string& key : {sid, std::string("ovoice")}) {
    HttpResult fetched = server().Get(list_ + "/" + key);
    ASSERT_EQ(fetched.status, 200) << fetched.body;
    EXPECT_EQ(fetched.body, created.body);
  }

  server().clock().Advance(3000);
  HttpResult updated = server().Post(
      list_ + "/ovoice", "FriendlyName=Calls+Out&ChannelOptimizedRouting=false&UniqueName=other");
  ASSERT_EQ(updated.status, 200) << updated.body;
  ExpectTaskChannel(updated.json(), "ovoice", "Calls Out", false, "2023-11-14T22:13:22Z",
                    "2023-11-14T22:13:25Z");
  EXPECT_EQ(Str(updated.json(), "sid"), sid);

  EXPECT_EQ(UniqueNames(list_, "unique_name"),
            (std::vector<std::string>{"default", "voice", "chat", "sms", "video", "ovoice"}));
  DeleteAndExpectGone(list_ + "/" + sid);
}

TEST_F(TaskChannelsApiTest, CreateChecksEveryParameter) {
  struct Case {
    std::string form;
    int code;
    std::string fragment;
  };
  const Case kCases[] = {
      {"UniqueName=ovoice", 20001, "Missing required parameter FriendlyName"},
      {"FriendlyName=Outbound", 20001, "Missing required parameter UniqueName"},
      {"FriendlyName=Outbound&UniqueName=", 20001, "UniqueName of a TaskChannel cannot be empty"},
      {"FriendlyName=&UniqueName=ovoice", 20001, "FriendlyName of a TaskChannel cannot be empty"},
      {"FriendlyName=Outbound&UniqueName=out-voice", 20001,
       "UniqueName 'out-voice' must start with a letter or '_'"},
      {"FriendlyName=Outbound&UniqueName=ovoice&ChannelOptimizedRouting=maybe", 20001,
       "ChannelOptimizedRouting must be true or false, not 'maybe'"},
      {"FriendlyName=Voice&UniqueName=voice", 20001,
       "TaskChannel with UniqueName voice already exists for workspace " + ws_ + " for account " +
           kAccountSid},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.form);
    ExpectError(server().Post(list_, c.form), 400, c.code, c.fragment);
  }
  EXPECT_EQ(UniqueNames(list_, "unique_name").size(), 5u);
  ExpectError(server().Post(list_ + "/voice", "ChannelOptimizedRouting=1"), 400, 20001,
              "ChannelOptimizedRouting must be true or false");
  ExpectError(server().Delete(list_ + "/default"), 400, 20001,
              "because it is the default TaskChannel");
  ExpectError(server().Get("/v1/Workspaces/WS0123456789abcdef0123456789abcdef/TaskChannels"), 404,
              20404, "was not found");
}

TEST_F(TaskChannelsApiTest, WorkerHasAChannelOnEveryTaskChannel) {
  server().clock().Advance(1000);
  std::string worker = WorkerSid("Alice");
  HttpResult workers = server().Get("/v1/Workspaces/" + ws_ + "/Workers/" + worker);
  EXPECT_EQ(Str(workers.json().at("links"), "channels"), Url(ChannelsOf(worker)));

  HttpResult listed = server().Get(ChannelsOf(worker));
  ASSERT_EQ(listed.status, 200) << listed.body;
  const boost::json::array& channels = listed.json().at("channels").as_array();
  const char* kNames[] = {"default", "voice", "chat", "sms", "video"};
  ASSERT_EQ(channels.size(), 5u);
  for (size_t i = 0; i < channels.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectWorkerChannel(channels[i], worker, kNames[i], 1, true, 100, "2023-11-14T22:13:21Z",
                        "2023-11-14T22:13:21Z");
  }
  EXPECT_EQ(Str(listed.json().at("meta"), "key"), "channels");
  EXPECT_EQ(Str(listed.json().at("meta"), "first_page_url"),
            Url(ChannelsOf(worker) + "?PageSize=50&Page=0"));

  // A new TaskChannel gives the Worker one more.
  server().clock().Advance(1000);
  ASSERT_EQ(server().Post(list_, "FriendlyName=Email&UniqueName=email").status, 201);
  HttpResult email = server().Get(ChannelsOf(worker) + "/email");
  ASSERT_EQ(email.status, 200) << email.body;
  ExpectWorkerChannel(email.json(), worker, "email", 1, true, 100, "2023-11-14T22:13:22Z",
                      "2023-11-14T22:13:22Z");
  EXPECT_EQ(UniqueNames(ChannelsOf(worker), "task_channel_unique_name").size(), 6u);
}

TEST_F(TaskChannelsApiTest, WorkerChannelUpdateAsTheWorkerChannelPageShows) {
  std::string worker = WorkerSid("Alice");
  HttpResult chat = server().Get(ChannelsOf(worker) + "/chat");
  ASSERT_EQ(chat.status, 200) << chat.body;
  std::string sid = Str(chat.json(), "sid");

  server().clock().Advance(4000);
  HttpResult updated = server().Post(ChannelsOf(worker) + "/" + sid, "Capacity=3");
  ASSERT_EQ(updated.status, 200) << updated.body;
  ExpectWorkerChannel(updated.json(), worker, "chat", 3, true, 100, kT0, "2023-11-14T22:13:24Z");
  EXPECT_EQ(Str(updated.json(), "sid"), sid);

  // By the TaskChannel's SID too.
  updated = server().Post(ChannelsOf(worker) + "/" + Str(chat.json(), "task_channel_sid"),
                          "Available=false");
  ASSERT_EQ(updated.status, 200) << updated.body;
  ExpectWorkerChannel(updated.json(), worker, "chat", 3, false, 0, kT0, "2023-11-14T22:13:24Z");

  HttpResult events = server().Get("/v1/Workspaces/" + ws_ + "/Events?TaskChannel=chat");
  ASSERT_EQ(events.status, 200) << events.body;
  std::vector<std::string> types;
  for (const boost::json::value& e : events.json().at("events").as_array()) {
    types.push_back(Str(e, "event_type"));
  }
  EXPECT_EQ(types, (std::vector<std::string>{"worker.capacity.update",
                                             "worker.channel.availability.update"}));

  HttpResult fetched = server().Get(ChannelsOf(worker) + "/" + sid);
  EXPECT_EQ(fetched.body, updated.body);

  // The settings survive a restart (whose clock starts over, so the events are read first).
  Restart();
  fetched = server().Get(ChannelsOf(worker) + "/" + sid);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  ExpectWorkerChannel(fetched.json(), worker, "chat", 3, false, 0, kT0, "2023-11-14T22:13:24Z");
}

TEST_F(TaskChannelsApiTest, WorkerChannelUpdateChecksEveryParameter) {
  std::string worker = WorkerSid("Alice");
  std::string chat = ChannelsOf(worker) + "/chat";
  struct Case {
    std::string form;
    std::string fragment;
  };
  const Case kCases[] = {
      {"Capacity=three", "Capacity must be an integer, not 'three'"},
      {"Capacity=", "Capacity must be an integer, not ''"},
      {"Capacity=2.5", "Capacity must be an integer"},
      {"Capacity=51", "Capacity must be between 0 and 50, not 51"},
      {"Capacity=-1", "Capacity must be between 0 and 50, not -1"},
      {"Capacity=2&Available=nope", "Available must be true or false, not 'nope'"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.form);
    ExpectError(server().Post(chat, c.form), 400, 20001, c.fragment);
  }
  HttpResult unchanged = server().Get(chat);
  EXPECT_EQ(unchanged.json().at("configured_capacity").as_int64(), 1);
  EXPECT_TRUE(unchanged.json().at("available").as_bool());

  for (const std::string& target :
       {ChannelsOf(worker) + "/fax", ChannelsOf(worker) + "/WC0123456789abcdef0123456789abcdef",
        ChannelsOf("WK0123456789abcdef0123456789abcdef") + "/chat"}) {
    SCOPED_TRACE(target);
    ExpectError(server().Get(target), 404, 20404, "The requested resource " + target);
    ExpectError(server().Post(target, "Capacity=2"), 404, 20404, "was not found");
  }
  ExpectError(server().Delete(chat), 405, 20004, "");
}

TEST_F(TaskChannelsApiTest, ListsPageWithTokens) {
  std::string worker = WorkerSid("Alice");
  for (const std::string& target : {list_, ChannelsOf(worker)}) {
    SCOPED_TRACE(target);
    std::vector<std::string> sids;
    std::string next = Url(target + "?PageSize=2");
    while (!next.empty()) {
      HttpResult page = server().Get(next.substr(server().base_url().size()));
      ASSERT_EQ(page.status, 200) << page.body;
      for (const boost::json::value& c : page.json().at("channels").as_array()) {
        sids.push_back(Str(c, "sid"));
      }
      const boost::json::value& meta = page.json().at("meta");
      next = meta.at("next_page_url").is_null() ? "" : Str(meta, "next_page_url");
    }
    EXPECT_EQ(sids.size(), 5u);
  }
}

}  // namespace
}  // namespace taskrouter::testing
