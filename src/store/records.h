// The records the store keeps: plain values, one struct per TaskRouter resource. The domain
// layer builds and checks them; the store only writes and reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"

namespace taskrouter {

struct AccountRecord {
  std::string sid;
  std::string auth_token;
  std::string friendly_name;
  TimeMs date_created = 0;
};

struct ApiKeyRecord {
  std::string sid;
  std::string account_sid;
  // Hex SHA-256 of the secret; the secret itself is shown once, at creation, and never kept.
  std::string secret_sha256;
  std::string friendly_name;
  TimeMs date_created = 0;
};

struct WorkspaceRecord {
  // Creation order: lists are ordered by it and page tokens point into it.
  int64_t seq = 0;
  std::string sid;
  std::string account_sid;
  std::string friendly_name;
  std::optional<std::string> event_callback_url;
  std::optional<std::string> events_filter;
  bool multi_task_enabled = true;
  std::string prioritize_queue_order = "FIFO";
  std::string default_activity_sid;
  std::string timeout_activity_sid;
  TimeMs date_created = 0;
  TimeMs date_updated = 0;
};

struct ActivityRecord {
  int64_t seq = 0;
  std::string sid;
  std::string account_sid;
  std::string workspace_sid;
  std::string friendly_name;
  bool available = false;
  TimeMs date_created = 0;
  TimeMs date_updated = 0;
};

struct WorkerRecord {
  int64_t seq = 0;
  std::string sid;
  std::string account_sid;
  std::string workspace_sid;
  std::string friendly_name;
  std::string attributes = "{}";  // a JSON object, as the client sent it
  std::string activity_sid;
  int64_t version = 0;  // the ETag; grows by one on every change
  TimeMs date_created = 0;
  TimeMs date_updated = 0;
  TimeMs date_status_changed = 0;
};

// A type of Task (`voice`, `chat`, ...), and the per-channel capacity Workers have for it.
struct TaskChannelRecord {
  int64_t seq = 0;
  std::string sid;
  std::string account_sid;
  std::string workspace_sid;
  std::string unique_name;
  std::string friendly_name;
  bool channel_optimized_routing = true;
  TimeMs date_created = 0;
  TimeMs date_updated = 0;
};

// A Worker's settings for one TaskChannel. Every Worker has one WorkerChannel per TaskChannel,
// but the store keeps only those that were updated: the others have the default settings
// (capacity 1, available). A row names its Worker and TaskChannel by their creation numbers, so
// that hundreds of thousands of rows load without a string among them; the WorkerChannel's SID
// and creation date follow from its Worker and TaskChannel.
struct WorkerChannelRecord {
  int64_t worker_seq = 0;
  int64_t task_channel_seq = 0;
  int64_t configured_capacity = 1;
  bool available = true;
  TimeMs date_updated = 0;
};

// A queue of Tasks and the Workers that may take them (`target_workers`, an expression over a
// Worker's attributes).
struct TaskQueueRecord {
  int64_t seq = 0;
  std::string sid;
  std::string account_sid;
  std::string workspace_sid;
  std::string friendly_name;
  std::string target_workers = "1==1";
  int64_t max_reserved_workers = 1;
  std::string task_order = "FIFO";
  std::optional<std::string> reservation_activity_sid;
  std::optional<std::string> assignment_activity_sid;
  TimeMs date_created = 0;
  TimeMs date_updated = 0;
};

// Ordered name/value pairs, kept as a JSON object of strings.
using StringPairs = std::vector<std::pair<std::string, std::string>>;

// The rules that route a Workspace's Tasks to its TaskQueues (`configuration`, a JSON document),
// and where and how long a Reservation's assignment is offered.
struct WorkflowRecord {
  int64_t seq = 0;
  std::string sid;
  std::string account_sid;
  std::string workspace_sid;
  std::string friendly_name;
  std::string configuration;               // as the client sent it
  int64_t task_reservation_timeout = 120;  // seconds
  std::optional<std::string> assignment_callback_url;
  std::optional<std::string> fallback_assignment_callback_url;
  TimeMs date_created = 0;
  TimeMs date_updated = 0;
};

// Where a Task stands in its Workflow: which filter and target it is in, and since when.
inline constexpr int64_t kDefaultFilterIndex = -1;  // the Configuration's default_filter
inline constexpr int64_t kNoFilterIndex = -2;       // not (or no longer) in any routing step

// A unit of work to hand to a Worker, with its routing position so that routing resumes where it
// was after a restart. Kept until five minutes after it ends (completed or canceled).
struct TaskRecord {
  int64_t seq = 0;
  std::string sid;
  std::string account_sid;
  std::string workspace_sid;
  std::string attributes = "{}";  // a JSON object, as the client sent it
  std::string assignment_status = "pending";
  int64_t priority = 0;
  std::optional<std::string> reason;  // why it was canceled or completed
  std::string task_channel_sid;
  std::string workflow_sid;
  std::optional<std::string> task_queue_sid;  // the TaskQueue it is (or was last) in
  int64_t timeout = 86400;                    // seconds it may wait before being assigned
  int64_t version = 0;                        // the ETag; grows by one on every change
  TimeMs date_created = 0;
  TimeMs date_updated = 0;
  std::optional<TimeMs> task_queue_entered_date;
  TimeMs virtual_start_time = 0;
  int64_t filter_index = kNoFilterIndex;  // into the Workflow's filters, or one of the above
  int64_t target_index = 0;               // into that filter's targets
  TimeMs filter_entered_ms = 0;      // when it entered that filter: step timeouts count from it
  int64_t assignment_count = 0;      // moves from pending to reserved
  std::optional<TimeMs> date_ended;  // when it became completed or canceled
};

// A Task offered to one Worker.
struct ReservationRecord {
  int64_t seq = 0;
  std::string sid;
  std::string account_sid;
  std::string workspace_sid;
  std::string task_sid;
  std::string worker_sid;
  std::string reservation_status = "pending";
  std::string task_queue_sid;
  std::string workflow_sid;
  std::string worker_previous_activity_sid;  // the Worker's Activity when it was made
  int64_t timeout = 120;                     // seconds it may stay pending
  int64_t version = 0;
  TimeMs date_created = 0;
  TimeMs date_updated = 0;
  // The instruction that answered it (accept, reject, dequeue, call, redirect, conference), and
  // that instruction's parameters as the client sent them.
  std::optional<std::string> instruction;
  StringPairs instruction_params;
};

struct EventRecord {
  int64_t seq = 0;
  std::string sid;
  std::string account_sid;
  std::string workspace_sid;
  std::string event_type;
  std::string resource_type;
  std::string resource_sid;
  std::string description;
  std::string actor_type;
  std::string actor_sid;
  std::string source_ip_address;
  TimeMs event_date_ms = 0;
  StringPairs data;  // snake_case keys, string values
};

// One continuous stay of a Worker in an Activity; `end_ms` is empty while it lasts.
struct StintRecord {
  std::string worker_sid;
  std::string workspace_sid;
  std::string activity_sid;
  TimeMs start_ms = 0;
  std::optional<TimeMs> end_ms;
};

// An event callback waiting to be sent: the whole request, so that it survives the Workspace.
struct DeliveryRecord {
  int64_t seq = 0;  // delivery order
  std::string account_sid;
  std::string workspace_sid;
  std::string url;
  StringPairs params;
  TimeMs created_ms = 0;
};

// Everything the server keeps in memory, as read at start.
struct Snapshot {
  std::vector<AccountRecord> accounts;
  std::vector<ApiKeyRecord> api_keys;
  std::vector<WorkspaceRecord> workspaces;
  std::vector<ActivityRecord> activities;
  std::vector<WorkerRecord> workers;
  std::vector<TaskChannelRecord> task_channels;      // in creation order
  std::vector<WorkerChannelRecord> worker_channels;  // the updated ones only
  std::vector<TaskQueueRecord> task_queues;          // in creation order
  std::vector<WorkflowRecord> workflows;             // in creation order
  std::vector<TaskRecord> tasks;                     // in creation order
  std::vector<ReservationRecord> reservations;       // in creation order
  int64_t max_seq = 0;  // the largest creation number in the store, events included
};

}  // namespace taskrouter
