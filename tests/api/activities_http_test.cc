// The Activity resource over HTTP, as Twilio's Activity documentation describes it.
#include "api/api_test_fixture.h"

namespace taskrouter::testing {
namespace {

class ActivitiesApiTest : public ApiTest {
 protected:
  void SetUp() override {
    ws_ = server().CreateWorkspace();
    list_ = "/v1/Workspaces/" + ws_ + "/Activities";
  }

  HttpResult Create(const std::string& form) { return server().Post(list_, form); }

  std::string CreateSid(const std::string& name, const std::string& available = "false") {
    HttpResult result = Create("FriendlyName=" + FormEncode(name) + "&Available=" + available);
    EXPECT_EQ(result.status, 201) << result.body;
    return Str(result.json(), "sid");
  }

  std::vector<std::string> ListNames(const std::string& query) {
    HttpResult result = server().Get(list_ + query);
    EXPECT_EQ(result.status, 200) << result.body;
    std::vector<std::string> names;
    for (const boost::json::value& a : result.json().at("activities").as_array()) {
      names.push_back(Str(a, "friendly_name"));
    }
    return names;
  }

  void ExpectActivity(const boost::json::value& json, const std::string& name, bool available,
                      const std::string& created, const std::string& updated) {
    std::string sid = Str(json, "sid");
    EXPECT_TRUE(IsSidOf(sid, "WA")) << sid;
    EXPECT_EQ(Str(json, "account_sid"), kAccountSid);
    EXPECT_EQ(json.at("available").as_bool(), available);
    EXPECT_EQ(Str(json, "date_created"), created);
    EXPECT_EQ(Str(json, "date_updated"), updated);
    EXPECT_EQ(Str(json, "friendly_name"), name);
    EXPECT_EQ(Str(json, "workspace_sid"), ws_);
    EXPECT_EQ(Str(json, "url"), Url(list_ + "/" + sid));
    EXPECT_EQ(json.at("links").as_object().size(), 1u);
    EXPECT_EQ(Str(json.at("links"), "workspace"), Url("/v1/Workspaces/" + ws_));
    EXPECT_EQ(json.as_object().size(), 9u) << json;
  }

  std::string ws_;
  std::string list_;
};

TEST_F(ActivitiesApiTest, TheFiveCallsOfTheActivityPage) {
  // Create.
  HttpResult created = Create("FriendlyName=NewAvailableActivity&Available=true");
  ASSERT_EQ(created.status, 201) << created.body;
  ExpectActivity(created.json(), "NewAvailableActivity", true, "2023-11-14T22:13:20Z",
                 "2023-11-14T22:13:20Z");
  std::string sid = Str(created.json(), "sid");

  // Fetch.
  HttpResult fetched = server().Get(list_ + "/" + sid);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.json(), created.json());

  // List with a limit of 20, as the SDKs ask for it.
  EXPECT_EQ(
      ListNames("?PageSize=20"),
      (std::vector<std::string>{"Offline", "Unavailable", "Available", "NewAvailableActivity"}));

  // Update: the name changes, availability cannot.
  server().clock().Advance(61000);
  HttpResult updated = server().Post(list_ + "/" + sid, "FriendlyName=another_name&Available=0");
  ASSERT_EQ(updated.status, 200) << updated.body;
  ExpectActivity(updated.json(), "another_name", true, "2023-11-14T22:13:20Z",
                 "2023-11-14T22:14:21Z");

  // Remove.
  DeleteAndExpectGone(list_ + "/" + sid);
}

TEST_F(ActivitiesApiTest, AvailableIsTrueForTrueOneAndYesInAnyCase) {
  struct Case {
    std::string form;
    bool available;
  };
  const Case cases[] = {
      {"&Available=true", true},
      {"&Available=TRUE", true},
      {"&Available=1", true},
      {"&Available=yes", true},
      {"&Available=Yes", true},
      {"&Available=false", false},
      {"&Available=0", false},
      {"&Available=no", false},
      {"&Available=banana", false},
      {"&Available=", false},
      {"", false},
  };
  int n = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.form);
    HttpResult result = Create("FriendlyName=Case" + std::to_string(n++) + c.form);
    ASSERT_EQ(result.status, 201) << result.body;
    EXPECT_EQ(result.json().at("available").as_bool(), c.available);
  }
}

