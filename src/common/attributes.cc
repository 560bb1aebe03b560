#include "common/attributes.h"

#include <array>
#include <bit>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstring>

namespace taskrouter {
namespace {

constexpr size_t kMaxAttributesText = size_t{1} << 30;

// How many nodes `node` and its subtree take.
uint32_t Span(const AttributeNode* node) {
  bool container = node->type == JsonType::kArray || node->type == JsonType::kObject;
  return container ? node->b : 1;
}

void Build(const boost::json::value& value, AttributesBuilder& builder) {
  switch (value.kind()) {
    case boost::json::kind::null:
      builder.Null();
      return;
    case boost::json::kind::bool_:
      builder.Bool(value.get_bool());
      return;
    case boost::json::kind::int64:
      builder.Number(static_cast<double>(value.get_int64()));
      return;
    case boost::json::kind::uint64:
      builder.Number(static_cast<double>(value.get_uint64()));
      return;
    case boost::json::kind::double_:
      builder.Number(value.get_double());
      return;
    case boost::json::kind::string:
      builder.String(value.get_string());
      return;
    case boost::json::kind::array:
      builder.BeginArray();
      for (const boost::json::value& element : value.get_array()) {
        Build(element, builder);
      }
      builder.EndArray();
      return;
    case boost::json::kind::object:
      builder.BeginObject();
      for (const boost::json::key_value_pair& member : value.get_object()) {
        builder.Key(member.key());
        Build(member.value(), builder);
      }
      builder.EndObject();
      return;
  }
}

}  // namespace

AttributeValue AttributeValue::Bool(bool value) {
  AttributeValue result;
  result.type_ = JsonType::kBool;
  result.boolean_ = value;
  return result;
}

AttributeValue AttributeValue::Number(double value) {
  AttributeValue result;
  result.type_ = JsonType::kNumber;
  result.number_ = value;
  return result;
}

AttributeValue AttributeValue::String(std::string_view value) {
  AttributeValue result;
  result.type_ = JsonType::kString;
  result.string_ = value;
  return result;
}

AttributeValue::AttributeValue(const AttributeNode* node, const char* strings) : type_(node->type) {
  switch (type_) {
    case JsonType::kNull:
      break;
    case JsonType::kBool:
      boolean_ = node->a != 0;
      break;
    case JsonType::kNumber:
      number_ = std::bit_cast<double>(std::array<uint32_t, 2>{node->a, node->b});
      break;
    case JsonType::kString:
      string_ = std::string_view(strings + node->a, node->b);
      break;
    case JsonType::kArray:
    case JsonType::kObject:
      node_ = node;
      strings_ = strings;
      break;
  }
}

size_t AttributeValue::size() const { return is_container() ? node_->a : 0; }

AttributeValue AttributeValue::Find(std::string_view name) const {
  if (type_ != JsonType::kObject) {
    return {};
  }
  const AttributeNode* key = node_ + 1;
  for (uint32_t i = 0; i < node_->a; ++i) {
    const AttributeNode* value = key + 1;
    if (std::string_view(strings_ + key->a, key->b) == name) {
      return AttributeValue(value, strings_);
    }
    key = value + Span(value);
  }
  return {};
}

AttributeValue AttributeValue::At(size_t index) const {
  if (type_ != JsonType::kArray || index >= node_->a) {
    return {};
  }
  Iterator it = begin();
  for (size_t i = 0; i < index; ++i) {
    ++it;
  }
  return *it;
}

AttributeValue AttributeValue::Find(std::span<const PathStep> path) const {
  AttributeValue value = *this;
  for (const PathStep& step : path) {
    value = step.is_index ? value.At(step.index) : value.Find(step.member);
  }
  return value;
}

AttributeValue::Iterator& AttributeValue::Iterator::operator++() {
  node_ += Span(node_);
  return *this;
}

AttributeValue::Iterator AttributeValue::Iterator::operator++(int) {
  Iterator before = *this;
  ++*this;
  return before;
}

AttributeValue::Iterator AttributeValue::begin() const {
  return type_ == JsonType::kArray ? Iterator(node_ + 1, strings_) : Iterator(nullptr, nullptr);
}

AttributeValue::Iterator AttributeValue::end() const {
  return type_ == JsonType::kArray ? Iterator(node_ + node_->b, strings_)
                                   : Iterator(nullptr, nullptr);
}

Attributes::Attributes(const Attributes& other)
    : nodes_(other.nodes_), block_nodes_(other.block_nodes_) {
  if (other.block_ != nullptr) {
    block_ = std::make_unique<AttributeNode[]>(block_nodes_);
    std::memcpy(block_.get(), other.block_.get(), heap_bytes());
  }
}

Attributes& Attributes::operator=(const Attributes& other) {
  if (this != &other) {
    *this = Attributes(other);
  }
  return *this;
}

AttributeValue Attributes::root() const {
  if (block_ == nullptr) {
    return {};
  }
  return AttributeValue(block_.get(), reinterpret_cast<const char*>(block_.get() + nodes_));
}

void AttributesBuilder::Null() { Add(JsonType::kNull, 0, 0); }

void AttributesBuilder::Bool(bool value) { Add(JsonType::kBool, value ? 1 : 0, 0); }

void AttributesBuilder::Number(double value) {
  auto bits = std::bit_cast<std::array<uint32_t, 2>>(value);
  Add(JsonType::kNumber, bits[0], bits[1]);
}

void AttributesBuilder::String(std::string_view value) {
  uint32_t offset = AddString(value);
  Add(JsonType::kString, offset, static_cast<uint32_t>(value.size()));
}

void AttributesBuilder::BeginArray() {
  Add(JsonType::kArray, 0, 0);
  open_.push_back(static_cast<uint32_t>(nodes_.size() - 1));
}

void AttributesBuilder::EndArray() { End(); }

void AttributesBuilder::BeginObject() {
  Add(JsonType::kObject, 0, 0);
  open_.push_back(static_cast<uint32_t>(nodes_.size() - 1));
}

void AttributesBuilder::Key(std::string_view name) {
  nodes_[open_.back()].a += 1;
  uint32_t offset = AddString(name);
  nodes_.push_back({JsonType::kString, offset, static_cast<uint32_t>(name.size())});
}

void AttributesBuilder::EndObject() { End(); }

void AttributesBuilder::Add(JsonType type, uint32_t a, uint32_t b) {
  // An object counts its members in Key().
  if (!open_.empty() && nodes_[open_.back()].type == JsonType::kArray) {
    nodes_[open_.back()].a += 1;
  }
  nodes_.push_back({type, a, b});
}

uint32_t AttributesBuilder::AddString(std::string_view text) {
  auto offset = static_cast<uint32_t>(strings_.size());
  strings_.append(text);
  return offset;
}

void AttributesBuilder::End() {
  uint32_t index = open_.back();
  open_.pop_back();
  nodes_[index].b = static_cast<uint32_t>(nodes_.size() - index);
}

Attributes AttributesBuilder::Finish() {
  if (nodes_.empty()) {
    return Attributes();
  }
  auto nodes = static_cast<uint32_t>(nodes_.size());
  auto string_nodes =
      static_cast<uint32_t>((strings_.size() + sizeof(AttributeNode) - 1) / sizeof(AttributeNode));
  uint32_t block_nodes = nodes + string_nodes;
  auto block = std::make_unique<AttributeNode[]>(block_nodes);
  std::memcpy(block.get(), nodes_.data(), nodes * sizeof(AttributeNode));
  std::memcpy(block.get() + nodes, strings_.data(), strings_.size());

  Attributes attributes(std::move(block), nodes, block_nodes);
  nodes_.clear();
  strings_.clear();
  return attributes;
}

Result<Attributes> ParseAttributes(std::string_view json) {
  if (json.size() >= kMaxAttributesText) {
    return Error::InvalidParameter("Attributes must be shorter than 1 GiB");
  }
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) {
    return Error::InvalidParameter(
        "Attributes must be a JSON object, such as {\"skills\":[\"support\"]}");
  }
  AttributesBuilder builder;
  Build(value, builder);
  return builder.Finish();
}

}  // namespace taskrouter
