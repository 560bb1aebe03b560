// The HTTP server's handling of the wire itself, against a real server on port 0.
#include "http/server.h"

#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <vector>

#include "http/router.h"
#include "support/test_server.h"

namespace taskrouter {
namespace {

using testing::BasicAuth;
using testing::Exchange;
using testing::kAccountSid;
using testing::kAuthToken;

class ServerTest : public ::testing::Test {
 protected:
  std::string Auth() const { return "Authorization: " + BasicAuth(kAccountSid, kAuthToken); }

  std::string CreateRequest(const std::string& name, bool keep_alive = true) const {
    std::string body = "FriendlyName=" + name;
    return "POST /v1/Workspaces HTTP/1.1\r\nHost: x\r\n" + Auth() +
           "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n" + (keep_alive ? "" : "Connection: close\r\n") +
           "\r\n" + body;
  }

  static size_t Count(const std::string& text, const std::string& needle) {
    size_t count = 0;
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
      ++count;
    }
    return count;
  }

  testing::TestServer server_;
};

TEST_F(ServerTest, OversizedHeadersAre431) {
  std::string request =
      "GET /v1/Workspaces HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  std::string answer = Exchange(server_.port(), request);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 431")) << answer.substr(0, 200);
  EXPECT_NE(answer.find("\"code\":20001"), std::string::npos);
  EXPECT_NE(answer.find("headers are too large"), std::string::npos);
}

TEST_F(ServerTest, OversizedBodyIs413) {
  std::string request = "POST /v1/Workspaces HTTP/1.1\r\nHost: x\r\n" + Auth() +
                        "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Content-Length: 2000000\r\n\r\nFriendlyName=x";
  std::string answer = Exchange(server_.port(), request);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 413")) << answer.substr(0, 200);
  EXPECT_NE(answer.find("body is too large"), std::string::npos);
  EXPECT_TRUE(server_.Get("/v1/Workspaces").json().at("workspaces").as_array().empty());
}

TEST_F(ServerTest, ConflictingLengthAndChunkedEncodingIs400) {
  std::string request = "POST /v1/Workspaces HTTP/1.1\r\nHost: x\r\n" + Auth() +
                        "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Content-Length: 14\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "e\r\nFriendlyName=x\r\n0\r\n\r\n";
  std::string answer = Exchange(server_.port(), request);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer.substr(0, 200);
  EXPECT_TRUE(server_.Get("/v1/Workspaces").json().at("workspaces").as_array().empty());
}

TEST_F(ServerTest, TransferEncodingNotEndingInChunkedIs400AndNothingIsSmuggled) {
  std::string smuggled = CreateRequest("Smuggled", /*keep_alive=*/false);
  for (const char* coding : {"gzip", "chunked, gzip", "identity"}) {
    SCOPED_TRACE(coding);
    std::string request =
        "POST /v1/Workspaces/WS00000000000000000000000000000000 HTTP/1.1\r\n"
        "Host: x\r\n" +
        Auth() + "\r\nTransfer-Encoding: " + coding + "\r\n\r\n" + smuggled;
    std::string answer = Exchange(server_.port(), request);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer.substr(0, 200);
    EXPECT_NE(answer.find("Transfer-Encoding must end in chunked"), std::string::npos);
    EXPECT_EQ(Count(answer, "HTTP/1.1"), 1u);
  }
  EXPECT_TRUE(server_.Get("/v1/Workspaces").json().at("workspaces").as_array().empty());
}

TEST_F(ServerTest, HeadAnswersCarryNoBody) {
  std::string answer =
      Exchange(server_.port(), "HEAD /v1/Workspaces HTTP/1.1\r\nHost: x\r\n" + Auth() + "\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 405")) << answer;
  EXPECT_TRUE(answer.ends_with("\r\n\r\n")) << answer;
}

