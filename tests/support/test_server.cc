#include "support/test_server.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <chrono>

namespace taskrouter::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::string Lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

}  // namespace

int HttpResult::code() const {
  const boost::json::value& value = json();
  return value.is_object() && value.as_object().contains("code")
             ? static_cast<int>(value.at("code").to_number<int64_t>())
             : 0;
}

std::string HttpResult::message() const {
  const boost::json::value& value = json();
  return value.is_object() && value.as_object().contains("message")
             ? std::string(value.at("message").as_string())
             : "";
}

HttpResult SendRaw(uint16_t port, const std::string& method, const std::string& target,
                   const std::string& body, const std::map<std::string, std::string>& headers) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));

  bhttp::request<bhttp::string_body> request(bhttp::string_to_verb(method), target, 11);
  request.set(bhttp::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  request.body() = body;
  request.prepare_payload();
  bhttp::write(socket, request);

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  bhttp::read(socket, buffer, parser);
  const auto& response = parser.get();

  HttpResult result;
  result.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    result.headers[Lower(std::string(field.name_string()))] = std::string(field.value());
  }
  result.body = response.body();
  boost::system::error_code ec;
  result.parsed = boost::json::parse(result.body, ec);
  if (ec) {
    result.parsed = nullptr;
  }
  return result;
}

std::string Exchange(uint16_t port, const std::string& bytes, int timeout_ms) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  stream.expires_after(std::chrono::milliseconds(timeout_ms));
  beast::error_code ec;
  asio::write(stream.socket(), asio::buffer(bytes), ec);

  std::string received;
  char chunk[4096];
  auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(timeout_ms)) {
    size_t n = stream.socket().read_some(asio::buffer(chunk), ec);
    if (ec) {
      break;
    }
    received.append(chunk, n);
  }
  return received;
}

std::string BasicAuth(const std::string& user, const std::string& password) {
  std::string plain = user + ":" + password;
  std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                               reinterpret_cast<const unsigned char*>(plain.data()),
                               static_cast<int>(plain.size()));
  encoded.resize(static_cast<size_t>(length));
  return "Basic " + encoded;
}

std::string FormEncode(const std::string& text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

TestServer::TestServer() : temp_dir_(std::make_unique<TempDir>()) {
  data_dir_ = temp_dir_->path() + "/data";
  Start();
}

TestServer::TestServer(const std::string& data_dir) : data_dir_(data_dir) { Start(); }

TestServer::TestServer(const http::ServerOptions& options)
    : temp_dir_(std::make_unique<TempDir>()), options_(options) {
  data_dir_ = temp_dir_->path() + "/data";
  Start();
}

TestServer::~TestServer() { Stop(); }

void TestServer::Start() {
  AppOptions options;
  options.server = options_;
  options.server.host = "127.0.0.1";
  options.server.port = 0;
  options.data_dir = data_dir_;
  options.account_sid = kAccountSid;
  options.auth_token = kAuthToken;
  app_ = std::make_unique<App>(options, clock_);
  Status status = app_->Start();
  if (!status.ok()) {
    throw std::runtime_error("server did not start: " + status.error().message());
  }
  thread_ = std::thread([this] { app_->Run(); });
}

void TestServer::Stop() {
  if (thread_.joinable()) {
    app_->Stop();
    thread_.join();
    app_.reset();
  }
}

HttpResult TestServer::Send(const std::string& method, const std::string& target,
                            const std::string& form, const std::string& user,
                            const std::string& password) const {
  std::map<std::string, std::string> headers = {{"Authorization", BasicAuth(user, password)}};
  if (!form.empty()) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
  }
  return SendRaw(port(), method, target, form, headers);
}

HttpResult TestServer::Get(const std::string& target) const {
  return Send("GET", target, "", kAccountSid, kAuthToken);
}

HttpResult TestServer::Post(const std::string& target, const std::string& form) const {
  return Send("POST", target, form, kAccountSid, kAuthToken);
}

HttpResult TestServer::Delete(const std::string& target) const {
  return Send("DELETE", target, "", kAccountSid, kAuthToken);
}

std::string TestServer::CreateWorkspace(const std::string& friendly_name) const {
  HttpResult result = Post("/v1/Workspaces", "FriendlyName=" + FormEncode(friendly_name));
  EXPECT_EQ(result.status, 201) << result.body;
  boost::json::value json = result.json();
  return json.is_object() ? std::string(json.at("sid").as_string()) : "";
}

}  // namespace taskrouter::testing
