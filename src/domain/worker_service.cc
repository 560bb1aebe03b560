#include "domain/worker_service.h"

#include "common/attributes.h"
#include "common/sid.h"
#include "common/text.h"
#include "domain/events.h"
#include "domain/routing.h"
#include "domain/workspace_service.h"

namespace taskrouter {
namespace {

WorkerView ViewOf(const WorkspaceState& state, const WorkerRecord& worker) {
  return WorkerView{worker, state.ActivityName(worker.activity_sid),
                    state.IsAvailable(worker.activity_sid)};
}

// 400 if another Worker than `except_sid` has `name` in any case.
Status CheckUniqueWorkerName(const WorkspaceState& state, const std::string& name,
                             const std::string& except_sid) {
  auto it = state.worker_names.find(FoldCase(name));
  if (it != state.worker_names.end() && it->second != except_sid) {
    return Error::InvalidParameter("Worker named " + name + " already exists for workspace " +
                                   state.record.sid + " for account " + state.account_sid);
  }
  return {};
}

Status CheckVersion(const WorkerRecord& worker, std::optional<int64_t> if_match) {
  if (if_match.has_value() && *if_match != worker.version) {
    return Error(412, kCodePreconditionFailed,
                 "Worker " + worker.sid + " is at version " + std::to_string(worker.version) +
                     ", not the version " + std::to_string(*if_match) + " that If-Match gave");
  }
  return {};
}

// Where a Worker sorts in `ordering`.
PageCursor SortKey(const WorkerView& view, WorkerFilter::Ordering ordering) {
  const WorkerRecord& w = view.record;
  switch (ordering) {
    case WorkerFilter::Ordering::kCreation:
      return {w.seq, w.seq};
    case WorkerFilter::Ordering::kDateCreatedAsc:
      return {w.date_created, w.seq};
    case WorkerFilter::Ordering::kDateCreatedDesc:
      return {-w.date_created, -w.seq};
    case WorkerFilter::Ordering::kStatusChangedAsc:
      return {w.date_status_changed, w.seq};
    case WorkerFilter::Ordering::kStatusChangedDesc:
      return {-w.date_status_changed, -w.seq};
  }
  return {w.seq, w.seq};
}

bool Matches(const WorkerView& view, const WorkerFilter& filter) {
  return (!filter.activity_name.has_value() || view.activity_name == *filter.activity_name) &&
         (!filter.activity_sid.has_value() || view.record.activity_sid == *filter.activity_sid) &&
         (!filter.available.has_value() || view.available == *filter.available) &&
         (!filter.friendly_name.has_value() || view.record.friendly_name == *filter.friendly_name);
}

// True if `expression` holds for the Worker. Its attributes were checked to be a JSON object when
// they were written; should they not parse, they name nothing and only its fields match.
bool MatchesExpression(const WorkerView& view, const Expression& expression, TimeMs now) {
  Result<Attributes> parsed = ParseAttributes(view.record.attributes);
  Attributes attributes = parsed.ok() ? std::move(parsed.value()) : Attributes();
  WorkerFields fields{view.record.sid, view.record.friendly_name, view.record.activity_sid,
                      view.activity_name};
  return Evaluate(expression, WorkerResolver(attributes, fields, now));
}

// The TaskQueue the filter names by SID, else by name (in any case), or nullptr.
const TaskQueueEntry* QueueOf(const WorkspaceState& state, const WorkerFilter& filter) {
  if (filter.task_queue_sid.has_value()) {
    const TaskQueueEntry* queue = state.FindTaskQueue(*filter.task_queue_sid);
    if (queue == nullptr || !filter.task_queue_name.has_value() ||
        FoldCase(queue->record.friendly_name) == FoldCase(*filter.task_queue_name)) {
      return queue;
    }
    return nullptr;
  }
  return filter.task_queue_name.has_value() ? state.FindTaskQueueByName(*filter.task_queue_name)
                                            : nullptr;
}

}  // namespace

Status WorkerService::CheckActivity(const WorkspaceState& state, const std::string& activity_sid,
                                    const std::string& from_sid) const {
  const ActivityRecord* activity = state.FindActivity(activity_sid);
  if (activity == nullptr) {
    return Error::InvalidParameter("ActivitySid " + activity_sid +
                                   " is not an Activity of workspace " + state.record.sid +
                                   " for account " + state.account_sid);
  }
  if (activity->available && !state.IsAvailable(from_sid) &&
      state.available_workers >= max_available_workers_) {
    return Error(400, kCodeMaxConcurrentWorkers,
                 "Max concurrent Workers exceeded: workspace " + state.record.sid +
                     " already has " + std::to_string(max_available_workers_) +
                     " Workers in available Activities");
  }
  return {};
}

Result<WorkerView> WorkerService::CreateWorker(const Caller& caller,
                                               const std::string& workspace_sid,
                                               const WorkerCreate& create) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  if (!state.found()) {
    return Error::NotFound();
  }
  std::string activity_sid = create.activity_sid.value_or(state->record.default_activity_sid);
  Status status = CheckFriendlyName(create.friendly_name, "a Worker");
  if (status.ok()) {
    status = CheckUniqueWorkerName(*state, create.friendly_name, "");
  }
  if (status.ok() && state->workers.size() >= max_workers_) {
    status = Error::InvalidParameter("Workspace " + workspace_sid + " already has the maximum of " +
                                     std::to_string(max_workers_) + " Workers");
  }
  if (status.ok()) {
    status = CheckActivity(*state, activity_sid, "");
  }
  if (!status.ok()) {
    return status.error();
  }

