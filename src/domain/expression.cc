// Parsing expressions (the grammar below), order_by values and known-worker references.
//
//   expression = and_expr { OR and_expr }
//   and_expr   = primary { AND primary }
//   primary    = "(" expression ")" | operand comp_op operand
//   comp_op    = "==" | "=" | "!=" | ">=" | "<=" | ">" | "<" | HAS | ">-" | IN | "<-" | NOT IN
//              | CONTAINS
//   operand    = constant | "[" [ constant { "," constant } ] "]" | key
//   constant   = string | number | TRUE | FALSE | NULL
#include "domain/expression.h"

#include <algorithm>
#include <utility>

#include "common/sid.h"
#include "common/text.h"
#include "domain/expression_lexer.h"
#include "domain/expression_tree.h"

namespace taskrouter {
namespace {

bool IsConstant(TokenKind kind) {
  return kind == TokenKind::kString || kind == TokenKind::kNumber || kind == TokenKind::kTrue ||
         kind == TokenKind::kFalse || kind == TokenKind::kNull;
}

bool StartsOperand(TokenKind kind) {
  return IsConstant(kind) || kind == TokenKind::kKey || kind == TokenKind::kLeftBracket;
}

// True if `path` is `head` followed by at least one name: `task.x`, `worker.x[0]`.
bool HasHead(const std::vector<PathStep>& path, std::string_view head) {
  return path.size() >= 2 && path[0].member == head && !path[1].is_index;
}

// `text` before the tokens are read: the length limit and UTF-8.
Status CheckText(std::string_view text, std::string_view parameter) {
  if (text.size() > kMaxExpressionLength) {
    return Error::InvalidParameter(std::string(parameter) + " is " + std::to_string(text.size()) +
                                   " bytes long; at most " + std::to_string(kMaxExpressionLength) +
                                   " are allowed");
  }
  if (!IsValidUtf8(text)) {
    return Error::InvalidParameter(std::string(parameter) + " must be valid UTF-8");
  }
  return {};
}

class Parser {
 public:
  Parser(std::string_view text, const SyntaxErrors& errors, std::vector<Token> tokens,
         const ExpressionOptions& options)
      : errors_(errors), tokens_(std::move(tokens)), options_(options) {
    tree_->text = std::string(text);
    tree_->fold_case = options.fold_case;
  }

  Result<Expression> Run();

 private:
  Token& Peek() { return tokens_[pos_]; }
  // The next token, and moves past it unless it is the last, kEnd.
  Token& Take() { return tokens_[pos_ + 1 < tokens_.size() ? pos_++ : pos_]; }
  Error ErrorAtPeek(std::string_view what, std::string_view note = "") {
    return errors_.At(Peek().offset, what, note);
  }

  Result<uint32_t> ParseChain(ExpressionOp op, int depth);
  Result<uint32_t> ParsePrimary(int depth);
  Result<uint32_t> ParseComparison();
  Result<ExpressionOp> ParseOperator();
  Result<uint32_t> ParseOperand();
  Status ParseArray();
  void AddConstant(const Token& token);
  Result<ExpressionOperand> KeyOperand(Token& token);
  Result<ExpressionOperand> TimeOperand(const Token& token);

