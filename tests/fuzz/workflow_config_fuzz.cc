// libFuzzer target: the input as a Workflow Configuration in a Workspace where every well-formed
// TaskQueue SID exists. What parses must keep its text, have a queue for every target and give
// each Task a filter and a target without failing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/sid.h"
#include "domain/workflow_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taskrouter;
  std::string text(reinterpret_cast<const char*>(data), size);
  WorkflowConfigContext context;
  context.queue_exists = [](std::string_view sid) { return !sid.ends_with('0'); };
  Result<WorkflowConfig> config = ParseWorkflowConfig(text, context);
  if (!config.ok()) {
    return 0;
  }
  if (config->json != text) {
    __builtin_trap();
  }

  static const Attributes task =
      ParseAttributes(R"({"type":"support","vip":true,"level":3})").value();
  MatchFilter(config.value(), task, 1700000000000);
  for (const WorkflowFilter& filter : config->filters) {
    if (filter.targets.empty()) {
      __builtin_trap();
    }
    for (size_t i = 0; i < filter.targets.size(); ++i) {
      if (!IsSid(filter.targets[i].queue, "WQ")) {
        __builtin_trap();
      }
      std::optional<TimeMs> deadline = TargetDeadline(filter, i);
      if (deadline && (ActiveTarget(filter, *deadline - 1, i) != i ||
                       ActiveTarget(filter, *deadline, i) == i)) {
        __builtin_trap();  // a target ends exactly at its deadline
      }
    }
  }
  return 0;
}
