#include "common/attributes.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace taskrouter {
namespace {

Attributes Parse(std::string_view json) {
  Result<Attributes> parsed = ParseAttributes(json);
  EXPECT_TRUE(parsed.ok()) << json << ": " << parsed.error().message();
  return parsed.ok() ? std::move(parsed.value()) : Attributes();
}

std::vector<std::string> Strings(AttributeValue array) {
  std::vector<std::string> strings;
  for (AttributeValue element : array) {
    strings.emplace_back(element.string());
  }
  return strings;
}

TEST(ParseAttributesTest, ReadsEveryType) {
  Attributes attributes = Parse(
      R"({"none": null, "yes": true, "no": false, "int": 7, "negative": -3, "real": 2.5,
          "big": 18446744073709551615, "text": "caf\u00e9 \"quoted\"", "empty": "",
          "list": ["a", 1, [2], {"k": "v"}], "nested": {"tier": "Gold"}})");
  AttributeValue root = attributes.root();
  EXPECT_EQ(root.type(), JsonType::kObject);
  EXPECT_EQ(root.size(), 11u);

  EXPECT_EQ(root.Find("none").type(), JsonType::kNull);
  EXPECT_EQ(root.Find("yes").type(), JsonType::kBool);
  EXPECT_TRUE(root.Find("yes").boolean());
  EXPECT_FALSE(root.Find("no").boolean());
  EXPECT_EQ(root.Find("int").type(), JsonType::kNumber);
  EXPECT_EQ(root.Find("int").number(), 7.0);
  EXPECT_EQ(root.Find("negative").number(), -3.0);
  EXPECT_EQ(root.Find("real").number(), 2.5);
  EXPECT_EQ(root.Find("big").number(), 18446744073709551615.0);
  EXPECT_EQ(root.Find("text").string(), "caf\xc3\xa9 \"quoted\"");
  EXPECT_EQ(root.Find("empty").type(), JsonType::kString);
  EXPECT_EQ(root.Find("empty").string(), "");

  AttributeValue list = root.Find("list");
  EXPECT_EQ(list.type(), JsonType::kArray);
  ASSERT_EQ(list.size(), 4u);
  EXPECT_EQ(list.At(0).string(), "a");
  EXPECT_EQ(list.At(1).number(), 1.0);
  EXPECT_EQ(list.At(2).At(0).number(), 2.0);
  EXPECT_EQ(list.At(3).Find("k").string(), "v");
  EXPECT_EQ(root.Find("nested").Find("tier").string(), "Gold");
}

TEST(ParseAttributesTest, MissingMembersAndWrongShapesAreNull) {
  Attributes attributes = Parse(R"({"list": ["a", "b"], "text": "x", "object": {"a": 1}})");
  AttributeValue root = attributes.root();
  EXPECT_TRUE(root.Find("absent").is_null());
  EXPECT_TRUE(root.Find("list").At(2).is_null());
  EXPECT_TRUE(root.Find("list").Find("a").is_null());
  EXPECT_TRUE(root.Find("text").Find("a").is_null());
  EXPECT_TRUE(root.Find("text").At(0).is_null());
  EXPECT_TRUE(root.Find("object").At(0).is_null());
  EXPECT_EQ(root.Find("text").size(), 0u);
  EXPECT_TRUE(Strings(root.Find("object")).empty());
  EXPECT_TRUE(Strings(root.Find("text")).empty());
}

TEST(ParseAttributesTest, IteratesArraysInOrderSkippingNestedValues) {
  Attributes attributes = Parse(R"({"a": [{"x": [1, 2, {"y": 3}]}, "after", ["n"], "last"]})");
  std::vector<JsonType> types;
  for (AttributeValue element : attributes.root().Find("a")) {
    types.push_back(element.type());
  }
  EXPECT_EQ(types, (std::vector<JsonType>{JsonType::kObject, JsonType::kString, JsonType::kArray,
                                          JsonType::kString}));
  EXPECT_EQ(attributes.root().Find("a").At(3).string(), "last");
  EXPECT_EQ(attributes.root().Find("a").At(0).Find("x").At(2).Find("y").number(), 3.0);
}

