#include "domain/commit_queue.h"

#include <future>
#include <vector>

#include "domain/domain_fixture.h"
#include "support/faulty_store.h"

namespace taskrouter::testing {
namespace {

// A store whose first commit waits until the test opens the gate, so that batches queue up
// behind it.
class GatedStore final : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;

  std::future<void> entered() { return entered_.get_future(); }
  void Open() { gate_.set_value(); }
  void set_fail_commits(bool fail) { fail_commits_ = fail; }
  // The number of mutations in each commit, in order.
  std::vector<size_t> commit_sizes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return commit_sizes_;
  }

  Status Commit(const Batch& batch) override {
    if (first_) {
      first_ = false;
      entered_.set_value();
      gate_future_.wait();
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      commit_sizes_.push_back(batch.size());
    }
    return fail_commits_ ? Status(Error::Internal("store: injected failure"))
                         : ForwardingStore::Commit(batch);
  }

 private:
  bool first_ = true;  // only the queue's thread commits
  std::promise<void> entered_;
  std::promise<void> gate_;
  std::shared_future<void> gate_future_ = gate_.get_future().share();
  std::atomic<bool> fail_commits_{false};
  mutable std::mutex mu_;
  std::vector<size_t> commit_sizes_;
};

std::string AccountSid(int n) {
  char sid[35];
  std::snprintf(sid, sizeof(sid), "AC%032d", n);
  return sid;
}

Batch AccountBatch(int n) { return {AccountRecord{AccountSid(n), "token", "account", kStart}}; }

class CommitQueueTest : public ::testing::Test {
 protected:
  TempDir dir_;
  std::unique_ptr<SqliteStore> sqlite_ =
      std::move(SqliteStore::Open(dir_.path() + "/taskrouter.db")).value();
  GatedStore store_{*sqlite_};
};

TEST_F(CommitQueueTest, BatchesQueuedDuringACommitShareTheNextOne) {
  CommitQueue queue(store_, {});
  std::future<void> entered = store_.entered();
  CommitTicket first = queue.Enqueue(AccountBatch(1)).value();
  entered.wait();
  std::vector<CommitTicket> tickets;
  for (int i = 2; i <= 11; ++i) {
    tickets.push_back(queue.Enqueue(AccountBatch(i)).value());
  }
  EXPECT_FALSE(queue.Settled(first));
  store_.Open();

  for (CommitTicket ticket : tickets) {
    EXPECT_TRUE(queue.Wait(ticket).ok());
  }
  EXPECT_EQ(store_.commit_sizes(), (std::vector<size_t>{1, 10}));
  EXPECT_TRUE(sqlite_->FindAccount(AccountSid(11))->has_value());
}

TEST_F(CommitQueueTest, AFailureFailsTheGroupAndWhatQueuedBehindIt) {
  std::vector<bool> refused_during_failure;
  std::vector<bool> settled_during_failure;
  CommitQueue* queue_ptr = nullptr;
  CommitTicket failed_last = 0;
  CommitQueue::Hooks hooks;
  hooks.on_failure = [&] {
    refused_during_failure.push_back(!queue_ptr->Enqueue(AccountBatch(99)).ok());
    settled_during_failure.push_back(queue_ptr->Settled(failed_last));
  };
  CommitQueue queue(store_, hooks);
  queue_ptr = &queue;

  std::future<void> entered = store_.entered();
  CommitTicket failing = queue.Enqueue(AccountBatch(1)).value();
  entered.wait();
  CommitTicket behind = queue.Enqueue(AccountBatch(2)).value();
  failed_last = behind;
  std::promise<Status> called_back;
  queue.WhenSettled(behind, [&](const Status& status) { called_back.set_value(status); });
  store_.set_fail_commits(true);
  store_.Open();

  Status failed = queue.Wait(failing);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message(), "store: injected failure");
  EXPECT_FALSE(queue.Wait(behind).ok());
  EXPECT_FALSE(called_back.get_future().get().ok());
  EXPECT_EQ(refused_during_failure, std::vector<bool>{true});
  EXPECT_EQ(settled_during_failure, std::vector<bool>{false});
  // Only the first batch reached the store: the one behind failed without a try.
  EXPECT_EQ(store_.commit_sizes(), std::vector<size_t>{1});

  store_.set_fail_commits(false);
  CommitTicket after = queue.Enqueue(AccountBatch(3)).value();
  EXPECT_TRUE(queue.Wait(after).ok());
  std::promise<Status> inline_call;
  queue.WhenSettled(failing, [&](const Status& status) { inline_call.set_value(status); });
  EXPECT_FALSE(inline_call.get_future().get().ok()) << "a settled failure is remembered";
}

