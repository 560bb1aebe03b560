// TaskRouter's expression language, as TaskQueue TargetWorkers, workflow filters and targets,
// skip_if and the list filters use it: `skills HAS 'support' AND level >= 5`. An expression is
// parsed once and evaluated many times, each time against a Resolver that gives its keys values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/attributes.h"
#include "common/clock.h"
#include "common/status.h"

namespace taskrouter {

inline constexpr size_t kMaxExpressionLength = 16384;  // bytes
inline constexpr int kMaxExpressionDepth = 64;         // parentheses inside parentheses

// Where an expression is used, which decides the keys it may name.
enum class ExpressionScope {
  // TargetWorkers, workflow filters, list filters: bare keys of one document, and taskrouter.*.
  kAttributes,
  // A workflow target's expression: task.<path>, worker.<path> and taskrouter.* only.
  kTarget,
  // A workflow target's skip_if: workers.available, workers.unavailable, workers.<ActivitySid>
  // and taskrouter.* only.
  kSkipIf,
};

struct ExpressionOptions {
  ExpressionScope scope = ExpressionScope::kAttributes;
  // Compare strings ignoring the case of ASCII letters. TaskRouter documents no such rule.
  bool fold_case = false;
};

// A key an expression names: where it starts, and the path from there.
enum class KeyRoot : uint8_t {
  kBare,     // the one document evaluated: `skills`, `customer.tags[2]`
  kTask,     // task.<path>
  kWorker,   // worker.<path>
  kWorkers,  // workers.<name>
};
struct ExpressionKey {
  KeyRoot root = KeyRoot::kBare;
  // Below the root: `customer`, `tier` for both `customer.tier` and `task.customer.tier`.
  std::vector<PathStep> path;
};

// Gives the keys of an expression their values for one evaluation. Keys under taskrouter. never
// reach Resolve: Evaluate answers them from now_ms(), in UTC.
class Resolver {
 public:
  explicit Resolver(TimeMs now_ms) : now_ms_(now_ms) {}
  virtual ~Resolver() = default;

  // The value of `key`, or null if it names nothing. The value may point into what the resolver
  // reads, which must outlive the evaluation.
  virtual AttributeValue Resolve(const ExpressionKey& key) const = 0;
  TimeMs now_ms() const { return now_ms_; }

 private:
  TimeMs now_ms_;
};

// Bare keys over one document, such as a Task's attributes (workflow filters,
// EvaluateTaskAttributes).
class AttributesResolver final : public Resolver {
 public:
  AttributesResolver(const Attributes& attributes, TimeMs now_ms)
      : Resolver(now_ms), attributes_(attributes) {}
  AttributeValue Resolve(const ExpressionKey& key) const override;

 private:
  const Attributes& attributes_;
};

// A Worker's resource fields that expressions name beside its attributes. The strings must
// outlive the resolvers that read them.
struct WorkerFields {
  std::string_view sid;
  std::string_view friendly_name;
  std::string_view activity_sid;
  std::string_view activity_name;
};

// Bare keys over a Worker (TargetWorkers, TargetWorkersExpression): `sid`, `friendly_name`,
// `activity_sid` and `activity_name` name its fields, which win over attributes of the same name;
// any other key names an attribute.
class WorkerResolver final : public Resolver {
 public:
  WorkerResolver(const Attributes& attributes, const WorkerFields& fields, TimeMs now_ms)
      : Resolver(now_ms), attributes_(attributes), fields_(fields) {}
  AttributeValue Resolve(const ExpressionKey& key) const override;

