// Lists as TaskRouter answers them: PageSize/Page/PageToken in, the `meta` envelope out.
//
// Page tokens are "PA<n>" (the page after the item with creation number n) and "PB<n>" (the
// page before it); in a list ordered by a field they are "PA<key>.<n>", the key being where
// the item sorts. Clients treat them as opaque and follow next_page_url verbatim.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <vector>

#include "common/paging.h"
#include "common/status.h"
#include "http/message.h"

namespace taskrouter::api {

// Reads PageSize (1..1000, default 50), Page (0.., default 0) and PageToken from the query.
// Returns 400/20001 for a bad PageSize or Page and 400/21481 for a bad PageToken.
Result<PageRequest> ReadPageRequest(const http::Params& query);

// Builds a list answer.
class ListPage {
 public:
  // `base_url` is the public URL of the server; `path` the list's path; `filters` the filter
  // parameters the request gave, in the order they are to appear in the paging URLs.
  // `query` is the request's query, for the PageToken it asked with.
  ListPage(std::string base_url, std::string path,
           std::vector<std::pair<std::string, std::string>> filters, const PageRequest& request,
           const http::Params& query);

  // The envelope: {"<key>": items, "meta": {...}}, `items` being `page.items` rendered.
  template <typename T>
  std::string Render(const std::string& key, boost::json::array items, const Page<T>& page) const {
    return Render(key, std::move(items), page.has_previous, page.has_next, page.first, page.last);
  }

 private:
  std::string Render(const std::string& key, boost::json::array items, bool has_previous,
                     bool has_next, const PageCursor& first, const PageCursor& last) const;
  std::string Url(int64_t page, const std::string& token) const;

  std::string base_url_;
  std::string path_;
  std::vector<std::pair<std::string, std::string>> filters_;
  PageRequest request_;
  std::string token_;  // the PageToken asked with, if any
};

}  // namespace taskrouter::api
