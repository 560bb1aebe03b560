#include "http/router.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace taskrouter::http {
namespace {

// "Basic base64(ACgood:secret)".
constexpr char kGoodAuth[] = "Basic QUNnb29kOnNlY3JldA==";

class RouterTest : public ::testing::Test {
 protected:
  RouterTest()
      : router_([](std::string_view user, std::string_view password) -> std::optional<std::string> {
          if (user == "ACgood" && password == "secret") {
            return std::string("ACgood");
          }
          return std::nullopt;
        }) {
    router_.Add("GET", "/v1/Things/{}", [this](const Request& r) -> Result<Response> {
      seen_ = r;
      return JsonResponse(200, "{}");
    });
    router_.Add("POST", "/v1/Things/{}", [this](const Request& r) -> Result<Response> {
      seen_ = r;
      return JsonResponse(200, "{}");
    });
    router_.Add("GET", "/v1/Missing/{}",
                [](const Request&) -> Result<Response> { return Error::NotFound(); });
    router_.Add("GET", "/v1/Throws",
                [](const Request&) -> Result<Response> { throw std::runtime_error("boom"); });
  }

  Response Dispatch(std::string_view method, std::string_view target, std::string_view body = "",
                    std::optional<std::string_view> content_type = std::nullopt,
                    std::optional<std::string_view> auth = kGoodAuth) {
    RawRequest raw;
    raw.method = method;
    raw.target = target;
    raw.authorization = auth;
    raw.content_type = content_type;
    raw.body = body;
    return router_.Dispatch(raw);
  }

  static void ExpectError(const Response& response, int status, int code,
                          const std::string& message) {
    EXPECT_EQ(response.status, status);
    boost::json::value body = boost::json::parse(response.body);
    EXPECT_EQ(body.at("status").as_int64(), status);
    EXPECT_EQ(body.at("code").as_int64(), code);
    EXPECT_EQ(body.at("more_info").as_string(),
              "https://www.twilio.com/docs/errors/" + std::to_string(code));
    std::string text(body.at("message").as_string());
    EXPECT_NE(text.find(message), std::string::npos) << text;
  }

  static std::optional<std::string> Header(const Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) {
        return value;
      }
    }
    return std::nullopt;
  }

  Router router_;
  Request seen_;
};

TEST_F(RouterTest, PassesPathParamsQueryAndAccount) {
  Response response = Dispatch("GET", "/v1/Things/WA1?Available=yes&FriendlyName=a+b");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(seen_.path_params, std::vector<std::string>{"WA1"});
  EXPECT_EQ(seen_.query.Get("FriendlyName"), "a b");
  EXPECT_EQ(seen_.account_sid, "ACgood");
  EXPECT_TRUE(Header(response, "Twilio-Request-Id")->starts_with("RQ"));
}

TEST_F(RouterTest, DecodesFormBodies) {
  Response response = Dispatch("POST", "/v1/Things/WA1", "FriendlyName=x%20y",
                               "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(seen_.form.Get("FriendlyName"), "x y");
}

TEST_F(RouterTest, RefusesBodiesThatAreNotForms) {
  ExpectError(Dispatch("POST", "/v1/Things/WA1", "{\"FriendlyName\":1}", "application/json"), 400,
              20001, "must be application/x-www-form-urlencoded");
  ExpectError(Dispatch("POST", "/v1/Things/WA1", "FriendlyName=x"), 400, 20001,
              "must be application/x-www-form-urlencoded");
}

TEST_F(RouterTest, UnknownPathIsNotFoundWithItsPath) {
  ExpectError(Dispatch("GET", "/v1/Nothing/Here?x=1"), 404, 20404,
              "The requested resource /v1/Nothing/Here was not found");
  ExpectError(Dispatch("GET", "/v1/Things/"), 404, 20404, "/v1/Things/");
  ExpectError(Dispatch("GET", "/v1/things/WA1"), 404, 20404, "/v1/things/WA1");
}

TEST_F(RouterTest, HandlerNotFoundGetsTheStandardMessage) {
  ExpectError(Dispatch("GET", "/v1/Missing/WA1"), 404, 20404,
              "The requested resource /v1/Missing/WA1 was not found");
}

TEST_F(RouterTest, WrongMethodIs405WithAllow) {
  Response response = Dispatch("DELETE", "/v1/Things/WA1");
  ExpectError(response, 405, 20004, "Method DELETE is not allowed");
  EXPECT_EQ(Header(response, "Allow"), "GET, POST");
}

// /v1/Things/Count matches both its own GET and the GET of /v1/Things/{}.
TEST_F(RouterTest, AllowNamesEachMethodOnce) {
  router_.Add("GET", "/v1/Things/Count",
              [](const Request&) -> Result<Response> { return JsonResponse(200, "{}"); });
  Response response = Dispatch("PUT", "/v1/Things/Count");
  ExpectError(response, 405, 20004, "Method PUT is not allowed on this resource; use GET, POST");
  EXPECT_EQ(Header(response, "Allow"), "GET, POST");
}

TEST_F(RouterTest, MissingOrWrongCredentialsAre401WithChallenge) {
  for (std::optional<std::string_view> auth :
       {std::optional<std::string_view>(), std::optional<std::string_view>("Basic QUNnb29kOng="),
        std::optional<std::string_view>("Bearer abc")}) {
    Response response = Dispatch("GET", "/v1/Things/WA1", "", std::nullopt, auth);
    ExpectError(response, 401, 20003, "Authenticat");
    EXPECT_EQ(Header(response, "WWW-Authenticate"), "Basic realm=\"TaskRouter\"");
  }
}

TEST_F(RouterTest, MalformedTargetsAndQueriesAre400) {
  ExpectError(Dispatch("GET", "/v1/Things/WA1?FriendlyName=%G1"), 400, 20001,
              "The request target is not a valid URL path and query");
  ExpectError(Dispatch("GET", "/v1/Things/WA1?FriendlyName=%FF"), 400, 20001, "not valid UTF-8");
  ExpectError(Dispatch("GET", "/v1/Things/%FF"), 400, 20001, "path is not valid UTF-8");
  ExpectError(Dispatch("GET", "http://example.com/v1/Things/WA1"), 400, 20001,
              "not a valid URL path");
}

TEST_F(RouterTest, HandlerExceptionIsAnInternalErrorNotACrash) {
  ExpectError(Dispatch("GET", "/v1/Throws"), 500, 20500, "failed to answer");
}

}  // namespace
}  // namespace taskrouter::http
