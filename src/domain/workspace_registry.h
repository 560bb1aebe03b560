// The in-memory view of every Workspace and what it holds, and the rules for changing it:
// commit to the store first, then change the view, under the Workspace's mutex.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "common/attributes.h"
#include "common/clock.h"
#include "common/status.h"
#include "domain/commit_queue.h"
#include "domain/expression.h"
#include "domain/worker_channel.h"
#include "domain/workflow_config.h"
#include "store/store.h"

namespace taskrouter {

struct AssignmentRequest;  // routing.h

// Who a command acts for, and from where; events record both.
struct Caller {
  std::string account_sid;
  std::string ip_address;
};

// A TaskQueue with its TargetWorkers parsed once, for routing and lists to evaluate against
// each Worker (WorkerResolver).
struct TaskQueueEntry {
  TaskQueueRecord record;
  // Empty only if stored text no longer parses (a parser grown stricter): it then matches no
  // Worker.
  std::optional<Expression> target_workers;
};

// A Workflow with its Configuration parsed once, for routing to read.
struct WorkflowEntry {
  WorkflowRecord record;
  // Empty only if stored text no longer parses (a parser grown stricter): the Workflow then
  // routes nothing and holds no TaskQueue.
  std::optional<WorkflowConfig> config;
};

// Where a pending Task sorts in its TaskQueue: FIFO queues by priority (highest first) then
// virtual start time (oldest first), LIFO queues by virtual start time (newest first); creation
// order breaks ties. The last element is the Task's creation number.
using QueueKey = std::tuple<int64_t, TimeMs, int64_t, int64_t>;

// A Task as routing keeps it: the record, its attributes parsed once, and its places in the
// indexes of RoutingState.
struct TaskEntry {
  TaskRecord record;
  Attributes attributes;
  std::vector<int64_t> reservations;  // creation numbers, oldest first
  std::optional<QueueKey> queue_key;  // set while it waits in its TaskQueue's pending set
  std::optional<TimeMs> deadline;     // set while it is in RoutingState::task_deadlines
};

// Tasks, Reservations and the indexes the routing engine reads (routing.h).
struct RoutingState {
  std::map<int64_t, TaskEntry> tasks;                           // by creation number
  std::unordered_map<std::string, int64_t> task_seqs;           // by SID
  std::map<int64_t, ReservationRecord> reservations;            // by creation number
  std::unordered_map<std::string, int64_t> reservation_seqs;    // by SID
  std::unordered_map<int64_t, std::vector<int64_t>> by_worker;  // Reservations by Worker seq
  std::unordered_map<int64_t, Attributes> worker_attributes;    // parsed, by Worker seq
  std::unordered_map<int64_t, TimeMs> last_reserved;            // by Worker seq
  std::unordered_map<std::string, std::set<QueueKey>> pending;  // by TaskQueue SID
  std::set<std::pair<TimeMs, int64_t>> task_deadlines;          // (when, Task seq)
  std::set<std::pair<TimeMs, int64_t>> reservation_deadlines;   // (when, Reservation seq)

  TaskEntry* FindTask(const std::string& sid);
  ReservationRecord* FindReservation(const std::string& sid);
  // The earliest deadline of either kind, or none.
  std::optional<TimeMs> NextDeadline() const;
};

// One Workspace and everything under it. Every field but the two constants is guarded by `mu`.
struct WorkspaceState {
  WorkspaceState(std::string account, int64_t creation_seq)
      : account_sid(std::move(account)), seq(creation_seq) {}

  const std::string account_sid;
  const int64_t seq;
  std::mutex mu;
  bool deleted = false;   // set once the store no longer has it
  bool replaced = false;  // set with `deleted` when a reload from the store replaced this state
  // The newest commit whose change this state shows; readers wait for it before answering.
  CommitTicket last_ticket = 0;
  WorkspaceRecord record;
  std::map<int64_t, ActivityRecord> activities;               // by creation number
  std::unordered_map<std::string, int64_t> activity_seqs;     // by SID
  std::map<int64_t, WorkerRecord> workers;                    // by creation number
  std::unordered_map<std::string, int64_t> worker_seqs;       // by SID
  std::unordered_map<std::string, std::string> worker_names;  // folded name -> SID
  size_t available_workers = 0;                               // Workers whose Activity is available
  std::map<int64_t, TaskChannelRecord> task_channels;         // by creation number
  std::unordered_map<std::string, int64_t> task_channel_seqs;   // by SID
  std::unordered_map<std::string, int64_t> task_channel_names;  // by unique name
  // Each Worker's channels, one per TaskChannel in the TaskChannels' creation order, by the
  // Worker's creation number.
  std::unordered_map<int64_t, std::vector<WorkerChannel>> worker_channels;
  std::map<int64_t, TaskQueueEntry> task_queues;                  // by creation number
  std::unordered_map<std::string, int64_t> task_queue_seqs;       // by SID
  std::unordered_map<std::string, std::string> task_queue_names;  // folded name -> SID
  std::map<int64_t, WorkflowEntry> workflows;                     // by creation number
  std::unordered_map<std::string, int64_t> workflow_seqs;         // by SID
  RoutingState routing;

