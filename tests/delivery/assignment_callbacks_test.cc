// Assignment callbacks against a real local receiver: what is sent, and what each answer does to
// the Reservation. The routing clock is manual (no Reservation times out); the sender runs on its
// own threads, so the tests wait for an outcome with a deadline.
#include "delivery/assignment_callbacks.h"

#include <gtest/gtest.h>

#include <thread>

#include "delivery/webhook.h"
#include "domain/routing_fixture.h"
#include "support/webhook_receiver.h"

namespace taskrouter::testing {
namespace {

using std::chrono::milliseconds;

constexpr char kToken[] = "assignment-token";
constexpr char kUnreachable[] = "http://127.0.0.1:1/nobody";
constexpr milliseconds kPatience{10000};

std::string ParamOf(const StringPairs& params, const std::string& name) {
  for (const auto& [key, value] : params) {
    if (key == name) {
      return value;
    }
  }
  return "<absent>";
}

TEST(ReadAssignmentAnswerTest, InstructionsAndTheirFields) {
  AssignmentAnswer answer = ReadAssignmentAnswer(
      R"({"instruction":"dequeue","from":"+15550100","timeout":30,"accept":true,"x":{"a":1}})");
  ASSERT_TRUE(answer.instruction.has_value());
  EXPECT_EQ(answer.instruction->instruction, "dequeue");
  EXPECT_EQ(
      answer.instruction->params,
      (StringPairs{
          {"from", "+15550100"}, {"timeout", "30"}, {"accept", "true"}, {"x", R"({"a":1})"}}));
}

TEST(ReadAssignmentAnswerTest, AnswersWithoutAUsableInstruction) {
  struct Case {
    std::string body;
    int warning_code;
  };
  const std::vector<Case> cases = {
      {"", 0},
      {" \r\n", 0},
      {"{}", 40005},
      {R"({"activity_sid":"WA1"})", 40005},
      {"{\"instruction\":", 40001},
      {R"(["accept"])", 40001},
      {"accept", 40001},
      {R"({"instruction":"take"})", 55555},
      {R"({"instruction":"Accept"})", 55555},
      {R"({"instruction":1})", 55555},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body);
    AssignmentAnswer answer = ReadAssignmentAnswer(c.body);
    EXPECT_FALSE(answer.instruction.has_value());
    EXPECT_EQ(answer.warning_code, c.warning_code);
  }
}

class AssignmentCallbacksTest : public RoutingFixture {
 protected:
  void SetUp() override {
    RoutingFixture::SetUp();
    ASSERT_TRUE(sqlite_->Commit({AccountRecord{kCaller.account_sid, kToken, "test", 0}}).ok());
    SetUpWorkspace(/*multi_task=*/false);
    queue_ = NewQueue("Support");
    worker_ = NewWorkerSid("Alice");

    AssignmentCallbackOptions options;
    options.timeout = milliseconds(2000);
    sender_ = std::make_unique<AssignmentCallbacks>(*sqlite_, *tasks_, options);
    registry_->SetAssignmentSender(
        [sender = sender_.get()](std::vector<AssignmentRequest> r) { sender->Send(std::move(r)); });
    sender_->Start();
  }

  void TearDown() override { sender_->Stop(); }

  std::string NewFlow(const std::string& url, std::optional<std::string> fallback = {}) {
    WorkflowCreate create;
    create.friendly_name = "Flow";
    create.configuration = R"({"task_routing":{"default_filter":{"queue":")" + queue_ + R"("}}})";
    create.assignment_callback_url = url;
    create.fallback_assignment_callback_url = std::move(fallback);
    Result<WorkflowRecord> flow = workflows_->CreateWorkflow(kCaller, ws_, create);
    EXPECT_TRUE(flow.ok()) << (flow.ok() ? "" : flow.error().message());
    return flow.ok() ? flow->sid : "";
  }

  TaskRecord SupportTask() { return NewTask(R"({"type":"support"})", 7).record; }

