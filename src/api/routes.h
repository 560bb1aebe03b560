// The routes of each resource; api.cc puts them together.
#pragma once

#include "api/api.h"

namespace taskrouter::api {

void RegisterWorkspaceRoutes(http::Router& router, const Services& services);
void RegisterActivityRoutes(http::Router& router, const Services& services);

}  // namespace taskrouter::api