  const ActivityRecord* FindActivity(const std::string& sid) const;
  const WorkerRecord* FindWorker(const std::string& sid) const;
  // The name of Activity `sid`, or "" if there is none.
  const std::string& ActivityName(const std::string& sid) const;
  bool IsAvailable(const std::string& activity_sid) const;

  // The TaskChannel whose SID or unique name is `key`, or nullptr.
  const TaskChannelRecord* FindTaskChannel(const std::string& key) const;
  // The channels of Worker `worker_sid`, or nullptr if there is no such Worker.
  std::vector<WorkerChannel>* WorkerChannelsOf(const std::string& worker_sid);
  const std::vector<WorkerChannel>* WorkerChannelsOf(const std::string& worker_sid) const;

  const TaskQueueEntry* FindTaskQueue(const std::string& sid) const;
  // The TaskQueue named `name` (in any case), or nullptr.
  const TaskQueueEntry* FindTaskQueueByName(const std::string& name) const;

  void PutActivity(const ActivityRecord& activity);
  void EraseActivity(const std::string& sid);
  // Adds or replaces a Worker, keeping the name index and the available count. A new Worker
  // gets a WorkerChannel with the default settings on every TaskChannel.
  void PutWorker(const WorkerRecord& worker);
  void EraseWorker(const std::string& sid);
  // Adds or replaces a TaskChannel. A new one adds a WorkerChannel with the default settings
  // to every Worker.
  void PutTaskChannel(const TaskChannelRecord& channel);
  // Removes a TaskChannel and every Worker's channel on it.
  void EraseTaskChannel(const std::string& sid);
  // Adds or replaces a TaskQueue with its parsed TargetWorkers, keeping the name index.
  void PutTaskQueue(TaskQueueEntry entry);
  void EraseTaskQueue(const std::string& sid);

  const WorkflowEntry* FindWorkflow(const std::string& sid) const;
  // The first Workflow, in creation order, whose Configuration sends Tasks to TaskQueue
  // `queue_sid`, or nullptr.
  const WorkflowEntry* WorkflowUsingQueue(const std::string& queue_sid) const;
  void PutWorkflow(WorkflowEntry entry);
  void EraseWorkflow(const std::string& sid);

  // Applies the stored settings of an updated WorkerChannel; ignored if its Worker or
  // TaskChannel is not in this Workspace.
  void ApplyWorkerChannel(const WorkerChannelRecord& stored);
};

// Requests share a Workspace's state with the registry: a request that found it keeps it alive,
// and sees `deleted`, even after a delete has removed it from the registry.
using StatePtr = std::shared_ptr<WorkspaceState>;

// How a command's commit relates to its answer.
enum class CommitMode {
  // Commit waits for the store, under the Workspace's lock; the view changes only after. One
  // Workspace's commands each wait for their own fsync.
  kWait,
  // Commit queues the batch and returns; the command changes the view at once, and its answer
  // (and the answer of every request that saw the change) waits for the group commit that
  // makes it durable. A failed commit reloads the view from the store.
  kGroup,
};

// Finds Workspaces, hands out creation numbers and commits batches. Thread-safe.
class WorkspaceRegistry {
 public:
  // `on_deliveries` is called after a commit that queued event callbacks.
  WorkspaceRegistry(Store& store, const Clock& clock, std::function<void()> on_deliveries = {},
                    CommitMode mode = CommitMode::kWait);

  // Takes the state of a freshly loaded store. Call once, before serving.
  void Load(const Snapshot& snapshot);

  Store& store() { return store_; }
  const Clock& clock() const { return clock_; }
  int64_t NextSeq() { return next_seq_++; }

