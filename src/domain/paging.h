// Pages over a list in creation order. A cursor names the creation sequence number of the
// item a page ended (or started) at, so creating or deleting items between two requests
// neither skips nor repeats any item that existed throughout.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace taskrouter {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

struct PageRequest {
  enum class From {
    kOffset,  // the page_index-th page of page_size items, counted from the start
    kAfter,   // the items after `cursor`
    kBefore,  // the page_size items just before `cursor`
  };
  int page_size = kDefaultPageSize;
  int64_t page_index = 0;
  From from = From::kOffset;
  int64_t cursor = 0;
};

template <typename T>
struct Page {
  std::vector<T> items;
  bool has_previous = false;
  bool has_next = false;
};

// Cuts one page out of `items`, which must be sorted by creation number, ascending.
// `SeqOf(item)` must give an item's creation number.
template <typename T>
Page<T> TakePage(std::vector<T> items, const PageRequest& request) {
  auto by_seq = [](const T& item, int64_t seq) { return SeqOf(item) < seq; };
  size_t size = static_cast<size_t>(request.page_size);
  auto position_of = [&](int64_t seq) {
    return static_cast<size_t>(std::lower_bound(items.begin(), items.end(), seq, by_seq) -
                               items.begin());
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
      begin = position_of(request.cursor + 1);
      end = std::min(items.size(), begin + size);
      break;
    case PageRequest::From::kBefore:
      end = position_of(request.cursor);
      begin = end > size ? end - size : 0;
      break;
  }

  Page<T> page;
  page.has_previous = begin > 0;
  page.has_next = end < items.size();
  page.items.assign(std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(begin)),
                    std::make_move_iterator(items.begin() + static_cast<std::ptrdiff_t>(end)));
  return page;
}

}  // namespace taskrouter
