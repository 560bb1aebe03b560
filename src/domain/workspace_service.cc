#include "domain/workspace_service.h"

#include <algorithm>

#include "common/sid.h"
#include "common/text.h"

namespace taskrouter {
namespace {

// The Activities every new Workspace starts with, in this order. The first is its default and
// timeout Activity.
struct DefaultActivity {
  const char* name;
  bool available;
};
constexpr DefaultActivity kDefaultActivities[] = {
    {"Offline", false},
    {"Unavailable", false},
    {"Available", true},
};

Status CheckFriendlyName(const std::string& name, std::string_view what) {
  if (name.empty()) {
    return Error::InvalidParameter("FriendlyName of " + std::string(what) + " cannot be empty");
  }
  if (CountCodePoints(name) > kMaxFriendlyNameLength) {
    return Error::InvalidParameter(
        "FriendlyName of " + std::string(what) + " is " + std::to_string(CountCodePoints(name)) +
        " characters long; at most " + std::to_string(kMaxFriendlyNameLength) + " are allowed");
  }
  return {};
}

Status CheckQueueOrder(const std::string& order) {
  if (order != "FIFO" && order != "LIFO") {
    return Error::InvalidParameter("PrioritizeQueueOrder must be FIFO or LIFO, not '" + order +
                                   "'");
  }
  return {};
}

Status CheckTemplate(const std::string& name) {
  if (name == "NONE") {
    return {};
  }
  if (name == "FIFO") {
    return Error::InvalidParameter(
        "Template FIFO creates a TaskQueue and a Workflow, which this server does not support "
        "yet; create the Workspace with Template NONE");
  }
  return Error::InvalidParameter("Template must be NONE or FIFO, not '" + name + "'");
}

// What in the Workspace still uses Activity `sid`, as a phrase, or "" if nothing does.
std::string UsesOfActivity(const WorkspaceRecord& workspace, const std::string& sid) {
  bool is_default = workspace.default_activity_sid == sid;
  bool is_timeout = workspace.timeout_activity_sid == sid;
  if (is_default && is_timeout) {
    return "it is the Workspace's default activity and timeout activity";
  }
  if (is_default) {
    return "it is the Workspace's default activity";
  }
  if (is_timeout) {
    return "it is the Workspace's timeout activity";
  }
  return "";
}

}  // namespace

const ActivityRecord* WorkspaceService::WorkspaceState::FindActivity(const std::string& sid) const {
  auto it = activity_seqs.find(sid);
  return it == activity_seqs.end() ? nullptr : &activities.at(it->second);
}

WorkspaceView WorkspaceService::WorkspaceState::View() const {
  WorkspaceView view{record, "", ""};
  if (const ActivityRecord* a = FindActivity(record.default_activity_sid)) {
    view.default_activity_name = a->friendly_name;
  }
  if (const ActivityRecord* a = FindActivity(record.timeout_activity_sid)) {
    view.timeout_activity_name = a->friendly_name;
  }
  return view;
}

Status WorkspaceService::WorkspaceState::CheckUniqueActivityName(
    const std::string& name, const std::string& except_sid) const {
  std::string folded = FoldCase(name);
  for (const auto& [activity_seq, activity] : activities) {
    if (activity.sid != except_sid && FoldCase(activity.friendly_name) == folded) {
      return Error::InvalidParameter("Activity named " + name + " already exists for workspace " +
                                     record.sid + " for account " + record.account_sid);
    }
  }
  return {};
}

void WorkspaceService::Load(const Snapshot& snapshot) {
  std::unique_lock lock(index_mu_);
  int64_t max_seq = 0;
  for (const WorkspaceRecord& record : snapshot.workspaces) {
    auto state = std::make_shared<WorkspaceState>(record.account_sid, record.seq);
    state->record = record;
    workspaces_[record.sid] = state;
    workspaces_by_account_[record.account_sid][record.seq] = state;
    max_seq = std::max(max_seq, record.seq);
  }
  for (const ActivityRecord& activity : snapshot.activities) {
    auto it = workspaces_.find(activity.workspace_sid);
    if (it == workspaces_.end()) {
      continue;
    }
    it->second->activities[activity.seq] = activity;
    it->second->activity_seqs[activity.sid] = activity.seq;
    max_seq = std::max(max_seq, activity.seq);
  }
  next_seq_ = max_seq + 1;
}

WorkspaceService::StatePtr WorkspaceService::FindWorkspace(const std::string& account_sid,
                                                           const std::string& sid) const {
  std::shared_lock lock(index_mu_);
  auto it = workspaces_.find(sid);
  if (it == workspaces_.end() || it->second->account_sid != account_sid) {
    return nullptr;
  }
  return it->second;
}

std::mutex& WorkspaceService::AccountMutex(const std::string& account_sid) {
  std::unique_lock lock(index_mu_);
  std::unique_ptr<std::mutex>& mu = account_mutexes_[account_sid];
  if (mu == nullptr) {
    mu = std::make_unique<std::mutex>();
  }
  return *mu;
}

size_t WorkspaceService::CountWorkspaces(const std::string& account_sid) const {
  std::shared_lock lock(index_mu_);
  auto it = workspaces_by_account_.find(account_sid);
  return it == workspaces_by_account_.end() ? 0 : it->second.size();
}

Result<WorkspaceView> WorkspaceService::CreateWorkspace(const std::string& account_sid,
                                                        const WorkspaceCreate& create) {
  for (const Status& status :
       {CheckFriendlyName(create.friendly_name, "a Workspace"),
        CheckQueueOrder(create.prioritize_queue_order), CheckTemplate(create.template_name)}) {
    if (!status.ok()) {
      return status.error();
    }
  }
  std::lock_guard<std::mutex> account_lock(AccountMutex(account_sid));
  if (CountWorkspaces(account_sid) >= kMaxWorkspacesPerAccount) {
    return Error::InvalidParameter("Account " + account_sid + " already has the maximum of " +
                                   std::to_string(kMaxWorkspacesPerAccount) + " Workspaces");
  }

  TimeMs now = clock_.NowMs();
  auto state = std::make_shared<WorkspaceState>(account_sid, NextSeq());
  WorkspaceRecord& record = state->record;
  record.seq = state->seq;
  record.sid = NewSid("WS");
  record.account_sid = account_sid;
  record.friendly_name = create.friendly_name;
  record.event_callback_url = create.event_callback_url;
  record.events_filter = create.events_filter;
  record.multi_task_enabled = create.multi_task_enabled;
  record.prioritize_queue_order = create.prioritize_queue_order;
  record.date_created = record.date_updated = now;

  Batch batch;
  for (const DefaultActivity& preset : kDefaultActivities) {
    ActivityRecord activity{NextSeq(),   NewSid("WA"),     account_sid, record.sid,
                            preset.name, preset.available, now,         now};
    state->activities[activity.seq] = activity;
    state->activity_seqs[activity.sid] = activity.seq;
    batch.push_back(activity);
  }
  record.default_activity_sid = record.timeout_activity_sid = state->activities.begin()->second.sid;
  batch.insert(batch.begin(), record);

  Status status = store_.Commit(batch);
  if (!status.ok()) {
    return status.error();
  }
  std::unique_lock lock(index_mu_);
  workspaces_[record.sid] = state;
  workspaces_by_account_[account_sid][record.seq] = state;
  return state->View();
}

Result<WorkspaceView> WorkspaceService::FetchWorkspace(const std::string& account_sid,
                                                       const std::string& sid) {
  StatePtr state = FindWorkspace(account_sid, sid);
  if (state == nullptr) {
    return Error::NotFound();
  }
  std::lock_guard<std::mutex> lock(state->mu);
  if (state->deleted) {
    return Error::NotFound();
  }
  return state->View();
}

Page<WorkspaceView> WorkspaceService::ListWorkspaces(
    const std::string& account_sid, const std::optional<std::string>& friendly_name,
    const PageRequest& page) {
  std::vector<StatePtr> states;
  {
    std::shared_lock lock(index_mu_);
    auto it = workspaces_by_account_.find(account_sid);
    if (it != workspaces_by_account_.end()) {
      for (const auto& [workspace_seq, state] : it->second) {
        states.push_back(state);
      }
    }
  }
  std::vector<WorkspaceView> views;
  for (const StatePtr& state : states) {
    std::lock_guard<std::mutex> lock(state->mu);
    if (!state->deleted &&
        (!friendly_name.has_value() || state->record.friendly_name == *friendly_name)) {
      views.push_back(state->View());
    }
  }
  return TakePage(std::move(views), page);
}

Result<WorkspaceView> WorkspaceService::UpdateWorkspace(const std::string& account_sid,
                                                        const std::string& sid,
                                                        const WorkspaceUpdate& update) {
  StatePtr state = FindWorkspace(account_sid, sid);
  if (state == nullptr) {
    return Error::NotFound();
  }
  std::lock_guard<std::mutex> lock(state->mu);
  if (state->deleted) {
    return Error::NotFound();
  }

  WorkspaceRecord record = state->record;
  if (update.friendly_name.has_value()) {
    Status status = CheckFriendlyName(*update.friendly_name, "a Workspace");
    if (!status.ok()) {
      return status.error();
    }
    record.friendly_name = *update.friendly_name;
  }
  if (update.prioritize_queue_order.has_value()) {
    Status status = CheckQueueOrder(*update.prioritize_queue_order);
    if (!status.ok()) {
      return status.error();
    }
    record.prioritize_queue_order = *update.prioritize_queue_order;
  }

  // Default and timeout Activities must belong to this Workspace.
  for (auto [sid_param, name, target] :
       {std::tuple(&update.default_activity_sid, "DefaultActivitySid",
                   &record.default_activity_sid),
        std::tuple(&update.timeout_activity_sid, "TimeoutActivitySid",
                   &record.timeout_activity_sid)}) {
    if (!sid_param->has_value()) {
      continue;
    }
    if (state->FindActivity(**sid_param) == nullptr) {
      return Error::InvalidParameter(std::string(name) + " " + **sid_param +
                                     " is not an Activity of workspace " + sid + " for account " +
                                     account_sid);
    }
    *target = **sid_param;
  }

  // An empty value clears an optional field.
  for (auto [value, target] : {std::pair(&update.event_callback_url, &record.event_callback_url),
                               std::pair(&update.events_filter, &record.events_filter)}) {
    if (value->has_value()) {
      *target = (*value)->empty() ? std::nullopt : *value;
    }
  }
  if (update.multi_task_enabled.has_value()) {
    record.multi_task_enabled = *update.multi_task_enabled;
  }
  record.date_updated = clock_.NowMs();

  Status status = store_.Commit({record});
  if (!status.ok()) {
    return status.error();
  }
  state->record = record;
  return state->View();
}

Status WorkspaceService::DeleteWorkspace(const std::string& account_sid, const std::string& sid) {
  std::lock_guard<std::mutex> account_lock(AccountMutex(account_sid));
  StatePtr state = FindWorkspace(account_sid, sid);
  if (state == nullptr) {
    return Error::NotFound();
  }
  {
    std::lock_guard<std::mutex> lock(state->mu);
    if (state->deleted) {
      return Error::NotFound();
    }
    Status status = store_.Commit({WorkspaceDeletion{sid}});
    if (!status.ok()) {
      return status;
    }
    state->deleted = true;
  }
  std::unique_lock lock(index_mu_);
  workspaces_.erase(sid);
  workspaces_by_account_[account_sid].erase(state->seq);
  return {};
}

Result<ActivityRecord> WorkspaceService::CreateActivity(const std::string& account_sid,
                                                        const std::string& workspace_sid,
                                                        const std::string& friendly_name,
                                                        bool available) {
  StatePtr state = FindWorkspace(account_sid, workspace_sid);
  if (state == nullptr) {
    return Error::NotFound();
  }
  std::lock_guard<std::mutex> lock(state->mu);
  if (state->deleted) {
    return Error::NotFound();
  }
  Status status = CheckFriendlyName(friendly_name, "an Activity");
  if (status.ok()) {
    status = state->CheckUniqueActivityName(friendly_name, "");
  }
  if (status.ok() && state->activities.size() >= kMaxActivitiesPerWorkspace) {
    status = Error::InvalidParameter("Workspace " + workspace_sid + " already has the maximum of " +
                                     std::to_string(kMaxActivitiesPerWorkspace) +
                                     " Activities, the default ones included");
  }
  if (!status.ok()) {
    return status.error();
  }

  TimeMs now = clock_.NowMs();
  ActivityRecord activity{NextSeq(),     NewSid("WA"), account_sid, workspace_sid,
                          friendly_name, available,    now,         now};
  status = store_.Commit({activity});
  if (!status.ok()) {
    return status.error();
  }
  state->activities[activity.seq] = activity;
  state->activity_seqs[activity.sid] = activity.seq;
  return activity;
}

Result<ActivityRecord> WorkspaceService::FetchActivity(const std::string& account_sid,
                                                       const std::string& workspace_sid,
                                                       const std::string& sid) {
  StatePtr state = FindWorkspace(account_sid, workspace_sid);
  if (state == nullptr) {
    return Error::NotFound();
  }
  std::lock_guard<std::mutex> lock(state->mu);
  const ActivityRecord* activity = state->deleted ? nullptr : state->FindActivity(sid);
  if (activity == nullptr) {
    return Error::NotFound();
  }
  return *activity;
}

Result<Page<ActivityRecord>> WorkspaceService::ListActivities(const std::string& account_sid,
                                                              const std::string& workspace_sid,
                                                              const ActivityFilter& filter,
                                                              const PageRequest& page) {
  StatePtr state = FindWorkspace(account_sid, workspace_sid);
  if (state == nullptr) {
    return Error::NotFound();
  }
  std::vector<ActivityRecord> matching;
  {
    std::lock_guard<std::mutex> lock(state->mu);
    if (state->deleted) {
      return Error::NotFound();
    }
    for (const auto& [activity_seq, activity] : state->activities) {
      if ((!filter.friendly_name.has_value() || activity.friendly_name == *filter.friendly_name) &&
          (!filter.available.has_value() || activity.available == *filter.available)) {
        matching.push_back(activity);
      }
    }
  }
  return TakePage(std::move(matching), page);
}

Result<ActivityRecord> WorkspaceService::UpdateActivity(
    const std::string& account_sid, const std::string& workspace_sid, const std::string& sid,
    const std::optional<std::string>& friendly_name) {
  StatePtr state = FindWorkspace(account_sid, workspace_sid);
  if (state == nullptr) {
    return Error::NotFound();
  }
  std::lock_guard<std::mutex> lock(state->mu);
  const ActivityRecord* current = state->deleted ? nullptr : state->FindActivity(sid);
  if (current == nullptr) {
    return Error::NotFound();
  }

  ActivityRecord activity = *current;
  if (friendly_name.has_value()) {
    Status status = CheckFriendlyName(*friendly_name, "an Activity");
    if (status.ok()) {
      status = state->CheckUniqueActivityName(*friendly_name, sid);
    }
    if (!status.ok()) {
      return status.error();
    }
    activity.friendly_name = *friendly_name;
  }
  activity.date_updated = clock_.NowMs();

  Status status = store_.Commit({activity});
  if (!status.ok()) {
    return status.error();
  }
  state->activities[activity.seq] = activity;
  return activity;
}

Status WorkspaceService::DeleteActivity(const std::string& account_sid,
                                        const std::string& workspace_sid, const std::string& sid) {
  StatePtr state = FindWorkspace(account_sid, workspace_sid);
  if (state == nullptr) {
    return Error::NotFound();
  }
  std::lock_guard<std::mutex> lock(state->mu);
  const ActivityRecord* activity = state->deleted ? nullptr : state->FindActivity(sid);
  if (activity == nullptr) {
    return Error::NotFound();
  }
  std::string uses = UsesOfActivity(state->record, sid);
  if (!uses.empty()) {
    return Error::InvalidParameter("Cannot delete activity " + sid + " in workspace " +
                                   workspace_sid + " for account " + account_sid + " because " +
                                   uses);
  }

  Status status = store_.Commit({ActivityDeletion{sid}});
  if (!status.ok()) {
    return status;
  }
  int64_t seq = activity->seq;
  state->activity_seqs.erase(sid);
  state->activities.erase(seq);
  return {};
}

}  // namespace taskrouter
