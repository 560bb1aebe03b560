// The tokens of TaskRouter's expression language, for the parsers in expression.cc. Nothing else
// includes it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/attributes.h"
#include "common/status.h"
#include "domain/expression_tree.h"

namespace taskrouter {

enum class TokenKind {
  kEnd,
  kKey,     // `skills`, `customer.tags[2]`: `path`
  kString,  // `'gold'`: `text`, unescaped
  kNumber,  // `5`, `0800`, `3.5`: `number`
  kTrue,    // the keywords, in any case
  kFalse,
  kNull,
  kAnd,
  kOr,
  kNot,
  kOperator,  // every comparison operator but NOT IN, keywords included: `op`
  kLeftParen,
  kRightParen,
  kLeftBracket,
  kRightBracket,
  kComma,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t offset = 0;  // in bytes, into the text
  ExpressionOp op = ExpressionOp::kEqual;
  double number = 0;
  std::string text;
  std::vector<PathStep> path;
};

// Makes the syntax errors of one parameter's text.
class SyntaxErrors {
 public:
  SyntaxErrors(std::string_view parameter, std::string_view text)
      : parameter_(parameter), text_(text) {}

  // 400 / 20001: `Invalid <parameter> "<text>": <what> at position <n>[; <note>]`, where n counts
  // characters from 1 up to the byte at `offset`.
  Error At(size_t offset, std::string_view what, std::string_view note = "") const;

 private:
  std::string_view parameter_;
  std::string_view text_;
};

// The tokens of `text`, which must be valid UTF-8, ending with one of kind kEnd; or the error at
// the first character that starts no token.
Result<std::vector<Token>> Tokenize(std::string_view text, const SyntaxErrors& errors);

}  // namespace taskrouter
