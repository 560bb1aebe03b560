// libFuzzer target: the input as an expression in every scope, as an order_by and as a
// known-worker reference; what parses is evaluated, and sorted by, against fixed documents.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/expression.h"

namespace {

const taskrouter::Attributes& Task() {
  static const taskrouter::Attributes task =
      taskrouter::ParseAttributes(
          R"({"type":"support","lang":"es","skills":["billing","es"],"score":"6","n":5,)"
          R"("customer":{"tier":"Gold","tags":["a","b"]},"none":null})")
          .value();
  return task;
}

const taskrouter::Attributes& Worker() {
  static const taskrouter::Attributes worker =
      taskrouter::ParseAttributes(R"({"languages":["en","es"],"level":7,"skills":{"rank":[3]}})")
          .value();
  return worker;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taskrouter;
  std::string text(reinterpret_cast<const char*>(data), size);
  const WorkerFields fields{"WK0", "Alice", "WA0", "Available"};
  const ChannelLoads channels = [](std::string_view) { return WorkerChannelLoad{1, 0, 100}; };
  WorkerCounts counts{1, 2, [](std::string_view) { return int64_t{3}; }};
  constexpr TimeMs kNow = 1699866900000;

  for (ExpressionScope scope :
       {ExpressionScope::kAttributes, ExpressionScope::kTarget, ExpressionScope::kSkipIf}) {
    for (bool fold_case : {false, true}) {
      Result<Expression> expression = ParseExpression(text, "expression", {scope, fold_case});
      if (!expression.ok()) {
        if (expression.error().code() != kCodeInvalidParameter) {
          __builtin_trap();
        }
        continue;
      }
      Evaluate(expression.value(), AttributesResolver(Task(), kNow));
      Evaluate(expression.value(), WorkerResolver(Worker(), fields, kNow));
      Evaluate(expression.value(), TargetResolver(Task(), Worker(), fields, channels, kNow));
      Evaluate(expression.value(), WorkerCountsResolver(counts, kNow));
    }
  }

  Result<std::vector<OrderClause>> clauses = ParseOrderBy(text, "order_by");
  if (clauses.ok() && CompareByOrder(clauses.value(), Worker(), Worker()) != 0) {
    __builtin_trap();  // a Worker ties with itself
  }
  Result<std::vector<PathStep>> path = ParseTaskReference(text, "known_worker_sid");
  if (path.ok()) {
    Task().root().Find(path.value());
  }
  return 0;
}
