// Reading the Event resource: the events a Workspace recorded in the last 30 days.
#pragma once

#include <optional>
#include <string>

#include "common/status.h"
#include "domain/events.h"
#include "domain/workspace_registry.h"

namespace taskrouter {

struct EventFilter {
  TimeMs start_ms = 0;
  TimeMs end_ms = 0;
  std::optional<std::string> event_type;
  std::optional<std::string> sid;
  std::optional<std::pair<std::string, std::string>> subject;  // {data key, SID}
};

// Thread-safe; acts for `caller.account_sid` (404 for unknown Workspaces and Events).
class EventLog {
 public:
  explicit EventLog(WorkspaceRegistry& registry) : registry_(registry) {}

  Result<Page<EventRecord>> List(const Caller& caller, const std::string& workspace_sid,
                                 const EventFilter& filter, const PageRequest& page);
  Result<EventRecord> Fetch(const Caller& caller, const std::string& workspace_sid,
                            const std::string& sid);

  // Deletes the events older than the retention period.
  Status Prune();

 private:
  bool WorkspaceExists(const Caller& caller, const std::string& workspace_sid);

  WorkspaceRegistry& registry_;
};

}  // namespace taskrouter
