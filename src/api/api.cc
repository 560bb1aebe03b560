#include "api/api.h"

#include "api/routes.h"

namespace taskrouter::api {

void RegisterRoutes(http::Router& router, const Services& services) {
  RegisterWorkspaceRoutes(router, services);
  RegisterActivityRoutes(router, services);
}

}  // namespace taskrouter::api
