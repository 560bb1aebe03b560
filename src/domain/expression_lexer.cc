#include "domain/expression_lexer.h"

#include <charconv>
#include <cstdio>
#include <utility>

#include "common/text.h"

namespace taskrouter {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Letters, `_` and `$` start names; bytes of UTF-8 sequences count as letters, so that
// attributes named in other scripts can be reached.
bool StartsName(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool ContinuesName(char c) { return StartsName(c) || IsDigit(c); }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The kind of a one-name key spelled as a keyword, or kKey.
TokenKind KeywordKind(std::string_view name, ExpressionOp& op) {
  static constexpr std::pair<std::string_view, TokenKind> kWords[] = {
      {"and", TokenKind::kAnd},   {"or", TokenKind::kOr},       {"not", TokenKind::kNot},
      {"true", TokenKind::kTrue}, {"false", TokenKind::kFalse}, {"null", TokenKind::kNull},
  };
  static constexpr std::pair<std::string_view, ExpressionOp> kOperators[] = {
      {"has", ExpressionOp::kHas},
      {"in", ExpressionOp::kIn},
      {"contains", ExpressionOp::kContains},
  };
  std::string folded = FoldCase(name);
  for (const auto& [word, kind] : kWords) {
    if (folded == word) {
      return kind;
    }
  }
  for (const auto& [word, keyword_op] : kOperators) {
    if (folded == word) {
      op = keyword_op;
      return TokenKind::kOperator;
    }
  }
  return TokenKind::kKey;
}

class Lexer {
 public:
  Lexer(std::string_view text, const SyntaxErrors& errors) : text_(text), errors_(errors) {}

  Result<std::vector<Token>> Run();

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  Status Next(Token& token);
  Status Symbol(Token& token);
  Status String(Token& token);
  Status Number(Token& token);
  Status Key(Token& token);
  Status Index(PathStep& step);

  std::string_view text_;
  const SyntaxErrors& errors_;
  size_t pos_ = 0;
};

Result<std::vector<Token>> Lexer::Run() {
  std::vector<Token> tokens;
  while (true) {
    while (!AtEnd() && IsSpace(Peek())) {
      ++pos_;
    }
    Token token;
    token.offset = pos_;
    if (AtEnd()) {
      tokens.push_back(std::move(token));
      return tokens;
    }
    Status status = Next(token);
    if (!status.ok()) {
      return status.error();
    }
    tokens.push_back(std::move(token));
  }
}

Status Lexer::Next(Token& token) {
  char c = Peek();
  if (c == '\'' || c == '"') {
    return String(token);
  }
  if (IsDigit(c)) {
    return Number(token);
  }
  if (StartsName(c)) {
    return Key(token);
  }
  return Symbol(token);
}

Status Lexer::Symbol(Token& token) {
  static constexpr std::pair<std::string_view, ExpressionOp> kOperators[] = {
      {"==", ExpressionOp::kEqual},
      {"!=", ExpressionOp::kNotEqual},
      {">=", ExpressionOp::kGreaterOrEqual},
      {"<=", ExpressionOp::kLessOrEqual},
      {">-", ExpressionOp::kHas},
      {"<-", ExpressionOp::kIn},
      {"=", ExpressionOp::kEqual},
      {">", ExpressionOp::kGreater},
      {"<", ExpressionOp::kLess},
  };
  static constexpr std::pair<char, TokenKind> kPunctuation[] = {
      {'(', TokenKind::kLeftParen},   {')', TokenKind::kRightParen},
      {'[', TokenKind::kLeftBracket}, {']', TokenKind::kRightBracket},
      {',', TokenKind::kComma},
  };
  for (const auto& [spelling, op] : kOperators) {
    if (text_.substr(pos_).starts_with(spelling)) {
      token.kind = TokenKind::kOperator;
      token.op = op;
      pos_ += spelling.size();
      return {};
    }
  }
  for (const auto& [spelling, kind] : kPunctuation) {
    if (Peek() == spelling) {
      token.kind = kind;
      ++pos_;
      return {};
    }
  }

  char c = Peek();
  if (c == '-') {
    return errors_.At(pos_, "unexpected '-'",
                      "hyphens, and so negative numbers, are not supported in expressions");
  }
  if (c > ' ' && c < 0x7F) {
    return errors_.At(pos_, std::string("unexpected character '") + c + "'");
  }
  char code[8];
  std::snprintf(code, sizeof(code), "0x%02X", static_cast<unsigned char>(c));
  return errors_.At(pos_, std::string("unexpected character ") + code);
}

// A quoted string. A backslash takes the character after it as it is: `\'`, `\"`, `\\`.
Status Lexer::String(Token& token) {
  size_t start = pos_;
  char quote = Peek();
  ++pos_;
  while (!AtEnd() && Peek() != quote) {
    if (Peek() == '\\') {
      ++pos_;
      if (AtEnd()) {
        break;
      }
    }
    token.text.push_back(Peek());
    ++pos_;
  }
  if (AtEnd()) {
    return errors_.At(start, "unterminated string");
  }
  ++pos_;
  token.kind = TokenKind::kString;
  return {};
}

// Digits, then maybe `.` and digits. Leading zeros are allowed (`0800`).
Status Lexer::Number(Token& token) {
  size_t start = pos_;
  while (IsDigit(Peek())) {
    ++pos_;
  }
  if (Peek() == '.') {
    ++pos_;
    if (!IsDigit(Peek())) {
      return errors_.At(pos_, "expected digits after '.'");
    }
    while (IsDigit(Peek())) {
      ++pos_;
    }
  }
  auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, token.number);
  if (ec != std::errc() || end != text_.data() + pos_) {
    return errors_.At(start, "number too large");
  }
  token.kind = TokenKind::kNumber;
  return {};
}

// A name, then any number of `.name` and `[index]`, with no space between them.
Status Lexer::Key(Token& token) {
  while (true) {
    size_t start = pos_;
    while (ContinuesName(Peek())) {
      ++pos_;
    }
    token.path.push_back(PathStep{std::string(text_.substr(start, pos_ - start))});
    while (Peek() == '[') {
      PathStep step;
      Status status = Index(step);
      if (!status.ok()) {
        return status;
      }
      token.path.push_back(std::move(step));
    }
    if (Peek() != '.') {
      break;
    }
    ++pos_;
    if (!StartsName(Peek())) {
      return errors_.At(pos_, "expected a name after '.'");
    }
  }

  token.kind = TokenKind::kKey;
  if (token.path.size() == 1) {
    token.kind = KeywordKind(token.path[0].member, token.op);
  }
  return {};
}

Status Lexer::Index(PathStep& step) {
  ++pos_;
  size_t start = pos_;
  while (IsDigit(Peek())) {
    ++pos_;
  }
  if (start == pos_) {
    return errors_.At(pos_, "expected an array index after '['");
  }
  auto [end, ec] = std::from_chars(text_.data() + start, text_.data() + pos_, step.index);
  if (ec != std::errc() || end != text_.data() + pos_) {
    return errors_.At(start, "array index too large");
  }
  if (Peek() != ']') {
    return errors_.At(pos_, "expected ']'");
  }
  ++pos_;
  step.is_index = true;
  return {};
}

}  // namespace

Error SyntaxErrors::At(size_t offset, std::string_view what, std::string_view note) const {
  std::string message = "Invalid " + std::string(parameter_) + " \"" + std::string(text_) +
                        "\": " + std::string(what) + " at position " +
                        std::to_string(CountCodePoints(text_.substr(0, offset)) + 1);
  if (!note.empty()) {
    message += "; " + std::string(note);
  }
  return Error::InvalidParameter(std::move(message));
}

Result<std::vector<Token>> Tokenize(std::string_view text, const SyntaxErrors& errors) {
  return Lexer(text, errors).Run();
}

}  // namespace taskrouter
