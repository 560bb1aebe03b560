// Accounts and API keys: who may call the server, and which account a request acts for.
#pragma once

#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "common/status.h"
#include "store/store.h"

namespace taskrouter {

struct NewApiKey {
  ApiKeyRecord record;
  std::string secret;  // shown once; only its hash is stored
};

// Thread-safe.
class AccountDirectory {
 public:
  AccountDirectory(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Takes the accounts and keys of a freshly loaded store.
  void Load(const Snapshot& snapshot);

  bool empty() const;

  // Creates an account. Without `sid` or `auth_token`, generates them. Returns 400 if `sid`
  // is not an account SID or already exists, or if `auth_token` is empty.
  Result<AccountRecord> CreateAccount(std::optional<std::string> sid,
                                      std::optional<std::string> auth_token);

  // Creates an API key for an existing account. Returns 404 if the account does not exist.
  Result<NewApiKey> CreateApiKey(std::string_view account_sid, std::string friendly_name);

  // The account that `username:password` authenticates, or nullopt. `username` is an account
  // SID (with its auth token) or an API key SID (with its secret). Credentials created by
  // another process after Load are found in the store.
  std::optional<std::string> Authenticate(std::string_view username, std::string_view password);

 private:
  std::optional<AccountRecord> FindAccount(std::string_view sid);
  std::optional<ApiKeyRecord> FindApiKey(std::string_view sid);

  Store& store_;
  const Clock& clock_;

  mutable std::shared_mutex mu_;  // guards the two maps
  std::unordered_map<std::string, AccountRecord> accounts_;
  std::unordered_map<std::string, ApiKeyRecord> api_keys_;
};

}  // namespace taskrouter
