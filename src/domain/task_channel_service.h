// TaskChannels and the WorkerChannels that give each Worker a capacity on each of them.
//
// Every Worker has exactly one WorkerChannel per TaskChannel of its Workspace: a new Worker gets
// one on every TaskChannel, a new TaskChannel gives one to every Worker, and deleting either
// deletes them. Only WorkerChannels that were updated are stored (see WorkerChannelRecord).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/paging.h"
#include "common/status.h"
#include "domain/workspace_registry.h"

namespace taskrouter {

inline constexpr size_t kMaxTaskChannelsPerWorkspace = 15;  // the default ones included
inline constexpr size_t kMaxUniqueNameLength = 64;
// Tasks created without a TaskChannel go to this one, so it cannot be deleted.
inline constexpr char kDefaultTaskChannelName[] = "default";

inline int64_t SeqOf(const TaskChannelRecord& channel) { return channel.seq; }

// The TaskChannels a new Workspace starts with, in this order: `default`, `voice`, `chat`,
// `sms`, `video`, with creation numbers from `registry`, dated `now`.
std::vector<TaskChannelRecord> DefaultTaskChannels(WorkspaceRegistry& registry,
                                                   const WorkspaceRecord& workspace, TimeMs now);

// Parameters of CreateTaskChannel, parsed but not yet checked against the rules.
struct TaskChannelCreate {
  std::string unique_name;
  std::string friendly_name;
  bool channel_optimized_routing = true;
};

// Parameters of UpdateTaskChannel; an absent field is left as it is. The unique name is fixed.
struct TaskChannelUpdate {
  std::optional<std::string> friendly_name;
  std::optional<bool> channel_optimized_routing;
};

// Parameters of UpdateWorkerChannel; an absent field is left as it is.
struct WorkerChannelUpdate {
  std::optional<int64_t> capacity;
  std::optional<bool> available;
};

// A WorkerChannel as the API shows it: its settings with what follows from its Worker, its
// TaskChannel and the Worker's Tasks.
struct WorkerChannelView {
  std::string sid;
  std::string account_sid;
  std::string workspace_sid;
  std::string worker_sid;
  std::string task_channel_sid;
  std::string task_channel_unique_name;
  int configured_capacity = kDefaultWorkerChannelCapacity;
  bool available = true;
  int assigned_tasks = 0;
  int available_capacity_percentage = 0;
  TimeMs date_created = 0;
  TimeMs date_updated = 0;
  int64_t task_channel_seq = 0;  // lists are in the TaskChannels' creation order
};
inline int64_t SeqOf(const WorkerChannelView& view) { return view.task_channel_seq; }

// Thread-safe. Acts for `caller.account_sid` like WorkspaceService, with the same errors: 400/
// 20001 for a rule broken, 404/20404 for an unknown Workspace, Worker or channel, 500/20500
// when the store fails; on any error nothing changes. A TaskChannel is named by its SID or its
// unique name; a WorkerChannel by its SID, or by its TaskChannel's SID or unique name.
class TaskChannelService {
 public:
  explicit TaskChannelService(WorkspaceRegistry& registry) : registry_(registry) {}

  Result<TaskChannelRecord> CreateTaskChannel(const Caller& caller,
                                              const std::string& workspace_sid,
                                              const TaskChannelCreate& create);
  Result<TaskChannelRecord> FetchTaskChannel(const Caller& caller, const std::string& workspace_sid,
                                             const std::string& key);
  Result<Page<TaskChannelRecord>> ListTaskChannels(const Caller& caller,
                                                   const std::string& workspace_sid,
                                                   const PageRequest& page);
  Result<TaskChannelRecord> UpdateTaskChannel(const Caller& caller,
                                              const std::string& workspace_sid,
                                              const std::string& key,
                                              const TaskChannelUpdate& update);
  // Deletes the TaskChannel and every Worker's channel on it; the `default` one is refused.
  Status DeleteTaskChannel(const Caller& caller, const std::string& workspace_sid,
                           const std::string& key);

  Result<WorkerChannelView> FetchWorkerChannel(const Caller& caller,
                                               const std::string& workspace_sid,
                                               const std::string& worker_sid,
                                               const std::string& key);
  Result<Page<WorkerChannelView>> ListWorkerChannels(const Caller& caller,
                                                     const std::string& workspace_sid,
                                                     const std::string& worker_sid,
                                                     const PageRequest& page);
  // `capacity` must be 0 to 50. Both settings are kept in a single-tasking Workspace too, where
  // routing reserves one Task at a time whatever the capacity.
  Result<WorkerChannelView> UpdateWorkerChannel(const Caller& caller,
                                                const std::string& workspace_sid,
                                                const std::string& worker_sid,
                                                const std::string& key,
                                                const WorkerChannelUpdate& update);

 private:
  WorkspaceRegistry& registry_;
};

}  // namespace taskrouter
