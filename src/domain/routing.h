// The routing engine: it walks Tasks through their Workflow's filters and targets, makes
// Reservations for eligible Workers, moves Workers between Activities as Reservations are made
// and answered, and carries out timeouts. It runs inside one command, under the Workspace's
// lock, so a Workspace's routing happens in one order: an accept and a timeout of the same
// Reservation can never both win.
//
// A Router changes the Workspace's view as it goes and appends every stored change and event to
// the command's batch; the command then commits the batch. Should the commit fail, the view is
// reloaded from the store (WorkspaceRegistry::ReloadAfterFailure), so a change that was not
// stored never shows.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/events.h"
#include "domain/workspace_registry.h"

namespace taskrouter {

// How long an ended Task (completed or canceled) is kept before it is forgotten.
inline constexpr TimeMs kEndedTaskRetentionMs = 5 * 60 * 1000;
// A Task is canceled once it has moved this many times from pending to reserved.
inline constexpr int64_t kMaxAssignmentCount = 1000;

inline constexpr char kTaskTtlReason[] = "Task TTL Exceeded";
inline constexpr char kAssignmentCountReason[] = "Max assignment count exceeded";

// An assignment callback to send once the batch that made its Reservation is committed.
struct AssignmentRequest {
  std::string account_sid;
  std::string workspace_sid;
  std::string reservation_sid;
  std::string task_sid;
  std::string worker_sid;
  std::string url;
  std::optional<std::string> fallback_url;
  StringPairs params;  // the form parameters, in order
};

class Router {
 public:
  // Routes in `state`, which the caller holds locked, at `now`, for `caller`; changes go into
  // `batch`.
  Router(WorkspaceRegistry& registry, WorkspaceState& state, const Caller& caller, TimeMs now,
         Batch& batch);

  EventRecorder& events() { return events_; }
  TimeMs now() const { return now_; }

  // Carries out every deadline that is due at `now`, in deadline order.
  void RunDueTimers();

  // Adds a Task just created and sends it into its Workflow.
  void AddTask(TaskRecord record, Attributes attributes);

  // The commands on a Task. Each checks that the move is allowed (400 otherwise) and changes
  // nothing on error.
  Status CancelTask(TaskEntry& task, std::optional<std::string> reason);
  Status WrapTask(TaskEntry& task, std::optional<std::string> reason);
  Status CompleteTask(TaskEntry& task, std::optional<std::string> reason);
  // New attributes, priority, channel or virtual start time, already checked. A pending Task is
  // routed again.
  void ChangeTask(TaskEntry& task, const std::optional<std::string>& attributes_json,
                  std::optional<Attributes> attributes, std::optional<int64_t> priority,
                  std::optional<std::string> task_channel_sid,
                  std::optional<TimeMs> virtual_start_time);
  void DeleteTask(TaskEntry& task);

  // The commands on a Reservation, with the same rules.
  Status AcceptReservation(ReservationRecord& reservation);
  Status RejectReservation(ReservationRecord& reservation,
                           const std::optional<std::string>& worker_activity_sid);
  Status WrapReservation(ReservationRecord& reservation);
  Status CompleteReservation(ReservationRecord& reservation);
  // The Reservation's assignment callback could not be delivered: a pending Reservation is
  // canceled, its Worker goes back to the Activity it had, and the Task is routed again.
  Status CancelReservation(ReservationRecord& reservation);
  // A telephony instruction (dequeue, call, redirect, conference) on a pending Reservation:
  // recorded and taken as an accept; supervise on an accepted one: recorded only.
  Status InstructReservation(ReservationRecord& reservation, const std::string& instruction,
                             const StringPairs& params);

  // What a change to a Worker means for routing. `worker` is the Worker as it now is in the
  // view. A move into an unavailable Activity with `reject_pending` rejects its pending
  // Reservations; a Worker that may take more Tasks is offered them.
  void WorkerChanged(const WorkerRecord& worker, bool reject_pending);
  // Before a Worker is deleted: its pending Reservations are canceled and their Tasks routed
  // again; Tasks it has accepted keep their Reservation.
  void WorkerDeleting(const WorkerRecord& worker);
  // A TaskQueue's TargetWorkers changed, or a Workflow's Configuration did: the Tasks waiting in
  // that queue (or routed by that Workflow) are routed again from the start of their Workflow.
  void QueueChanged(const std::string& queue_sid);
  void WorkflowChanged(const std::string& workflow_sid);

  // Finishes the routing the changes above called for: offers waiting Tasks to the Workers that
  // became free. Call once, after the last change and before committing.
  void Settle();

  // The assignment callbacks of the Reservations made, for the caller to send after commit.
  std::vector<AssignmentRequest> TakeAssignments() { return std::move(assignments_); }

 private:
  const WorkflowEntry* WorkflowOf(const TaskEntry& task) const;
  // The target the Task is in, or nullptr if it is in none.
  const WorkflowTarget* TargetOf(const TaskEntry& task) const;

