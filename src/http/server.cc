#include "http/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>
#include <thread>
#include <vector>

namespace taskrouter::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

std::optional<std::string_view> HeaderValue(const bhttp::request<bhttp::string_body>& request,
                                            bhttp::field field) {
  auto it = request.find(field);
  if (it == request.end()) {
    return std::nullopt;
  }
  return std::string_view(it->value().data(), it->value().size());
}

// The status that answers a request the parser refused, or 0 to close without an answer.
int StatusForReadError(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) {
    return 431;
  }
  if (ec == bhttp::error::body_limit) {
    return 413;
  }
  if (ec.category() == beast::error_code(bhttp::error::header_limit).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
    return 400;
  }
  return 0;
}

Error ReadError(int status) {
  switch (status) {
    case 431:
      return Error(431, kCodeInvalidParameter, "The request headers are too large");
    case 413:
      return Error(413, kCodeInvalidParameter, "The request body is too large");
    default:
      return Error::InvalidParameter("The request is not valid HTTP/1.1");
  }
}

// One connection: reads requests one after another and answers each in order.
// Owned by the shared_ptr that its pending asynchronous operations hold.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ServerOptions& options, const Router& router)
      : stream_(std::move(socket)), options_(options), router_(router) {}

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
  }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(options_.max_header_bytes));
    parser_->body_limit(options_.max_body_bytes);
    stream_.expires_after(options_.read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t) {
    if (ec) {
      return OnReadError(ec);
    }
    const auto& header = parser_->get();
    // A Transfer-Encoding that does not end in chunked leaves the body's length unknown
    // (RFC 9112 6.3); reading on would take the body for the next request.
    if (header.find(bhttp::field::transfer_encoding) != header.end() && !parser_->chunked()) {
      return Write(ErrorResponse(Error::InvalidParameter(
                       "Transfer-Encoding must end in chunked; nothing else is understood")),
                   /*keep_alive=*/false, header.version(), /*head=*/false);
    }
    auto expect = header.find(bhttp::field::expect);
    if (expect != header.end() && beast::iequals(expect->value(), "100-continue")) {
      // The client waits for this before it sends the body.
      auto interim = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_,
                                                                          header.version());
      bhttp::async_write(stream_, *interim,
                         [self = shared_from_this(), interim](beast::error_code write_ec, size_t) {
                           if (write_ec) {
                             return self->Close();
                           }
                           self->ReadBody();
                         });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::OnRequest, shared_from_this()));
  }

  void OnReadError(const beast::error_code& ec) {
    int status = StatusForReadError(ec);
    if (status == 0) {
      return Close();
    }
    spdlog::debug("refusing a request: {}", ec.message());
    Write(ErrorResponse(ReadError(status)), /*keep_alive=*/false, 11, /*head=*/false);
  }

  void OnRequest(beast::error_code ec, size_t) {
    if (ec) {
      return OnReadError(ec);
    }
    const bhttp::request<bhttp::string_body>& request = parser_->get();
    RawRequest raw;
    raw.method = std::string_view(request.method_string().data(), request.method_string().size());
    raw.target = std::string_view(request.target().data(), request.target().size());
    raw.authorization = HeaderValue(request, bhttp::field::authorization);
    raw.content_type = HeaderValue(request, bhttp::field::content_type);
    raw.if_match = HeaderValue(request, bhttp::field::if_match);
    raw.body = request.body();
    beast::error_code ignored;
    raw.remote_address = stream_.socket().remote_endpoint(ignored).address().to_string();
    Response response = router_.Dispatch(raw);
    spdlog::debug("{} {} -> {}", raw.method, raw.target, response.status);
    bool keep_alive = request.keep_alive();
    unsigned version = request.version();
    bool head = request.method() == bhttp::verb::head;
    if (!response.hold) {
      return Write(std::move(response), keep_alive, version, head);
    }
    auto hold = std::move(response.hold);
    auto held = std::make_shared<Response>(std::move(response));
    hold([self = shared_from_this(), held, keep_alive, version, head](const Status& status) {
      asio::post(self->stream_.get_executor(), [self, held, status, keep_alive, version, head] {
        self->Write(status.ok() ? std::move(*held) : Replace(*held, status.error()), keep_alive,
                    version, head);
      });
    });
  }

  // The error answer in place of `held`, under the same request id.
  static Response Replace(const Response& held, const Error& error) {
    Response response = ErrorResponse(error);
    for (const auto& header : held.headers) {
      if (header.first == "Twilio-Request-Id") {
        response.headers.push_back(header);
      }
    }
    return response;
  }

  // Writes `response`; the answer to a HEAD request carries no body.
  void Write(Response response, bool keep_alive, unsigned version, bool head) {
    auto message = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version);
    message->set(bhttp::field::server, "taskrouterd");
    if (response.status != 204) {
      message->set(bhttp::field::content_type, "application/json");
      message->body() = std::move(response.body);
    }
    for (auto& [name, value] : response.headers) {
      message->set(name, value);
    }
    message->keep_alive(keep_alive);
    message->prepare_payload();
    if (response.status == 204) {
      message->erase(bhttp::field::content_length);
    }
    if (head) {
      message->body().clear();
      message->erase(bhttp::field::content_length);
      message->keep_alive(false);
    }
    bhttp::async_write(stream_, *message,
                       [self = shared_from_this(), message](beast::error_code ec, size_t) {
                         if (ec || !message->keep_alive()) {
                           return self->Close();
                         }
                         self->ReadHeader();
                       });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const ServerOptions& options_;
  const Router& router_;
};

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Router& router)
      : options_(std::move(options)),
        router_(router),
        io_(options_.threads),
        acceptor_(asio::make_strand(io_)) {}

  Status Listen() {
    beast::error_code ec;
    auto address = asio::ip::make_address(options_.host, ec);
    if (ec) {
      return Error::InvalidParameter("cannot listen on '" + options_.host + "': not an IP address");
    }
    tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) {
      acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
      acceptor_.bind(endpoint, ec);
    }
    if (!ec) {
      acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      return Error::Internal("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + ": " + ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    Accept();
    return {};
  }

  uint16_t port() const { return port_; }

  void Run() {
    std::vector<std::thread> threads;
    for (int i = 1; i < options_.threads; ++i) {
      threads.emplace_back([this] { io_.run(); });
    }
    io_.run();
    for (std::thread& thread : threads) {
      thread.join();
    }
  }

  void Stop() {
    asio::post(acceptor_.get_executor(), [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
      accept_pause_.cancel();
    });
    io_.stop();
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted) {
        return;
      }
      if (!ec) {
        std::make_shared<Session>(std::move(s), options_, router_)->Start();
        return Accept();
      }
      // Out of descriptors, for one: pause accepting a moment while the open connections
      // finish, rather than spinning, and say so at most once a second.
      auto now = std::chrono::steady_clock::now();
      if (now - last_accept_warning_ > std::chrono::seconds(1)) {
        last_accept_warning_ = now;
        spdlog::warn("accept failed: {}; pausing new connections", ec.message());
      }
      accept_pause_.expires_after(std::chrono::milliseconds(100));
      accept_pause_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec) {
          Accept();
        }
      });
    });
  }

  ServerOptions options_;
  const Router& router_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  asio::steady_timer accept_pause_{acceptor_.get_executor()};
  std::chrono::steady_clock::time_point last_accept_warning_;
  uint16_t port_ = 0;
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() = default;

Status Server::Listen() { return impl_->Listen(); }

uint16_t Server::port() const { return impl_->port(); }

void Server::Run() { impl_->Run(); }

void Server::Stop() { impl_->Stop(); }

}  // namespace taskrouter::http