  // The Workspace `sid` of `account_sid`, or nullptr; the caller locks it and checks `deleted`.
  StatePtr Find(const std::string& account_sid, const std::string& sid) const;
  // Every Workspace, in no order.
  std::vector<StatePtr> ListAll() const;
  // The account's Workspaces in creation order.
  std::vector<StatePtr> ListForAccount(const std::string& account_sid) const;
  size_t CountForAccount(const std::string& account_sid) const;
  // Adds a Workspace whose creation the calling thread has just committed.
  void Add(const StatePtr& state);
  void Remove(const StatePtr& state);

  // After a command changed the view and then failed to commit: the view goes back to what the
  // store holds once the command releases its LockedWorkspace. In group mode the commit queue
  // does that by itself.
  void ReloadAfterFailure();

  // Where the assignment callbacks of new Reservations go once their batch is committed (in
  // group mode: once it is durable; a failed commit drops them); none drops them. `send` must
  // not block: it may run under a Workspace's lock or on the commit thread. Set before serving.
  void SetAssignmentSender(std::function<void(std::vector<AssignmentRequest>)> send) {
    assignment_sender_ = std::move(send);
  }
  void SendAssignments(std::vector<AssignmentRequest> requests);

  // Serializes the creation and deletion of one account's Workspaces.
  std::mutex& AccountMutex(const std::string& account_sid);

  // Commits `batch` (kWait) or queues it (kGroup); the caller then changes the view. Wakes the
  // event callback sender once a batch that queued a delivery is committed.
  Status Commit(Batch batch);

  // The commits a request made or saw on the calling thread, for its answer to wait on. A
  // request starts with BeginRequest; LockedWorkspace and Commit raise the ticket.
  static void BeginRequest();
  static CommitTicket RequestTicket();
  // Blocks until the calling thread's request ticket is settled. For reads that go to the store
  // after looking at the view.
  Status AwaitRequest();
  // Calls `done` with the outcome once `ticket` is settled (see CommitQueue::WhenSettled).
  void WhenSettled(CommitTicket ticket, std::function<void(const Status&)> done);
  bool Settled(CommitTicket ticket) const { return commits_->Settled(ticket); }

  // Commits what is queued, settles every ticket and stops the commit thread; later commits
  // fail. Call once no request is being served, before what settled callbacks reach (the
  // HTTP server's sessions) goes away.
  void StopCommits();

 private:
  friend class LockedWorkspace;
  static void SeeTicket(CommitTicket ticket);

  // The Workspaces of `snapshot`, by SID.
  std::unordered_map<std::string, StatePtr> BuildStates(const Snapshot& snapshot) const;
  // Replaces the view with what the store holds, after a failed group commit.
  void Reload();

  Store& store_;
  const Clock& clock_;
  const CommitMode mode_;
  std::atomic<int64_t> next_seq_{1};

  mutable std::shared_mutex mu_;                          // guards the three maps
  std::unordered_map<std::string, StatePtr> workspaces_;  // by SID
  std::unordered_map<std::string, std::map<int64_t, StatePtr>> by_account_;
  std::unordered_map<std::string, std::unique_ptr<std::mutex>> account_mutexes_;

  std::atomic<bool> reload_pending_{false};  // kWait: see ReloadAfterFailure
  std::function<void(std::vector<AssignmentRequest>)> assignment_sender_;

  std::unique_ptr<CommitQueue> commits_;  // last: its thread calls back into the members above
};

// Looks up and locks a Workspace for a command.
class LockedWorkspace {
 public:
  LockedWorkspace(WorkspaceRegistry& registry, const std::string& account_sid,
                  const std::string& sid);
  // Notes the newest commit the command saw or made, for the request's answer to wait on, and
  // carries out a reload the command asked for.
  ~LockedWorkspace();
  LockedWorkspace(const LockedWorkspace&) = delete;
  LockedWorkspace& operator=(const LockedWorkspace&) = delete;

  // False if the Workspace does not exist for the account (the command answers 404).
  bool found() const { return state_ != nullptr; }
  WorkspaceState* operator->() const { return state_.get(); }
  WorkspaceState& operator*() const { return *state_; }
  const StatePtr& ptr() const { return state_; }

 private:
  WorkspaceRegistry& registry_;
  StatePtr state_;
  std::unique_lock<std::mutex> lock_;
};

}  // namespace taskrouter
