#include "domain/event_log.h"

#include <algorithm>

namespace taskrouter {

bool EventLog::WorkspaceExists(const Caller& caller, const std::string& workspace_sid) {
  return LockedWorkspace(registry_, caller.account_sid, workspace_sid).found();
}

Result<Page<EventRecord>> EventLog::List(const Caller& caller, const std::string& workspace_sid,
                                         const EventFilter& filter, const PageRequest& page) {
  if (!WorkspaceExists(caller, workspace_sid)) {
    return Error::NotFound();
  }
  EventQuery query;
  query.workspace_sid = workspace_sid;
  query.start_ms = std::max(filter.start_ms, registry_.clock().NowMs() - kEventRetentionMs);
  query.end_ms = filter.end_ms;
  query.event_type = filter.event_type;
  query.sid = filter.sid;
  query.subject = filter.subject;
  query.page = page;
  return registry_.store().ListEvents(query);
}

Result<EventRecord> EventLog::Fetch(const Caller& caller, const std::string& workspace_sid,
                                    const std::string& sid) {
  if (!WorkspaceExists(caller, workspace_sid)) {
    return Error::NotFound();
  }
  Result<std::optional<EventRecord>> event = registry_.store().FindEvent(workspace_sid, sid);
  if (!event.ok()) {
    return event.error();
  }
  if (!event->has_value() ||
      event.value()->event_date_ms < registry_.clock().NowMs() - kEventRetentionMs) {
    return Error::NotFound();
  }
  return *event.value();
}

Status EventLog::Prune() {
  return registry_.store().Commit({EventPruning{registry_.clock().NowMs() - kEventRetentionMs}});
}

}  // namespace taskrouter