  const SyntaxErrors& errors_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  const ExpressionOptions options_;
  std::unique_ptr<ExpressionTree> tree_ = std::make_unique<ExpressionTree>();
  AttributesBuilder constants_;
  std::vector<uint32_t> constant_operands_;  // the operand of each constant, in order
};

Result<Expression> Parser::Run() {
  constants_.BeginArray();
  Result<uint32_t> root = ParseChain(ExpressionOp::kOr, 0);
  if (!root.ok()) {
    return root.error();
  }
  if (Peek().kind != TokenKind::kEnd) {
    return ErrorAtPeek("expected AND, OR or the end");
  }
  constants_.EndArray();

  // The constants' views point into the finished document.
  tree_->constants = constants_.Finish();
  size_t i = 0;
  for (AttributeValue constant : tree_->constants.root()) {
    tree_->operands[constant_operands_[i++]].constant = constant;
  }
  tree_->root = root.value();
  return Expression(std::move(tree_));
}

// OR joins ANDs, and AND joins primaries; one child stands for itself.
Result<uint32_t> Parser::ParseChain(ExpressionOp op, int depth) {
  TokenKind joiner = op == ExpressionOp::kOr ? TokenKind::kOr : TokenKind::kAnd;
  std::vector<uint32_t> children;
  while (true) {
    Result<uint32_t> child =
        op == ExpressionOp::kOr ? ParseChain(ExpressionOp::kAnd, depth) : ParsePrimary(depth);
    if (!child.ok()) {
      return child.error();
    }
    children.push_back(child.value());
    if (Peek().kind != joiner) {
      break;
    }
    Take();
  }
  if (children.size() == 1) {
    return children[0];
  }

  auto begin = static_cast<uint32_t>(tree_->children.size());
  tree_->children.insert(tree_->children.end(), children.begin(), children.end());
  auto end = static_cast<uint32_t>(tree_->children.size());
  tree_->nodes.push_back({op, begin, end, 0, 0});
  return static_cast<uint32_t>(tree_->nodes.size() - 1);
}

Result<uint32_t> Parser::ParsePrimary(int depth) {
  if (Peek().kind == TokenKind::kLeftParen) {
    if (depth >= kMaxExpressionDepth) {
      return ErrorAtPeek("parentheses nested deeper than " + std::to_string(kMaxExpressionDepth) +
                         " levels");
    }
    Take();
    Result<uint32_t> inner = ParseChain(ExpressionOp::kOr, depth + 1);
    if (!inner.ok()) {
      return inner.error();
    }
    if (Peek().kind != TokenKind::kRightParen) {
      return ErrorAtPeek("expected AND, OR or ')'");
    }
    Take();
    return inner;
  }
  if (Peek().kind == TokenKind::kNot) {
    return ErrorAtPeek("expected a comparison", "NOT is only allowed in NOT IN");
  }
  if (!StartsOperand(Peek().kind)) {
    return ErrorAtPeek("expected a comparison");
  }
  return ParseComparison();
}

Result<uint32_t> Parser::ParseComparison() {
  Result<uint32_t> left = ParseOperand();
  if (!left.ok()) {
    return left.error();
  }
  Result<ExpressionOp> op = ParseOperator();
  if (!op.ok()) {
    return op.error();
  }
  Result<uint32_t> right = ParseOperand();
  if (!right.ok()) {
    return right.error();
  }
  tree_->nodes.push_back({op.value(), 0, 0, left.value(), right.value()});
  return static_cast<uint32_t>(tree_->nodes.size() - 1);
}

Result<ExpressionOp> Parser::ParseOperator() {
  if (Peek().kind == TokenKind::kOperator) {
    return Take().op;
  }
  if (Peek().kind != TokenKind::kNot) {
    return ErrorAtPeek("expected a comparison operator");
  }
  Take();
  if (Peek().kind != TokenKind::kOperator || Peek().op != ExpressionOp::kIn) {
    return ErrorAtPeek("expected IN after NOT");
  }
  Take();
  return ExpressionOp::kNotIn;
}

Result<uint32_t> Parser::ParseOperand() {
  auto index = static_cast<uint32_t>(tree_->operands.size());
  Token& token = Peek();
  if (IsConstant(token.kind) || token.kind == TokenKind::kLeftBracket) {
    constant_operands_.push_back(index);
    tree_->operands.emplace_back();
    if (token.kind == TokenKind::kLeftBracket) {
      Status status = ParseArray();
      if (!status.ok()) {
        return status.error();
      }
      return index;
    }
    AddConstant(Take());
    return index;
  }
  if (token.kind != TokenKind::kKey) {
    return ErrorAtPeek("expected a constant, an array or a key");
  }
  Result<ExpressionOperand> operand = KeyOperand(Take());
  if (!operand.ok()) {
    return operand.error();
  }
  tree_->operands.push_back(std::move(operand.value()));
  return index;
}

Status Parser::ParseArray() {
  Take();
  constants_.BeginArray();
  if (Peek().kind == TokenKind::kRightBracket) {
    Take();
    constants_.EndArray();
    return {};
  }
  while (true) {
    if (!IsConstant(Peek().kind)) {
      return ErrorAtPeek("expected a constant");
    }
    AddConstant(Take());
    if (Peek().kind == TokenKind::kRightBracket) {
      Take();
      constants_.EndArray();
      return {};
    }
    if (Peek().kind != TokenKind::kComma) {
      return ErrorAtPeek("expected ',' or ']'");
    }
    Take();
  }
}

void Parser::AddConstant(const Token& token) {
  switch (token.kind) {
    case TokenKind::kString:
      constants_.String(token.text);
      return;
    case TokenKind::kNumber:
      constants_.Number(token.number);
      return;
    case TokenKind::kTrue:
    case TokenKind::kFalse:
      constants_.Bool(token.kind == TokenKind::kTrue);
      return;
    default:
      constants_.Null();
      return;
  }
}

// Checks `token`'s key against the scope and splits off its root.
Result<ExpressionOperand> Parser::KeyOperand(Token& token) {
  std::vector<PathStep>& path = token.path;
  if (path[0].member == "taskrouter") {
    return TimeOperand(token);
  }
  ExpressionOperand operand;
  operand.kind = ExpressionOperand::Kind::kKey;
  switch (options_.scope) {
    case ExpressionScope::kAttributes:
      operand.key = ExpressionKey{KeyRoot::kBare, std::move(path)};
      return operand;
    case ExpressionScope::kTarget:
      if (!HasHead(path, "task") && !HasHead(path, "worker")) {
        return errors_.At(token.offset,
                          "expected a key starting with task., worker. or taskrouter.");
      }
      if (HasHead(path, "worker") && path[1].member == "channel") {
        static constexpr std::string_view kFields[] = {"configured_capacity", "assigned_tasks",
                                                       "available_capacity_percentage"};
        bool known =
            path.size() == 4 && !path[2].is_index && !path[3].is_index &&
            std::find(std::begin(kFields), std::end(kFields), path[3].member) != std::end(kFields);
        if (!known) {
          return errors_.At(token.offset,
                            "expected worker.channel.<name>.configured_capacity, assigned_tasks "
                            "or available_capacity_percentage");
        }
      }
      operand.key.root = path[0].member == "task" ? KeyRoot::kTask : KeyRoot::kWorker;
      break;
    case ExpressionScope::kSkipIf: {
      bool counted = HasHead(path, "workers") && path.size() == 2 &&
                     (path[1].member == "available" || path[1].member == "unavailable" ||
                      IsSid(path[1].member, "WA"));
      if (!counted) {
        return errors_.At(token.offset,
                          "expected workers.available, workers.unavailable, "
                          "workers.<ActivitySid> or taskrouter.");
      }
      operand.key.root = KeyRoot::kWorkers;
      break;
    }
  }
  path.erase(path.begin());
  operand.key.path = std::move(path);
  return operand;
}

Result<ExpressionOperand> Parser::TimeOperand(const Token& token) {
  static constexpr std::pair<std::string_view, TimeName> kNames[] = {
      {"currentTime", TimeName::kCurrentTime},
      {"currentHour", TimeName::kCurrentHour},
      {"currentMin", TimeName::kCurrentMin},
      {"dayOfWeek", TimeName::kDayOfWeek},
  };
  const std::vector<PathStep>& path = token.path;
  for (const auto& [name, time] : kNames) {
    if (path.size() == 2 && !path[1].is_index && path[1].member == name) {
      ExpressionOperand operand;
      operand.kind = ExpressionOperand::Kind::kTime;
      operand.time = time;
      return operand;
    }
  }
  return errors_.At(token.offset,
                    "expected taskrouter.currentTime, taskrouter.currentHour, "
                    "taskrouter.currentMin or taskrouter.dayOfWeek");
}

// The tokens of `text` for the other parsers below, which share its checks.
Result<std::vector<Token>> TokensOf(std::string_view text, std::string_view parameter,
                                    const SyntaxErrors& errors) {
  Status status = CheckText(text, parameter);
  if (!status.ok()) {
    return status.error();
  }
  return Tokenize(text, errors);
}

}  // namespace

Expression::Expression(std::unique_ptr<const ExpressionTree> tree) : tree_(std::move(tree)) {}
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;
Expression::~Expression() = default;

const std::string& Expression::text() const { return tree_->text; }

Result<Expression> ParseExpression(std::string_view text, std::string_view parameter,
                                   const ExpressionOptions& options) {
  SyntaxErrors errors(parameter, text);
  Result<std::vector<Token>> tokens = TokensOf(text, parameter, errors);
  if (!tokens.ok()) {
    return tokens.error();
  }
  return Parser(text, errors, std::move(tokens.value()), options).Run();
}

Result<std::vector<OrderClause>> ParseOrderBy(std::string_view text, std::string_view parameter) {
  SyntaxErrors errors(parameter, text);
  Result<std::vector<Token>> tokens = TokensOf(text, parameter, errors);
  if (!tokens.ok()) {
    return tokens.error();
  }

  std::vector<OrderClause> clauses;
  auto token = tokens->begin();
  while (true) {
    if (token->kind != TokenKind::kKey || !HasHead(token->path, "worker")) {
      return errors.At(token->offset, "expected worker.<attribute>");
    }
    OrderClause clause;
    clause.path.assign(std::make_move_iterator(token->path.begin() + 1),
                       std::make_move_iterator(token->path.end()));
    ++token;

    std::string direction = token->kind == TokenKind::kKey && token->path.size() == 1
                                ? FoldCase(token->path[0].member)
                                : "";
    if (direction != "asc" && direction != "desc") {
      return errors.At(token->offset, "expected ASC or DESC");
    }
    clause.descending = direction == "desc";
    clauses.push_back(std::move(clause));
    ++token;

    if (token->kind == TokenKind::kEnd) {
      return clauses;
    }
    if (token->kind != TokenKind::kComma) {
      return errors.At(token->offset, "expected ',' or the end");
    }
    ++token;
  }
}

Result<std::vector<PathStep>> ParseTaskReference(std::string_view text,
                                                 std::string_view parameter) {
  SyntaxErrors errors(parameter, text);
  Result<std::vector<Token>> tokens = TokensOf(text, parameter, errors);
  if (!tokens.ok()) {
    return tokens.error();
  }
  Token& token = tokens.value()[0];
  if (token.kind != TokenKind::kKey || !HasHead(token.path, "task")) {
    return errors.At(token.offset, "expected task.<attribute>");
  }
  if (tokens.value()[1].kind != TokenKind::kEnd) {
    return errors.At(tokens.value()[1].offset, "expected the end");
  }
  token.path.erase(token.path.begin());
  return std::move(token.path);
}

}  // namespace taskrouter
