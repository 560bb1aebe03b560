#include "delivery/webhook.h"

#include <openssl/ssl.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <boost/url/scheme.hpp>

#include "common/crypto.h"

namespace taskrouter {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Names and values escaped down to the unreserved characters, so that a '+' in a value is
// sent as %2B and not read back as a space.
std::string FormBody(const StringPairs& params) {
  std::string body;
  for (const auto& [name, value] : params) {
    body += body.empty() ? "" : "&";
    body += boost::urls::encode(name, boost::urls::unreserved_chars) + "=" +
            boost::urls::encode(value, boost::urls::unreserved_chars);
  }
  return body;
}

// Sends `request` over `stream` and reads the answer, asynchronously: the deadline set with
// `expires_after` on the stream's TCP layer bounds only asynchronous operations, so a
// synchronous read from a receiver that never answers would wait forever. The caller runs the
// io_context; on any failure `failure` is set.
template <typename Stream>
void StartExchange(Stream& stream, bhttp::request<bhttp::string_body>& request,
                   beast::flat_buffer& buffer, bhttp::response_parser<bhttp::string_body>& parser,
                   beast::error_code& failure) {
  bhttp::async_write(stream, request, [&](beast::error_code ec, size_t) {
    if (ec) {
      failure = ec;
      return;
    }
    bhttp::async_read(stream, buffer, parser, [&](beast::error_code read_ec, size_t) {
      if (read_ec) {
        failure = read_ec;
      }
    });
  });
}

}  // namespace

std::string WebhookSignature(const std::string& auth_token, const std::string& url,
                             const StringPairs& params) {
  StringPairs sorted = params;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string data = url;
  for (const auto& [name, value] : sorted) {
    data += name;
    data += value;
  }
  return HmacSha1Base64(auth_token, data);
}

Result<WebhookResponse> PostWebhook(const std::string& url, const StringPairs& params,
                                    const std::string& signature,
                                    std::chrono::milliseconds timeout) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed.has_value() || (parsed->scheme_id() != boost::urls::scheme::http &&
                              parsed->scheme_id() != boost::urls::scheme::https)) {
    return Error::InvalidParameter("callback URL " + url + " is not an http or https URL");
  }
  bool tls = parsed->scheme_id() == boost::urls::scheme::https;
  std::string host = parsed->host();
  std::string port = parsed->has_port() ? std::string(parsed->port()) : (tls ? "443" : "80");
  std::string target = std::string(parsed->encoded_target());
  if (target.empty()) {
    target = "/";
  }

  bhttp::request<bhttp::string_body> request(bhttp::verb::post, target, 11);
  request.set(bhttp::field::host, parsed->has_port() ? host + ":" + port : host);
  request.set(bhttp::field::user_agent, "taskrouterd");
  request.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
  request.set("X-Twilio-Signature", signature);
  request.body() = FormBody(params);
  request.prepare_payload();

  try {
    asio::io_context io;
    tcp::resolver resolver(io);
    auto endpoints = resolver.resolve(host, port);
    beast::error_code failure;
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(1024 * 1024);
    // One deadline for connecting, the TLS handshake, sending and reading the whole answer.
    if (!tls) {
      beast::tcp_stream stream(io);
      stream.expires_after(timeout);
      stream.async_connect(endpoints, [&](beast::error_code ec, const tcp::endpoint&) {
        if (ec) {
          failure = ec;
          return;
        }
        StartExchange(stream, request, buffer, parser, failure);
      });
      io.run();
    } else {
      asio::ssl::context context(asio::ssl::context::tls_client);
      context.set_default_verify_paths();
      context.set_verify_mode(asio::ssl::verify_peer);
      beast::ssl_stream<beast::tcp_stream> stream(io, context);
      // SNI; SSL_set_tlsext_host_name is this call behind a macro with a C cast.
      SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               host.data());
      stream.set_verify_callback(asio::ssl::host_name_verification(host));
      beast::get_lowest_layer(stream).expires_after(timeout);
      beast::get_lowest_layer(stream).async_connect(endpoints, [&](beast::error_code ec,
                                                                   const tcp::endpoint&) {
        if (ec) {
          failure = ec;
          return;
        }
        stream.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code handshake_ec) {
          if (handshake_ec) {
            failure = handshake_ec;
            return;
          }
          StartExchange(stream, request, buffer, parser, failure);
        });
      });
      io.run();
    }
    if (failure) {
      return Error::Internal(failure.message());
    }
    return WebhookResponse{static_cast<int>(parser.get().result_int()), parser.get().body()};
  } catch (const boost::system::system_error& e) {
    return Error::Internal(e.code().message());
  } catch (const std::exception& e) {
    return Error::Internal(e.what());
  }
}

}  // namespace taskrouter
