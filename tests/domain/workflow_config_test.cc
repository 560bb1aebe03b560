#include "domain/workflow_config.h"

#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace taskrouter::testing {
namespace {

constexpr char kSupport[] = "WQ00000000000000000000000000000001";
constexpr char kSales[] = "WQ00000000000000000000000000000002";
constexpr char kEveryone[] = "WQ00000000000000000000000000000003";
constexpr char kElsewhere[] = "WQ0000000000000000000000000000000f";  // another Workspace's

constexpr TimeMs kMonday0915 = 1699866900000;  // 2023-11-13T09:15:00Z

// Twilio's documented example (workflow-configuration): Gold tickets with every target setting.
constexpr char kDocumented[] = R"({
  "task_routing": {
    "filters": [
      {
        "filter_friendly_name": "Gold tickets",
        "expression": "type == 'ticket' AND customer_value == 'Gold'",
        "targets": [
          { "queue": "WQ00000000000000000000000000000001", "priority": 10, "timeout": 300,
            "expression": "task.required_language IN worker.spoken_languages",
            "order_by": "worker.level DESC, worker.tenure ASC",
            "skip_if": "workers.available == 0",
            "known_worker_sid": "task.agent_sid" },
          { "queue": "WQ00000000000000000000000000000002" }
        ]
      }
    ],
    "default_filter": { "queue": "WQ00000000000000000000000000000003" }
  }
})";

// Twilio's lifecycle example: the second Support target inherits the queue of the first.
constexpr char kSupportAndSales[] = R"({
  "task_routing": {
    "filters": [
      { "expression": "type==\"Support\"", "filter_friendly_name": "Support Calls",
        "targets": [
          { "queue": "WQ00000000000000000000000000000001", "timeout": 15,
            "expression": "worker.id IN task.preferred_agents" },
          { "timeout": 15 } ] },
      { "expression": "type==\"Sales\"", "filter_friendly_name": "Sales Calls",
        "targets": [ { "queue": "WQ00000000000000000000000000000002", "timeout": 15 } ] },
      { "expression": "1==1", "filter_friendly_name": "Everything else",
        "targets": [ { "queue": "WQ00000000000000000000000000000003" } ] }
    ],
    "default_filter": { "queue": "WQ00000000000000000000000000000003" }
  }
})";

Attributes MustParse(std::string_view json) {
  Result<Attributes> parsed = ParseAttributes(json);
  EXPECT_TRUE(parsed.ok()) << json;
  return parsed.ok() ? std::move(parsed.value()) : Attributes();
}

class WorkflowConfigTest : public ::testing::Test {
 protected:
  WorkflowConfigTest() {
    context_.queue_exists = [this](std::string_view sid) {
      return queues_.count(std::string(sid)) > 0;
    };
  }

  Result<WorkflowConfig> Parse(std::string_view json) {
    return ParseWorkflowConfig(json, context_);
  }

  WorkflowConfig MustParseConfig(std::string_view json) {
    Result<WorkflowConfig> config = Parse(json);
    EXPECT_TRUE(config.ok()) << (config.ok() ? "" : config.error().message());
    return config.ok() ? std::move(config.value()) : WorkflowConfig();
  }

  // The message of the error parsing `json`, or "" if it parses.
  std::string ErrorOf(std::string_view json) {
    Result<WorkflowConfig> config = Parse(json);
    if (config.ok()) {
      return "";
    }
    EXPECT_EQ(config.error().http_status(), 400);
    EXPECT_EQ(config.error().code(), 20001);
    return config.error().message();
  }

  // A Configuration of one filter `{"expression": "1==1", "targets": [<target>]}`.
  static std::string WithTarget(const std::string& target) {
    return R"({"task_routing":{"filters":[{"expression":"1==1","targets":[)" + target + "]}]}}";
  }

  // The name of the filter `task` matches at kMonday0915, or "default" if none does.
  static std::string Matched(const WorkflowConfig& config, std::string_view task,
                             size_t first = 0) {
    const WorkflowFilter* filter = MatchFilter(config, MustParse(task), kMonday0915, first);
    return filter == nullptr ? "default" : filter->filter_friendly_name;
  }