  TimeMs now = registry_.clock().NowMs();
  WorkerRecord worker;
  worker.seq = registry_.NextSeq();
  worker.sid = NewSid("WK");
  worker.account_sid = caller.account_sid;
  worker.workspace_sid = workspace_sid;
  worker.friendly_name = create.friendly_name;
  worker.attributes = create.attributes;
  worker.activity_sid = activity_sid;
  worker.date_created = worker.date_updated = worker.date_status_changed = now;

  Batch batch = {worker, StintRecord{worker.sid, workspace_sid, activity_sid, now, std::nullopt}};
  EventRecorder(registry_, state->record, caller, now, batch)
      .Add("worker.created", "worker", worker.sid, "Worker " + worker.friendly_name + " created",
           WorkerEventData(worker, state->ActivityName(activity_sid)));
  status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutWorker(worker);
  status = RouteAfter(registry_, *state, caller, [&](Router& router) {
    router.WorkerChanged(state->workers.at(worker.seq), /*reject_pending=*/false);
  });
  if (!status.ok()) {
    return status.error();
  }
  return ViewOf(*state, state->workers.at(worker.seq));
}

Result<WorkerView> WorkerService::FetchWorker(const Caller& caller,
                                              const std::string& workspace_sid,
                                              const std::string& sid) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const WorkerRecord* worker = state.found() ? state->FindWorker(sid) : nullptr;
  if (worker == nullptr) {
    return Error::NotFound();
  }
  return ViewOf(*state, *worker);
}

Result<Page<WorkerView>> WorkerService::ListWorkers(const Caller& caller,
                                                    const std::string& workspace_sid,
                                                    const WorkerFilter& filter,
                                                    const PageRequest& page) {
  std::vector<WorkerView> matching;
  std::optional<std::string> queue_target;
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    if (!state.found()) {
      return Error::NotFound();
    }
    const TaskQueueEntry* queue = QueueOf(*state, filter);
    if (queue != nullptr) {
      queue_target = queue->record.target_workers;
    } else if (filter.task_queue_sid.has_value() || filter.task_queue_name.has_value()) {
      return TakePage(std::move(matching), page);
    }
    for (const auto& [item_seq, worker] : state->workers) {
      WorkerView view = ViewOf(*state, worker);
      if (Matches(view, filter)) {
        matching.push_back(std::move(view));
      }
    }
  }
  // The expressions read copies, outside the Workspace's lock.
  TimeMs now = registry_.clock().NowMs();
  if (filter.target_workers.has_value()) {
    std::erase_if(matching, [&](const WorkerView& view) {
      return !MatchesExpression(view, *filter.target_workers, now);
    });
  }
  if (queue_target.has_value()) {
    // Stored TargetWorkers parsed when written; should one not parse now, it targets no one.
    Result<Expression> expression = ParseExpression(*queue_target, "TargetWorkers");
    std::erase_if(matching, [&](const WorkerView& view) {
      return !expression.ok() || !MatchesExpression(view, expression.value(), now);
    });
  }
  auto key = [ordering = filter.ordering](const WorkerView& v) { return SortKey(v, ordering); };
  std::sort(matching.begin(), matching.end(),
            [&](const WorkerView& a, const WorkerView& b) { return key(a) < key(b); });
  return TakePage(std::move(matching), page, key);
}

