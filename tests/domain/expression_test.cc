#include "domain/expression.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "support/allocation_counter.h"

namespace taskrouter::testing {
namespace {

// The documents of the reference table: a Task's attributes T and a Worker's attributes W.
constexpr char kTaskJson[] =
    R"({"type":"support","priority_level":5,"lang":"es","vip":true,)"
    R"("skills_needed":["billing","es"],"customer":{"tier":"Gold","tags":["a","b","c"]},)"
    R"("score":"6","preferred_agents":["agent01","agent04"],"name":"Acme Corp"})";
constexpr char kWorkerJson[] =
    R"({"skills":["support","billing"],"languages":["en","es"],"level":7,"agent_id":"agent04"})";

constexpr TimeMs kDayMs = 24 * 60 * 60 * 1000;
constexpr TimeMs kMonday0915 = 1699866900000;  // 2023-11-13T09:15:00Z

constexpr char kActivity[] = "WA0123456789abcdef0123456789abcdef";

Attributes MustParse(std::string_view json) {
  Result<Attributes> parsed = ParseAttributes(json);
  EXPECT_TRUE(parsed.ok()) << json;
  return parsed.ok() ? std::move(parsed.value()) : Attributes();
}

// Where an expression is evaluated.
enum class Context {
  kTask,    // bare keys over T
  kWorker,  // bare keys over W and the Worker's fields
  kTarget,  // task.* over T, worker.* over W and the fields
  kSkipIf,  // workers.* over counts
};

class ExpressionTest : public ::testing::Test {
 protected:
  // The value of `text` in `context`, or nullopt if it does not parse.
  std::optional<bool> Eval(std::string_view text, Context context = Context::kTask,
                           bool fold_case = false) {
    ExpressionOptions options;
    options.scope = ScopeOf(context);
    options.fold_case = fold_case;
    Result<Expression> expression = ParseExpression(text, "expression", options);
    if (!expression.ok()) {
      return std::nullopt;
    }
    switch (context) {
      case Context::kTask:
        return Evaluate(expression.value(), AttributesResolver(task_, now_));
      case Context::kWorker:
        return Evaluate(expression.value(), WorkerResolver(worker_, fields_, now_));
      case Context::kTarget:
        return Evaluate(expression.value(),
                        TargetResolver(task_, worker_, fields_, channels_, now_));
      case Context::kSkipIf:
        return Evaluate(expression.value(), WorkerCountsResolver(counts_, now_));
    }
    return std::nullopt;
  }

  // The message of the error parsing `text` in `scope`, or "" if it parses.
  static std::string ErrorOf(std::string_view text,
                             ExpressionScope scope = ExpressionScope::kAttributes) {
    Result<Expression> expression = ParseExpression(text, "expression", {scope});
    if (expression.ok()) {
      return "";
    }
    EXPECT_EQ(expression.error().http_status(), 400);
    EXPECT_EQ(expression.error().code(), 20001);
    return expression.error().message();
  }

  static ExpressionScope ScopeOf(Context context) {
    switch (context) {
      case Context::kTarget:
        return ExpressionScope::kTarget;
      case Context::kSkipIf:
        return ExpressionScope::kSkipIf;
      default:
        return ExpressionScope::kAttributes;
    }
  }