  std::set<std::string> queues_ = {kSupport, kSales, kEveryone};
  WorkflowConfigContext context_;
};

TEST_F(WorkflowConfigTest, ReadsEverySettingOfTheDocumentedExample) {
  WorkflowConfig config = MustParseConfig(kDocumented);
  EXPECT_EQ(config.json, kDocumented);
  ASSERT_EQ(config.filters.size(), 1u);
  const WorkflowFilter& gold = config.filters[0];
  EXPECT_EQ(gold.filter_friendly_name, "Gold tickets");
  EXPECT_EQ(gold.expression.text(), "type == 'ticket' AND customer_value == 'Gold'");
  ASSERT_EQ(gold.targets.size(), 2u);

  const WorkflowTarget& first = gold.targets[0];
  EXPECT_EQ(first.queue, kSupport);
  EXPECT_EQ(first.priority, 10);
  EXPECT_EQ(first.timeout, 300);
  ASSERT_TRUE(first.expression.has_value());
  EXPECT_EQ(first.expression->text(), "task.required_language IN worker.spoken_languages");
  ASSERT_EQ(first.order_by.size(), 2u);
  EXPECT_EQ(first.order_by[0].path[0].member, "level");
  EXPECT_TRUE(first.order_by[0].descending);
  EXPECT_EQ(first.order_by[1].path[0].member, "tenure");
  EXPECT_FALSE(first.order_by[1].descending);
  ASSERT_TRUE(first.skip_if.has_value());
  EXPECT_EQ(first.skip_if->text(), "workers.available == 0");
  ASSERT_TRUE(first.known_worker_sid.has_value());
  ASSERT_EQ(first.known_worker_sid->size(), 1u);
  EXPECT_EQ(first.known_worker_sid->at(0).member, "agent_sid");
  EXPECT_FALSE(first.known_worker_friendly_name.has_value());

  const WorkflowTarget& second = gold.targets[1];
  EXPECT_EQ(second.queue, kSales);
  EXPECT_EQ(second.priority, std::nullopt);
  EXPECT_EQ(second.timeout, std::nullopt);
  EXPECT_FALSE(second.expression.has_value());
  EXPECT_TRUE(second.order_by.empty());
  EXPECT_FALSE(second.skip_if.has_value());
  EXPECT_FALSE(second.known_worker_sid.has_value());

  ASSERT_TRUE(config.default_filter.has_value());
  EXPECT_EQ(config.default_filter->queue, kEveryone);
}

TEST_F(WorkflowConfigTest, ALaterTargetWithoutQueueInheritsOnlyTheQueue) {
  WorkflowConfig config = MustParseConfig(kSupportAndSales);
  ASSERT_EQ(config.filters.size(), 3u);
  const WorkflowFilter& support = config.filters[0];
  ASSERT_EQ(support.targets.size(), 2u);
  EXPECT_EQ(support.targets[1].queue, kSupport);
  EXPECT_EQ(support.targets[1].timeout, 15);
  EXPECT_FALSE(support.targets[1].expression.has_value());
  EXPECT_EQ(config.filters[1].targets[0].queue, kSales);
}

TEST_F(WorkflowConfigTest, PriorityAndTimeoutMayBeNumericStrings) {
  WorkflowConfig config = MustParseConfig(
      WithTarget(R"({"queue":")" + std::string(kSupport) + R"(","priority":"10","timeout":"20"})"));
  EXPECT_EQ(config.filters[0].targets[0].priority, 10);
  EXPECT_EQ(config.filters[0].targets[0].timeout, 20);

  config = MustParseConfig(WithTarget(R"({"queue":")" + std::string(kSupport) +
                                      R"(","priority":2147483647,"timeout":2147483647})"));
  EXPECT_EQ(config.filters[0].targets[0].priority, 2147483647);
  EXPECT_EQ(config.filters[0].targets[0].timeout, 2147483647);

  config = MustParseConfig(
      WithTarget(R"({"queue":")" + std::string(kSupport) + R"(","priority":0,"timeout":1.0})"));
  EXPECT_EQ(config.filters[0].targets[0].priority, 0);
  EXPECT_EQ(config.filters[0].targets[0].timeout, 1);
}

