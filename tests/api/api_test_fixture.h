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

  // Checks that the list at `path` (with the default paging) holds one item under `key`, whose
  // JSON is `item_body`.
  void ExpectListOfOne(const std::string& path, const char* key, const std::string& item_body) {
    HttpResult listed = server_->Get(path);
    ASSERT_EQ(listed.status, 200) << listed.body;
    const boost::json::array& items = listed.json().at(key).as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(boost::json::serialize(items[0]), item_body);
    const boost::json::value& meta = listed.json().at("meta");
    EXPECT_EQ(Str(meta, "key"), key);
    EXPECT_EQ(Str(meta, "url"), Url(path + "?PageSize=50&Page=0"));
    EXPECT_TRUE(meta.at("next_page_url").is_null());
  }

  // Deletes the resource at `path`: an empty 204, then 404 / 20404 naming the path.
  void DeleteAndExpectGone(const std::string& path) {
    HttpResult removed = server_->Delete(path);
    EXPECT_EQ(removed.status, 204);
    EXPECT_EQ(removed.body, "");
    ExpectError(server_->Get(path), 404, 20404,
                "The requested resource " + path + " was not found");
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
