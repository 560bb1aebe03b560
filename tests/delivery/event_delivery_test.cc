#include "delivery/event_delivery.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <thread>

#include "delivery/webhook.h"
#include "store/sqlite_store.h"
#include "support/temp_dir.h"
#include "support/webhook_receiver.h"

namespace taskrouter::testing {
namespace {

using std::chrono::milliseconds;

constexpr char kAccount[] = "AC00000000000000000000000000000001";
constexpr char kToken[] = "delivery-token";

TEST(WebhookSignatureTest, MatchesTwiliosPublishedExample) {
  // The example of Twilio's webhook security page, with auth token 12345.
  StringPairs params = {{"CallSid", "CA1234567890ABCDE"},
                        {"Caller", "+14158675310"},
                        {"Digits", "1234"},
                        {"From", "+14158675310"},
                        {"To", "+18005551212"}};
  EXPECT_EQ(WebhookSignature("12345", "https://example.com/myapp.php?foo=1&bar=2", params),
            "L/OH5YylLD5NRKLltdqwSvS0BnU=");
}

TEST(WebhookSignatureTest, SortsByNameNotByArrival) {
  StringPairs ordered = {{"A", "x"}, {"B", "1"}};
  StringPairs shuffled = {{"B", "1"}, {"A", "x"}};
  EXPECT_EQ(WebhookSignature("12345", "https://x.test/a", ordered),
            WebhookSignature("12345", "https://x.test/a", shuffled));
  EXPECT_NE(WebhookSignature("12345", "https://x.test/a", ordered),
            WebhookSignature("12346", "https://x.test/a", ordered));
}

// A receiver that takes the connection and the request but never answers must not hold the
// sender past its timeout: the deadline has to bound the reads, not only the connect.
TEST(PostWebhookTest, GivesUpOnAReceiverThatNeverAnswers) {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  uint16_t port = acceptor.local_endpoint().port();
  boost::asio::ip::tcp::socket held(io);
  std::thread accepting([&] { acceptor.accept(held); });
  auto start = std::chrono::steady_clock::now();
  auto answer = PostWebhook("http://127.0.0.1:" + std::to_string(port) + "/silent", {{"A", "1"}},
                            "sig", milliseconds(300));
  auto took = std::chrono::steady_clock::now() - start;
  accepting.join();
  EXPECT_FALSE(answer.ok());
  EXPECT_LT(took, std::chrono::seconds(3));
}

class EventDeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(SqliteStore::Open(dir_.path() + "/taskrouter.db")).value();
    ASSERT_TRUE(store_->Commit({AccountRecord{kAccount, kToken, "test", 0}}).ok());
  }

  void Queue(int64_t seq, const std::string& workspace, const std::string& url,
             const std::string& name) {
    DeliveryRecord delivery{seq, kAccount, workspace, url, {{"EventType", name}}, clock_.NowMs()};
    ASSERT_TRUE(store_->Commit({delivery}).ok());
  }

  std::unique_ptr<EventDelivery> StartDelivery() {
    DeliveryOptions options;
    options.first_retry = milliseconds(20);
    options.max_retry = milliseconds(80);
    options.timeout = milliseconds(2000);
    auto delivery = std::make_unique<EventDelivery>(*store_, clock_, options);
    delivery->Start();
    return delivery;
  }

  static std::vector<std::string> Names(const std::vector<ReceivedWebhook>& received) {
    std::vector<std::string> names;
    for (const ReceivedWebhook& webhook : received) {
      names.push_back(webhook.params.empty() ? "" : webhook.params[0].second);
    }
    return names;
  }

  TempDir dir_;
  ManualClock clock_{1700000000000};
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(EventDeliveryTest, SendsSignedFormPostsInOrderAndForgetsThem) {
  WebhookReceiver receiver;
  std::string url = receiver.Url("/events?source=test");
  Queue(1, "WS1", url, "first");
  Queue(2, "WS1", url, "second with spaces, +plus & amp");
  auto delivery = StartDelivery();

  std::vector<ReceivedWebhook> received = receiver.WaitFor(2, milliseconds(5000));
  ASSERT_EQ(received.size(), 2u);
  EXPECT_EQ(Names(received),
            (std::vector<std::string>{"first", "second with spaces, +plus & amp"}));
  EXPECT_EQ(received[0].target, "/events?source=test");
  EXPECT_EQ(received[0].content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(received[1].signature, WebhookSignature(kToken, url, received[1].params));
  delivery->Stop();
  EXPECT_TRUE(store_->PendingDeliveries(10)->empty());
}

TEST_F(EventDeliveryTest, RetriesAFailingReceiverWithoutReordering) {
  WebhookReceiver receiver;
  receiver.FailNext(3, 500);
  std::string url = receiver.Url("/events");
  Queue(1, "WS1", url, "a");
  Queue(2, "WS1", url, "b");
  auto delivery = StartDelivery();
  std::vector<ReceivedWebhook> received = receiver.WaitFor(2, milliseconds(5000));
  EXPECT_EQ(Names(received), (std::vector<std::string>{"a", "b"}));
}

TEST_F(EventDeliveryTest, OneWorkspacesFailureDoesNotHoldBackAnother) {
  WebhookReceiver good;
  std::string unreachable = "http://127.0.0.1:1/nobody";
  Queue(1, "WS-DOWN", unreachable, "stuck");
  Queue(2, "WS-UP", good.Url("/events"), "flows");
  auto delivery = StartDelivery();
  EXPECT_EQ(Names(good.WaitFor(1, milliseconds(5000))), std::vector<std::string>{"flows"});
  delivery->Stop();
  ASSERT_EQ(store_->PendingDeliveries(10)->size(), 1u);
}

TEST_F(EventDeliveryTest, QueuedCallbacksSurviveARestartOfTheSender) {
  uint16_t port = 0;
  {
    WebhookReceiver probe;  // learn a free port, then leave it closed
    port = probe.port();
  }
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/events";
  Queue(1, "WS1", url, "while down 1");
  Queue(2, "WS1", url, "while down 2");
  StartDelivery()->Stop();  // tries, fails, stops

  WebhookReceiver receiver(port);
  auto delivery = StartDelivery();
  EXPECT_EQ(Names(receiver.WaitFor(2, milliseconds(5000))),
            (std::vector<std::string>{"while down 1", "while down 2"}));
}

TEST_F(EventDeliveryTest, GivesUpOnCallbacksOlderThanTheLimit) {
  Queue(1, "WS1", "http://127.0.0.1:1/nobody", "ancient");
  clock_.Advance(25LL * 3600 * 1000);
  WebhookReceiver receiver;
  Queue(2, "WS1", receiver.Url("/events"), "fresh");
  auto delivery = StartDelivery();
  EXPECT_EQ(Names(receiver.WaitFor(1, milliseconds(5000))), std::vector<std::string>{"fresh"});
}

}  // namespace
}  // namespace taskrouter::testing
