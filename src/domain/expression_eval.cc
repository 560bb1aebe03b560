// Evaluating expressions: the value rules of comparisons, the taskrouter.* names, the resolvers
// and the order_by comparison.
//
// Comparisons: a NULL (a missing key or `null`) equals only NULL, so `x != null` tests presence
// and `missing != 'x'` holds; ordered comparisons, HAS, IN, NOT IN and CONTAINS with a NULL
// operand are false. Scalar operators with an array or object on either side are false, and so
// are array operators without an array where they need one. Numbers compare as doubles
// (`5 == 5.0`); a number and a string that spells a number in full compare as numbers; strings
// compare byte by byte, case-sensitively unless the expression folds case; booleans equal only
// booleans and have no order. Any other pair of types is unequal and unordered.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <compare>
#include <cstring>
#include <vector>

#include "common/text.h"
#include "domain/expression.h"
#include "domain/expression_tree.h"

namespace taskrouter {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The number `text` spells, if it is all of a JSON number: `-?digits[.digits][(e|E)[+-]digits]`.
std::optional<double> NumberIn(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    size_t start = i;
    while (i < text.size() && IsDigit(text[i])) {
      ++i;
    }
    return i > start;
  };
  if (i < text.size() && text[i] == '-') {
    ++i;
  }
  if (!digits()) {
    return std::nullopt;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) {
      return std::nullopt;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      ++i;
    }
    if (!digits()) {
      return std::nullopt;
    }
  }
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (i != text.size() || ec != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::partial_ordering CompareStrings(std::string_view a, std::string_view b, bool fold_case) {
  auto byte = [fold_case](char c) {
    return static_cast<unsigned char>(fold_case ? FoldCase(c) : c);
  };
  return std::lexicographical_compare_three_way(
      a.begin(), a.end(), b.begin(), b.end(), [&](char x, char y) { return byte(x) <=> byte(y); });
}

// Knuth-Morris-Pratt over ASCII-folded bytes: time linear in both lengths.
bool FoldedContains(std::string_view text, std::string_view part) {
  // border[i]: the length of the longest proper prefix of part[0..i] that also ends there.
  std::vector<size_t> border(part.size(), 0);
  for (size_t i = 1, k = 0; i < part.size(); ++i) {
    while (k > 0 && FoldCase(part[i]) != FoldCase(part[k])) {
      k = border[k - 1];
    }
    k += FoldCase(part[i]) == FoldCase(part[k]) ? 1 : 0;
    border[i] = k;
  }
  for (size_t i = 0, k = 0; i < text.size(); ++i) {
    while (k > 0 && FoldCase(text[i]) != FoldCase(part[k])) {
      k = border[k - 1];
    }
    k += FoldCase(text[i]) == FoldCase(part[k]) ? 1 : 0;
    if (k == part.size()) {
      return true;
    }
  }
  return false;
}

// A search that tried every position in full would take the product of the lengths, which
// a Worker's attributes and an expression (16 KiB each) can push to seconds per Worker.
bool StringContains(std::string_view text, std::string_view part, bool fold_case) {
  if (part.empty()) {
    return true;
  }
  if (fold_case) {
    return FoldedContains(text, part);
  }
  // glibc's memmem takes time linear in both lengths (the two-way algorithm) and allocates
  // nothing.
  return memmem(text.data(), text.size(), part.data(), part.size()) != nullptr;
}

// How two scalars that are not NULL compare; unordered if their types do not compare.
std::partial_ordering Relate(AttributeValue a, AttributeValue b, bool fold_case) {
  JsonType x = a.type();
  JsonType y = b.type();
  if (x == JsonType::kNumber && y == JsonType::kNumber) {
    return a.number() <=> b.number();
  }
  if (x == JsonType::kNumber && y == JsonType::kString) {
    std::optional<double> number = NumberIn(b.string());
    return number.has_value() ? a.number() <=> *number : std::partial_ordering::unordered;
  }
  if (x == JsonType::kString && y == JsonType::kNumber) {
    std::optional<double> number = NumberIn(a.string());
    return number.has_value() ? *number <=> b.number() : std::partial_ordering::unordered;
  }
  if (x == JsonType::kString && y == JsonType::kString) {
    return CompareStrings(a.string(), b.string(), fold_case);
  }
  if (x == JsonType::kBool && y == JsonType::kBool && a.boolean() == b.boolean()) {
    return std::partial_ordering::equivalent;
  }
  return std::partial_ordering::unordered;
}

// ==, !=, <, <=, >, >=.
bool CompareScalars(ExpressionOp op, AttributeValue a, AttributeValue b, bool fold_case) {
  if (a.is_null() || b.is_null()) {
    bool both = a.is_null() && b.is_null();
    return op == ExpressionOp::kEqual ? both : op == ExpressionOp::kNotEqual && !both;
  }
  if (a.is_container() || b.is_container()) {
    return false;
  }
  bool ordered = op != ExpressionOp::kEqual && op != ExpressionOp::kNotEqual;
  if (ordered && (a.type() == JsonType::kBool || b.type() == JsonType::kBool)) {
    return false;
  }

  std::partial_ordering order = Relate(a, b, fold_case);
  switch (op) {
    case ExpressionOp::kEqual:
      return order == 0;
    case ExpressionOp::kNotEqual:
      return order != 0;
    case ExpressionOp::kLess:
      return order < 0;
    case ExpressionOp::kLessOrEqual:
      return order <= 0;
    case ExpressionOp::kGreater:
      return order > 0;
    case ExpressionOp::kGreaterOrEqual:
      return order >= 0;
    default:
      return false;
  }
}

bool IsScalar(AttributeValue value) { return !value.is_null() && !value.is_container(); }

// True if the array `array` has an element equal to the scalar `value`.
bool ArrayHas(AttributeValue array, AttributeValue value, bool fold_case) {
  return std::any_of(array.begin(), array.end(), [&](AttributeValue element) {
    return CompareScalars(ExpressionOp::kEqual, element, value, fold_case);
  });
}

bool Compare(ExpressionOp op, AttributeValue left, AttributeValue right, bool fold_case) {
  switch (op) {
    case ExpressionOp::kHas:
      return left.type() == JsonType::kArray && IsScalar(right) && ArrayHas(left, right, fold_case);
    case ExpressionOp::kIn:
      return IsScalar(left) && right.type() == JsonType::kArray && ArrayHas(right, left, fold_case);
    case ExpressionOp::kNotIn:
      return IsScalar(left) && right.type() == JsonType::kArray &&
             !ArrayHas(right, left, fold_case);
    case ExpressionOp::kContains:
      return left.type() == JsonType::kString && right.type() == JsonType::kString &&
             StringContains(left.string(), right.string(), fold_case);
    default:
      return CompareScalars(op, left, right, fold_case);
  }
}

// "00" to "59", two characters each.
constexpr std::array<char, 120> kTwoDigits = [] {
  std::array<char, 120> digits{};
  for (int i = 0; i < 60; ++i) {
    digits[2 * i] = static_cast<char>('0' + i / 10);
    digits[2 * i + 1] = static_cast<char>('0' + i % 10);
  }
  return digits;
}();

std::string_view TwoDigits(int64_t n) { return std::string_view(&kTwoDigits[2 * n], 2); }

// taskrouter.currentTime is the UTC time as the number HHMM; currentHour and currentMin are
// two-digit strings, which compare with numbers as numbers; dayOfWeek is `Mon` to `Sun`.
AttributeValue TimeValue(TimeName name, TimeMs now_ms) {
  constexpr TimeMs kDayMs = 24 * 60 * 60 * 1000;
  static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  TimeMs day = now_ms / kDayMs - (now_ms % kDayMs < 0 ? 1 : 0);
  TimeMs ms_of_day = now_ms - day * kDayMs;
  int64_t hour = ms_of_day / (60 * 60 * 1000);
  int64_t minute = ms_of_day / (60 * 1000) % 60;
  switch (name) {
    case TimeName::kCurrentTime:
      return AttributeValue::Number(static_cast<double>(hour * 100 + minute));
    case TimeName::kCurrentHour:
      return AttributeValue::String(TwoDigits(hour));
    case TimeName::kCurrentMin:
      return AttributeValue::String(TwoDigits(minute));
    case TimeName::kDayOfWeek:
      // Day 0, 1970-01-01, was a Thursday.
      return AttributeValue::String(kDays[((day + 3) % 7 + 7) % 7]);
  }
  return {};
}

AttributeValue ValueOf(const ExpressionOperand& operand, const Resolver& resolver) {
  switch (operand.kind) {
    case ExpressionOperand::Kind::kConstant:
      return operand.constant;
    case ExpressionOperand::Kind::kKey:
      return resolver.Resolve(operand.key);
    case ExpressionOperand::Kind::kTime:
      return TimeValue(operand.time, resolver.now_ms());
  }
  return {};
}

// Recursion is as deep as the parentheses, which the parser bounds.
bool Holds(const ExpressionTree& tree, uint32_t index, const Resolver& resolver) {
  const ExpressionNode& node = tree.nodes[index];
  auto child_holds = [&](uint32_t child) { return Holds(tree, child, resolver); };
  auto begin = tree.children.begin() + node.children_begin;
  auto end = tree.children.begin() + node.children_end;
  switch (node.op) {
    case ExpressionOp::kOr:
      return std::any_of(begin, end, child_holds);
    case ExpressionOp::kAnd:
      return std::all_of(begin, end, child_holds);
    default:
      return Compare(node.op, ValueOf(tree.operands[node.left], resolver),
                     ValueOf(tree.operands[node.right], resolver), tree.fold_case);
  }
}

// A Worker's field named by the one-step `path`, or else its attribute at `path`.
AttributeValue WorkerValue(const Attributes& attributes, const WorkerFields& fields,
                           std::span<const PathStep> path) {
  static constexpr std::pair<std::string_view, std::string_view WorkerFields::*> kFields[] = {
      {"sid", &WorkerFields::sid},
      {"friendly_name", &WorkerFields::friendly_name},
      {"activity_sid", &WorkerFields::activity_sid},
      {"activity_name", &WorkerFields::activity_name},
  };
  if (path.size() == 1 && !path[0].is_index) {
    for (const auto& [name, field] : kFields) {
      if (path[0].member == name) {
        return AttributeValue::String(fields.*field);
      }
    }
  }
  return attributes.root().Find(path);
}

// worker.channel.<unique_name>.<field>, if `path` (below worker.) names one.
std::optional<AttributeValue> ChannelValue(const ChannelLoads& channels,
                                           std::span<const PathStep> path) {
  if (path.size() != 3 || path[0].is_index || path[0].member != "channel") {
    return std::nullopt;
  }
  std::optional<WorkerChannelLoad> load = channels ? channels(path[1].member) : std::nullopt;
  if (!load.has_value()) {
    return AttributeValue();
  }
  const std::string& field = path[2].member;
  if (field == "configured_capacity") {
    return AttributeValue::Number(static_cast<double>(load->configured_capacity));
  }
  if (field == "assigned_tasks") {
    return AttributeValue::Number(static_cast<double>(load->assigned_tasks));
  }
  if (field == "available_capacity_percentage") {
    return AttributeValue::Number(static_cast<double>(load->available_capacity_percentage));
  }
  return AttributeValue();
}

// The integer at `path` in `attributes`, if there is one there.
std::optional<double> IntegerAt(const Attributes& attributes, std::span<const PathStep> path) {
  AttributeValue value = attributes.root().Find(path);
  if (value.type() != JsonType::kNumber || std::trunc(value.number()) != value.number()) {
    return std::nullopt;
  }
  return value.number();
}

}  // namespace