TEST_F(WorkflowConfigTest, NullAndEmptyOptionalKeysAreLeftOut) {
  WorkflowConfig config = MustParseConfig(
      WithTarget(R"({"queue":")" + std::string(kSupport) +
                 R"(","priority":null,"timeout":"","expression":"","order_by":"","skip_if":null,)"
                 R"("known_worker_sid":"","known_worker_friendly_name":null,"filter":"ignored"})"));
  const WorkflowTarget& target = config.filters[0].targets[0];
  EXPECT_EQ(target.priority, std::nullopt);
  EXPECT_EQ(target.timeout, std::nullopt);
  EXPECT_FALSE(target.expression.has_value());
  EXPECT_TRUE(target.order_by.empty());
  EXPECT_FALSE(target.skip_if.has_value());
  EXPECT_FALSE(target.known_worker_sid.has_value());
  EXPECT_FALSE(target.known_worker_friendly_name.has_value());
}

TEST_F(WorkflowConfigTest, KnownWorkerByFriendlyName) {
  WorkflowConfig config = MustParseConfig(
      WithTarget(R"({"queue":")" + std::string(kSupport) +
                 R"(","known_worker_friendly_name":"task.agents[0].name","priority":"100"})"));
  const WorkflowTarget& target = config.filters[0].targets[0];
  EXPECT_FALSE(target.known_worker_sid.has_value());
  ASSERT_TRUE(target.known_worker_friendly_name.has_value());
  Attributes task = MustParse(R"({"agents":[{"name":"alice"}]})");
  EXPECT_EQ(task.root().Find(*target.known_worker_friendly_name).string(), "alice");
}

TEST_F(WorkflowConfigTest, ADefaultFilterAloneIsEnough) {
  WorkflowConfig config = MustParseConfig(R"({"task_routing":{"default_filter":{"queue":")" +
                                          std::string(kEveryone) + R"(","priority":5}}})");
  EXPECT_TRUE(config.filters.empty());
  ASSERT_TRUE(config.default_filter.has_value());
  EXPECT_EQ(config.default_filter->queue, kEveryone);
  EXPECT_EQ(config.default_filter->priority, 5);
}

TEST_F(WorkflowConfigTest, FiltersAloneAreEnough) {
  WorkflowConfig config =
      MustParseConfig(WithTarget(R"({"queue":")" + std::string(kSales) + R"("})"));
  EXPECT_EQ(config.filters.size(), 1u);
  EXPECT_FALSE(config.default_filter.has_value());
}

