// A real server and helper verbs for the API's HTTP tests.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "support/test_server.h"

namespace taskrouter::testing {

class ApiTest : public ::testing::Test {
 protected:
  ApiTest() : server_(std::make_unique<TestServer>()) {}

  TestServer& server() { return *server_; }

  // Stops the server and starts a new one on the same data directory.
  // The stopped server is kept: it owns the temporary directory.
  void Restart() {
    server_->Stop();
    auto next = std::make_unique<TestServer>(server_->data_dir());
    previous_ = std::move(server_);
    server_ = std::move(next);
  }

  std::string Url(const std::string& path) const { return server_->base_url() + path; }

  static std::string Str(const boost::json::value& json, const char* key) {
    return std::string(json.at(key).as_string());
  }

  // Checks an error answer: status, Twilio code, a fragment of the message and more_info.
  static void ExpectError(const HttpResult& result, int status, int code,
                          const std::string& fragment) {
    EXPECT_EQ(result.status, status) << result.body;
    EXPECT_EQ(result.code(), code) << result.body;
    EXPECT_NE(result.message().find(fragment), std::string::npos)
        << "message: " << result.message();
    boost::json::value json = result.json();
    ASSERT_TRUE(json.is_object()) << result.body;
    EXPECT_EQ(json.at("status").as_int64(), status);
    EXPECT_EQ(Str(json, "more_info"), "https://www.twilio.com/docs/errors/" + std::to_string(code));
  }

  // `prefix` and 32 lowercase hex digits.
  static bool IsSidOf(const std::string& sid, const std::string& prefix) {
    return sid.size() == 34 && sid.starts_with(prefix) &&
           sid.find_first_not_of("0123456789abcdef", 2) == std::string::npos;
  }

  std::unique_ptr<TestServer> server_;
  std::unique_ptr<TestServer> previous_;
};

}  // namespace taskrouter::testing
