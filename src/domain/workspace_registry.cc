#include "domain/workspace_registry.h"

#include <algorithm>
#include <vector>

#include "common/text.h"
#include "domain/routing.h"

namespace taskrouter {

const ActivityRecord* WorkspaceState::FindActivity(const std::string& sid) const {
  auto it = activity_seqs.find(sid);
  return it == activity_seqs.end() ? nullptr : &activities.at(it->second);
}

const WorkerRecord* WorkspaceState::FindWorker(const std::string& sid) const {
  auto it = worker_seqs.find(sid);
  return it == worker_seqs.end() ? nullptr : &workers.at(it->second);
}

const std::string& WorkspaceState::ActivityName(const std::string& sid) const {
  static const std::string kNone;
  const ActivityRecord* activity = FindActivity(sid);
  return activity == nullptr ? kNone : activity->friendly_name;
}

bool WorkspaceState::IsAvailable(const std::string& activity_sid) const {
  const ActivityRecord* activity = FindActivity(activity_sid);
  return activity != nullptr && activity->available;
}

const TaskChannelRecord* WorkspaceState::FindTaskChannel(const std::string& key) const {
  auto it = task_channel_seqs.find(key);
  if (it == task_channel_seqs.end()) {
    it = task_channel_names.find(key);
    if (it == task_channel_names.end()) {
      return nullptr;
    }
  }
  return &task_channels.at(it->second);
}

std::vector<WorkerChannel>* WorkspaceState::WorkerChannelsOf(const std::string& worker_sid) {
  auto it = worker_seqs.find(worker_sid);
  return it == worker_seqs.end() ? nullptr : &worker_channels[it->second];
}

const std::vector<WorkerChannel>* WorkspaceState::WorkerChannelsOf(
    const std::string& worker_sid) const {
  auto it = worker_seqs.find(worker_sid);
  if (it == worker_seqs.end()) {
    return nullptr;
  }
  auto channels = worker_channels.find(it->second);
  return channels == worker_channels.end() ? nullptr : &channels->second;
}

const TaskQueueEntry* WorkspaceState::FindTaskQueue(const std::string& sid) const {
  auto it = task_queue_seqs.find(sid);
  return it == task_queue_seqs.end() ? nullptr : &task_queues.at(it->second);
}

const TaskQueueEntry* WorkspaceState::FindTaskQueueByName(const std::string& name) const {
  auto it = task_queue_names.find(FoldCase(name));
  return it == task_queue_names.end() ? nullptr : FindTaskQueue(it->second);
}

void WorkspaceState::PutTaskQueue(TaskQueueEntry entry) {
  const TaskQueueEntry* previous = FindTaskQueue(entry.record.sid);
  if (previous != nullptr) {
    task_queue_names.erase(FoldCase(previous->record.friendly_name));
  }
  int64_t queue_seq = entry.record.seq;
  task_queue_seqs[entry.record.sid] = queue_seq;
  task_queue_names[FoldCase(entry.record.friendly_name)] = entry.record.sid;
  task_queues.insert_or_assign(queue_seq, std::move(entry));
}

void WorkspaceState::EraseTaskQueue(const std::string& sid) {
  auto it = task_queue_seqs.find(sid);
  if (it != task_queue_seqs.end()) {
    task_queue_names.erase(FoldCase(task_queues.at(it->second).record.friendly_name));
    task_queues.erase(it->second);
    task_queue_seqs.erase(it);
  }
}

const WorkflowEntry* WorkspaceState::FindWorkflow(const std::string& sid) const {
  auto it = workflow_seqs.find(sid);
  return it == workflow_seqs.end() ? nullptr : &workflows.at(it->second);
}

const WorkflowEntry* WorkspaceState::WorkflowUsingQueue(const std::string& queue_sid) const {
  auto targets = [&](const WorkflowTarget& target) { return target.queue == queue_sid; };
  for (const auto& [flow_seq, flow] : workflows) {
    if (!flow.config.has_value()) {
      continue;
    }
    const WorkflowConfig& config = *flow.config;
    if (config.default_filter.has_value() && targets(*config.default_filter)) {
      return &flow;
    }
    for (const WorkflowFilter& filter : config.filters) {
      if (std::any_of(filter.targets.begin(), filter.targets.end(), targets)) {
        return &flow;
      }
    }
  }
  return nullptr;
}

void WorkspaceState::PutWorkflow(WorkflowEntry entry) {
  int64_t flow_seq = entry.record.seq;
  workflow_seqs[entry.record.sid] = flow_seq;
  workflows.insert_or_assign(flow_seq, std::move(entry));
}

void WorkspaceState::EraseWorkflow(const std::string& sid) {
  auto it = workflow_seqs.find(sid);
  if (it != workflow_seqs.end()) {
    workflows.erase(it->second);
    workflow_seqs.erase(it);
  }
}

void WorkspaceState::PutActivity(const ActivityRecord& activity) {
  activities[activity.seq] = activity;
  activity_seqs[activity.sid] = activity.seq;
}

void WorkspaceState::EraseActivity(const std::string& sid) {
  auto it = activity_seqs.find(sid);
  if (it != activity_seqs.end()) {
    activities.erase(it->second);
    activity_seqs.erase(it);
  }
}

void WorkspaceState::PutWorker(const WorkerRecord& worker) {
  if (const WorkerRecord* old = FindWorker(worker.sid)) {
    worker_names.erase(FoldCase(old->friendly_name));
    available_workers -= IsAvailable(old->activity_sid) ? 1 : 0;
  }
  auto old = workers.find(worker.seq);
  if (old == workers.end() || old->second.attributes != worker.attributes ||
      !routing.worker_attributes.contains(worker.seq)) {
    // Checked to be a JSON object when written; should they not parse, they name nothing.
    Result<Attributes> parsed = ParseAttributes(worker.attributes);
    routing.worker_attributes[worker.seq] = parsed.ok() ? std::move(parsed).value() : Attributes();
  }
  workers[worker.seq] = worker;
  worker_seqs[worker.sid] = worker.seq;
  if (!worker_channels.contains(worker.seq)) {
    std::vector<WorkerChannel>& channels = worker_channels[worker.seq];
    channels.reserve(task_channels.size());
    for (const auto& [channel_seq, channel] : task_channels) {
      channels.push_back(WorkerChannel{.task_channel_seq = channel_seq});
    }
  }
  worker_names[FoldCase(worker.friendly_name)] = worker.sid;
  available_workers += IsAvailable(worker.activity_sid) ? 1 : 0;
}

void WorkspaceState::EraseWorker(const std::string& sid) {
  const WorkerRecord* old = FindWorker(sid);
  if (old == nullptr) {
    return;
  }
  worker_names.erase(FoldCase(old->friendly_name));
  available_workers -= IsAvailable(old->activity_sid) ? 1 : 0;
  int64_t worker_seq = old->seq;
  worker_seqs.erase(sid);
  workers.erase(worker_seq);
  worker_channels.erase(worker_seq);
  routing.worker_attributes.erase(worker_seq);
  routing.last_reserved.erase(worker_seq);
}

void WorkspaceState::PutTaskChannel(const TaskChannelRecord& channel) {
  bool added = !task_channels.contains(channel.seq);
  task_channels[channel.seq] = channel;
  task_channel_seqs[channel.sid] = channel.seq;
  task_channel_names[channel.unique_name] = channel.seq;
  if (!added) {
    return;
  }
  // A TaskChannel created now is the newest, so its WorkerChannels go last; at load time they
  // arrive in creation order as well.
  for (auto& [worker_seq, channels] : worker_channels) {
    channels.push_back(WorkerChannel{.task_channel_seq = channel.seq});
  }
}

void WorkspaceState::EraseTaskChannel(const std::string& sid) {
  auto it = task_channel_seqs.find(sid);
  if (it == task_channel_seqs.end()) {
    return;
  }
  int64_t channel_seq = it->second;
  task_channel_names.erase(task_channels.at(channel_seq).unique_name);
  task_channels.erase(channel_seq);
  task_channel_seqs.erase(it);
  for (auto& [worker_seq, channels] : worker_channels) {
    std::erase_if(channels,
                  [&](const WorkerChannel& c) { return c.task_channel_seq == channel_seq; });
  }
}

void WorkspaceState::ApplyWorkerChannel(const WorkerChannelRecord& stored) {
  auto channels = worker_channels.find(stored.worker_seq);
  if (channels == worker_channels.end()) {
    return;
  }
  for (WorkerChannel& channel : channels->second) {
    if (channel.task_channel_seq == stored.task_channel_seq) {
      channel.configured_capacity = static_cast<uint16_t>(stored.configured_capacity);
      channel.available = stored.available;
      channel.date_updated = stored.date_updated;
    }
  }
}

namespace {

// The newest commit the calling thread's request made or saw.
thread_local CommitTicket request_ticket = 0;

}  // namespace

WorkspaceRegistry::WorkspaceRegistry(Store& store, const Clock& clock,
                                     std::function<void()> on_deliveries, CommitMode mode)
    : store_(store), clock_(clock), mode_(mode) {
  CommitQueue::Hooks hooks;
  hooks.on_deliveries = std::move(on_deliveries);
  if (mode_ == CommitMode::kGroup) {
    hooks.on_failure = [this] { Reload(); };
  }
  commits_ = std::make_unique<CommitQueue>(store_, std::move(hooks));
}

std::unordered_map<std::string, StatePtr> WorkspaceRegistry::BuildStates(
    const Snapshot& snapshot) const {
  std::unordered_map<std::string, StatePtr> states;
  for (const WorkspaceRecord& record : snapshot.workspaces) {
    auto state = std::make_shared<WorkspaceState>(record.account_sid, record.seq);
    state->record = record;
    states[record.sid] = state;
  }
  for (const ActivityRecord& activity : snapshot.activities) {
    auto it = states.find(activity.workspace_sid);
    if (it != states.end()) {
      it->second->PutActivity(activity);
    }
  }
  // TaskChannels before Workers, so that each Worker gets its channels as it is added.
  for (const TaskChannelRecord& channel : snapshot.task_channels) {
    auto it = states.find(channel.workspace_sid);
    if (it != states.end()) {
      it->second->PutTaskChannel(channel);
    }
  }
  // Stored WorkerChannel settings name their Worker by creation number only.
  std::unordered_map<int64_t, WorkspaceState*> worker_workspaces;
  worker_workspaces.reserve(snapshot.workers.size());
  for (const WorkerRecord& worker : snapshot.workers) {
    auto it = states.find(worker.workspace_sid);
    if (it != states.end()) {
      it->second->PutWorker(worker);
      worker_workspaces[worker.seq] = it->second.get();
    }
  }
  for (const WorkerChannelRecord& channel : snapshot.worker_channels) {
    auto it = worker_workspaces.find(channel.worker_seq);
    if (it != worker_workspaces.end()) {
      it->second->ApplyWorkerChannel(channel);
    }
  }
  for (const TaskQueueRecord& queue : snapshot.task_queues) {
    auto it = states.find(queue.workspace_sid);
    if (it != states.end()) {
      Result<Expression> parsed = ParseExpression(queue.target_workers, "TargetWorkers");
      std::optional<Expression> target_workers;
      if (parsed.ok()) {
        target_workers = std::move(parsed).value();
      }
      it->second->PutTaskQueue(TaskQueueEntry{queue, std::move(target_workers)});
    }
  }
  // After the TaskQueues, which a Configuration is checked against.
  for (const WorkflowRecord& flow : snapshot.workflows) {
    auto it = states.find(flow.workspace_sid);
    if (it != states.end()) {
      const WorkspaceState& state = *it->second;
      WorkflowConfigContext context{[&state](std::string_view queue_sid) {
        return state.FindTaskQueue(std::string(queue_sid)) != nullptr;
      }};
      Result<WorkflowConfig> parsed = ParseWorkflowConfig(flow.configuration, context);
      std::optional<WorkflowConfig> config;
      if (parsed.ok()) {
        config = std::move(parsed).value();
      }
      it->second->PutWorkflow(WorkflowEntry{flow, std::move(config)});
    }
  }
  // Last, as routing reads all of the above.
  std::unordered_map<
      std::string, std::pair<std::vector<const TaskRecord*>, std::vector<const ReservationRecord*>>>
      routed;
  for (const TaskRecord& task : snapshot.tasks) {
    routed[task.workspace_sid].first.push_back(&task);
  }
  for (const ReservationRecord& reservation : snapshot.reservations) {
    routed[reservation.workspace_sid].second.push_back(&reservation);
  }
  for (const auto& [workspace_sid, records] : routed) {
    auto it = states.find(workspace_sid);
    if (it != states.end()) {
      RestoreRouting(*it->second, records.first, records.second);
    }
  }
  return states;
}

void WorkspaceRegistry::Load(const Snapshot& snapshot) {
  std::unordered_map<std::string, StatePtr> states = BuildStates(snapshot);
  std::unique_lock lock(mu_);
  workspaces_ = std::move(states);
  by_account_.clear();
  for (const auto& [sid, state] : workspaces_) {
    by_account_[state->account_sid][state->seq] = state;
  }
  next_seq_ = std::max<int64_t>(next_seq_, snapshot.max_seq + 1);
}

void WorkspaceRegistry::Reload() {
  Result<Snapshot> snapshot = store_.Load();
  if (!snapshot.ok()) {
    // The store can be read no more than written; the view stays as it is, and the commands
    // that saw the failed changes have failed with it.
    return;
  }
  // Workspace creations and deletions hold their account's mutex from commit to view change.
  std::vector<std::unique_lock<std::mutex>> account_locks;
  std::vector<StatePtr> old;
  {
    std::vector<std::mutex*> account_mutexes;
    {
      std::shared_lock lock(mu_);
      for (const auto& [account, mu] : account_mutexes_) {
        account_mutexes.push_back(mu.get());
      }
    }
    for (std::mutex* mu : account_mutexes) {
      account_locks.emplace_back(*mu);
    }
  }
  {
    std::shared_lock lock(mu_);
    for (const auto& [sid, state] : workspaces_) {
      old.push_back(state);
    }
  }
  Load(snapshot.value());
  // A command that found an old state before the swap either waits on its lock and then finds
  // the new one, or already holds it; then its answer waits on the failed commit and fails.
  for (const StatePtr& state : old) {
    std::lock_guard<std::mutex> lock(state->mu);
    state->deleted = true;
    state->replaced = true;
  }
}

StatePtr WorkspaceRegistry::Find(const std::string& account_sid, const std::string& sid) const {
  std::shared_lock lock(mu_);
  auto it = workspaces_.find(sid);
  if (it == workspaces_.end() || it->second->account_sid != account_sid) {
    return nullptr;
  }
  return it->second;
}

std::vector<StatePtr> WorkspaceRegistry::ListAll() const {
  std::shared_lock lock(mu_);
  std::vector<StatePtr> states;
  states.reserve(workspaces_.size());
  for (const auto& [sid, state] : workspaces_) {
    states.push_back(state);
  }
  return states;
}

void WorkspaceRegistry::ReloadAfterFailure() {
  if (mode_ == CommitMode::kWait) {
    reload_pending_ = true;
  }
}

void WorkspaceRegistry::SendAssignments(std::vector<AssignmentRequest> requests) {
  if (requests.empty() || !assignment_sender_) {
    return;
  }
  if (mode_ == CommitMode::kWait) {
    assignment_sender_(std::move(requests));
    return;
  }
  // In group mode the batch may still be queued: no callback goes out for a Reservation that
  // might not be stored.
  WhenSettled(request_ticket, [send = assignment_sender_,
                               requests = std::move(requests)](const Status& status) mutable {
    if (status.ok()) {
      send(std::move(requests));
    }
  });
}

std::vector<StatePtr> WorkspaceRegistry::ListForAccount(const std::string& account_sid) const {
  std::shared_lock lock(mu_);
  std::vector<StatePtr> states;
  auto it = by_account_.find(account_sid);
  if (it != by_account_.end()) {
    for (const auto& [workspace_seq, state] : it->second) {
      states.push_back(state);
    }
  }
  return states;
}

size_t WorkspaceRegistry::CountForAccount(const std::string& account_sid) const {
  std::shared_lock lock(mu_);
  auto it = by_account_.find(account_sid);
  return it == by_account_.end() ? 0 : it->second.size();
}

void WorkspaceRegistry::Add(const StatePtr& state) {
  state->last_ticket = std::max(state->last_ticket, request_ticket);
  std::unique_lock lock(mu_);
  workspaces_[state->record.sid] = state;
  by_account_[state->account_sid][state->seq] = state;
}

void WorkspaceRegistry::Remove(const StatePtr& state) {
  std::unique_lock lock(mu_);
  auto it = workspaces_.find(state->record.sid);
  if (it != workspaces_.end() && it->second == state) {
    workspaces_.erase(it);
    by_account_[state->account_sid].erase(state->seq);
  }
}

std::mutex& WorkspaceRegistry::AccountMutex(const std::string& account_sid) {
  std::unique_lock lock(mu_);
  std::unique_ptr<std::mutex>& mu = account_mutexes_[account_sid];
  if (mu == nullptr) {
    mu = std::make_unique<std::mutex>();
  }
  return *mu;
}

void WorkspaceRegistry::StopCommits() { commits_.reset(); }

Status WorkspaceRegistry::Commit(Batch batch) {
  if (commits_ == nullptr) {
    return Error::Internal("The server is shutting down");
  }
  Result<CommitTicket> ticket = commits_->Enqueue(std::move(batch));
  if (!ticket.ok()) {
    return ticket.error();
  }
  SeeTicket(ticket.value());
  return mode_ == CommitMode::kWait ? commits_->Wait(ticket.value()) : Status();
}

void WorkspaceRegistry::BeginRequest() { request_ticket = 0; }

CommitTicket WorkspaceRegistry::RequestTicket() { return request_ticket; }

void WorkspaceRegistry::SeeTicket(CommitTicket ticket) {
  request_ticket = std::max(request_ticket, ticket);
}

Status WorkspaceRegistry::AwaitRequest() {
  // Without group commit the view shows only committed changes.
  return mode_ == CommitMode::kWait ? Status() : commits_->Wait(request_ticket);
}

void WorkspaceRegistry::WhenSettled(CommitTicket ticket, std::function<void(const Status&)> done) {
  commits_->WhenSettled(ticket, std::move(done));
}

LockedWorkspace::LockedWorkspace(WorkspaceRegistry& registry, const std::string& account_sid,
                                 const std::string& sid)
    : registry_(registry) {
  for (;;) {
    state_ = registry.Find(account_sid, sid);
    if (state_ == nullptr) {
      return;
    }
    lock_ = std::unique_lock<std::mutex>(state_->mu);
    if (!state_->deleted) {
      WorkspaceRegistry::SeeTicket(state_->last_ticket);
      return;
    }
    bool replaced = state_->replaced;
    lock_.unlock();
    if (!replaced) {
      state_ = nullptr;
      return;
    }
    // A reload swapped in a new state for this Workspace; look it up again.
  }
}

LockedWorkspace::~LockedWorkspace() {
  if (state_ != nullptr && lock_.owns_lock()) {
    state_->last_ticket = std::max(state_->last_ticket, request_ticket);
    lock_.unlock();
  }
  if (registry_.reload_pending_.exchange(false)) {
    registry_.Reload();
  }
}

}  // namespace taskrouter
