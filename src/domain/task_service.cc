#include "domain/task_service.h"

#include <algorithm>
#include <utility>

#include "common/sid.h"
#include "common/text.h"
#include "domain/expression.h"
#include "domain/routing.h"

namespace taskrouter {
namespace {

constexpr int kCodePreconditionFailedTask = 20412;

Status CheckTaskVersion(const TaskRecord& task, std::optional<int64_t> if_match) {
  if (if_match.has_value() && *if_match != task.version) {
    return Error(412, kCodePreconditionFailedTask,
                 "Task " + task.sid + " is at version " + std::to_string(task.version) +
                     ", not the version " + std::to_string(*if_match) + " that If-Match gave");
  }
  return {};
}

Status CheckPriority(int64_t priority) {
  if (priority < 0 || priority > kMaxTaskPriority) {
    return Error::InvalidParameter("Priority must be between 0 and " +
                                   std::to_string(kMaxTaskPriority) + ", not " +
                                   std::to_string(priority));
  }
  return {};
}

Status CheckVirtualStartTime(TimeMs when, TimeMs now) {
  if (when > now) {
    return Error::InvalidParameter("VirtualStartTime " + FormatIsoTime(when) + " is in the future");
  }
  return {};
}

TaskView ViewOf(const WorkspaceState& state, const TaskRecord& task, TimeMs now) {
  TaskView view{task, "", "", "", (now - task.date_created) / 1000};
  if (const TaskChannelRecord* channel = state.FindTaskChannel(task.task_channel_sid)) {
    view.task_channel_unique_name = channel->unique_name;
  }
  if (const WorkflowEntry* flow = state.FindWorkflow(task.workflow_sid)) {
    view.workflow_friendly_name = flow->record.friendly_name;
  }
  if (task.task_queue_sid.has_value()) {
    if (const TaskQueueEntry* queue = state.FindTaskQueue(*task.task_queue_sid)) {
      view.task_queue_friendly_name = queue->record.friendly_name;
    }
  }
  return view;
}

ReservationView ViewOf(const WorkspaceState& state, const ReservationRecord& reservation) {
  const WorkerRecord* worker = state.FindWorker(reservation.worker_sid);
  return ReservationView{reservation, worker == nullptr ? "" : worker->friendly_name};
}

// The TaskChannel `key` (SID or unique name) names, or 400.
Result<std::string> ResolveChannel(const WorkspaceState& state, const std::string& key) {
  const TaskChannelRecord* channel = state.FindTaskChannel(key);
  if (channel == nullptr) {
    return Error::InvalidParameter("TaskChannel " + key + " is not a TaskChannel of workspace " +
                                   state.record.sid);
  }
  return channel->sid;
}

// Where a Task sorts in a list `ordering`: "DateCreated" or "Priority", each ":asc" or ":desc",
// one or two of them separated by a comma. Unknown orderings were refused by the API layer;
// here they keep creation order.
PageCursor SortKey(const TaskView& view, const std::optional<std::string>& ordering) {
  const TaskRecord& t = view.record;
  if (!ordering.has_value()) {
    return {t.seq, t.seq};
  }
  std::vector<std::string_view> parts;
  std::string_view rest = *ordering;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    parts.push_back(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  PageCursor key{t.seq, t.seq};
  bool primary_set = false;
  for (std::string_view part : parts) {
    bool descending = part.ends_with(":desc");
    bool by_priority = part.starts_with("Priority");
    int64_t value = by_priority ? t.priority : t.seq;
    value = descending ? -value : value;
    if (!primary_set) {
      key.primary = value;
      key.seq = descending && !by_priority ? -t.seq : t.seq;
      primary_set = true;
    } else if (!by_priority) {
      key.seq = descending ? -t.seq : t.seq;
    }
  }
  return key;
}

}  // namespace

template <typename T, typename Fn>
Result<T> TaskService::WithRouter(const Caller& caller, const std::string& workspace_sid,
                                  Fn&& command) {
  Status commit;
  std::optional<T> value;
  {
    LockedWorkspace state(registry_, caller.account_sid, workspace_sid);
    if (!state.found()) {
      return Error::NotFound();
    }
    Batch batch;
    Router router(registry_, *state, caller, registry_.clock().NowMs(), batch);
    router.RunDueTimers();
    // A command that fails changes nothing; the timeouts that were due still stand.
    Result<T> result = command(*state, router);
    router.Settle();
    std::vector<AssignmentRequest> assignments = router.TakeAssignments();
    if (!batch.empty()) {
      CompactRecords(batch);
      commit = registry_.Commit(std::move(batch));
    }
    if (!commit.ok()) {
      registry_.ReloadAfterFailure();
    } else {
      registry_.SendAssignments(std::move(assignments));
      if (!result.ok()) {
        return result.error();
      }
      value = std::move(result).value();
    }
  }
  if (!commit.ok()) {
    return commit.error();
  }
  return std::move(*value);
}

Result<TaskView> TaskService::CreateTask(const Caller& caller, const std::string& workspace_sid,
                                         const TaskCreate& create) {
  Result<Attributes> attributes = ParseAttributes(create.attributes);
  if (!attributes.ok()) {
    return attributes.error();
  }
  if (create.timeout < 1 || create.timeout > kMaxTaskTimeout) {
    return Error::InvalidParameter("Timeout must be between 1 and " +
                                   std::to_string(kMaxTaskTimeout) + " seconds, not " +
                                   std::to_string(create.timeout));
  }
  if (create.priority.has_value()) {
    if (Status status = CheckPriority(*create.priority); !status.ok()) {
      return status.error();
    }
  }
  return WithRouter<TaskView>(
      caller, workspace_sid, [&](WorkspaceState& state, Router& router) -> Result<TaskView> {
        TimeMs now = router.now();
        if (create.virtual_start_time.has_value()) {
          if (Status status = CheckVirtualStartTime(*create.virtual_start_time, now);
              !status.ok()) {
            return status.error();
          }
        }
        Result<std::string> channel =
            ResolveChannel(state, create.task_channel.value_or("default"));
        if (!channel.ok()) {
          return channel.error();
        }
        std::string workflow_sid;
        if (create.workflow_sid.has_value()) {
          if (state.FindWorkflow(*create.workflow_sid) == nullptr) {
            return Error::InvalidParameter("WorkflowSid " + *create.workflow_sid +
                                           " is not a Workflow of workspace " + workspace_sid);
          }
          workflow_sid = *create.workflow_sid;
        } else if (state.workflows.size() == 1) {
          workflow_sid = state.workflows.begin()->second.record.sid;
        } else if (state.workflows.empty()) {
          return Error::InvalidParameter("Workspace " + workspace_sid +
                                         " has no Workflow to route the Task");
        } else {
          return Error::InvalidParameter("WorkflowSid is required: workspace " + workspace_sid +
                                         " has " + std::to_string(state.workflows.size()) +
                                         " Workflows");
        }

        TaskRecord task;
        task.seq = registry_.NextSeq();
        task.sid = NewSid("WT");
        task.account_sid = caller.account_sid;
        task.workspace_sid = workspace_sid;
        task.attributes = create.attributes;
        task.priority = create.priority.value_or(0);
        task.task_channel_sid = channel.value();
        task.workflow_sid = workflow_sid;
        task.timeout = create.timeout;
        task.date_created = now;
        task.date_updated = now;
        task.virtual_start_time = create.virtual_start_time.value_or(now);
        std::string sid = task.sid;
        router.AddTask(std::move(task), std::move(attributes).value());
        router.Settle();
        return ViewOf(state, state.routing.FindTask(sid)->record, now);
      });
}

Result<TaskView> TaskService::FetchTask(const Caller& caller, const std::string& workspace_sid,
                                        const std::string& sid) {
  return WithRouter<TaskView>(caller, workspace_sid,
                              [&](WorkspaceState& state, Router& router) -> Result<TaskView> {
                                const TaskEntry* task = state.routing.FindTask(sid);
                                if (task == nullptr) {
                                  return Error::NotFound();
                                }
                                return ViewOf(state, task->record, router.now());
                              });
}

Result<Page<TaskView>> TaskService::ListTasks(const Caller& caller,
                                              const std::string& workspace_sid,
                                              const TaskFilter& filter, const PageRequest& page) {
  std::optional<Expression> evaluate;
  if (filter.evaluate_task_attributes.has_value()) {
    Result<Expression> parsed =
        ParseExpression(*filter.evaluate_task_attributes, "EvaluateTaskAttributes");
    if (!parsed.ok()) {
      return parsed.error();
    }
    evaluate = std::move(parsed).value();
  }
  Result<std::vector<TaskView>> matching = WithRouter<std::vector<TaskView>>(
      caller, workspace_sid,
      [&](WorkspaceState& state, Router& router) -> Result<std::vector<TaskView>> {
        std::vector<TaskView> views;
        for (const auto& [seq, task] : state.routing.tasks) {
          const TaskRecord& t = task.record;
          if (filter.priority.has_value() && t.priority != *filter.priority) {
            continue;
          }
          if (!filter.assignment_statuses.empty() &&
              std::find(filter.assignment_statuses.begin(), filter.assignment_statuses.end(),
                        t.assignment_status) == filter.assignment_statuses.end()) {
            continue;
          }
          if (filter.workflow_sid.has_value() && t.workflow_sid != *filter.workflow_sid) {
            continue;
          }
          if (filter.task_queue_sid.has_value() && t.task_queue_sid != *filter.task_queue_sid) {
            continue;
          }
          TaskView view = ViewOf(state, t, router.now());
          if (filter.workflow_name.has_value() &&
              view.workflow_friendly_name != *filter.workflow_name) {
            continue;
          }
          if (filter.task_queue_name.has_value() &&
              (!t.task_queue_sid.has_value() ||
               FoldCase(view.task_queue_friendly_name) != FoldCase(*filter.task_queue_name))) {
            continue;
          }
          if (evaluate.has_value() &&
              !Evaluate(*evaluate, AttributesResolver(task.attributes, router.now()))) {
            continue;
          }
          views.push_back(std::move(view));
        }
        return views;
      });
  if (!matching.ok()) {
    return matching.error();
  }
  std::vector<TaskView> views = std::move(matching).value();
  auto key = [&filter](const TaskView& view) { return SortKey(view, filter.ordering); };
  std::stable_sort(views.begin(), views.end(),
                   [&](const TaskView& a, const TaskView& b) { return key(a) < key(b); });
  return TakePage(std::move(views), page, key);
}

Result<TaskView> TaskService::UpdateTask(const Caller& caller, const std::string& workspace_sid,
                                         const std::string& sid, const TaskUpdate& update) {
  std::optional<Attributes> attributes;
  if (update.attributes.has_value()) {
    Result<Attributes> parsed = ParseAttributes(*update.attributes);
    if (!parsed.ok()) {
      return parsed.error();
    }
    attributes = std::move(parsed).value();
  }
  if (update.priority.has_value()) {
    if (Status status = CheckPriority(*update.priority); !status.ok()) {
      return status.error();
    }
  }
  const std::optional<std::string>& status_to = update.assignment_status;
  if (status_to.has_value() && *status_to != "canceled" && *status_to != "wrapping" &&
      *status_to != "completed") {
    return Error::InvalidParameter(
        "AssignmentStatus can be set to canceled, wrapping or completed, not '" + *status_to + "'");
  }
  bool changes_fields = update.attributes.has_value() || update.priority.has_value() ||
                        update.task_channel.has_value() || update.virtual_start_time.has_value();
  if (status_to.has_value() && changes_fields) {
    return Error::InvalidParameter(
        "AssignmentStatus cannot be changed together with Attributes, Priority, TaskChannel or "
        "VirtualStartTime: send two requests");
  }
  return WithRouter<TaskView>(
      caller, workspace_sid, [&](WorkspaceState& state, Router& router) -> Result<TaskView> {
        TaskEntry* task = state.routing.FindTask(sid);
        if (task == nullptr) {
          return Error::NotFound();
        }
        if (Status status = CheckTaskVersion(task->record, update.if_match); !status.ok()) {
          return status.error();
        }
        std::optional<std::string> channel;
        if (update.task_channel.has_value()) {
          Result<std::string> resolved = ResolveChannel(state, *update.task_channel);
          if (!resolved.ok()) {
            return resolved.error();
          }
          channel = resolved.value();
          if (*channel != task->record.task_channel_sid &&
              task->record.assignment_status != "pending") {
            return Error::InvalidParameter("The TaskChannel of task " + sid +
                                           " can change only while it is pending, not " +
                                           task->record.assignment_status);
          }
        }
        if (update.virtual_start_time.has_value()) {
          if (Status status = CheckVirtualStartTime(*update.virtual_start_time, router.now());
              !status.ok()) {
            return status.error();
          }
        }
        Status status;
        if (status_to == "canceled") {
          status = router.CancelTask(*task, update.reason);
        } else if (status_to == "wrapping") {
          status = router.WrapTask(*task, update.reason);
        } else if (status_to == "completed") {
          status = router.CompleteTask(*task, update.reason);
        } else if (changes_fields || update.reason.has_value()) {
          if (update.reason.has_value()) {
            task->record.reason = update.reason;
          }
          router.ChangeTask(*task, update.attributes, std::move(attributes), update.priority,
                            channel, update.virtual_start_time);
        }
        if (!status.ok()) {
          return status.error();
        }
        return ViewOf(state, state.routing.FindTask(sid)->record, router.now());
      });
}

Status TaskService::DeleteTask(const Caller& caller, const std::string& workspace_sid,
                               const std::string& sid, std::optional<int64_t> if_match) {
  Result<bool> done = WithRouter<bool>(
      caller, workspace_sid, [&](WorkspaceState& state, Router& router) -> Result<bool> {
        TaskEntry* task = state.routing.FindTask(sid);
        if (task == nullptr) {
          return Error::NotFound();
        }
        if (Status status = CheckTaskVersion(task->record, if_match); !status.ok()) {
          return status.error();
        }
        router.DeleteTask(*task);
        return true;
      });
  if (!done.ok()) {
    return done.error();
  }
  return {};
}

Result<Page<ReservationView>> TaskService::ListTaskReservations(const Caller& caller,
                                                                const std::string& workspace_sid,
                                                                const std::string& task_sid,
                                                                const ReservationFilter& filter,
                                                                const PageRequest& page) {
  Result<std::vector<ReservationView>> views = WithRouter<std::vector<ReservationView>>(
      caller, workspace_sid,
      [&](WorkspaceState& state, Router&) -> Result<std::vector<ReservationView>> {
        const TaskEntry* task = state.routing.FindTask(task_sid);
        if (task == nullptr) {
          return Error::NotFound();
        }
        std::vector<ReservationView> matching;
        for (int64_t seq : task->reservations) {
          const ReservationRecord& reservation = state.routing.reservations.at(seq);
          if ((!filter.reservation_status.has_value() ||
               reservation.reservation_status == *filter.reservation_status) &&
              (!filter.worker_sid.has_value() || reservation.worker_sid == *filter.worker_sid)) {
            matching.push_back(ViewOf(state, reservation));
          }
        }
        return matching;
      });
  if (!views.ok()) {
    return views.error();
  }
  return TakePage(std::move(views).value(), page);
}

Result<Page<ReservationView>> TaskService::ListWorkerReservations(const Caller& caller,
                                                                  const std::string& workspace_sid,
                                                                  const std::string& worker_sid,
                                                                  const ReservationFilter& filter,
                                                                  const PageRequest& page) {
  Result<std::vector<ReservationView>> views = WithRouter<std::vector<ReservationView>>(
      caller, workspace_sid,
      [&](WorkspaceState& state, Router&) -> Result<std::vector<ReservationView>> {
        auto worker = state.worker_seqs.find(worker_sid);
        if (worker == state.worker_seqs.end()) {
          return Error::NotFound();
        }
        std::vector<ReservationView> matching;
        auto list = state.routing.by_worker.find(worker->second);
        if (list != state.routing.by_worker.end()) {
          for (int64_t seq : list->second) {
            const ReservationRecord& reservation = state.routing.reservations.at(seq);
            if (!filter.reservation_status.has_value() ||
                reservation.reservation_status == *filter.reservation_status) {
              matching.push_back(ViewOf(state, reservation));
            }
          }
        }
        std::sort(matching.begin(), matching.end(),
                  [](const ReservationView& a, const ReservationView& b) {
                    return a.record.seq < b.record.seq;
                  });
        return matching;
      });
  if (!views.ok()) {
    return views.error();
  }
  return TakePage(std::move(views).value(), page);
}

namespace {

// The Reservation `sid` under the Task or Worker `owner_sid`, or nullptr.
ReservationRecord* FindOwned(WorkspaceState& state, const std::string& owner_sid,
                             const std::string& sid) {
  ReservationRecord* reservation = state.routing.FindReservation(sid);
  if (reservation == nullptr ||
      (reservation->task_sid != owner_sid && reservation->worker_sid != owner_sid)) {
    return nullptr;
  }
  return reservation;
}

}  // namespace

Result<ReservationView> TaskService::FetchReservation(const Caller& caller,
                                                      const std::string& workspace_sid,
                                                      const std::string& owner_sid,
                                                      const std::string& sid) {
  return WithRouter<ReservationView>(
      caller, workspace_sid, [&](WorkspaceState& state, Router&) -> Result<ReservationView> {
        ReservationRecord* reservation = FindOwned(state, owner_sid, sid);
        if (reservation == nullptr) {
          return Error::NotFound();
        }
        return ViewOf(state, *reservation);
      });
}

Result<ReservationView> TaskService::UpdateReservation(const Caller& caller,
                                                       const std::string& workspace_sid,
                                                       const std::string& owner_sid,
                                                       const std::string& sid,
                                                       const ReservationUpdate& update) {
  if (update.reservation_status.has_value() == update.instruction.has_value()) {
    return Error::InvalidParameter(
        "Send either ReservationStatus or Instruction to update a Reservation");
  }
  return WithRouter<ReservationView>(
      caller, workspace_sid, [&](WorkspaceState& state, Router& router) -> Result<ReservationView> {
        ReservationRecord* reservation = FindOwned(state, owner_sid, sid);
        if (reservation == nullptr) {
          return Error::NotFound();
        }
        if (update.if_match.has_value() && *update.if_match != reservation->version) {
          return Error(412, kCodePreconditionFailedTask,
                       "Reservation " + sid + " is at version " +
                           std::to_string(reservation->version) + ", not the version " +
                           std::to_string(*update.if_match) + " that If-Match gave");
        }
        if (reservation->reservation_status == "rescinded" ||
            reservation->reservation_status == "canceled") {
          return Error(410, kCodeInvalidParameter,
                       "Reservation " + sid + " is " + reservation->reservation_status +
                           " and can no longer be updated");
        }
        Status status;
        if (update.instruction.has_value()) {
          const std::string& instruction = *update.instruction;
          if (instruction == "accept") {
            status = router.AcceptReservation(*reservation);
          } else if (instruction == "reject") {
            status = router.RejectReservation(*reservation, update.worker_activity_sid);
          } else {
            status =
                router.InstructReservation(*reservation, instruction, update.instruction_params);
          }
        } else {
          const std::string& to = *update.reservation_status;
          if (to == "accepted") {
            status = router.AcceptReservation(*reservation);
          } else if (to == "rejected") {
            status = router.RejectReservation(*reservation, update.worker_activity_sid);
          } else if (to == "wrapping") {
            status = router.WrapReservation(*reservation);
          } else if (to == "completed") {
            status = router.CompleteReservation(*reservation);
          } else {
            status = Error::InvalidParameter(
                "ReservationStatus can be set to accepted, rejected, wrapping or completed, "
                "not '" +
                to + "'");
          }
        }
        if (!status.ok()) {
          return status.error();
        }
        return ViewOf(state, *state.routing.FindReservation(sid));
      });
}

Status TaskService::CancelReservation(const Caller& caller, const std::string& workspace_sid,
                                      const std::string& sid) {
  Result<bool> canceled = WithRouter<bool>(
      caller, workspace_sid, [&](WorkspaceState& state, Router& router) -> Result<bool> {
        ReservationRecord* reservation = state.routing.FindReservation(sid);
        if (reservation == nullptr) {
          return Error::NotFound();
        }
        if (Status status = router.CancelReservation(*reservation); !status.ok()) {
          return status.error();
        }
        return true;
      });
  if (!canceled.ok()) {
    return canceled.error();
  }
  return {};
}

void TaskService::RunDueTimers() {
  TimeMs now = registry_.clock().NowMs();
  for (const StatePtr& candidate : registry_.ListAll()) {
    std::string workspace_sid;
    {
      std::lock_guard<std::mutex> peek(candidate->mu);
      std::optional<TimeMs> next = candidate->routing.NextDeadline();
      if (candidate->deleted || !next.has_value() || *next > now) {
        continue;
      }
      workspace_sid = candidate->record.sid;
    }
    // Through the usual path, which carries out what is due before any command. A failed
    // commit has been logged by the commit queue and the view reloaded; nothing waits on it.
    Result<bool> ran =
        WithRouter<bool>(Caller{candidate->account_sid, ""}, workspace_sid,
                         [](WorkspaceState&, Router&) -> Result<bool> { return true; });
    static_cast<void>(ran);
  }
}

}  // namespace taskrouter