bool Evaluate(const Expression& expression, const Resolver& resolver) {
  return Holds(*expression.tree_, expression.tree_->root, resolver);
}

AttributeValue AttributesResolver::Resolve(const ExpressionKey& key) const {
  return key.root == KeyRoot::kBare ? attributes_.root().Find(key.path) : AttributeValue();
}

AttributeValue WorkerResolver::Resolve(const ExpressionKey& key) const {
  return key.root == KeyRoot::kBare ? WorkerValue(attributes_, fields_, key.path)
                                    : AttributeValue();
}

AttributeValue TargetResolver::Resolve(const ExpressionKey& key) const {
  switch (key.root) {
    case KeyRoot::kTask:
      return task_.root().Find(key.path);
    case KeyRoot::kWorker: {
      std::optional<AttributeValue> channel = ChannelValue(channels_, key.path);
      return channel.has_value() ? *channel : WorkerValue(worker_, fields_, key.path);
    }
    default:
      return {};
  }
}

AttributeValue WorkerCountsResolver::Resolve(const ExpressionKey& key) const {
  if (key.root != KeyRoot::kWorkers || key.path.size() != 1 || key.path[0].is_index) {
    return {};
  }
  const std::string& name = key.path[0].member;
  int64_t count = 0;
  if (name == "available") {
    count = counts_.available;
  } else if (name == "unavailable") {
    count = counts_.unavailable;
  } else if (counts_.in_activity) {
    count = counts_.in_activity(name);
  }
  return AttributeValue::Number(static_cast<double>(count));
}

int CompareByOrder(std::span<const OrderClause> clauses, const Attributes& a, const Attributes& b) {
  for (const OrderClause& clause : clauses) {
    std::optional<double> x = IntegerAt(a, clause.path);
    std::optional<double> y = IntegerAt(b, clause.path);
    if (x.has_value() != y.has_value()) {
      return x.has_value() ? -1 : 1;
    }
    if (!x.has_value() || *x == *y) {
      continue;
    }
    bool a_first = clause.descending ? *x > *y : *x < *y;
    return a_first ? -1 : 1;
  }
  return 0;
}

}  // namespace taskrouter
