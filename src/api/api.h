// The TaskRouter v1 resources on the wire: parameters in, TaskRouter JSON out.
#pragma once

#include <string>

#include "domain/event_log.h"
#include "domain/statistics_service.h"
#include "domain/task_channel_service.h"
#include "domain/task_queue_service.h"
#include "domain/task_service.h"
#include "domain/worker_service.h"
#include "domain/workflow_service.h"
#include "domain/workspace_registry.h"
#include "domain/workspace_service.h"
#include "http/router.h"

namespace taskrouter::api {

struct Services {
  WorkspaceRegistry& registry;
  WorkspaceService& workspaces;
  WorkerService& workers;
  TaskChannelService& task_channels;
  TaskQueueService& task_queues;
  WorkflowService& workflows;
  TaskService& tasks;
  StatisticsService& statistics;
  EventLog& events;
  const Clock& clock;
  // The server's public base URL, without a trailing '/', written into every `url`, `links`
  // and paging URL.
  std::string base_url;
};

// Adds every route of the API to `router`. `services` must outlive the router.
void RegisterRoutes(http::Router& router, const Services& services);

}  // namespace taskrouter::api