TEST(ParseAttributesTest, FollowsPaths) {
  Attributes attributes = Parse(R"({"customer": {"tags": ["a", "b", "c"]}})");
  std::vector<PathStep> path = {{"customer"}, {"tags"}, {"", 2, true}};
  EXPECT_EQ(attributes.root().Find(path).string(), "c");
  path[2].index = 3;
  EXPECT_TRUE(attributes.root().Find(path).is_null());
  EXPECT_EQ(attributes.root().Find(std::span<const PathStep>()).type(), JsonType::kObject);
}

TEST(ParseAttributesTest, RefusesAnythingButAJsonObject) {
  const std::string too_deep = "{\"a\":" + std::string(32, '[') + std::string(32, ']') + "}";
  for (const std::string& json :
       {std::string("[1, 2]"), std::string("\"text\""), std::string("7"), std::string("null"),
        std::string(""), std::string("{\"a\": }"), std::string("{\"a\": 1} trailing"), too_deep}) {
    SCOPED_TRACE(json);
    Result<Attributes> parsed = ParseAttributes(json);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().http_status(), 400);
    EXPECT_EQ(parsed.error().code(), 20001);
    EXPECT_EQ(parsed.error().message(),
              "Attributes must be a JSON object, such as {\"skills\":[\"support\"]}");
  }
  const std::string deep_enough = "{\"a\":" + std::string(31, '[') + std::string(31, ']') + "}";
  EXPECT_TRUE(ParseAttributes(deep_enough).ok());
}

TEST(ParseAttributesTest, ADocumentIsOneSmallBlock) {
  // Six nodes of 12 bytes, then "skills", "support" and "n" (14 bytes) in two more.
  Attributes attributes = Parse(R"({"skills": ["support"], "n": 12345})");
  EXPECT_EQ(sizeof(AttributeNode), 12u);
  EXPECT_EQ(sizeof(Attributes), 16u);
  EXPECT_EQ(attributes.heap_bytes(), 96u);
  EXPECT_EQ(Parse("{}").heap_bytes(), 12u);
  EXPECT_EQ(Attributes().heap_bytes(), 0u);
  EXPECT_TRUE(Attributes().root().is_null());
}

TEST(ParseAttributesTest, CopiesAreIndependentAndMovesKeepViews) {
  auto original = std::make_unique<Attributes>(Parse(R"({"name": "Alice", "list": [1, 2]})"));
  Attributes copy = *original;
  AttributeValue list = original->root().Find("list");
  Attributes moved = std::move(*original);
  EXPECT_EQ(list.At(1).number(), 2.0);
  original.reset();
  EXPECT_EQ(copy.root().Find("name").string(), "Alice");
  EXPECT_EQ(moved.root().Find("name").string(), "Alice");
  EXPECT_EQ(list.At(1).number(), 2.0);

  copy = moved;
  EXPECT_EQ(copy.root().Find("list").size(), 2u);
}

TEST(AttributesBuilderTest, BuildsAnyValueAsTheRoot) {
  AttributesBuilder builder;
  builder.BeginArray();
  builder.String("en");
  builder.Number(1.5);
  builder.BeginObject();
  builder.Key("k");
  builder.Null();
  builder.EndObject();
  builder.Bool(true);
  builder.BeginArray();
  builder.EndArray();
  builder.EndArray();
  Attributes attributes = builder.Finish();

  AttributeValue root = attributes.root();
  ASSERT_EQ(root.type(), JsonType::kArray);
  ASSERT_EQ(root.size(), 5u);
  EXPECT_EQ(root.At(0).string(), "en");
  EXPECT_EQ(root.At(1).number(), 1.5);
  EXPECT_EQ(root.At(2).size(), 1u);
  EXPECT_TRUE(root.At(2).Find("k").is_null());
  EXPECT_TRUE(root.At(3).boolean());
  EXPECT_EQ(root.At(4).type(), JsonType::kArray);
  EXPECT_EQ(root.At(4).size(), 0u);
  EXPECT_TRUE(builder.Finish().root().is_null());
}

TEST(AttributeValueTest, HoldsScalarsOfItsOwn) {
  EXPECT_TRUE(AttributeValue().is_null());
  EXPECT_TRUE(AttributeValue::Bool(true).boolean());
  EXPECT_EQ(AttributeValue::Number(4.25).number(), 4.25);
  EXPECT_EQ(AttributeValue::String("WK1").string(), "WK1");
  EXPECT_FALSE(AttributeValue::String("WK1").is_container());
  EXPECT_EQ(AttributeValue::String("WK1").size(), 0u);
}

}  // namespace
}  // namespace taskrouter