TEST_F(WorkflowConfigTest, ErrorsSayWhatIsWrongAndWhere) {
  const std::string q = R"("queue":")" + std::string(kSupport) + R"(")";
  const std::string prefix = "Invalid Configuration: ";
  const std::string target0 = "task_routing.filters[0].targets[0]";
  struct Case {
    std::string json;
    std::string message;
  };
  const Case cases[] = {
      {"",
       "must be a JSON object, such as "
       R"({"task_routing":{"default_filter":{"queue":"WQ…"}}})"},
      {"[1]",
       "must be a JSON object, such as "
       R"({"task_routing":{"default_filter":{"queue":"WQ…"}}})"},
      {"{}", "task_routing: missing"},
      {R"({"task_routing":[]})", "task_routing: must be an object"},
      {R"({"task_routing":{}})", "task_routing: needs at least one filter or a default_filter"},
      {R"({"task_routing":{"filters":{}}})", "task_routing.filters: must be an array"},
      {R"({"task_routing":{"filters":["x"]}})", "task_routing.filters[0]: must be an object"},
      {R"({"task_routing":{"filters":[{"targets":[{)" + q + "}]}]}}",
       "task_routing.filters[0].expression: missing"},
      {R"({"task_routing":{"filters":[{"expression":"","targets":[{)" + q + "}]}]}}",
       "task_routing.filters[0].expression: must not be empty"},
      {R"({"task_routing":{"filters":[{"expression":1,"targets":[{)" + q + "}]}]}}",
       "task_routing.filters[0].expression: must be a string"},
      {R"({"task_routing":{"filters":[{"expression":"a == 1 AND","targets":[{)" + q + "}]}]}}",
       "task_routing.filters[0].expression: Invalid expression \"a == 1 AND\": expected a "
       "comparison at position 11"},
      {R"({"task_routing":{"filters":[{"expression":"1==1","filter_friendly_name":7,)"
       R"("targets":[{)" +
           q + "}]}]}}",
       "task_routing.filters[0].filter_friendly_name: must be a string"},
      {R"({"task_routing":{"filters":[{"expression":"1==1"}]}})",
       "task_routing.filters[0].targets: missing"},
      {R"({"task_routing":{"filters":[{"expression":"1==1","targets":{}}]}})",
       "task_routing.filters[0].targets: must be an array"},
      {R"({"task_routing":{"filters":[{"expression":"1==1","targets":[]}]}})",
       "task_routing.filters[0].targets: must have at least one target"},
      {WithTarget("3"), target0 + ": must be an object"},
      {WithTarget(R"({"timeout":10})"), target0 + ".queue: missing"},
      {WithTarget(R"({"queue":"Support"})"),
       target0 + ".queue: must be a TaskQueue SID: WQ and 32 hexadecimal digits"},
      {WithTarget(R"({"queue":42})"),
       target0 + ".queue: must be a TaskQueue SID: WQ and 32 hexadecimal digits"},
      {WithTarget(R"({"queue":")" + std::string(kElsewhere) + R"("})"),
       target0 + ".queue: " + kElsewhere + " is not a TaskQueue of this Workspace"},
      {WithTarget("{" + q + R"(,"priority":-1})"),
       target0 + ".priority: must be an integer from 0 to 2147483647"},
      {WithTarget("{" + q + R"(,"priority":2147483648})"),
       target0 + ".priority: must be an integer from 0 to 2147483647"},
      {WithTarget("{" + q + R"(,"priority":"high"})"),
       target0 + ".priority: must be an integer from 0 to 2147483647"},
      {WithTarget("{" + q + R"(,"priority":1.5})"),
       target0 + ".priority: must be an integer from 0 to 2147483647"},
      {WithTarget("{" + q + R"(,"timeout":0})"),
       target0 + ".timeout: must be a whole number of seconds from 1 to 2147483647"},
      {WithTarget("{" + q + R"(,"timeout":"-5"})"),
       target0 + ".timeout: must be a whole number of seconds from 1 to 2147483647"},
      {WithTarget("{" + q + R"(,"timeout":true})"),
       target0 + ".timeout: must be a whole number of seconds from 1 to 2147483647"},
      {WithTarget("{" + q + R"(,"expression":"type == 'x'"})"),
       target0 + ".expression: Invalid expression \"type == 'x'\": expected a key starting with "
                 "task., worker. or taskrouter. at position 1"},
      {WithTarget("{" + q + R"(,"skip_if":"workers.busy > 0"})"),
       target0 + ".skip_if: Invalid skip_if \"workers.busy > 0\": expected workers.available, "
                 "workers.unavailable, workers.<ActivitySid> or taskrouter. at position 1"},
      {WithTarget("{" + q + R"(,"order_by":"worker.level"})"),
       target0 + ".order_by: Invalid order_by \"worker.level\": expected ASC or DESC at "
                 "position 13"},
      {WithTarget("{" + q + R"(,"order_by":["worker.level DESC"]})"),
       target0 + ".order_by: must be a string"},
      {WithTarget("{" + q + R"(,"known_worker_sid":"worker.sid"})"),
       target0 + ".known_worker_sid: Invalid known_worker_sid \"worker.sid\": expected "
                 "task.<attribute> at position 1"},
      {WithTarget("{" + q +
                  R"(,"known_worker_sid":"task.a","known_worker_friendly_name":"task.b"})"),
       target0 + ": known_worker_sid and known_worker_friendly_name exclude each other"},
      {R"({"task_routing":{"filters":[{"expression":"1==1","targets":[{)" + q +
           R"(}]},{"expression":"1==1","targets":[{)" + q + R"(},{"queue":"WQ1"}]}]}})",
       "task_routing.filters[1].targets[1].queue: must be a TaskQueue SID: WQ and 32 "
       "hexadecimal digits"},
      {R"({"task_routing":{"default_filter":"WQ1"}})",
       "task_routing.default_filter: must be an object"},
      {R"({"task_routing":{"default_filter":{}}})", "task_routing.default_filter.queue: missing"},
      {R"({"task_routing":{"default_filter":{)" + q + R"(,"timeout":30}}})",
       "task_routing.default_filter.timeout: not allowed: a Task waits in the default_filter "
       "until its own Timeout"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    EXPECT_EQ(ErrorOf(c.json), prefix + c.message);
  }
}

TEST_F(WorkflowConfigTest, TheFirstErrorInDocumentOrderIsTheOneReported) {
  std::string json = R"({"task_routing":{"filters":[{"expression":"1==1","targets":[)"
                     R"({"queue":"WQ1"},{"priority":-1}]}],"default_filter":{}}})";
  EXPECT_EQ(ErrorOf(json),
            "Invalid Configuration: task_routing.filters[0].targets[0].queue: must be a TaskQueue "
            "SID: WQ and 32 hexadecimal digits");
}

TEST_F(WorkflowConfigTest, LengthFilterAndTargetCountsAreBounded) {
  std::string target = R"({"queue":")" + std::string(kSupport) + R"("})";
  std::string longest = WithTarget(target);
  longest.append(kMaxWorkflowConfigLength - longest.size(), ' ');
  EXPECT_EQ(ErrorOf(longest), "");
  EXPECT_EQ(ErrorOf(longest + " "),
            "Invalid Configuration: 1038577 bytes, more than the limit of 1038576");

  std::string targets = target;
  for (size_t i = 1; i < kMaxWorkflowTargets; ++i) {
    targets += "," + target;
  }
  EXPECT_EQ(ErrorOf(WithTarget(targets)), "");
  EXPECT_EQ(ErrorOf(WithTarget(targets + "," + target)),
            "Invalid Configuration: task_routing.filters[0].targets: 101 targets, more than the "
            "limit of 100");

  std::string filter = R"({"expression":"1==1","targets":[)" + target + "]}";
  std::string filters = filter;
  for (size_t i = 1; i < kMaxWorkflowFilters; ++i) {
    filters += "," + filter;
  }
  EXPECT_EQ(ErrorOf(R"({"task_routing":{"filters":[)" + filters + "]}}"), "");
  EXPECT_EQ(ErrorOf(R"({"task_routing":{"filters":[)" + filters + "," + filter + "]}}"),
            "Invalid Configuration: task_routing.filters: 1001 filters, more than the limit of "
            "1000");
}

TEST_F(WorkflowConfigTest, TheFirstMatchingFilterWins) {
  WorkflowConfig config = MustParseConfig(kSupportAndSales);
  EXPECT_EQ(Matched(config, R"({"type":"Support"})"), "Support Calls");
  EXPECT_EQ(Matched(config, R"({"type":"Sales","vip":true})"), "Sales Calls");
  EXPECT_EQ(Matched(config, R"({"type":"Billing"})"), "Everything else");
  EXPECT_EQ(Matched(config, R"({})"), "Everything else");
}

TEST_F(WorkflowConfigTest, NoMatchLeavesTheDefaultFilter) {
  WorkflowConfig config = MustParseConfig(kDocumented);
  EXPECT_EQ(Matched(config, R"({"type":"ticket","customer_value":"Gold"})"), "Gold tickets");
  EXPECT_EQ(Matched(config, R"({"type":"ticket","customer_value":"Silver"})"), "default");
  EXPECT_EQ(Matched(config, R"({"customer_value":"Gold"})"), "default");
}

TEST_F(WorkflowConfigTest, MatchingCanStartAfterAFilterTheTaskSkippedOutOf) {
  WorkflowConfig config = MustParseConfig(kSupportAndSales);
  EXPECT_EQ(Matched(config, R"({"type":"Support"})", 1), "Everything else");
  EXPECT_EQ(Matched(config, R"({"type":"Sales"})", 1), "Sales Calls");
  EXPECT_EQ(Matched(config, R"({"type":"Sales"})", 3), "default");
  EXPECT_EQ(Matched(config, R"({"type":"Sales"})", 7), "default");
}

TEST_F(WorkflowConfigTest, FilterExpressionsSeeTheTimeOfDay) {
  WorkflowConfig config = MustParseConfig(
      R"({"task_routing":{"filters":[{"filter_friendly_name":"Office hours",)"
      R"("expression":"taskrouter.currentHour >= 9 AND taskrouter.currentHour < 17",)"
      R"("targets":[{"queue":")" +
      std::string(kSupport) + R"("}]}]}})");
  Attributes task = MustParse("{}");
  EXPECT_EQ(MatchFilter(config, task, kMonday0915), &config.filters[0]);
  EXPECT_EQ(MatchFilter(config, task, kMonday0915 + 8 * 3600 * 1000), nullptr);
}

