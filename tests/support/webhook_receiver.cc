#include "support/webhook_receiver.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/form.h"

namespace taskrouter::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

struct WebhookReceiver::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::thread thread;
  std::mutex mu;  // guards the five fields below
  std::condition_variable arrived;
  std::vector<ReceivedWebhook> received;
  int failures_left = 0;
  int failure_status = 500;
  int answer_status = 204;
  std::string answer_body;
  std::atomic<bool> stopping{false};

  void Serve() {
    for (;;) {
      beast::error_code ec;
      tcp::socket socket(io);
      acceptor.accept(socket, ec);
      if (ec || stopping) {
        return;
      }
      Answer(socket);
    }
  }

  void Answer(tcp::socket& socket) {
    beast::error_code ec;
    beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
    bhttp::read(socket, buffer, request, ec);
    if (ec) {
      return;
    }
    ReceivedWebhook webhook;
    webhook.target = std::string(request.target());
    webhook.signature = std::string(request["X-Twilio-Signature"]);
    webhook.content_type = std::string(request[bhttp::field::content_type]);
    Result<http::Params> params = http::DecodeForm(request.body(), "webhook");
    if (params.ok()) {
      webhook.params = params->entries();
    }

    bhttp::response<bhttp::string_body> response;
    response.version(11);
    {
      std::lock_guard<std::mutex> lock(mu);
      if (failures_left > 0) {
        --failures_left;
        response.result(failure_status);
      } else {
        response.result(answer_status);
        if (!answer_body.empty()) {
          response.set(bhttp::field::content_type, "application/json");
          response.body() = answer_body;
        }
        received.push_back(std::move(webhook));
      }
    }
    arrived.notify_all();
    response.keep_alive(false);
    response.prepare_payload();
    bhttp::write(socket, response, ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
};

WebhookReceiver::WebhookReceiver(uint16_t port) : impl_(std::make_unique<Impl>()) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->thread = std::thread([this] { impl_->Serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  // The serving thread owns the acceptor while it runs: wake its blocking accept with one last
  // connection, let it see `stopping`, and close the acceptor only after it has finished.
  impl_->stopping = true;
  beast::error_code ignored;
  tcp::socket poke(impl_->io);
  poke.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ignored);
  impl_->thread.join();
  impl_->acceptor.close(ignored);
}

std::string WebhookReceiver::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::FailNext(int count, int status) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->failures_left = count;
  impl_->failure_status = status;
}

void WebhookReceiver::AnswerWith(int status, std::string body) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->answer_status = status;
  impl_->answer_body = std::move(body);
}

std::vector<ReceivedWebhook> WebhookReceiver::WaitFor(size_t count,
                                                      std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(impl_->mu);
  impl_->arrived.wait_for(lock, timeout, [&] { return impl_->received.size() >= count; });
  return impl_->received;
}

std::vector<ReceivedWebhook> WebhookReceiver::received() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->received;
}

}  // namespace taskrouter::testing
