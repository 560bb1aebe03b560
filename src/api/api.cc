#include "api/api.h"

#include "api/routes.h"

namespace taskrouter::api {

void RegisterRoutes(http::Router& router, const Services& services) {
  RegisterWorkspaceRoutes(router, services);
  RegisterActivityRoutes(router, services);
  // Before the Worker routes: /Workers/Statistics would otherwise match /Workers/{Sid}.
  RegisterStatisticsRoutes(router, services);
  RegisterWorkerRoutes(router, services);
  RegisterWorkerChannelRoutes(router, services);
  RegisterTaskChannelRoutes(router, services);
  RegisterEventRoutes(router, services);
}

}  // namespace taskrouter::api
