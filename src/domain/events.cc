#include "domain/events.h"

#include "common/sid.h"

namespace taskrouter {
namespace {

std::string Trim(std::string text) {
  size_t begin = text.find_first_not_of(" \t");
  size_t end = text.find_last_not_of(" \t");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

}  // namespace

std::string CallbackParamName(const std::string& snake_case) {
  std::string name;
  bool upper = true;
  for (char c : snake_case) {
    if (c == '_') {
      upper = true;
      continue;
    }
    name.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return name;
}

StringPairs WorkerEventData(const WorkerRecord& worker, const std::string& activity_name) {
  return {
      {"worker_sid", worker.sid},
      {"worker_name", worker.friendly_name},
      {"worker_attributes", worker.attributes},
      {"worker_activity_sid", worker.activity_sid},
      {"worker_activity_name", activity_name},
      {"worker_version", std::to_string(worker.version)},
  };
}

StringPairs ActivityEventData(const ActivityRecord& activity) {
  return {
      {"activity_sid", activity.sid},
      {"activity_name", activity.friendly_name},
      {"activity_available", activity.available ? "true" : "false"},
  };
}

StringPairs TaskChannelEventData(const TaskChannelRecord& channel) {
  return {
      {"task_channel_sid", channel.sid},
      {"task_channel_name", channel.friendly_name},
      {"task_channel_unique_name", channel.unique_name},
      {"task_channel_optimized_routing", channel.channel_optimized_routing ? "true" : "false"},
  };
}

StringPairs TaskQueueEventData(const TaskQueueRecord& queue) {
  return {
      {"task_queue_sid", queue.sid},
      {"task_queue_name", queue.friendly_name},
      {"task_queue_target_expression", queue.target_workers},
  };
}

StringPairs WorkflowEventData(const WorkflowRecord& flow) {
  return {
      {"workflow_sid", flow.sid},
      {"workflow_name", flow.friendly_name},
  };
}

bool EventRecorder::WantsCallback(const std::string& event_type) const {
  if (!workspace_.event_callback_url.has_value()) {
    return false;
  }
  if (!workspace_.events_filter.has_value() || Trim(*workspace_.events_filter).empty()) {
    return true;
  }
  const std::string& filter = *workspace_.events_filter;
  size_t start = 0;
  while (start <= filter.size()) {
    size_t comma = filter.find(',', start);
    size_t end = comma == std::string::npos ? filter.size() : comma;
    if (Trim(filter.substr(start, end - start)) == event_type) {
      return true;
    }
    start = end + 1;
  }
  return false;
}

void EventRecorder::Add(const std::string& event_type, const std::string& resource_type,
                        const std::string& resource_sid, const std::string& description,
                        StringPairs data) {
  data.emplace_back("workspace_sid", workspace_.sid);
  data.emplace_back("workspace_name", workspace_.friendly_name);

  EventRecord event;
  event.seq = registry_.NextSeq();
  event.sid = NewSid("EV");
  event.account_sid = workspace_.account_sid;
  event.workspace_sid = workspace_.sid;
  event.event_type = event_type;
  event.resource_type = resource_type;
  event.resource_sid = resource_sid;
  event.description = description;
  event.actor_type = "workspace";
  event.actor_sid = workspace_.sid;
  event.source_ip_address = caller_.ip_address;
  event.event_date_ms = now_;
  event.data = data;
  batch_.push_back(event);

  if (WantsCallback(event_type)) {
    DeliveryRecord delivery;
    delivery.seq = registry_.NextSeq();
    delivery.account_sid = workspace_.account_sid;
    delivery.workspace_sid = workspace_.sid;
    delivery.url = *workspace_.event_callback_url;
    delivery.created_ms = now_;
    delivery.params = {
        {"Sid", event.sid},
        {"EventType", event_type},
        {"EventDescription", description},
        {"AccountSid", workspace_.account_sid},
        {"ResourceType", resource_type},
        {"ResourceSid", resource_sid},
        {"Timestamp", std::to_string(now_ / 1000)},
        {"TimestampMs", std::to_string(now_)},
    };
    for (const auto& [key, value] : data) {
      delivery.params.emplace_back(CallbackParamName(key), value);
    }
    batch_.push_back(std::move(delivery));
  }
}

StringPairs ActivityChangeData(const WorkspaceState& state, const WorkerRecord& worker,
                               const std::string& previous_sid, TimeMs in_previous) {
  StringPairs data = WorkerEventData(worker, state.ActivityName(worker.activity_sid));
  data.emplace_back("worker_previous_activity_sid", previous_sid);
  data.emplace_back("worker_previous_activity_name", state.ActivityName(previous_sid));
  data.emplace_back("worker_time_in_previous_activity", std::to_string(in_previous / 1000));
  data.emplace_back("worker_time_in_previous_activity_ms", std::to_string(in_previous));
  return data;
}

}  // namespace taskrouter