  Attributes task_ = MustParse(kTaskJson);
  Attributes worker_ = MustParse(kWorkerJson);
  WorkerFields fields_{"WKxx", "Alice", kActivity, "Available"};
  ChannelLoads channels_;
  WorkerCounts counts_;
  TimeMs now_ = kMonday0915;
};

TEST_F(ExpressionTest, ReferenceTable) {
  struct Row {
    int number;
    const char* text;
    Context context;
    std::optional<bool> expected;  // nullopt: a syntax error
  };
  const Row rows[] = {
      {1, "1==1", Context::kTask, true},
      {2, "1==2", Context::kTask, false},
      {3, "1 = 1", Context::kTask, true},
      {4, "0 != 1", Context::kTask, true},
      {5, R"("apple" != 'orange')", Context::kTask, true},
      {6, "type == 'support'", Context::kTask, true},
      {7, R"(type == "Support")", Context::kTask, false},
      {8, "type = 'support' and vip == true", Context::kTask, true},
      {9, "priority_level > 4", Context::kTask, true},
      {10, "priority_level >= 5.0", Context::kTask, true},
      {11, "score > 5", Context::kTask, true},
      {12, "lang IN ['en','es']", Context::kTask, true},
      {13, "lang NOT IN ['en','fr']", Context::kTask, true},
      {14, "lang <- ['fr']", Context::kTask, false},
      {15, "skills_needed HAS 'billing'", Context::kTask, true},
      {16, "skills_needed >- 'sales'", Context::kTask, false},
      {17, "customer.tier == 'Gold'", Context::kTask, true},
      {18, "customer.tags[2] == 'c'", Context::kTask, true},
      {19, "customer.tags HAS 'b'", Context::kTask, true},
      {20, "name CONTAINS 'Acme'", Context::kTask, true},
      {21, "missing == null", Context::kTask, true},
      {22, "missing != null", Context::kTask, false},
      {23, "type != null", Context::kTask, true},
      {24, "missing == 'x'", Context::kTask, false},
      {25, "missing != 'x'", Context::kTask, true},
      {26, "missing > 1", Context::kTask, false},
      {27, "missing IN ['a']", Context::kTask, false},
      {28, "missing NOT IN ['a']", Context::kTask, false},
      {29, "missing HAS 'a'", Context::kTask, false},
      {30, "lang HAS 'es'", Context::kTask, false},
      {31, "skills_needed IN ['billing']", Context::kTask, false},
      {32, "skills_needed == 'billing'", Context::kTask, false},
      {33, "type == 1", Context::kTask, false},
      {34, "vip == 'true'", Context::kTask, false},
      {35, "type == 'support' OR type == 'sales' AND vip == false", Context::kTask, true},
      {36, "(type == 'support' OR type == 'sales') AND vip == false", Context::kTask, false},
      {37, "worker.agent_id IN task.preferred_agents", Context::kTarget, true},
      {38, "task.lang IN worker.languages AND worker.level >= 5", Context::kTarget, true},
      {39, "worker.sid == 'WKxx'", Context::kTarget, true},
      {40, "worker.activity_name in ['Available','Busy']", Context::kTarget, true},
      {41, "type == 'support' AND", Context::kTask, std::nullopt},
      {42, "a-b == 1", Context::kTask, std::nullopt},
      {43, "workers.available == 0", Context::kSkipIf, true},
      {44, "taskrouter.currentTime > 0800 AND taskrouter.currentTime < 1830", Context::kTask, true},
      {45, "taskrouter.dayOfWeek IN ['Sat','Sun']", Context::kTask, false},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::to_string(row.number) + ": " + row.text);
    EXPECT_EQ(Eval(row.text, row.context), row.expected);
  }
}

TEST_F(ExpressionTest, EqualityAndItsAlias) {
  EXPECT_EQ(Eval("priority_level == 5"), true);
  EXPECT_EQ(Eval("priority_level == 4"), false);
  EXPECT_EQ(Eval("priority_level = 5"), true);
  EXPECT_EQ(Eval("5 == priority_level"), true);
  EXPECT_EQ(Eval("customer.tier = 'Gold'"), true);
  EXPECT_EQ(Eval("vip == true"), true);
  EXPECT_EQ(Eval("vip == false"), false);
}

TEST_F(ExpressionTest, Inequality) {
  EXPECT_EQ(Eval("priority_level != 4"), true);
  EXPECT_EQ(Eval("priority_level != 5"), false);
  EXPECT_EQ(Eval("type != 'support'"), false);
  EXPECT_EQ(Eval("vip != false"), true);
}

TEST_F(ExpressionTest, OrderedComparisonsOfNumbersAndStrings) {
  struct Case {
    const char* text;
    bool expected;
  };
  const Case cases[] = {
      {"priority_level < 6", true},
      {"priority_level < 5", false},
      {"priority_level <= 5", true},
      {"priority_level <= 4.99", false},
      {"priority_level > 4.5", true},
      {"priority_level > 5", false},
      {"priority_level >= 5", true},
      {"priority_level >= 5.01", false},
      {"'abc' < 'abd'", true},
      {"'abc' < 'ab'", false},
      {"'B' < 'a'", true},
      {"'caf\xc3\xa9' > 'cafz'", true},
      {"type >= 'support'", true},
      {"type > 'support'", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(Eval(c.text), c.expected);
  }
}

TEST_F(ExpressionTest, ContainsFindsSubstringsOfStringsOnly) {
  EXPECT_EQ(Eval("name CONTAINS 'Acme'"), true);
  EXPECT_EQ(Eval("name CONTAINS 'me Co'"), true);
  EXPECT_EQ(Eval("name CONTAINS ''"), true);
  EXPECT_EQ(Eval("name CONTAINS 'acme'"), false);
  EXPECT_EQ(Eval("name CONTAINS 'Corp '"), false);
  EXPECT_EQ(Eval("skills_needed CONTAINS 'billing'"), false);
  EXPECT_EQ(Eval("priority_level CONTAINS 5"), false);
  EXPECT_EQ(Eval("score CONTAINS 6"), false);
}

// A substring search that tried every position in full would take the length of the text
// times the length of the part: here 8,000 × 8,000 comparisons per Worker.
TEST_F(ExpressionTest, ContainsTakesTimeLinearInTheLengths) {
  std::string text(16000, 'a');
  std::string part = std::string(8000, 'a') + "b";
  Attributes worker = MustParse(R"({"text":")" + text + R"("})");
  Result<Expression> parsed = ParseExpression("text CONTAINS '" + part + "'", "expression");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  Result<Expression> found = ParseExpression("text CONTAINS '" + text + "'", "expression");
  ASSERT_TRUE(found.ok()) << found.error().message();
  ExpressionOptions folding;
  folding.fold_case = true;
  Result<Expression> folded =
      ParseExpression("text CONTAINS '" + std::string(8000, 'A') + "B'", "expression", folding);
  ASSERT_TRUE(folded.ok()) << folded.error().message();
  Result<Expression> folded_found =
      ParseExpression("text CONTAINS '" + std::string(8000, 'A') + "'", "expression", folding);
  ASSERT_TRUE(folded_found.ok()) << folded_found.error().message();

  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) {
    EXPECT_FALSE(Evaluate(parsed.value(), AttributesResolver(worker, now_)));
    EXPECT_TRUE(Evaluate(found.value(), AttributesResolver(worker, now_)));
    EXPECT_FALSE(Evaluate(folded.value(), AttributesResolver(worker, now_)));
    EXPECT_TRUE(Evaluate(folded_found.value(), AttributesResolver(worker, now_)));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(500));
}

TEST_F(ExpressionTest, HasLooksForAnElementOfTheLeftArray) {
  EXPECT_EQ(Eval("skills_needed HAS 'es'"), true);
  EXPECT_EQ(Eval("skills_needed >- 'billing'"), true);
  EXPECT_EQ(Eval("skills_needed HAS 'sales'"), false);
  EXPECT_EQ(Eval("['a', 2, true] HAS 2.0"), true);
  EXPECT_EQ(Eval("['a', 2, true] HAS true"), true);
  EXPECT_EQ(Eval("['a', '6'] HAS 6"), true);
  EXPECT_EQ(Eval("[] HAS 'a'"), false);
  EXPECT_EQ(Eval("skills_needed HAS skills_needed"), false);
  EXPECT_EQ(Eval("'billing' HAS skills_needed"), false);
  EXPECT_EQ(Eval("customer HAS 'tier'"), false);
}

TEST_F(ExpressionTest, InLooksForTheLeftValueInTheRightArray) {
  EXPECT_EQ(Eval("lang IN ['en', 'es']"), true);
  EXPECT_EQ(Eval("lang <- ['es']"), true);
  EXPECT_EQ(Eval("lang IN ['en', 'fr']"), false);
  EXPECT_EQ(Eval("lang IN []"), false);
  EXPECT_EQ(Eval("'es' IN skills_needed"), true);
  EXPECT_EQ(Eval("priority_level IN [1, 5.0]"), true);
  EXPECT_EQ(Eval("score IN [6]"), true);
  EXPECT_EQ(Eval("lang IN 'es'"), false);
}

TEST_F(ExpressionTest, NotInIsTrueOnlyForAScalarAbsentFromAnArray) {
  EXPECT_EQ(Eval("lang NOT IN ['en', 'fr']"), true);
  EXPECT_EQ(Eval("lang NOT IN ['es']"), false);
  EXPECT_EQ(Eval("lang NOT IN []"), true);
  EXPECT_EQ(Eval("lang NOT IN 'fr'"), false);
  EXPECT_EQ(Eval("skills_needed NOT IN ['x']"), false);
  EXPECT_EQ(Eval("'sales' NOT IN skills_needed"), true);
}

TEST_F(ExpressionTest, TypeAndNullRules) {
  task_ = MustParse(
      R"({"num": 6, "real": 6.5, "numeric": "6", "padded": "0800", "exponent": "6e0",
          "negative": "-6", "spaced": " 6", "word": "six", "flag": true, "nothing": null,
          "list": ["x"], "object": {"x": 1}})");
  struct Case {
    const char* text;
    bool expected;
    const char* rule;
  };
  const Case cases[] = {
      {"num == 6.0", true, "integers and decimals are one type"},
      {"real > 6", true, "decimals compare with integers"},
      {"num == '6'", true, "a number and a numeric string compare as numbers"},
      {"'6.0' == num", true, "on either side"},
      {"numeric > 5", true, "numeric strings compare with numbers"},
      {"numeric < 7", true, "numeric strings compare with numbers"},
      {"numeric == '6.0'", false, "two strings compare as strings"},
      {"'10' > '9'", false, "two strings compare as strings"},
      {"padded == 800", true, "leading zeros"},
      {"exponent == 6", true, "exponents"},
      {"negative < 0", true, "negative numeric strings"},
      {"spaced == 6", false, "spaces make a string non-numeric"},
      {"spaced != 6", true, "a mismatch is unequal"},
      {"word == 6", false, "a mismatch is unequal"},
      {"word != 6", true, "a mismatch is unequal"},
      {"word > 5", false, "a mismatch is unordered"},
      {"word < 5", false, "a mismatch is unordered"},
      {"flag == 'true'", false, "booleans equal only booleans"},
      {"flag != 'true'", true, "booleans equal only booleans"},
      {"flag == 1", false, "booleans equal only booleans"},
      {"flag == true", true, "booleans equal booleans"},
      {"flag >= true", false, "booleans have no order"},
      {"flag > false", false, "booleans have no order"},
      {"nothing == null", true, "JSON null is NULL"},
      {"nothing != null", false, "JSON null is NULL"},
      {"nothing == missing", true, "NULL equals NULL"},
      {"null == null", true, "NULL equals NULL"},
      {"nothing == 'x'", false, "NULL equals nothing else"},
      {"nothing != 'x'", true, "NULL differs from everything else"},
      {"nothing < 1", false, "NULL has no order"},
      {"nothing >= null", false, "NULL has no order"},
      {"missing CONTAINS 'x'", false, "NULL operands of CONTAINS"},
      {"word CONTAINS missing", false, "NULL operands of CONTAINS"},
      {"'x' IN missing", false, "NULL operands of IN"},
      {"'x' NOT IN missing", false, "NULL operands of NOT IN"},
      {"null IN [null]", false, "NULL operands of IN"},
      {"list HAS null", false, "NULL operands of HAS"},
      {"list == 'x'", false, "scalar operators with arrays"},
      {"list != 'x'", false, "scalar operators with arrays"},
      {"list < 'y'", false, "scalar operators with arrays"},
      {"list == ['x']", false, "scalar operators with arrays"},
      {"list != null", true, "presence of an array"},
      {"list == null", false, "presence of an array"},
      {"object != null", true, "presence of an object"},
      {"object == 'x'", false, "scalar operators with objects"},
      {"object != 'x'", false, "scalar operators with objects"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.text) + " (" + c.rule + ")");
    EXPECT_EQ(Eval(c.text), c.expected);
  }
}