 private:
  const Attributes& attributes_;
  const WorkerFields& fields_;
};

// What worker.channel.<unique_name>.<field> reads: the Worker's load on one channel.
struct WorkerChannelLoad {
  int64_t configured_capacity = 0;
  int64_t assigned_tasks = 0;
  int64_t available_capacity_percentage = 0;
};
// The Worker's load on the channel `unique_name`, or nullopt if it has no such channel.
using ChannelLoads = std::function<std::optional<WorkerChannelLoad>(std::string_view unique_name)>;

// A workflow target: task.<path> over the Task's attributes; worker.<path> over the Worker as
// WorkerResolver reads bare keys, except worker.channel.<unique_name>.<field>, which asks
// `channels`.
class TargetResolver final : public Resolver {
 public:
  TargetResolver(const Attributes& task, const Attributes& worker, const WorkerFields& fields,
                 const ChannelLoads& channels, TimeMs now_ms)
      : Resolver(now_ms), task_(task), worker_(worker), fields_(fields), channels_(channels) {}
  AttributeValue Resolve(const ExpressionKey& key) const override;

 private:
  const Attributes& task_;
  const Attributes& worker_;
  const WorkerFields& fields_;
  const ChannelLoads& channels_;
};

// The Workers of a step's TaskQueue, counted as skip_if names them.
struct WorkerCounts {
  int64_t available = 0;    // in available Activities
  int64_t unavailable = 0;  // in the others
  // The number in the Activity with this SID; none means 0 for every Activity.
  std::function<int64_t(std::string_view activity_sid)> in_activity;
};

// skip_if: workers.available, workers.unavailable and workers.<ActivitySid>.
class WorkerCountsResolver final : public Resolver {
 public:
  WorkerCountsResolver(const WorkerCounts& counts, TimeMs now_ms)
      : Resolver(now_ms), counts_(counts) {}
  AttributeValue Resolve(const ExpressionKey& key) const override;

 private:
  const WorkerCounts& counts_;
};

struct ExpressionTree;

// A parsed expression; immutable, so concurrent evaluations may share it. Move-only; a
// moved-from Expression may only be assigned to or destroyed.
class Expression {
 public:
  // Made by ParseExpression.
  explicit Expression(std::unique_ptr<const ExpressionTree> tree);
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;
  ~Expression();

  // The text it was parsed from.
  const std::string& text() const;

 private:
  friend bool Evaluate(const Expression& expression, const Resolver& resolver);
  std::unique_ptr<const ExpressionTree> tree_;
};

// Parses `text` for use in `options.scope`. On failure 400 / 20001, with a message naming
// `parameter` and the position (1-based, in characters) of the problem, e.g.
// `Invalid TargetWorkersExpression "a == 1 AND": expected a comparison at position 11`. Text
// over kMaxExpressionLength bytes, text that is not UTF-8 and parentheses nested deeper than
// kMaxExpressionDepth are refused the same way.
Result<Expression> ParseExpression(std::string_view text, std::string_view parameter,
                                   const ExpressionOptions& options = {});

// True if `expression` holds for the values `resolver` gives its keys. Allocates nothing
// itself; only the callbacks a resolver was given might.
bool Evaluate(const Expression& expression, const Resolver& resolver);

// One clause of a workflow target's order_by: `worker.level DESC`.
struct OrderClause {
  std::vector<PathStep> path;  // below worker.
  bool descending = false;
};

// Parses an order_by: `worker.<path> ASC|DESC` clauses separated by commas, ASC and DESC in any
// case. On failure 400 / 20001 naming `parameter` and the position, as ParseExpression does.
Result<std::vector<OrderClause>> ParseOrderBy(std::string_view text, std::string_view parameter);

// Where the Worker with attributes `a` sorts against the one with `b`: negative if `a` goes
// first, positive if `b` does, 0 if every clause ties. A clause compares integer attributes, in
// its direction; a value that is missing or not an integer plays no part in the comparison: its
// Worker goes after every Worker with an integer there, in either direction, and ties with
// the others. That makes a strict weak order, fit for std::sort.
int CompareByOrder(std::span<const OrderClause> clauses, const Attributes& a, const Attributes& b);

// Parses a workflow target's known_worker_sid or known_worker_friendly_name: one `task.<path>`
// reference. Returns the path below task.; on failure 400 / 20001 as ParseExpression does.
Result<std::vector<PathStep>> ParseTaskReference(std::string_view text, std::string_view parameter);

}  // namespace taskrouter
