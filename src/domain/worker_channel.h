// A Worker's capacity on one TaskChannel, as the routing engine reads it: a small value per
// (Worker, TaskChannel) pair, kept in a vector per Worker.
#pragma once

#include <cstdint>
#include <string>

#include "common/clock.h"

namespace taskrouter {

inline constexpr int kDefaultWorkerChannelCapacity = 1;
inline constexpr int kMaxWorkerChannelCapacity = 50;  // Twilio's "Channel Capacity per Worker"

// One WorkerChannel in memory: 24 bytes. Its SID, account, Workspace and Worker follow from the
// Worker that holds it, its unique name from the TaskChannel.
struct WorkerChannel {
  int64_t task_channel_seq = 0;  // the TaskChannel, by its creation number
  TimeMs date_updated = 0;       // 0 until the WorkerChannel is first updated
  uint16_t configured_capacity = kDefaultWorkerChannelCapacity;
  uint16_t reserved_tasks = 0;  // pending Reservations of Tasks of this channel
  uint16_t assigned_tasks = 0;  // accepted Tasks of this channel, wrapping ones included
  bool available = true;

  // What the Worker holds of this channel: pending, accepted and wrapping.
  int active_tasks() const { return reserved_tasks + assigned_tasks; }
  // Whether a multi-tasking Workspace may reserve one more Task of this channel for the Worker
  // (its Activity must be available too).
  bool HasCapacity() const { return available && active_tasks() < configured_capacity; }
};

// `available_capacity_percentage`: 0 when the channel is unavailable or its capacity is 0,
// otherwise the share of the capacity that active Tasks leave free, rounded down:
// floor((capacity - active) * 100 / capacity), never below 0.
int AvailableCapacityPercentage(const WorkerChannel& channel);

// The SID of the WorkerChannel of Worker `worker_sid` on TaskChannel `task_channel_sid`: "WC"
// and the first 32 hex digits of SHA-256 over both SIDs. Deriving it lets a WorkerChannel that
// was never updated go unstored and still keep its SID across restarts.
std::string WorkerChannelSid(const std::string& worker_sid, const std::string& task_channel_sid);

}  // namespace taskrouter