TEST_F(ExpressionTest, AndBindsTighterThanOr) {
  EXPECT_EQ(Eval("1 == 2 AND 1 == 2 OR 1 == 1"), true);
  EXPECT_EQ(Eval("1 == 1 OR 1 == 2 AND 1 == 2"), true);
  EXPECT_EQ(Eval("(1 == 1 OR 1 == 2) AND 1 == 2"), false);
  EXPECT_EQ(Eval("1 == 2 AND (1 == 2 OR 1 == 1)"), false);
  EXPECT_EQ(Eval("1 == 1 AND 1 == 1 AND 1 == 2"), false);
  EXPECT_EQ(Eval("1 == 2 OR 1 == 2 OR 1 == 1"), true);
  EXPECT_EQ(Eval("((1 == 1))"), true);
}

TEST_F(ExpressionTest, LongChainsNeedNoDeepRecursion) {
  std::string chain;
  for (int i = 0; i < 2000; ++i) {
    chain += "1==2 OR ";
  }
  EXPECT_EQ(Eval(chain + "1==1"), true);
  EXPECT_EQ(Eval(chain + "1==3"), false);
}

TEST_F(ExpressionTest, KeywordsInAnyCase) {
  EXPECT_EQ(Eval("type == 'support' and vip == TRUE"), true);
  EXPECT_EQ(Eval("1 == 2 Or vip == True"), true);
  EXPECT_EQ(Eval("lang In ['es']"), true);
  EXPECT_EQ(Eval("lang not in ['en']"), true);
  EXPECT_EQ(Eval("lang Not In ['es']"), false);
  EXPECT_EQ(Eval("skills_needed hAs 'es'"), true);
  EXPECT_EQ(Eval("name contains 'Acme'"), true);
  EXPECT_EQ(Eval("missing == NULL"), true);
  EXPECT_EQ(Eval("vip == FALSE"), false);
}

