// The records the store keeps: plain values, one struct per TaskRouter resource. The domain
// layer builds and checks them; the store only writes and reads them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
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

// Everything in the store, as read at start.
struct Snapshot {
  std::vector<AccountRecord> accounts;
  std::vector<ApiKeyRecord> api_keys;
  std::vector<WorkspaceRecord> workspaces;
  std::vector<ActivityRecord> activities;
};

}  // namespace taskrouter
