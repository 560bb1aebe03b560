// A real taskrouterd on port 0 in a temporary directory, driven by a manual clock, and a small
// HTTP client that speaks to it the way the SDKs do.
#pragma once

#include <boost/json/value.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "app.h"
#include "support/temp_dir.h"

namespace taskrouter::testing {

inline constexpr char kAccountSid[] = "AC00000000000000000000000000000001";
inline constexpr char kAuthToken[] = "test-auth-token";
inline constexpr TimeMs kStartTime = 1700000000000;  // 2023-11-14T22:13:20Z

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  boost::json::value parsed;  // the body as JSON; null if it is not JSON

  const boost::json::value& json() const { return parsed; }
  // For error bodies.
  int code() const;
  std::string message() const;
};

// Sends one request on a new connection. `headers` are added as given.
HttpResult SendRaw(uint16_t port, const std::string& method, const std::string& target,
                   const std::string& body, const std::map<std::string, std::string>& headers);

// Writes `bytes` to a new connection and returns everything the server sends back before it
// closes the connection or `timeout_ms` passes.
std::string Exchange(uint16_t port, const std::string& bytes, int timeout_ms = 5000);

class TestServer {
 public:
  // Starts a server on a new temporary directory.
  TestServer();
  // Starts a server on `data_dir`, which a stopped server may have used before.
  explicit TestServer(const std::string& data_dir);
  // Starts a server on a new temporary directory with these HTTP limits.
  explicit TestServer(const http::ServerOptions& options);
  ~TestServer();

  void Stop();

  uint16_t port() const { return app_->port(); }
  const std::string& base_url() const { return app_->base_url(); }
  const std::string& data_dir() const { return data_dir_; }
  ManualClock& clock() { return clock_; }
  App& app() { return *app_; }

  // Requests as the test account, with a form body for POST.
  HttpResult Get(const std::string& target) const;
  HttpResult Post(const std::string& target, const std::string& form) const;
  HttpResult Delete(const std::string& target) const;
  HttpResult Send(const std::string& method, const std::string& target, const std::string& form,
                  const std::string& user, const std::string& password) const;

  // Creates a Workspace and returns its SID; fails the test if that does not answer 201.
  std::string CreateWorkspace(const std::string& friendly_name = "Test Workspace") const;

 private:
  void Start();

  std::unique_ptr<TempDir> temp_dir_;
  std::string data_dir_;
  http::ServerOptions options_;
  ManualClock clock_{kStartTime};
  std::unique_ptr<App> app_;
  std::thread thread_;
};

// "Basic base64(user:password)".
std::string BasicAuth(const std::string& user, const std::string& password);

// Percent-encodes `text` for a form body or query value.
std::string FormEncode(const std::string& text);

}  // namespace taskrouter::testing
