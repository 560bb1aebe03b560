// The routes of each resource; api.cc puts them together.
#pragma once

#include "api/api.h"

namespace taskrouter::api {

// A resource's handler: the request in, the answer or the error out.
using ResourceHandler = Result<http::Response> (*)(const Services&, const http::Request&);

// The answer is held until every change the request made or saw is durable.
http::Handler Bind(const Services& services, ResourceHandler handler);

void RegisterWorkspaceRoutes(http::Router& router, const Services& services);
void RegisterActivityRoutes(http::Router& router, const Services& services);
void RegisterStatisticsRoutes(http::Router& router, const Services& services);
void RegisterWorkerRoutes(http::Router& router, const Services& services);
void RegisterEventRoutes(http::Router& router, const Services& services);
void RegisterTaskChannelRoutes(http::Router& router, const Services& services);
void RegisterWorkerChannelRoutes(http::Router& router, const Services& services);
void RegisterTaskQueueRoutes(http::Router& router, const Services& services);
void RegisterTaskQueueStatisticsRoutes(http::Router& router, const Services& services);
void RegisterWorkflowRoutes(http::Router& router, const Services& services);
void RegisterWorkflowStatisticsRoutes(http::Router& router, const Services& services);
void RegisterTaskRoutes(http::Router& router, const Services& services);
void RegisterReservationRoutes(http::Router& router, const Services& services);

// Who the request acts for, and from where.
inline Caller CallerOf(const http::Request& request) {
  return Caller{request.account_sid, request.remote_address};
}

}  // namespace taskrouter::api
