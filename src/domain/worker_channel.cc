#include "domain/worker_channel.h"

#include <algorithm>

#include "common/crypto.h"

namespace taskrouter {

int AvailableCapacityPercentage(const WorkerChannel& channel) {
  if (!channel.available || channel.configured_capacity == 0) {
    return 0;
  }
  int free = channel.configured_capacity - channel.active_tasks();
  return std::max(0, free * 100 / channel.configured_capacity);
}

std::string WorkerChannelSid(const std::string& worker_sid, const std::string& task_channel_sid) {
  return "WC" + Sha256Hex(worker_sid + "/" + task_channel_sid).substr(0, 32);
}

}  // namespace taskrouter