  // Waits until the Task's first Reservation is no longer pending; returns its status.
  std::string AwaitAnswered(const std::string& task_sid) {
    auto deadline = std::chrono::steady_clock::now() + kPatience;
    for (;;) {
      std::vector<ReservationRecord> reservations = ReservationsOf(task_sid);
      std::string status = reservations.empty() ? "" : reservations[0].reservation_status;
      if (status != "pending" || std::chrono::steady_clock::now() > deadline) {
        return status;
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
  }

  std::string queue_;
  std::string worker_;
  std::unique_ptr<AssignmentCallbacks> sender_;
};

TEST_F(AssignmentCallbacksTest, SendsTheDocumentedParametersSigned) {
  WebhookReceiver receiver;
  receiver.AnswerWith(200);
  std::string url = receiver.Url("/assign?app=1");
  std::string flow = NewFlow(url);
  TaskRecord task = SupportTask();

  std::vector<ReceivedWebhook> received = receiver.WaitFor(1, kPatience);
  ASSERT_EQ(received.size(), 1u);
  const ReceivedWebhook& request = received[0];
  std::vector<ReservationRecord> reservations = ReservationsOf(task.sid);
  ASSERT_EQ(reservations.size(), 1u);
  EXPECT_EQ(request.target, "/assign?app=1");
  EXPECT_EQ(request.content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(request.signature, WebhookSignature(kToken, url, request.params));
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"AccountSid", kCaller.account_sid},
      {"WorkspaceSid", ws_},
      {"WorkflowSid", flow},
      {"TaskQueueSid", queue_},
      {"WorkerSid", worker_},
      {"WorkerAttributes", "{}"},
      {"TaskSid", task.sid},
      {"TaskAttributes", R"({"type":"support"})"},
      {"TaskAge", "0"},
      {"TaskPriority", "7"},
      {"ReservationSid", reservations[0].sid},
      {"Timestamp", std::to_string(kStart / 1000)},
  };
  for (const auto& [name, value] : expected) {
    EXPECT_EQ(ParamOf(request.params, name), value) << name;
  }
}

TEST_F(AssignmentCallbacksTest, AcceptAssignsTheTask) {
  WebhookReceiver receiver;
  receiver.AnswerWith(200, R"({"instruction":"accept"})");
  NewFlow(receiver.Url("/assign"));
  TaskRecord task = SupportTask();

  EXPECT_EQ(AwaitAnswered(task.sid), "accepted");
  EXPECT_EQ(Task(task.sid).assignment_status, "assigned");
  EXPECT_EQ(receiver.received().size(), 1u);
}

TEST_F(AssignmentCallbacksTest, RejectMovesTheWorkerToTheGivenActivity) {
  WebhookReceiver receiver;
  receiver.AnswerWith(200, R"({"instruction":"reject","activity_sid":")" + offline_ + R"("})");
  NewFlow(receiver.Url("/assign"));
  TaskRecord task = SupportTask();

  EXPECT_EQ(AwaitAnswered(task.sid), "rejected");
  EXPECT_EQ(ActivityOf(worker_), offline_);
  EXPECT_EQ(Task(task.sid).assignment_status, "pending");
}

TEST_F(AssignmentCallbacksTest, TelephonyInstructionIsRecordedAndTakenAsAccept) {
  WebhookReceiver receiver;
  receiver.AnswerWith(200, R"({"instruction":"dequeue","from":"+15550100","timeout":30})");
  NewFlow(receiver.Url("/assign"));
  TaskRecord task = SupportTask();

  EXPECT_EQ(AwaitAnswered(task.sid), "accepted");
  ReservationRecord reservation = ReservationsOf(task.sid)[0];
  EXPECT_EQ(reservation.instruction, "dequeue");
  EXPECT_EQ(reservation.instruction_params,
            (StringPairs{{"from", "+15550100"}, {"timeout", "30"}}));
  EXPECT_EQ(Task(task.sid).assignment_status, "assigned");
}

TEST_F(AssignmentCallbacksTest, FallbackAnswersWhenTheFirstUrlFails) {
  WebhookReceiver primary;
  primary.AnswerWith(500);
  WebhookReceiver fallback;
  fallback.AnswerWith(200, R"({"instruction":"accept"})");
  NewFlow(primary.Url("/assign"), fallback.Url("/fallback"));
  TaskRecord task = SupportTask();

  EXPECT_EQ(AwaitAnswered(task.sid), "accepted");
  EXPECT_EQ(primary.received().size(), 1u);
  std::vector<ReceivedWebhook> second = fallback.received();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].signature,
            WebhookSignature(kToken, fallback.Url("/fallback"), second[0].params));
}

