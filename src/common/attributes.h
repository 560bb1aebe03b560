// Attributes: the JSON documents Workers and Tasks carry, parsed once into a compact immutable
// form that expressions read without allocating.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace taskrouter {

enum class JsonType : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

// One value of a document, laid out in document order: an array or object is followed by its
// elements (an object by key, value, key, value, …), so a whole subtree is one run of nodes.
struct AttributeNode {
  JsonType type = JsonType::kNull;
  // kBool: 0 or 1. kNumber: the double's bits, with `b`. kString: offset into the strings.
  // kArray, kObject: the number of elements or members.
  uint32_t a = 0;
  // kNumber: see `a`. kString: length in bytes. kArray, kObject: nodes in the subtree, itself
  // included, so that the next sibling is `b` nodes on.
  uint32_t b = 0;
};

// A step down a document: an object's member or, if `is_index`, an array's element.
struct PathStep {
  std::string member;
  uint32_t index = 0;
  bool is_index = false;
};

// A JSON value that owns nothing: null, a boolean, a number, a string, or an array or object of
// an Attributes document. Cheap to copy. A view of a document (its strings, arrays and objects)
// is valid while the document lives; moving the document keeps it valid.
class AttributeValue {
 public:
  AttributeValue() = default;  // null
  static AttributeValue Bool(bool value);
  static AttributeValue Number(double value);
  // Points at `value`, which must outlive the AttributeValue.
  static AttributeValue String(std::string_view value);

  JsonType type() const { return type_; }
  bool is_null() const { return type_ == JsonType::kNull; }
  bool is_container() const { return type_ == JsonType::kArray || type_ == JsonType::kObject; }

  // Each requires the matching type().
  bool boolean() const { return boolean_; }
  double number() const { return number_; }
  std::string_view string() const { return string_; }

  // The number of elements of an array or members of an object; 0 for any other value.
  size_t size() const;
  // The member `name` of an object; null if there is none or this is no object.
  AttributeValue Find(std::string_view name) const;
  // The element `index` of an array; null if there is none or this is no array.
  AttributeValue At(size_t index) const;
  // The value at `path` below this one; null if any step finds nothing.
  AttributeValue Find(std::span<const PathStep> path) const;

  // The elements of an array, in order; nothing for any other value.
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = AttributeValue;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = AttributeValue;

    Iterator() = default;
    Iterator(const AttributeNode* node, const char* strings) : node_(node), strings_(strings) {}
    AttributeValue operator*() const { return AttributeValue(node_, strings_); }
    Iterator& operator++();
    Iterator operator++(int);
    bool operator==(const Iterator& other) const { return node_ == other.node_; }

   private:
    const AttributeNode* node_ = nullptr;
    const char* strings_ = nullptr;
  };
  Iterator begin() const;
  Iterator end() const;

 private:
  friend class Attributes;
  AttributeValue(const AttributeNode* node, const char* strings);

  JsonType type_ = JsonType::kNull;
  bool boolean_ = false;
  double number_ = 0;
  std::string_view string_;
  // For arrays and objects: the node in the document, and the document's strings.
  const AttributeNode* node_ = nullptr;
  const char* strings_ = nullptr;
};

// A parsed JSON document, immutable. Its nodes and strings share one heap block, so an empty
// document costs 16 bytes and a small one a single allocation. Copying copies the block.
class Attributes {
 public:
  Attributes() = default;  // no document: root() is null
  Attributes(const Attributes& other);
  Attributes& operator=(const Attributes& other);
  Attributes(Attributes&&) noexcept = default;
  Attributes& operator=(Attributes&&) noexcept = default;

  AttributeValue root() const;
  // Bytes on the heap.
  size_t heap_bytes() const { return static_cast<size_t>(block_nodes_) * sizeof(AttributeNode); }

 private:
  friend class AttributesBuilder;
  Attributes(std::unique_ptr<AttributeNode[]> block, uint32_t nodes, uint32_t block_nodes)
      : block_(std::move(block)), nodes_(nodes), block_nodes_(block_nodes) {}

  // `nodes_` nodes, then the strings' bytes, padded to whole nodes.
  std::unique_ptr<AttributeNode[]> block_;
  uint32_t nodes_ = 0;
  uint32_t block_nodes_ = 0;
};

// Builds an Attributes document one value at a time, in document order. Begin and End calls must
// pair up, an object's values must each follow a Key, and the document must be one value.
class AttributesBuilder {
 public:
  void Null();
  void Bool(bool value);
  void Number(double value);
  void String(std::string_view value);
  void BeginArray();
  void EndArray();
  void BeginObject();
  void Key(std::string_view name);
  void EndObject();

  // The document built so far (no document if nothing was added); the builder is left empty.
  Attributes Finish();

 private:
  void Add(JsonType type, uint32_t a, uint32_t b);
  uint32_t AddString(std::string_view text);
  void End();

  std::vector<AttributeNode> nodes_;
  std::string strings_;
  std::vector<uint32_t> open_;  // the arrays and objects not yet ended
};

// Parses a JSON object such as a Worker's or a Task's `Attributes`. Numbers become doubles. 400 /
// 20001 if `json` is not a JSON object, is nested deeper than 32 levels (the limit Attributes
// parameters are checked with) or is 1 GiB or longer.
Result<Attributes> ParseAttributes(std::string_view json);

}  // namespace taskrouter
