// The events of TaskRouter's Event resource, and the event callbacks they cause. A command
// records its events in the same batch as its change, so an event exists exactly when the
// change does, and its callback is queued in that same transaction.
#pragma once

#include <string>

#include "domain/workspace_registry.h"

namespace taskrouter {

inline constexpr TimeMs kEventRetentionMs = 30LL * 24 * 3600 * 1000;

class EventRecorder {
 public:
  // Events go into `batch`, stamped `now`, for the Workspace as `workspace` is after the
  // command (its name, callback URL and filter).
  EventRecorder(WorkspaceRegistry& registry, const WorkspaceRecord& workspace, const Caller& caller,
                TimeMs now, Batch& batch)
      : registry_(registry), workspace_(workspace), caller_(caller), now_(now), batch_(batch) {}

  // Records an event. `data` holds the event's own fields (snake_case); the Workspace's SID and
  // name are added. Queues a delivery when the Workspace's callback wants this type.
  void Add(const std::string& event_type, const std::string& resource_type,
           const std::string& resource_sid, const std::string& description, StringPairs data);

 private:
  bool WantsCallback(const std::string& event_type) const;

  WorkspaceRegistry& registry_;
  const WorkspaceRecord& workspace_;
  const Caller& caller_;
  TimeMs now_;
  Batch& batch_;
};

// The event fields of a Worker, with the name of its Activity.
StringPairs WorkerEventData(const WorkerRecord& worker, const std::string& activity_name);

// The event fields of `worker` after a move out of Activity `previous_sid`, where it spent
// `in_previous` milliseconds.
StringPairs ActivityChangeData(const WorkspaceState& state, const WorkerRecord& worker,
                               const std::string& previous_sid, TimeMs in_previous);

// The event fields of an Activity.
StringPairs ActivityEventData(const ActivityRecord& activity);

// The event fields of a TaskChannel.
StringPairs TaskChannelEventData(const TaskChannelRecord& channel);

// The event fields of a TaskQueue.
StringPairs TaskQueueEventData(const TaskQueueRecord& queue);

// The event fields of a Workflow.
StringPairs WorkflowEventData(const WorkflowRecord& flow);

// "worker_time_in_previous_activity_ms" -> "WorkerTimeInPreviousActivityMs".
std::string CallbackParamName(const std::string& snake_case);

}  // namespace taskrouter