  void SaveTask(TaskEntry& task);
  void SaveReservation(ReservationRecord& reservation);
  void Schedule(TaskEntry& task);
  void ScheduleReservation(const ReservationRecord& reservation);
  void Enqueue(TaskEntry& task);
  void Dequeue(TaskEntry& task);

  void TaskEvent(const std::string& type, const TaskEntry& task, const std::string& description);
  void ReservationEvent(const std::string& type, const ReservationRecord& reservation,
                        const std::string& description);

  // Sends a pending Task through its Workflow from the filter its attributes match, keeping its
  // step if that is still the one. `fresh` forgets the step it was in.
  void Place(TaskEntry& task, bool fresh);
  // Puts the Task in target `target` of filter `filter` (or the default filter) and tries to
  // reserve it; skip_if may send it on. Returns false if it left the Workflow.
  void EnterStep(TaskEntry& task, int64_t filter, size_t target, TimeMs entered);
  // The Task's step timed out (or was skipped out of when `skipped`): on to the next filter
  // that matches, or out of the Workflow.
  void LeaveFilter(TaskEntry& task, int64_t filter, bool skipped);
  // Ends a Task that has nowhere left to go: `workflow.timeout` or `workflow.skipped`, canceled.
  void DropTask(TaskEntry& task, const std::string& event_type, const std::string& reason);
  void EndTask(TaskEntry& task, const std::string& status, std::optional<std::string> reason);

  // Makes Reservations for a pending Task; true if it made any.
  bool TryReserve(TaskEntry& task);
  // True if the queue's TargetWorkers selects the Worker.
  bool QueueHolds(const TaskQueueEntry& queue, const WorkerRecord& worker) const;
  // True if the Worker may be offered the Task now. `task_channel_seq` must be the creation
  // number of the Task's own TaskChannel, which callers trying many Workers look up once.
  bool Eligible(const WorkerRecord& worker, const TaskEntry& task, int64_t task_channel_seq,
                const TaskQueueEntry& queue, const WorkflowTarget* target, bool check_queue) const;
  void Reserve(TaskEntry& task, const WorkerRecord& worker, const TaskQueueEntry& queue);
  // Offers the Worker the waiting Tasks it may take, best first, while it has room.
  void Feed(int64_t worker_seq);

  // A Reservation stops being pending: counters, deadlines and the Worker's load.
  void ClosePending(ReservationRecord& reservation, const std::string& status);
  // After one of the Task's Reservations ended unaccepted: once none is pending, the Task is
  // pending again and routed from its Workflow.
  void ReservationEnded(TaskEntry& task);
  // Single-tasking Workspaces: a Worker the Reservation moved to its queue's Reservation
  // Activity goes back to the Activity it had.
  void RestoreActivity(const ReservationRecord& reservation);
  void MoveWorker(int64_t worker_seq, const std::string& activity_sid);
  void Wake(int64_t worker_seq) { wake_.push_back(worker_seq); }

  void TimeoutReservation(ReservationRecord& reservation);
  void TaskDeadline(TaskEntry& task);

  WorkerChannel* ChannelOf(int64_t worker_seq, const std::string& task_channel_sid);
  bool Busy(int64_t worker_seq) const;

  WorkspaceRegistry& registry_;
  WorkspaceState& state_;
  TimeMs now_;
  Batch& batch_;
  EventRecorder events_;
  std::vector<int64_t> wake_;  // Workers to offer Tasks to in Settle
  std::vector<AssignmentRequest> assignments_;
};

// Runs `change` on a Router over `state` (locked by the caller) after carrying out what is due,
// settles, commits what routing changed as one batch and sends its assignment callbacks. For
// commands whose own change is already committed and applied: what follows from it for routing
// is a second change. On a failed commit the view is reloaded once the caller's LockedWorkspace
// is released.
Status RouteAfter(WorkspaceRegistry& registry, WorkspaceState& state, const Caller& caller,
                  const std::function<void(Router&)>& change);

// Drops from `batch` every Task, Reservation and Worker record that a later record of the same
// SID replaces, so that a command that changed one Task three times writes it once.
void CompactRecords(Batch& batch);

// The first Task, in creation order, that has not ended (completed or canceled) and for which
// `uses` holds, or nullptr. Deleting what such a Task is routed by is refused.
const TaskRecord* UnendedTask(const WorkspaceState& state,
                              const std::function<bool(const TaskRecord&)>& uses);

// Rebuilds the Workspace's routing state from what the store holds: Tasks and Reservations in
// creation order. Worker channel counters are counted again from the Reservations.
void RestoreRouting(WorkspaceState& state, const std::vector<const TaskRecord*>& tasks,
                    const std::vector<const ReservationRecord*>& reservations);

// The event fields of a Task as it is in `state`.
StringPairs TaskEventData(const WorkspaceState& state, const TaskEntry& task, TimeMs now);

}  // namespace taskrouter