TEST_F(ExpressionTest, StringsTakeEitherQuoteAndBackslashEscapes) {
  task_ = MustParse(R"({"quote": "it's", "double": "say \"hi\"", "slash": "back\\slash"})");
  EXPECT_EQ(Eval(R"(quote == 'it\'s')"), true);
  EXPECT_EQ(Eval(R"(quote == "it's")"), true);
  EXPECT_EQ(Eval(R"(double == "say \"hi\"")"), true);
  EXPECT_EQ(Eval(R"(double == 'say "hi"')"), true);
  EXPECT_EQ(Eval(R"(slash == 'back\\slash')"), true);
  EXPECT_EQ(Eval(R"('\n' == 'n')"), true);
  EXPECT_EQ(Eval("'a\nb' CONTAINS '\n'"), true);
}

TEST_F(ExpressionTest, WhitespaceAndNewlinesAreFree) {
  EXPECT_EQ(Eval("priority_level>4 AND(lang=='es')"), true);
  EXPECT_EQ(Eval("\n  type == 'support'\n\tAND\r\n  lang IN ['es']\n"), true);
}

TEST_F(ExpressionTest, SyntaxErrorsNameTheProblemAndItsPosition) {
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"a == 1 AND", "expected a comparison at position 11"},
      {"a == 1 OR", "expected a comparison at position 10"},
      {"", "expected a comparison at position 1"},
      {"a === 1", "expected a constant, an array or a key at position 5"},
      {"true", "expected a comparison operator at position 5"},
      {"vip", "expected a comparison operator at position 4"},
      {"a HAS", "expected a constant, an array or a key at position 6"},
      {"NOT (a == 1)", "expected a comparison at position 1; NOT is only allowed in NOT IN"},
      {"a NOT 'x'", "expected IN after NOT at position 7"},
      {"(a == 1", "expected AND, OR or ')' at position 8"},
      {"a == 1)", "expected AND, OR or the end at position 7"},
      {"1 == 1 2", "expected AND, OR or the end at position 8"},
      {"a IN ['x', 'y'", "expected ',' or ']' at position 15"},
      {"a IN [b]", "expected a constant at position 7"},
      {"a IN [[1]]", "expected a constant at position 7"},
      {"a IN ['x',]", "expected a constant at position 11"},
      {"a-b == 1",
       "unexpected '-' at position 2; hyphens, and so negative numbers, are not supported in "
       "expressions"},
      {"a == -1",
       "unexpected '-' at position 6; hyphens, and so negative numbers, are not supported in "
       "expressions"},
      {"a == 'open", "unterminated string at position 6"},
      {"a == 'ends\\'", "unterminated string at position 6"},
      {"a. == 1", "expected a name after '.' at position 3"},
      {"a.1 == 1", "expected a name after '.' at position 3"},
      {"a[x] == 1", "expected an array index after '[' at position 3"},
      {"a[1 == 1", "expected ']' at position 4"},
      {"a[99999999999] == 1", "array index too large at position 3"},
      {"a == 1.", "expected digits after '.' at position 8"},
      {"a == 1" + std::string(400, '0'), "number too large at position 6"},
      {"a # 1", "unexpected character '#' at position 3"},
      {"a ! 1", "unexpected character '!' at position 3"},
      {"a == \x01", "unexpected character 0x01 at position 6"},
      {"name == 'caf\xc3\xa9' AND", "expected a comparison at position 19"},
      {"taskrouter.currentDay == 1",
       "expected taskrouter.currentTime, taskrouter.currentHour, taskrouter.currentMin or "
       "taskrouter.dayOfWeek at position 1"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ErrorOf(c.text), "Invalid expression \"" + c.text + "\": " + c.message);
  }
}

TEST_F(ExpressionTest, ErrorsNameTheCallersParameter) {
  Result<Expression> expression = ParseExpression("a == 1 AND", "TargetWorkersExpression");
  ASSERT_FALSE(expression.ok());
  EXPECT_EQ(expression.error().message(),
            "Invalid TargetWorkersExpression \"a == 1 AND\": expected a comparison at position 11");
}

TEST_F(ExpressionTest, NestingAndLengthAreBounded) {
  std::string deepest = std::string(64, '(') + "1==1" + std::string(64, ')');
  EXPECT_EQ(Eval(deepest), true);
  std::string too_deep = std::string(65, '(') + "1==1" + std::string(65, ')');
  EXPECT_EQ(ErrorOf(too_deep), "Invalid expression \"" + too_deep +
                                   "\": parentheses nested deeper than 64 levels at position 65");
  EXPECT_NE(ErrorOf(std::string(16000, '(')).find("nested deeper than 64 levels at position 65"),
            std::string::npos);

  std::string longest = "1==1" + std::string(kMaxExpressionLength - 4, ' ');
  EXPECT_EQ(Eval(longest), true);
  EXPECT_EQ(ErrorOf(longest + " "), "expression is 16385 bytes long; at most 16384 are allowed");
  EXPECT_EQ(ErrorOf(std::string(100000, '(')),
            "expression is 100000 bytes long; at most 16384 are allowed");
  EXPECT_EQ(ErrorOf("a == '\xff'"), "expression must be valid UTF-8");
}

TEST_F(ExpressionTest, TargetExpressionsNameOnlyTaskWorkerAndTaskrouterKeys) {
  const std::string prefixes = "expected a key starting with task., worker. or taskrouter.";
  EXPECT_EQ(ErrorOf("type == 'x'", ExpressionScope::kTarget),
            "Invalid expression \"type == 'x'\": " + prefixes + " at position 1");
  EXPECT_EQ(
      ErrorOf("task.type == 'x' AND level > 1", ExpressionScope::kTarget),
      "Invalid expression \"task.type == 'x' AND level > 1\": " + prefixes + " at position 22");
  EXPECT_NE(ErrorOf("task == 1", ExpressionScope::kTarget).find(prefixes), std::string::npos);
  EXPECT_NE(ErrorOf("task[0] == 1", ExpressionScope::kTarget).find(prefixes), std::string::npos);
  EXPECT_NE(ErrorOf("workers.available == 1", ExpressionScope::kTarget).find(prefixes),
            std::string::npos);
  for (const char* text : {"worker.channel.voice == 1", "worker.channel.voice.capacity == 1",
                           "worker.channel.voice.assigned_tasks.x == 1"}) {
    SCOPED_TRACE(text);
    EXPECT_NE(ErrorOf(text, ExpressionScope::kTarget)
                  .find("expected worker.channel.<name>.configured_capacity, assigned_tasks or "
                        "available_capacity_percentage at position 1"),
              std::string::npos);
  }
  EXPECT_EQ(ErrorOf("task.type == 'x' AND taskrouter.dayOfWeek == 'Mon' AND 1 == 1",
                    ExpressionScope::kTarget),
            "");
  EXPECT_EQ(Eval("task.type == 1", Context::kTask), false);
}

TEST_F(ExpressionTest, SkipIfNamesOnlyWorkerCounts) {
  const std::string expected =
      "expected workers.available, workers.unavailable, workers.<ActivitySid> or taskrouter.";
  for (const char* text : {"workers.busy > 1", "task.x == 1", "available == 1",
                           "workers.available.x == 1", "workers.WAnope == 1"}) {
    SCOPED_TRACE(text);
    EXPECT_NE(ErrorOf(text, ExpressionScope::kSkipIf).find(expected + " at position 1"),
              std::string::npos);
  }
  EXPECT_EQ(ErrorOf("1==1", ExpressionScope::kSkipIf), "");
}

TEST_F(ExpressionTest, SkipIfReadsTheCounts) {
  counts_.available = 3;
  counts_.unavailable = 2;
  EXPECT_EQ(Eval(std::string("workers.") + kActivity + " == 0", Context::kSkipIf), true);
  counts_.in_activity = [](std::string_view sid) { return sid == kActivity ? 4 : 0; };
  EXPECT_EQ(Eval("workers.available > 2 AND workers.unavailable == 2", Context::kSkipIf), true);
  EXPECT_EQ(Eval("workers.available == 0", Context::kSkipIf), false);
  EXPECT_EQ(Eval(std::string("workers.") + kActivity + " == 4", Context::kSkipIf), true);
  EXPECT_EQ(Eval("workers.WAffffffffffffffffffffffffffffffff == 0", Context::kSkipIf), true);
  EXPECT_EQ(Eval("1==1", Context::kSkipIf), true);
}

TEST_F(ExpressionTest, WorkerFieldsWinOverAttributesOfTheSameName) {
  worker_ = MustParse(R"({"sid": "fake", "activity_name": "Fake", "languages": ["es"]})");
  EXPECT_EQ(Eval("sid == 'WKxx'", Context::kWorker), true);
  EXPECT_EQ(Eval("sid == 'fake'", Context::kWorker), false);
  EXPECT_EQ(Eval("friendly_name == 'Alice'", Context::kWorker), true);
  EXPECT_EQ(Eval(std::string("activity_sid == '") + kActivity + "'", Context::kWorker), true);
  EXPECT_EQ(Eval("activity_name IN ['Available', 'Idle']", Context::kWorker), true);
  EXPECT_EQ(Eval("activity_name CONTAINS 'Avail'", Context::kWorker), true);
  EXPECT_EQ(Eval("languages HAS 'es' AND activity_name == 'Available'", Context::kWorker), true);
  EXPECT_EQ(Eval("worker.sid == 'fake'", Context::kTarget), false);
  EXPECT_EQ(Eval("worker.sid == 'WKxx'", Context::kTarget), true);
  EXPECT_EQ(Eval("worker.friendly_name == 'Alice'", Context::kTarget), true);
  EXPECT_EQ(Eval("worker.activity_name == 'Available'", Context::kTarget), true);
  EXPECT_EQ(Eval("task.sid == null", Context::kTarget), true);
}

TEST_F(ExpressionTest, ChannelFieldsComeFromTheCallersLoads) {
  EXPECT_EQ(Eval("worker.channel.voice.assigned_tasks == null", Context::kTarget), true);
  channels_ = [](std::string_view name) -> std::optional<WorkerChannelLoad> {
    if (name != "voice") {
      return std::nullopt;
    }
    return WorkerChannelLoad{2, 1, 50};
  };
  EXPECT_EQ(Eval("worker.channel.voice.configured_capacity == 2", Context::kTarget), true);
  EXPECT_EQ(Eval("worker.channel.voice.assigned_tasks == 1", Context::kTarget), true);
  EXPECT_EQ(Eval("worker.channel.voice.available_capacity_percentage >= 50", Context::kTarget),
            true);
  EXPECT_EQ(Eval("worker.channel.voice.available_capacity_percentage > 50", Context::kTarget),
            false);
  EXPECT_EQ(Eval("worker.channel.sms.assigned_tasks == null", Context::kTarget), true);
}

TEST_F(ExpressionTest, TimeOfDayNamesReadTheGivenTimeInUtc) {
  EXPECT_EQ(Eval("taskrouter.currentTime == 915"), true);
  EXPECT_EQ(Eval("taskrouter.currentHour == '09'"), true);
  EXPECT_EQ(Eval("taskrouter.currentHour == 9"), true);
  EXPECT_EQ(Eval("taskrouter.currentHour > 8"), true);
  EXPECT_EQ(Eval("taskrouter.currentMin == '15'"), true);
  EXPECT_EQ(Eval("taskrouter.currentMin == 15"), true);
  EXPECT_EQ(Eval("taskrouter.dayOfWeek == 'Mon'"), true);

  now_ = kMonday0915 + (9 * 60 + 15) * 60 * 1000;  // 18:30
  EXPECT_EQ(Eval("taskrouter.currentTime > 0800 AND taskrouter.currentTime < 1830"), false);
  EXPECT_EQ(Eval("taskrouter.currentTime == 1830"), true);

  now_ = 0;
  EXPECT_EQ(Eval("taskrouter.currentTime == 0 AND taskrouter.dayOfWeek == 'Thu'"), true);
  now_ = -60000;  // 1969-12-31T23:59:00Z
  EXPECT_EQ(Eval("taskrouter.currentTime == 2359 AND taskrouter.dayOfWeek == 'Wed'"), true);
  EXPECT_EQ(Eval("taskrouter.currentHour == '23' AND taskrouter.currentMin == '59'"), true);

  const char* days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  for (int i = 0; i < 7; ++i) {
    SCOPED_TRACE(days[i]);
    now_ = kMonday0915 + i * kDayMs;
    EXPECT_EQ(Eval(std::string("taskrouter.dayOfWeek == '") + days[i] + "'"), true);
  }
}

TEST_F(ExpressionTest, TimeOfDayNamesWorkInEveryContext) {
  EXPECT_EQ(Eval("taskrouter.dayOfWeek == 'Mon'", Context::kWorker), true);
  EXPECT_EQ(Eval("taskrouter.currentHour == 9 AND task.lang == 'es'", Context::kTarget), true);
  EXPECT_EQ(Eval("taskrouter.currentMin == 15", Context::kSkipIf), true);
}

TEST_F(ExpressionTest, FoldingCaseIsASwitch) {
  EXPECT_EQ(Eval("type == 'SUPPORT'", Context::kTask, true), true);
  EXPECT_EQ(Eval("type == 'SUPPORT'", Context::kTask, false), false);
  EXPECT_EQ(Eval("name CONTAINS 'acme'", Context::kTask, true), true);
  EXPECT_EQ(Eval("'abc' < 'ABD'", Context::kTask, true), true);
  EXPECT_EQ(Eval("skills_needed HAS 'BILLING'", Context::kTask, true), true);
  EXPECT_EQ(Eval("taskrouter.dayOfWeek IN ['THU', 'MON']", Context::kTask, true), true);
}

TEST_F(ExpressionTest, ParsedOnceEvaluatedWithoutAllocating) {
  Result<Expression> parsed = ParseExpression(
      "(task.customer.tier == 'Gold' OR task.priority_level >= 5) AND worker.level > 3 AND "
      "worker.languages HAS task.lang AND worker.activity_name IN ['Available', 'Idle'] AND "
      "taskrouter.currentHour > 8 AND worker.channel.voice.assigned_tasks == 0",
      "expression", {ExpressionScope::kTarget});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message();
  Expression expression = std::move(parsed.value());
  channels_ = [](std::string_view) { return std::optional(WorkerChannelLoad{1, 0, 100}); };
  TargetResolver resolver(task_, worker_, fields_, channels_, now_);

  {
    AllocationCounter counter;
    EXPECT_TRUE(Evaluate(expression, resolver));
    EXPECT_EQ(counter.count(), 0);
  }
  AllocationCounter counter;
  EXPECT_TRUE(ParseExpression(expression.text(), "expression", {ExpressionScope::kTarget}).ok());
  EXPECT_GT(counter.count(), 0);
}

TEST_F(ExpressionTest, MovedExpressionsKeepTheirConstants) {
  Result<Expression> parsed = ParseExpression("lang IN ['fr', 'es'] AND type == 'support'", "e");
  ASSERT_TRUE(parsed.ok());
  Expression first = std::move(parsed.value());
  Expression second = std::move(first);
  EXPECT_TRUE(Evaluate(second, AttributesResolver(task_, now_)));
  EXPECT_EQ(second.text(), "lang IN ['fr', 'es'] AND type == 'support'");
}

TEST(OrderByTest, ParsesClauses) {
  Result<std::vector<OrderClause>> clauses =
      ParseOrderBy("worker.level DESC, worker.skills.rank[0] asc", "order_by");
  ASSERT_TRUE(clauses.ok()) << clauses.error().message();
  ASSERT_EQ(clauses->size(), 2u);
  const OrderClause& level = clauses.value()[0];
  ASSERT_EQ(level.path.size(), 1u);
  EXPECT_EQ(level.path[0].member, "level");
  EXPECT_TRUE(level.descending);
  const OrderClause& rank = clauses.value()[1];
  ASSERT_EQ(rank.path.size(), 3u);
  EXPECT_EQ(rank.path[0].member, "skills");
  EXPECT_EQ(rank.path[1].member, "rank");
  EXPECT_TRUE(rank.path[2].is_index);
  EXPECT_EQ(rank.path[2].index, 0u);
  EXPECT_FALSE(rank.descending);
}

TEST(OrderByTest, RefusesAnythingElse) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"", "expected worker.<attribute> at position 1"},
      {"level DESC", "expected worker.<attribute> at position 1"},
      {"task.level DESC", "expected worker.<attribute> at position 1"},
      {"worker.level", "expected ASC or DESC at position 13"},
      {"worker.level UP", "expected ASC or DESC at position 14"},
      {"worker.level ASC worker.x DESC", "expected ',' or the end at position 18"},
      {"worker.level ASC,", "expected worker.<attribute> at position 18"},
      {"worker.level-x ASC", "unexpected '-' at position 13"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<std::vector<OrderClause>> clauses = ParseOrderBy(c.text, "order_by");
    ASSERT_FALSE(clauses.ok());
    EXPECT_EQ(clauses.error().code(), 20001);
    EXPECT_NE(clauses.error().message().find(std::string("Invalid order_by \"") + c.text +
                                             "\": " + c.message),
              std::string::npos)
        << clauses.error().message();
  }
}

