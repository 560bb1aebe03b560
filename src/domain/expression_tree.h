// The parsed form of an Expression, shared by the parser (expression.cc) and the evaluator
// (expression_eval.cc). Nothing else includes it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/attributes.h"
#include "domain/expression.h"

namespace taskrouter {

enum class ExpressionOp : uint8_t {
  kOr,
  kAnd,
  kEqual,
  kNotEqual,
  kLess,
  kLessOrEqual,
  kGreater,
  kGreaterOrEqual,
  kContains,
  kHas,
  kIn,
  kNotIn,
};

// The names under taskrouter.
enum class TimeName : uint8_t { kCurrentTime, kCurrentHour, kCurrentMin, kDayOfWeek };

// One side of a comparison.
struct ExpressionOperand {
  enum class Kind : uint8_t { kConstant, kKey, kTime };
  Kind kind = Kind::kConstant;
  AttributeValue constant;  // kConstant: a view into ExpressionTree::constants
  ExpressionKey key;        // kKey
  TimeName time = TimeName::kCurrentTime;
};

// An AND or OR of the nodes ExpressionTree::children[children_begin, children_end), or a
// comparison of the operands ExpressionTree::operands[left] and [right].
struct ExpressionNode {
  ExpressionOp op = ExpressionOp::kOr;
  uint32_t children_begin = 0;
  uint32_t children_end = 0;
  uint32_t left = 0;
  uint32_t right = 0;
};

struct ExpressionTree {
  std::string text;
  bool fold_case = false;
  uint32_t root = 0;  // in `nodes`
  std::vector<ExpressionNode> nodes;
  std::vector<uint32_t> children;
  std::vector<ExpressionOperand> operands;
  // Every constant, as the elements of one array; the operands' views point into it, and stay
  // valid when the tree moves because its nodes live on the heap.
  Attributes constants;
};

}  // namespace taskrouter
