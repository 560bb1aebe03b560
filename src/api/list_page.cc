#include "api/list_page.h"

#include <boost/json/serialize.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>

namespace taskrouter::api {
namespace {

// Parses all of `text` as a decimal integer in [min, max].
std::optional<int64_t> ParseInteger(const std::string& text, int64_t min, int64_t max) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return std::nullopt;
  }
  return value;
}

// "PA<n>", "PB<n>", "PA<key>.<n>" or "PB<key>.<n>".
std::optional<PageCursor> ParseCursor(const std::string& token) {
  if (token.size() <= 2 || !(token.starts_with("PA") || token.starts_with("PB"))) {
    return std::nullopt;
  }
  std::string rest = token.substr(2);
  size_t dot = rest.find('.');
  if (dot == std::string::npos) {
    std::optional<int64_t> seq = ParseInteger(rest, 0, INT64_MAX);
    return seq.has_value() ? std::optional(PageCursor{*seq, *seq}) : std::nullopt;
  }
  std::optional<int64_t> primary = ParseInteger(rest.substr(0, dot), INT64_MIN, INT64_MAX);
  std::optional<int64_t> seq = ParseInteger(rest.substr(dot + 1), INT64_MIN, INT64_MAX);
  if (!primary.has_value() || !seq.has_value()) {
    return std::nullopt;
  }
  return PageCursor{*primary, *seq};
}

std::string Token(char direction, const PageCursor& cursor) {
  std::string token = std::string("P") + direction;
  if (cursor.primary != cursor.seq) {
    token += std::to_string(cursor.primary) + ".";
  }
  return token + std::to_string(cursor.seq);
}

}  // namespace

Result<PageRequest> ReadPageRequest(const http::Params& query) {
  PageRequest request;
  if (std::optional<std::string> size = query.Get("PageSize")) {
    std::optional<int64_t> value = ParseInteger(*size, 1, kMaxPageSize);
    if (!value.has_value()) {
      return Error::InvalidParameter("PageSize must be an integer from 1 to " +
                                     std::to_string(kMaxPageSize) + ", not '" + *size + "'");
    }
    request.page_size = static_cast<int>(*value);
  }
  if (std::optional<std::string> page = query.Get("Page")) {
    std::optional<int64_t> value = ParseInteger(*page, 0, INT32_MAX);
    if (!value.has_value()) {
      return Error::InvalidParameter("Page must be a non-negative integer, not '" + *page + "'");
    }
    request.page_index = *value;
  }
  if (std::optional<std::string> token = query.Get("PageToken")) {
    std::optional<PageCursor> cursor = ParseCursor(*token);
    if (!cursor.has_value()) {
      return Error(400, kCodeInvalidPageToken,
                   "PageToken '" + *token + "' is not a token this server issued");
    }
    request.from = (*token)[1] == 'A' ? PageRequest::From::kAfter : PageRequest::From::kBefore;
    request.cursor = *cursor;
  }
  return request;
}

ListPage::ListPage(std::string base_url, std::string path,
                   std::vector<std::pair<std::string, std::string>> filters,
                   const PageRequest& request, const http::Params& query)
    : base_url_(std::move(base_url)),
      path_(std::move(path)),
      filters_(std::move(filters)),
      request_(request),
      token_(query.Get("PageToken").value_or("")) {}

std::string ListPage::Url(int64_t page, const std::string& token) const {
  // Values are escaped down to the unreserved characters: a '+' left as it is would come
  // back as a space.
  std::string query;
  auto add = [&query](const std::string& name, const std::string& value) {
    query += query.empty() ? "?" : "&";
    query += name + "=" + boost::urls::encode(value, boost::urls::unreserved_chars);
  };
  for (const auto& [name, value] : filters_) {
    add(name, value);
  }
  add("PageSize", std::to_string(request_.page_size));
  add("Page", std::to_string(page));
  if (!token.empty()) {
    add("PageToken", token);
  }
  return base_url_ + path_ + query;
}

std::string ListPage::Render(const std::string& key, boost::json::array items, bool has_previous,
                             bool has_next, const PageCursor& first, const PageCursor& last) const {
  int64_t page = request_.page_index;
  boost::json::object meta;
  meta["first_page_url"] = Url(0, "");
  meta["key"] = key;
  meta["next_page_url"] = nullptr;
  if (has_next) {
    meta["next_page_url"] = Url(page + 1, Token('A', last));
  }
  meta["page"] = page;
  meta["page_size"] = request_.page_size;
  meta["previous_page_url"] = nullptr;
  if (has_previous) {
    meta["previous_page_url"] = Url(page > 0 ? page - 1 : 0, Token('B', first));
  }
  meta["url"] = Url(page, token_);

  boost::json::object body;
  body[key] = std::move(items);
  body["meta"] = std::move(meta);
  return boost::json::serialize(body);
}

}  // namespace taskrouter::api