TEST_F(AssignmentCallbacksTest, NeitherUrlReachedCancelsAndRoutesTheTaskAgain) {
  // The first callback fails on both URLs; the Task, pending again, goes to the other Worker
  // (never back to Alice) and that callback is answered without an instruction.
  WebhookReceiver receiver;
  receiver.AnswerWith(200);
  receiver.FailNext(1, 503);
  NewFlow(receiver.Url("/assign"), std::string(kUnreachable));
  clock_.Advance(1000);
  std::string bob = NewWorkerSid("Bob");
  TaskRecord task = SupportTask();

  EXPECT_EQ(AwaitAnswered(task.sid), "canceled");
  ASSERT_EQ(receiver.WaitFor(1, kPatience).size(), 1u);
  std::vector<ReservationRecord> reservations = ReservationsOf(task.sid);
  ASSERT_EQ(reservations.size(), 2u);
  EXPECT_EQ(reservations[0].worker_sid, worker_);
  EXPECT_EQ(reservations[1].worker_sid, bob);
  EXPECT_EQ(reservations[1].reservation_status, "pending");
  EXPECT_EQ(ActivityOf(worker_), available_);

  std::vector<std::string> types;
  for (const EventRecord& event : AllEvents(ws_)) {
    if (event.resource_type == "reservation") {
      types.push_back(event.event_type);
    }
  }
  EXPECT_EQ(types, (std::vector<std::string>{"reservation.created", "reservation.canceled",
                                             "reservation.created"}));
}

TEST_F(AssignmentCallbacksTest, EmptyAnswerLeavesTheReservationPending) {
  WebhookReceiver receiver;
  receiver.AnswerWith(200);
  NewFlow(receiver.Url("/assign"));
  TaskRecord task = SupportTask();

  ASSERT_EQ(receiver.WaitFor(1, kPatience).size(), 1u);
  sender_->Stop();  // waits for the answer to be handled
  std::vector<ReservationRecord> reservations = ReservationsOf(task.sid);
  ASSERT_EQ(reservations.size(), 1u);
  EXPECT_EQ(reservations[0].reservation_status, "pending");
  EXPECT_EQ(Task(task.sid).assignment_status, "reserved");
}

TEST_F(AssignmentCallbacksTest, ReservationAnsweredThroughRestIsLeftAlone) {
  // The usual sender is stopped, so that the callback goes out only after the REST answer.
  WebhookReceiver receiver;
  receiver.AnswerWith(200, R"({"instruction":"reject"})");
  NewFlow(receiver.Url("/assign"));
  sender_->Stop();
  TaskRecord task = SupportTask();
  ReservationRecord reservation = ReservationsOf(task.sid)[0];
  ReservationUpdate accept;
  accept.reservation_status = "accepted";
  ASSERT_TRUE(tasks_->UpdateReservation(kCaller, ws_, task.sid, reservation.sid, accept).ok());

  AssignmentRequest request{
      kCaller.account_sid, ws_, reservation.sid, task.sid, worker_, receiver.Url("/assign"),
      std::nullopt,        {}};
  AssignmentCallbacks late(*sqlite_, *tasks_);
  late.Start();
  late.Send({request});
  ASSERT_EQ(receiver.WaitFor(1, kPatience).size(), 1u);
  late.Stop();
  EXPECT_EQ(ReservationsOf(task.sid)[0].reservation_status, "accepted");
  EXPECT_EQ(Task(task.sid).assignment_status, "assigned");
}

}  // namespace
}  // namespace taskrouter::testing
