// An HTTP server on 127.0.0.1 that records the POSTs it receives and answers each with the
// status (and body) it is told to, for testing outbound webhooks.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/records.h"

namespace taskrouter::testing {

struct ReceivedWebhook {
  std::string target;
  std::string signature;  // X-Twilio-Signature
  std::string content_type;
  StringPairs params;  // the decoded form body
};

class WebhookReceiver {
 public:
  // Listens on `port` (0 picks one).
  explicit WebhookReceiver(uint16_t port = 0);
  ~WebhookReceiver();

  uint16_t port() const { return port_; }
  std::string Url(const std::string& path) const;

  // The next `count` requests are answered with `status` and not recorded; then the usual
  // answer again.
  void FailNext(int count, int status);
  // The usual answer from now on (204 without a body until this is called); a non-empty body is
  // sent as application/json. Requests answered so are recorded, whatever the status.
  void AnswerWith(int status, std::string body = "");

  // Waits until `count` requests were received (or `timeout` passed) and returns them all.
  std::vector<ReceivedWebhook> WaitFor(size_t count, std::chrono::milliseconds timeout);
  std::vector<ReceivedWebhook> received();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  uint16_t port_ = 0;
};

}  // namespace taskrouter::testing
