#include "domain/workspace_registry.h"

#include <algorithm>

#include "common/text.h"

namespace taskrouter {

const ActivityRecord* WorkspaceState::FindActivity(const std::string& sid) const {
  auto it = activity_seqs.find(sid);
  return it == activity_seqs.end() ? nullptr : &activities.at(it->second);
}

const WorkerRecord* WorkspaceState::FindWorker(const std::string& sid) const {
  auto it = worker_seqs.find(sid);
  return it == worker_seqs.end() ? nullptr : &workers.at(it->second);
}

std::string WorkspaceState::ActivityName(const std::string& sid) const {
  const ActivityRecord* activity = FindActivity(sid);
  return activity == nullptr ? "" : activity->friendly_name;
}

bool WorkspaceState::IsAvailable(const std::string& activity_sid) const {
  const ActivityRecord* activity = FindActivity(activity_sid);
  return activity != nullptr && activity->available;
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
  workers[worker.seq] = worker;
  worker_seqs[worker.sid] = worker.seq;
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
}

void WorkspaceRegistry::Load(const Snapshot& snapshot) {
  std::unique_lock lock(mu_);
  for (const WorkspaceRecord& record : snapshot.workspaces) {
    auto state = std::make_shared<WorkspaceState>(record.account_sid, record.seq);
    state->record = record;
    workspaces_[record.sid] = state;
    by_account_[record.account_sid][record.seq] = state;
  }
  for (const ActivityRecord& activity : snapshot.activities) {
    auto it = workspaces_.find(activity.workspace_sid);
    if (it != workspaces_.end()) {
      it->second->PutActivity(activity);
    }
  }
  for (const WorkerRecord& worker : snapshot.workers) {
    auto it = workspaces_.find(worker.workspace_sid);
    if (it != workspaces_.end()) {
      it->second->PutWorker(worker);
    }
  }
  next_seq_ = snapshot.max_seq + 1;
}

StatePtr WorkspaceRegistry::Find(const std::string& account_sid, const std::string& sid) const {
  std::shared_lock lock(mu_);
  auto it = workspaces_.find(sid);
  if (it == workspaces_.end() || it->second->account_sid != account_sid) {
    return nullptr;
  }
  return it->second;
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
  std::unique_lock lock(mu_);
  workspaces_[state->record.sid] = state;
  by_account_[state->account_sid][state->seq] = state;
}

void WorkspaceRegistry::Remove(const StatePtr& state) {
  std::unique_lock lock(mu_);
  workspaces_.erase(state->record.sid);
  by_account_[state->account_sid].erase(state->seq);
}

std::mutex& WorkspaceRegistry::AccountMutex(const std::string& account_sid) {
  std::unique_lock lock(mu_);
  std::unique_ptr<std::mutex>& mu = account_mutexes_[account_sid];
  if (mu == nullptr) {
    mu = std::make_unique<std::mutex>();
  }
  return *mu;
}

Status WorkspaceRegistry::Commit(const Batch& batch) {
  Status status = store_.Commit(batch);
  bool queued = std::any_of(batch.begin(), batch.end(), [](const Mutation& m) {
    return std::holds_alternative<DeliveryRecord>(m);
  });
  if (status.ok() && queued && on_deliveries_) {
    on_deliveries_();
  }
  return status;
}

LockedWorkspace::LockedWorkspace(const WorkspaceRegistry& registry, const std::string& account_sid,
                                 const std::string& sid)
    : state_(registry.Find(account_sid, sid)) {
  if (state_ != nullptr) {
    lock_ = std::unique_lock<std::mutex>(state_->mu);
    if (state_->deleted) {
      lock_.unlock();
      state_ = nullptr;
    }
  }
}

}  // namespace taskrouter
