// Task and Reservation figures of a statistic: real-time ones counted from the Tasks in
// memory, cumulative ones summed over the stored events of a window.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/workspace_registry.h"

namespace taskrouter {

// Which Tasks and events a statistic covers: the Workspace's, a TaskQueue's (the Tasks now in
// it, the events that name it), a Workflow's or a Worker's (events naming it), each
// optionally narrowed to one TaskChannel, named by SID or unique name.
struct TaskScope {
  enum class Kind { kWorkspace, kTaskQueue, kWorkflow, kWorker };
  Kind kind = Kind::kWorkspace;
  std::string sid;  // of the TaskQueue, Workflow or Worker
  std::optional<std::string> task_channel;
};

struct RealTimeTaskStatistics {
  // pending, reserved, assigned and wrapping, each always present.
  std::map<std::string, int64_t> tasks_by_status = {
      {"pending", 0}, {"reserved", 0}, {"assigned", 0}, {"wrapping", 0}};
  std::map<int64_t, int64_t> tasks_by_priority;  // only the priorities some Task has
  int64_t total_tasks = 0;                       // Tasks not yet completed or canceled
  // The waiting (pending or reserved) Task created first, and its age in seconds.
  int64_t longest_task_waiting_age = 0;
  std::optional<std::string> longest_task_waiting_sid;
  // The waiting Task that entered its TaskQueue first, and the seconds since.
  int64_t longest_relative_task_age_in_queue = 0;
  std::optional<std::string> longest_relative_task_sid_in_queue;
};

// Seconds, over the events that measured one.
struct WaitDurations {
  int64_t avg = 0;
  int64_t min = 0;
  int64_t max = 0;
  int64_t total = 0;
  int64_t count = 0;

  void Add(int64_t seconds);
};

// Tasks canceled and Reservations accepted after waiting less than a threshold ("below") or
// at least that long ("above").
struct WaitSplit {
  int64_t threshold = 0;  // seconds
  int64_t below_tasks_canceled = 0;
  int64_t below_reservations_accepted = 0;
  int64_t above_tasks_canceled = 0;
  int64_t above_reservations_accepted = 0;
};

struct CumulativeTaskStatistics {
  // tasks_created, tasks_canceled, tasks_completed, tasks_deleted, tasks_moved,
  // tasks_timed_out_in_workflow, tasks_entered and reservations_{created, accepted, rejected,
  // timed_out, canceled, rescinded}, each always present.
  std::map<std::string, int64_t> counts;
  WaitDurations wait_duration_until_accepted;  // Task age when a Reservation was accepted
  WaitDurations wait_duration_until_canceled;  // Task age when it was canceled
  // Seconds since the Task entered its TaskQueue when a Reservation was accepted.
  WaitDurations wait_duration_in_queue_until_accepted;
  std::vector<WaitSplit> split_by_wait_time;  // one per threshold asked for, in that order
};

// The real-time figures of the Tasks `scope` covers in `state` at `now`. The caller holds the
// Workspace's lock.
RealTimeTaskStatistics CountTasks(const WorkspaceState& state, const TaskScope& scope, TimeMs now);

// The event types cumulative figures read.
const std::vector<std::string>& CumulativeEventTypes();

// The cumulative figures of `events` (of CumulativeEventTypes) that `scope` covers, split by
// `thresholds` (seconds).
CumulativeTaskStatistics SumEvents(const std::vector<EventFacts>& events, const TaskScope& scope,
                                   const std::vector<int64_t>& thresholds);

}  // namespace taskrouter