TEST(OrderByTest, ComparesIntegersAndPutsOtherValuesLast) {
  std::vector<OrderClause> clauses =
      ParseOrderBy("worker.level DESC, worker.tenure ASC", "o").value();
  Attributes a = MustParse(R"({"level": 7, "tenure": 2})");
  Attributes b = MustParse(R"({"level": 7, "tenure": 5})");
  Attributes c = MustParse(R"({"level": 9})");
  Attributes high = MustParse(R"({"level": "high"})");
  Attributes none = MustParse(R"({})");
  Attributes fraction = MustParse(R"({"level": 7.5})");

  EXPECT_LT(CompareByOrder(clauses, c, a), 0);
  EXPECT_GT(CompareByOrder(clauses, a, c), 0);
  EXPECT_LT(CompareByOrder(clauses, a, b), 0);
  EXPECT_EQ(CompareByOrder(clauses, a, a), 0);
  EXPECT_GT(CompareByOrder(clauses, none, a), 0);
  EXPECT_GT(CompareByOrder(clauses, high, a), 0);
  EXPECT_GT(CompareByOrder(clauses, fraction, b), 0);
  EXPECT_EQ(CompareByOrder(clauses, high, none), 0);
  EXPECT_EQ(CompareByOrder(clauses, fraction, high), 0);

  std::vector<OrderClause> ascending = ParseOrderBy("worker.level ASC", "o").value();
  EXPECT_LT(CompareByOrder(ascending, a, c), 0);
  EXPECT_GT(CompareByOrder(ascending, none, a), 0);
  EXPECT_EQ(CompareByOrder(ascending, a, b), 0);

  std::vector<const Attributes*> workers = {&none, &b, &high, &c, &fraction, &a};
  std::stable_sort(workers.begin(), workers.end(), [&](const Attributes* x, const Attributes* y) {
    return CompareByOrder(clauses, *x, *y) < 0;
  });
  EXPECT_EQ(workers, (std::vector<const Attributes*>{&c, &a, &b, &none, &high, &fraction}));
}

