// The HTTP/1.1 server: accepts connections, reads requests within limits, hands them to a
// Router and writes the answers, with keep-alive, pipelining and `Expect: 100-continue`.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "http/router.h"

namespace taskrouter::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  int threads = 2;
  size_t max_header_bytes = 16 * 1024;  // past it: 431
  size_t max_body_bytes = 1024 * 1024;  // past it: 413
  // A connection that takes longer than this to deliver one request, or that stays idle this
  // long between requests, is closed.
  std::chrono::milliseconds read_timeout{30000};
};

class Server {
 public:
  // `router` must outlive the server.
  Server(ServerOptions options, const Router& router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. Returns an error naming the address if that fails.
  Status Listen();

  // The port bound by Listen.
  uint16_t port() const;

  // Serves on `threads` threads until Stop; returns when all have finished.
  void Run();

  // Stops accepting and closes every connection. Thread-safe; callable from a signal handler
  // thread or from any other thread.
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace taskrouter::http