TEST_F(ActivitiesApiTest, ListFiltersByNameAndAvailability) {
  CreateSid("Lunch", "false");
  CreateSid("Email", "yes");
  EXPECT_EQ(ListNames("?Available=true"), (std::vector<std::string>{"Available", "Email"}));
  EXPECT_EQ(ListNames("?Available=1"), (std::vector<std::string>{"Available", "Email"}));
  EXPECT_EQ(ListNames("?Available=false"),
            (std::vector<std::string>{"Offline", "Unavailable", "Lunch"}));
  EXPECT_EQ(ListNames("?Available=whatever"),
            (std::vector<std::string>{"Offline", "Unavailable", "Lunch"}));
  EXPECT_EQ(ListNames("?FriendlyName=Lunch"), std::vector<std::string>{"Lunch"});
  EXPECT_EQ(ListNames("?FriendlyName=lunch"), std::vector<std::string>{});
  EXPECT_EQ(ListNames("?FriendlyName=Email&Available=false"), std::vector<std::string>{});

  HttpResult result = server().Get(list_ + "?Available=yes&FriendlyName=Email&PageSize=5");
  EXPECT_EQ(Str(result.json().at("meta"), "url"),
            Url(list_ + "?FriendlyName=Email&Available=yes&PageSize=5&Page=0"));
}

TEST_F(ActivitiesApiTest, BadInputIsRefusedAndChangesNothing) {
  std::string long_name(65, 'x');
  std::string euros;
  for (int i = 0; i < 65; ++i) {
    euros += "%E2%82%AC";
  }
  struct Case {
    std::string form;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {"", "Missing required parameter FriendlyName in the post body"},
      {"Available=true", "Missing required parameter FriendlyName"},
      {"FriendlyName=", "cannot be empty"},
      {"FriendlyName=" + long_name, "65 characters long; at most 64"},
      {"FriendlyName=" + euros, "65 characters long; at most 64"},
      {"FriendlyName=OFFLINE", "Activity named OFFLINE already exists for workspace " + ws_},
      {"FriendlyName=%E2%82", "not valid UTF-8"},
      {"FriendlyName=%zz", "not valid form encoding"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.form);
    ExpectError(Create(c.form), 400, 20001, c.fragment);
  }
  EXPECT_EQ(ListNames("").size(), 3u);
}

TEST_F(ActivitiesApiTest, UnknownAndMalformedSidsAreNotFound) {
  std::string sid = CreateSid("Lunch");
  std::string other_ws = server().CreateWorkspace("Other");
  for (const std::string& path :
       {list_ + "/WA00000000000000000000000000000000", list_ + "/nonsense",
        "/v1/Workspaces/WS00000000000000000000000000000000/Activities/" + sid,
        "/v1/Workspaces/" + other_ws + "/Activities/" + sid}) {
    SCOPED_TRACE(path);
    ExpectError(server().Get(path), 404, 20404, "The requested resource " + path);
    ExpectError(server().Post(path, "FriendlyName=x"), 404, 20404, path);
    ExpectError(server().Delete(path), 404, 20404, path);
  }
  EXPECT_EQ(Str(server().Get(list_ + "/" + sid).json(), "friendly_name"), "Lunch");
}

TEST_F(ActivitiesApiTest, DeleteRefusedWhileTheWorkspaceUsesIt) {
  std::string offline = Str(server().Get("/v1/Workspaces/" + ws_).json(), "default_activity_sid");
  ExpectError(server().Delete(list_ + "/" + offline), 400, 20001,
              "Cannot delete activity " + offline + " in workspace " + ws_ + " for account " +
                  kAccountSid +
                  " because it is the Workspace's default activity and timeout activity");
  EXPECT_EQ(server().Get(list_ + "/" + offline).status, 200);
}

