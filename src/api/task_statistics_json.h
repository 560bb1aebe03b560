// The Task and Reservation figures shared by the Workspace, TaskQueue and Workflow statistics.
#pragma once

#include <boost/json/object.hpp>

#include "api/api.h"
#include "domain/statistics_service.h"
#include "http/message.h"

namespace taskrouter::api {

// Adds longest_task_waiting_{age,sid}, tasks_by_priority, tasks_by_status and total_tasks to
// `json`, and for a TaskQueue longest_relative_task_{age,sid}_in_queue too.
void AddTaskRealTime(boost::json::object& json, const RealTimeTaskStatistics& statistics,
                     TaskScope::Kind kind);

// The Task figures of `scope` now, narrowed by the request's TaskChannel.
Result<RealTimeTaskStatistics> ReadTaskRealTime(const Services& services, const http::Request& r,
                                                TaskScope scope);

// The cumulative object of `scope` over the request's window (Minutes, StartDate, EndDate),
// narrowed by its TaskChannel and split by its SplitByWaitTime, with the fields of the scope's
// kind. 400 for a bad parameter, 404 for an unknown Workspace, TaskQueue or Workflow.
Result<boost::json::object> ReadTaskCumulative(const Services& services, const http::Request& r,
                                               TaskScope scope);

}  // namespace taskrouter::api