// Twilio's timeout example (task-evaluation): three steps of 10 s each, on one clock.
constexpr char kThreeSteps[] = R"({"task_routing":{"filters":[{"expression":"1==1","targets":[
    {"queue":"WQ00000000000000000000000000000001","timeout":10},
    {"queue":"WQ00000000000000000000000000000002","timeout":10},
    {"queue":"WQ00000000000000000000000000000003","timeout":10}]}]}})";

TEST_F(WorkflowConfigTest, DeadlinesAddUpTheTimeoutsOfEveryStepSoFar) {
  WorkflowConfig config = MustParseConfig(kThreeSteps);
  const WorkflowFilter& filter = config.filters[0];
  EXPECT_EQ(TargetDeadline(filter, 0), 10000);
  EXPECT_EQ(TargetDeadline(filter, 1), 20000);
  EXPECT_EQ(TargetDeadline(filter, 2), 30000);
}

TEST_F(WorkflowConfigTest, ActiveTargetEscalatesAtEachDeadline) {
  WorkflowConfig config = MustParseConfig(kThreeSteps);
  const WorkflowFilter& filter = config.filters[0];
  struct Case {
    TimeMs elapsed_ms;
    std::optional<size_t> target;
  };
  const Case cases[] = {
      {0, 0},
      {9999, 0},
      {10000, 1},
      {19999, 1},
      {20000, 2},
      {29999, 2},
      {30000, std::nullopt},
      {3600000, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.elapsed_ms);
    EXPECT_EQ(ActiveTarget(filter, c.elapsed_ms), c.target);
  }
  // A reservation that timed out at 8 s sends the Task back to routing, which puts it in the
  // second step: its deadline is 12 s later, at 20 s.
  EXPECT_EQ(ActiveTarget(filter, 8000), 0u);
  EXPECT_EQ(ActiveTarget(filter, 12000), 1u);
}

