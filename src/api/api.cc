#include "api/api.h"

#include "api/routes.h"

namespace taskrouter::api {

http::Handler Bind(const Services& services, ResourceHandler handler) {
  return [&services, handler](const http::Request& request) -> Result<http::Response> {
    WorkspaceRegistry::BeginRequest();
    Result<http::Response> result = handler(services, request);
    CommitTicket ticket = WorkspaceRegistry::RequestTicket();
    if (result.ok() && !services.registry.Settled(ticket)) {
      result.value().hold = [&registry = services.registry, ticket](http::Response::Release r) {
        registry.WhenSettled(ticket, std::move(r));
      };
    }
    return result;
  };
}

void RegisterRoutes(http::Router& router, const Services& services) {
  RegisterWorkspaceRoutes(router, services);
  RegisterActivityRoutes(router, services);
  // Before the Worker routes: /Workers/Statistics would otherwise match /Workers/{Sid}.
  RegisterStatisticsRoutes(router, services);
  RegisterWorkerRoutes(router, services);
  RegisterWorkerChannelRoutes(router, services);
  RegisterTaskChannelRoutes(router, services);
  // Before the TaskQueue routes: /TaskQueues/Statistics would otherwise match /TaskQueues/{Sid}.
  RegisterTaskQueueStatisticsRoutes(router, services);
  RegisterTaskQueueRoutes(router, services);
  RegisterWorkflowRoutes(router, services);
  RegisterWorkflowStatisticsRoutes(router, services);
  RegisterTaskRoutes(router, services);
  RegisterReservationRoutes(router, services);
  RegisterEventRoutes(router, services);
}

}  // namespace taskrouter::api
