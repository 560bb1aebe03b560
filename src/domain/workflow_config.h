// A Workflow's Configuration: the JSON document that sends each Task to the first filter its
// attributes match, and walks it through that filter's targets (TaskQueues) as their timeouts
// expire. Parsed and checked once, when a Workflow is created or updated; routing then reads the
// parsed form.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/attributes.h"
#include "common/clock.h"
#include "common/status.h"
#include "domain/expression.h"

namespace taskrouter {

inline constexpr size_t kMaxWorkflowConfigLength = 1038576;  // bytes, Twilio's documented limit
inline constexpr size_t kMaxWorkflowFilters = 1000;
inline constexpr size_t kMaxWorkflowTargets = 100;         // per filter
inline constexpr int64_t kMaxTargetPriority = 2147483647;  // as a Task's Priority
inline constexpr int64_t kMaxTargetTimeout = 2147483647;   // seconds

// One routing step: a TaskQueue, and how the Task waits there.
struct WorkflowTarget {
  // The TaskQueue SID; a target that names none has the previous target's.
  std::string queue;
  // Which of the TaskQueue's Workers may take the Task (ExpressionScope::kTarget).
  std::optional<Expression> expression;
  // The Task's priority from the moment it enters this step; none keeps the priority it has.
  std::optional<int64_t> priority;
  // Seconds, counted as ActiveTarget describes; none keeps the Task in this step.
  std::optional<int64_t> timeout;
  // How the eligible Workers are sorted; empty keeps the TaskQueue's order.
  std::vector<OrderClause> order_by;
  // When the step is skipped if no Reservation is made on entering it (kSkipIf).
  std::optional<Expression> skip_if;
  // At most one of the two: the path below task. of the one Worker's SID or friendly_name.
  std::optional<std::vector<PathStep>> known_worker_sid;
  std::optional<std::vector<PathStep>> known_worker_friendly_name;
};

// A Task whose attributes satisfy `expression` (ExpressionScope::kAttributes) goes through
// `targets`, in order.
struct WorkflowFilter {
  std::string filter_friendly_name;
  Expression expression;
  std::vector<WorkflowTarget> targets;  // at least one
};

// A parsed Configuration; immutable once made, so routing may share it between threads.
struct WorkflowConfig {
  std::vector<WorkflowFilter> filters;  // first match wins
  // Where a Task that matches no filter goes; it has no timeout. None: such a Task has nowhere
  // to go.
  std::optional<WorkflowTarget> default_filter;
  // The Configuration as given, answered back unchanged.
  std::string json;
};

// What checking a Configuration needs to know about its Workspace.
struct WorkflowConfigContext {
  // True if `queue_sid` is a TaskQueue of the Workflow's Workspace.
  std::function<bool(std::string_view queue_sid)> queue_exists;
};

// Parses a Workflow's `Configuration`. On failure 400 / 20001 with a message that names the
// problem and where it is, e.g. `Invalid Configuration: task_routing.filters[1].targets[0].queue:
// WQ… is not a TaskQueue of this Workspace`. Keys the schema does not name are ignored.
Result<WorkflowConfig> ParseWorkflowConfig(std::string_view json,
                                           const WorkflowConfigContext& context);

// The first filter from `config.filters[first]` on whose expression `task` satisfies at `now`,
// or nullptr if none does: the Task then goes to `config.default_filter`, if there is one.
// `first` lets a Task that skipped out of a filter try only the filters after it.
const WorkflowFilter* MatchFilter(const WorkflowConfig& config, const Attributes& task, TimeMs now,
                                  size_t first = 0);

// Milliseconds after entering `filter` at which its target `index` times out: the sum of the
// timeouts of targets 0 to `index`, a target without one counting 0 (it was left by skip_if).
// Steps share one clock, so a step reached late has the rest of its time, not all of it. None if
// the target has no timeout. Requires index < filter.targets.size().
std::optional<TimeMs> TargetDeadline(const WorkflowFilter& filter, size_t index);

// The index of the target a Task is in `elapsed_ms` after it entered `filter`, having reached
// target `current` (0 on entering; later after skip_if): the first from `current` whose deadline
// is still ahead, or that has none. A deadline that is reached has passed. None if the last
// target's deadline has passed: the Task has timed out of the filter.
std::optional<size_t> ActiveTarget(const WorkflowFilter& filter, TimeMs elapsed_ms,
                                   size_t current = 0);

}  // namespace taskrouter