TEST_F(WorkflowConfigTest, ATargetWithoutTimeoutHoldsTheTask) {
  WorkflowConfig config =
      MustParseConfig(R"({"task_routing":{"filters":[{"expression":"1==1","targets":[)"
                      R"({"queue":")" +
                      std::string(kSupport) +
                      R"(","timeout":5,"skip_if":"workers.available == 0"},)"
                      R"({"skip_if":"workers.available == 0"},{"queue":")" +
                      std::string(kSales) + R"(","timeout":20}]}]}})");
  const WorkflowFilter& filter = config.filters[0];
  EXPECT_EQ(TargetDeadline(filter, 1), std::nullopt);
  EXPECT_EQ(ActiveTarget(filter, 4999), 0u);
  EXPECT_EQ(ActiveTarget(filter, 5000), 1u);
  EXPECT_EQ(ActiveTarget(filter, 86400000), 1u);

  // Left by skip_if, the second step adds nothing to the clock of the third.
  EXPECT_EQ(TargetDeadline(filter, 2), 25000);
  EXPECT_EQ(ActiveTarget(filter, 3000, 2), 2u);
  EXPECT_EQ(ActiveTarget(filter, 24999, 2), 2u);
  EXPECT_EQ(ActiveTarget(filter, 25000, 2), std::nullopt);
}

}  // namespace
}  // namespace taskrouter::testing