TEST_F(ServerTest, GarbageIs400) {
  std::string answer = Exchange(server_.port(), "HELLO THERE\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer;
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  std::string answer = Exchange(server_.port(), CreateRequest("First") + CreateRequest("Second") +
                                                    CreateRequest("Third", /*keep_alive=*/false));
  EXPECT_EQ(Count(answer, "HTTP/1.1 201"), 3u) << answer;
  size_t first = answer.find("\"friendly_name\":\"First\"");
  size_t second = answer.find("\"friendly_name\":\"Second\"");
  size_t third = answer.find("\"friendly_name\":\"Third\"");
  ASSERT_NE(third, std::string::npos);
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimAnswer) {
  std::string body = "FriendlyName=Continued";
  std::string request = "POST /v1/Workspaces HTTP/1.1\r\nHost: x\r\n" + Auth() +
                        "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                        "Expect: 100-continue\r\nConnection: close\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body;
  std::string answer = Exchange(server_.port(), request);
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 100 Continue\r\n")) << answer;
  EXPECT_NE(answer.find("HTTP/1.1 201"), std::string::npos) << answer;
}

TEST_F(ServerTest, DeleteAnswers204WithoutBody) {
  std::string ws = server_.CreateWorkspace();
  testing::HttpResult result = server_.Delete("/v1/Workspaces/" + ws);
  EXPECT_EQ(result.status, 204);
  EXPECT_TRUE(result.body.empty());
  EXPECT_EQ(result.headers.count("content-type"), 0u);
  EXPECT_EQ(result.headers.count("content-length"), 0u);
}

TEST_F(ServerTest, JsonAnswersSayJson) {
  testing::HttpResult result = server_.Get("/v1/Workspaces");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.headers["content-type"], "application/json");
}

// A handler may hold its answer until work elsewhere finishes; the server sends it when
// released, from another thread, or the error it was released with.
class HeldAnswerTest : public ::testing::Test {
 protected:
  HeldAnswerTest() : router_([](std::string_view, std::string_view) { return "ACgood"; }) {
    router_.Add("GET", "/v1/Held/{}", [this](const http::Request& request) {
      http::Response response = http::JsonResponse(200, "{\"held\":true}");
      bool fail = request.path_params[0] == "fail";
      response.hold = [this, fail](http::Response::Release release) {
        std::lock_guard<std::mutex> lock(mu_);
        releasers_.emplace_back([release, fail] {
          release(fail ? Status(Error::Internal("the commit failed")) : Status());
        });
      };
      return response;
    });
    server_ = std::make_unique<http::Server>(http::ServerOptions{.port = 0}, router_);
    EXPECT_TRUE(server_->Listen().ok());
    serving_ = std::thread([this] { server_->Run(); });
  }
  ~HeldAnswerTest() override {
    server_->Stop();
    serving_.join();
    std::lock_guard<std::mutex> lock(mu_);
    for (std::thread& t : releasers_) {
      t.join();
    }
  }

  std::string Get(const std::string& what) {
    return Exchange(server_->port(),
                    "GET /v1/Held/" + what + " HTTP/1.1\r\nHost: x\r\nAuthorization: " +
                        BasicAuth("ACgood", "x") + "\r\nConnection: close\r\n\r\n");
  }

  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread serving_;
  std::mutex mu_;
  std::vector<std::thread> releasers_;  // guarded by mu_
};

TEST_F(HeldAnswerTest, AnswerGoesOutWhenReleased) {
  std::string answer = Get("ok");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer.substr(0, 200);
  EXPECT_NE(answer.find("{\"held\":true}"), std::string::npos);
  EXPECT_NE(answer.find("Twilio-Request-Id: RQ"), std::string::npos);
}

TEST_F(HeldAnswerTest, ReleasedWithAnErrorSendsTheErrorUnderTheSameRequestId) {
  std::string answer = Get("fail");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 500")) << answer.substr(0, 200);
  EXPECT_NE(answer.find("\"message\":\"the commit failed\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"code\":20500"), std::string::npos);
  EXPECT_NE(answer.find("Twilio-Request-Id: RQ"), std::string::npos);
  EXPECT_EQ(answer.find("held"), std::string::npos);
}

}  // namespace
}  // namespace taskrouter