TEST_F(ActivitiesApiTest, PagingWalksEveryActivityOnceWhileTheListChanges) {
  for (int i = 0; i < 97; ++i) {
    CreateSid("Activity " + std::to_string(i));
  }
  std::vector<std::string> seen;
  std::string next = list_ + "?PageSize=30";
  int page = 0;
  while (!next.empty()) {
    HttpResult result = server().Get(next);
    ASSERT_EQ(result.status, 200) << result.body;
    const boost::json::value& meta = result.json().at("meta");
    EXPECT_EQ(meta.at("page").as_int64(), page);
    EXPECT_EQ(meta.at("page_size").as_int64(), 30);
    EXPECT_EQ(Str(meta, "key"), "activities");
    EXPECT_EQ(Str(meta, "first_page_url"), Url(list_ + "?PageSize=30&Page=0"));
    EXPECT_EQ(meta.at("previous_page_url").is_null(), page == 0);
    for (const boost::json::value& a : result.json().at("activities").as_array()) {
      seen.push_back(Str(a, "friendly_name"));
    }
    if (page == 0) {
      // Changes between pages: one seen item goes, one unseen goes, one is added.
      std::vector<std::string> all;
      HttpResult full = server().Get(list_ + "?PageSize=1000");
      for (const boost::json::value& a : full.json().at("activities").as_array()) {
        all.push_back(Str(a, "sid"));
      }
      EXPECT_EQ(server().Delete(list_ + "/" + all[29]).status, 204);
      EXPECT_EQ(server().Delete(list_ + "/" + all[40]).status, 204);
      CreateSid("Added Later");
    }
    next = meta.at("next_page_url").is_null() ? "" : Str(meta, "next_page_url");
    if (!next.empty()) {
      ASSERT_TRUE(next.starts_with(server().base_url()));
      next = next.substr(server().base_url().size());
      EXPECT_NE(next.find("PageToken=PA"), std::string::npos);
    }
    ++page;
  }
  // 100 at the start; 30 seen on page 0; one unseen deleted; one added at the end.
  ASSERT_EQ(seen.size(), 100u);
  EXPECT_EQ(seen[0], "Offline");
  EXPECT_EQ(seen[30], "Activity 27");
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "Activity 37"), 0);
  EXPECT_EQ(seen.back(), "Added Later");
  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size());
}

TEST_F(ActivitiesApiTest, PreviousPageUrlLeadsBack) {
  HttpResult second = server().Get(list_ + "?PageSize=2&Page=1");
  ASSERT_EQ(second.status, 200);
  ASSERT_EQ(second.json().at("activities").as_array().size(), 1u);
  std::string previous = Str(second.json().at("meta"), "previous_page_url");
  EXPECT_NE(previous.find("Page=0&PageToken=PB"), std::string::npos) << previous;
  HttpResult first = server().Get(previous.substr(server().base_url().size()));
  EXPECT_EQ(first.json().at("activities").as_array().size(), 2u);
  EXPECT_TRUE(first.json().at("meta").at("previous_page_url").is_null());
  EXPECT_FALSE(first.json().at("meta").at("next_page_url").is_null());
}

TEST_F(ActivitiesApiTest, BadPagingParametersAre400) {
  ExpectError(server().Get(list_ + "?PageSize=0"), 400, 20001, "PageSize must be an integer");
  ExpectError(server().Get(list_ + "?PageSize=1001"), 400, 20001, "from 1 to 1000");
  ExpectError(server().Get(list_ + "?PageSize=ten"), 400, 20001, "not 'ten'");
  ExpectError(server().Get(list_ + "?Page=-1"), 400, 20001, "Page must be a non-negative");
  ExpectError(server().Get(list_ + "?PageToken=XYZ"), 400, 21481, "PageToken 'XYZ'");
  ExpectError(server().Get(list_ + "?PageToken=PA12x"), 400, 21481, "PageToken");
}

TEST_F(ActivitiesApiTest, ActivitiesSurviveARestart) {
  std::string sid = CreateSid("Lunch", "yes");
  HttpResult before = server().Get(list_ + "/" + sid);
  Restart();
  HttpResult after = server().Get(list_ + "/" + sid);
  ASSERT_EQ(after.status, 200) << after.body;
  // The port differs after a restart, so compare everything but the URLs.
  boost::json::object a = before.json().as_object();
  boost::json::object b = after.json().as_object();
  for (boost::json::object* o : {&a, &b}) {
    o->erase("url");
    o->erase("links");
  }
  EXPECT_EQ(a, b);
  EXPECT_EQ(ListNames("").size(), 4u);
}

}  // namespace
}  // namespace taskrouter::testing