TEST(TaskReferenceTest, ParsesOneTaskKey) {
  Result<std::vector<PathStep>> path = ParseTaskReference(" task.agents[1] ", "known_worker_sid");
  ASSERT_TRUE(path.ok()) << path.error().message();
  ASSERT_EQ(path->size(), 2u);
  EXPECT_EQ(path.value()[0].member, "agents");
  EXPECT_TRUE(path.value()[1].is_index);
  EXPECT_EQ(path.value()[1].index, 1u);

  Attributes task = MustParse(R"({"agents": ["WK1", "WK2"]})");
  EXPECT_EQ(task.root().Find(path.value()).string(), "WK2");
}

TEST(TaskReferenceTest, RefusesAnythingElse) {
  struct Case {
    const char* text;
    const char* message;
  };
  const Case cases[] = {
      {"worker.sid", "expected task.<attribute> at position 1"},
      {"task", "expected task.<attribute> at position 1"},
      {"'task.sid'", "expected task.<attribute> at position 1"},
      {"task.a task.b", "expected the end at position 8"},
      {"task.a == 1", "expected the end at position 8"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<std::vector<PathStep>> path = ParseTaskReference(c.text, "known_worker_sid");
    ASSERT_FALSE(path.ok());
    EXPECT_EQ(path.error().message(),
              std::string("Invalid known_worker_sid \"") + c.text + "\": " + c.message);
  }
}

}  // namespace
}  // namespace taskrouter::testing