Result<WorkerView> WorkerService::UpdateWorker(const Caller& caller,
                                               const std::string& workspace_sid,
                                               const std::string& sid, const WorkerUpdate& update) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const WorkerRecord* current = state.found() ? state->FindWorker(sid) : nullptr;
  if (current == nullptr) {
    return Error::NotFound();
  }
  WorkerRecord worker = *current;
  Status status = CheckVersion(worker, update.if_match);
  if (status.ok() && update.friendly_name.has_value()) {
    status = CheckFriendlyName(*update.friendly_name, "a Worker");
    if (status.ok()) {
      status = CheckUniqueWorkerName(*state, *update.friendly_name, sid);
    }
  }
  if (status.ok() && update.activity_sid.has_value()) {
    status = CheckActivity(*state, *update.activity_sid, worker.activity_sid);
  }
  if (!status.ok()) {
    return status.error();
  }

  TimeMs now = registry_.clock().NowMs();
  bool moves = update.activity_sid.has_value() && *update.activity_sid != worker.activity_sid;
  bool new_attributes = update.attributes.has_value() && *update.attributes != worker.attributes;
  std::string previous_activity = worker.activity_sid;
  TimeMs previous_since = worker.date_status_changed;
  worker.friendly_name = update.friendly_name.value_or(worker.friendly_name);
  worker.attributes = update.attributes.value_or(worker.attributes);
  worker.version += 1;
  worker.date_updated = now;
  if (moves) {
    worker.activity_sid = *update.activity_sid;
    worker.date_status_changed = now;
  }

  Batch batch = {worker};
  EventRecorder events(registry_, state->record, caller, now, batch);
  std::string activity_name = state->ActivityName(worker.activity_sid);
  if (moves) {
    batch.push_back(StintEnd{sid, now});
    batch.push_back(StintRecord{sid, workspace_sid, worker.activity_sid, now, std::nullopt});
    events.Add("worker.activity.update", "worker", sid,
               "Worker " + worker.friendly_name + " updated to " + activity_name + " Activity",
               ActivityChangeData(*state, worker, previous_activity, now - previous_since));
  }
  if (new_attributes) {
    events.Add("worker.attributes.update", "worker", sid,
               "Worker " + worker.friendly_name + " updated attributes to " + worker.attributes,
               WorkerEventData(worker, activity_name));
  }
  status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status.error();
  }
  state->PutWorker(worker);
  status = RouteAfter(registry_, *state, caller, [&](Router& router) {
    router.WorkerChanged(state->workers.at(worker.seq), update.reject_pending_reservations);
  });
  if (!status.ok()) {
    return status.error();
  }
  return ViewOf(*state, state->workers.at(worker.seq));
}

Status WorkerService::DeleteWorker(const Caller& caller, const std::string& workspace_sid,
                                   const std::string& sid, std::optional<int64_t> if_match) {
  LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
  const WorkerRecord* worker = state.found() ? state->FindWorker(sid) : nullptr;
  if (worker == nullptr) {
    return Error::NotFound();
  }
  Status status = CheckVersion(*worker, if_match);
  if (!status.ok()) {
    return status;
  }
  // Its pending Reservations end first, and their Tasks go to other Workers.
  status = RouteAfter(registry_, *state, caller,
                      [&](Router& router) { router.WorkerDeleting(*worker); });
  if (!status.ok()) {
    return status;
  }
  worker = state->FindWorker(sid);

  TimeMs now = registry_.clock().NowMs();
  Batch batch = {WorkerDeletion{sid}, StintEnd{sid, now}};
  EventRecorder(registry_, state->record, caller, now, batch)
      .Add("worker.deleted", "worker", sid, "Worker " + worker->friendly_name + " deleted",
           WorkerEventData(*worker, state->ActivityName(worker->activity_sid)));
  status = registry_.Commit(std::move(batch));
  if (!status.ok()) {
    return status;
  }
  state->EraseWorker(sid);
  return {};
}

}  // namespace taskrouter
