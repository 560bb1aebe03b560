// libFuzzer target: PageSize, Page and PageToken, split from the input at NUL bytes, and the
// paging of a list with the request they make.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "api/list_page.h"

namespace {

struct Item {
  int64_t seq;
};
int64_t SeqOf(const Item& item) { return item.seq; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts(3);
  size_t part = 0;
  for (char c : text) {
    if (c == '\0' && part < 2) {
      ++part;
    } else {
      parts[part].push_back(c);
    }
  }
  taskrouter::http::Params query;
  query.Add("PageSize", parts[0]);
  query.Add("Page", parts[1]);
  query.Add("PageToken", parts[2]);
  taskrouter::Result<taskrouter::PageRequest> request = taskrouter::api::ReadPageRequest(query);
  if (!request.ok()) {
    return 0;
  }
  std::vector<Item> items;
  for (int64_t i = 1; i <= 100; i += 3) {
    items.push_back(Item{i});
  }
  taskrouter::Page<Item> page = taskrouter::TakePage(items, request.value());
  if (page.items.size() > static_cast<size_t>(request->page_size)) {
    __builtin_trap();
  }
  taskrouter::api::ListPage list("http://127.0.0.1", "/v1/Workspaces", {}, request.value(), query);
  list.Render("items", boost::json::array(), page);
  return 0;
}
