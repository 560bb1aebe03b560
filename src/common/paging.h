// Pages over an ordered list. A cursor names the sort key of the item a page ended (or started)
// at, so creating or deleting items between two requests neither skips nor repeats any item that
// existed throughout.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <vector>

namespace taskrouter {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// Where an item sorts: by `primary`, then by creation number. In creation order both are the
// creation number; an ordering by a field puts that field (negated for descending order) first.
struct PageCursor {
  int64_t primary = 0;
  int64_t seq = 0;
  auto operator<=>(const PageCursor&) const = default;
};

struct PageRequest {
  enum class From {
    kOffset,  // the page_index-th page of page_size items, counted from the start
    kAfter,   // the items after `cursor`
    kBefore,  // the page_size items just before `cursor`
  };
  int page_size = kDefaultPageSize;
  int64_t page_index = 0;
  From from = From::kOffset;
  PageCursor cursor;
};

template <typename T>
struct Page {
  std::vector<T> items;
  bool has_previous = false;
  bool has_next = false;
  PageCursor first;  // of items.front(), when there are items
  PageCursor last;   // of items.back()
};

// Cuts one page out of `items`, which must be sorted ascending by `key(item)`, a PageCursor.
template <typename T, typename KeyFn>
Page<T> TakePage(std::vector<T> items, const PageRequest& request, KeyFn key) {
  size_t size = static_cast<size_t>(request.page_size);
  auto position_of = [&](const PageCursor& cursor, bool after) {
    auto it = after ? std::upper_bound(items.begin(), items.end(), cursor,
                                       [&](const PageCursor& c, const T& i) { return c < key(i); })
                    : std::lower_bound(items.begin(), items.end(), cursor,
                                       [&](const T& i, const PageCursor& c) { return key(i) < c; });
    return static_cast<size_t>(it - items.begin());
  };
  size_t begin = 0;
  size_t end = 0;
  switch (request.from) {
    case PageRequest::From::kOffset:
      begin = static_cast<size_t>(
          std::min<int64_t>(request.page_index * request.page_size, std::ssize(items)));
      end = std::min(items.size(), begin + size);
      break;
    case PageRequest::From::kAfter:
      begin = position_of(request.cursor, /*after=*/true);
      end = std::min(items.size(), begin + size);
      break;
    case PageRequest::From::kBefore:
      end = position_of(request.cursor, /*after=*/false);
      begin = end > size ? end - size : 0;
      break;
  }

  Page<T> page;
  page.has_previous = begin > 0;
  page.has_next = end < items.size();
  if (begin < end) {
    page.first = key(items[begin]);
    page.last = key(items[end - 1]);
  }
  page.items.assign(std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(begin)),
                    std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(end)));
  return page;
}

// TakePage in creation order; `SeqOf(item)` must give an item's creation number.
template <typename T>
Page<T> TakePage(std::vector<T> items, const PageRequest& request) {
  return TakePage(std::move(items), request, [](const T& item) {
    return PageCursor{SeqOf(item), SeqOf(item)};
  });
}

}  // namespace taskrouter