TEST_F(CommitQueueTest, StoppingCommitsWhatIsQueued) {
  std::future<void> entered = store_.entered();
  {
    CommitQueue queue(store_, {});
    queue.Enqueue(AccountBatch(1)).value();
    entered.wait();
    queue.Enqueue(AccountBatch(2)).value();
    store_.Open();
  }
  EXPECT_TRUE(sqlite_->FindAccount(AccountSid(2))->has_value());
}

// The registry in group mode: the view changes before the commit is durable, the request's
// ticket says when it is, and a failed commit puts the view back to what the store holds.
class GroupCommitTest : public DomainTest {
 protected:
  void SetUp() override {
    mode_ = CommitMode::kGroup;
    // The request ticket is per thread; an earlier test's would name another queue's commit.
    WorkspaceRegistry::BeginRequest();
    DomainTest::SetUp();
    ws_ = NewWorkspace();
    offline_ = ActivitySid(ws_, "Offline");
    available_ = ActivitySid(ws_, "Available");
    ASSERT_TRUE(registry_->AwaitRequest().ok());
  }

  std::string ws_;
  std::string offline_;
  std::string available_;
};

TEST_F(GroupCommitTest, AReaderWaitsForTheChangeItSaw) {
  WorkerView alice = NewWorker(ws_, "Alice");
  WorkspaceRegistry::BeginRequest();
  ASSERT_TRUE(Move(ws_, alice.record.sid, available_).ok());
  CommitTicket written = WorkspaceRegistry::RequestTicket();
  EXPECT_GT(written, 0u);

  WorkspaceRegistry::BeginRequest();
  WorkerView seen = workers_->FetchWorker(kCaller, ws_, alice.record.sid).value();
  EXPECT_EQ(seen.record.activity_sid, available_);
  EXPECT_EQ(WorkspaceRegistry::RequestTicket(), written);
  EXPECT_TRUE(registry_->AwaitRequest().ok());
  EXPECT_EQ(sqlite_->Load()->workers.at(0).activity_sid, available_);
}

TEST_F(GroupCommitTest, AFailedCommitPutsTheViewBackAsTheStoreHasIt) {
  WorkerView alice = NewWorker(ws_, "Alice");
  ASSERT_TRUE(registry_->AwaitRequest().ok());
  faulty_->set_fail_commits(true);

  WorkspaceRegistry::BeginRequest();
  Result<WorkerView> moved = Move(ws_, alice.record.sid, available_);
  ASSERT_TRUE(moved.ok()) << "the change shows before it is committed";
  EXPECT_EQ(moved->record.activity_sid, available_);
  Status outcome = registry_->AwaitRequest();
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error().http_status(), 500);

  faulty_->set_fail_commits(false);
  WorkspaceRegistry::BeginRequest();
  WorkerView now = workers_->FetchWorker(kCaller, ws_, alice.record.sid).value();
  EXPECT_EQ(now.record.activity_sid, offline_);
  EXPECT_EQ(now.record.version, 0);
  EXPECT_TRUE(registry_->AwaitRequest().ok());

  // The Workspace works on after the reload.
  WorkspaceRegistry::BeginRequest();
  ASSERT_TRUE(Move(ws_, alice.record.sid, available_).ok());
  EXPECT_TRUE(registry_->AwaitRequest().ok());
  EXPECT_EQ(sqlite_->Load()->workers.at(0).activity_sid, available_);
}

TEST_F(GroupCommitTest, AFailedWorkspaceCreationLeavesNoWorkspace) {
  faulty_->set_fail_commits(true);
  WorkspaceRegistry::BeginRequest();
  WorkspaceCreate create;
  create.friendly_name = "Doomed";
  Result<WorkspaceView> created = workspaces_->CreateWorkspace(kCaller, create);
  ASSERT_TRUE(created.ok());
  EXPECT_FALSE(registry_->AwaitRequest().ok());
  faulty_->set_fail_commits(false);

  EXPECT_EQ(registry_->Find(kCaller.account_sid, created->record.sid), nullptr);
  EXPECT_NE(registry_->Find(kCaller.account_sid, ws_), nullptr);
  EXPECT_EQ(registry_->CountForAccount(kCaller.account_sid), 1u);
}

}  // namespace
}  // namespace taskrouter::testing
