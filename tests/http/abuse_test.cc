// Hostile clients: idle and trickling connections, floods of connections. The server must
// close what it should, answer what it can, and keep serving everyone else.
#include <dirent.h>
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <thread>

#include "support/test_server.h"

namespace taskrouter {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr auto kReadTimeout = milliseconds(300);

size_t OpenDescriptors() {
  size_t count = 0;
  DIR* dir = opendir("/proc/self/fd");
  while (dir != nullptr && readdir(dir) != nullptr) {
    ++count;
  }
  if (dir != nullptr) {
    closedir(dir);
  }
  return count;
}

http::ServerOptions ShortTimeouts() {
  http::ServerOptions options;
  options.read_timeout = kReadTimeout;
  return options;
}

class AbuseTest : public ::testing::Test {
 protected:
  tcp::socket Connect() {
    tcp::socket socket(io_);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_.port()));
    return socket;
  }

  // How long until the server closes `socket`, reading whatever it sends.
  static milliseconds TimeToClose(tcp::socket& socket) {
    auto start = steady_clock::now();
    char buffer[1024];
    boost::system::error_code ec;
    while (!ec) {
      socket.read_some(asio::buffer(buffer), ec);
    }
    return std::chrono::duration_cast<milliseconds>(steady_clock::now() - start);
  }

  std::string GetRequest() const {
    return "GET /v1/Workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: " +
           testing::BasicAuth(testing::kAccountSid, testing::kAuthToken) + "\r\n\r\n";
  }

  asio::io_context io_;
  testing::TestServer server_{ShortTimeouts()};
};

TEST_F(AbuseTest, IdleConnectionIsClosedAfterTheTimeout) {
  tcp::socket idle = Connect();
  milliseconds waited = TimeToClose(idle);
  EXPECT_GE(waited, kReadTimeout - milliseconds(50));
  EXPECT_LT(waited, milliseconds(5000));
}

TEST_F(AbuseTest, IdleKeepAliveConnectionIsClosedAfterTheTimeout) {
  tcp::socket socket = Connect();
  asio::write(socket, asio::buffer(GetRequest()));
  EXPECT_LT(TimeToClose(socket), milliseconds(5000));
}

TEST_F(AbuseTest, TricklingClientIsCutOff) {
  tcp::socket slow = Connect();
  std::string request = GetRequest();
  auto start = steady_clock::now();
  boost::system::error_code ec;
  for (char c : request) {
    asio::write(slow, asio::buffer(&c, 1), ec);
    if (ec || steady_clock::now() - start > milliseconds(3000)) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(50));  // the client's pace, not a wait for the server
  }
  EXPECT_LT(TimeToClose(slow), milliseconds(5000));
  EXPECT_LT(steady_clock::now() - start, milliseconds(5000));
}

TEST_F(AbuseTest, OthersAreServedWhileSlowClientsHoldConnections) {
  std::vector<tcp::socket> slow;
  for (int i = 0; i < 50; ++i) {
    slow.push_back(Connect());
    asio::write(slow.back(), asio::buffer(std::string("GET /v1/Work")));
  }
  auto start = steady_clock::now();
  testing::HttpResult result = server_.Get("/v1/Workspaces");
  EXPECT_EQ(result.status, 200);
  EXPECT_LT(steady_clock::now() - start, kReadTimeout);
}

// With the default timeouts: a short one would rightly close connections whose request comes
// late while the client is still writing the others.
TEST(ConnectionFloodTest, ThousandsOfConnectionsAreServedWithoutLeakingDescriptors) {
  testing::TestServer server;
  asio::io_context io;
  size_t before = OpenDescriptors();
  std::vector<tcp::socket> sockets;
  for (int i = 0; i < 2000; ++i) {
    sockets.emplace_back(io);
    sockets.back().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  }
  std::string request = "GET /v1/Workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: " +
                        testing::BasicAuth(testing::kAccountSid, testing::kAuthToken) + "\r\n\r\n";
  for (tcp::socket& socket : sockets) {
    asio::write(socket, asio::buffer(request));
  }
  int answered = 0;
  for (tcp::socket& socket : sockets) {
    char head[12];
    boost::system::error_code ec;
    asio::read(socket, asio::buffer(head), ec);
    answered += !ec && std::string(head, 12) == "HTTP/1.1 200" ? 1 : 0;
  }
  EXPECT_EQ(answered, 2000);
  sockets.clear();

  // The server closes its ends as the clients go; allow it a moment to notice.
  auto deadline = steady_clock::now() + milliseconds(10000);
  while (OpenDescriptors() > before + 5 && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  EXPECT_LE(OpenDescriptors(), before + 5);
}

}  // namespace
}  // namespace taskrouter
