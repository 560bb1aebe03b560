#include "domain/account_directory.h"

#include <mutex>

#include "common/crypto.h"
#include "common/sid.h"
#include "common/text.h"

namespace taskrouter {

void AccountDirectory::Load(const Snapshot& snapshot) {
  std::unique_lock lock(mu_);
  for (const AccountRecord& account : snapshot.accounts) {
    accounts_[account.sid] = account;
  }
  for (const ApiKeyRecord& key : snapshot.api_keys) {
    api_keys_[key.sid] = key;
  }
}

bool AccountDirectory::empty() const {
  std::shared_lock lock(mu_);
  return accounts_.empty();
}

Result<AccountRecord> AccountDirectory::CreateAccount(std::optional<std::string> sid,
                                                      std::optional<std::string> auth_token) {
  AccountRecord account;
  account.sid = sid.value_or(NewSid("AC"));
  account.auth_token = auth_token.value_or(RandomHex(16));
  account.friendly_name = "taskrouterd account";
  account.date_created = clock_.NowMs();
  if (!IsSid(account.sid, "AC") || FoldCase(account.sid.substr(2)) != account.sid.substr(2)) {
    return Error::InvalidParameter("Account SID " + account.sid +
                                   " is not AC followed by 32 lowercase hex digits");
  }
  if (account.auth_token.empty()) {
    return Error::InvalidParameter("An auth token cannot be empty");
  }
  if (FindAccount(account.sid).has_value()) {
    return Error::InvalidParameter("Account " + account.sid + " already exists");
  }

  Status status = store_.Commit({account});
  if (!status.ok()) {
    return status.error();
  }
  std::unique_lock lock(mu_);
  accounts_[account.sid] = account;
  return account;
}

Result<NewApiKey> AccountDirectory::CreateApiKey(std::string_view account_sid,
                                                 std::string friendly_name) {
  if (!FindAccount(account_sid).has_value()) {
    return Error(404, kCodeNotFound, "Account " + std::string(account_sid) + " does not exist");
  }
  NewApiKey key;
  key.secret = RandomHex(16);
  key.record.sid = NewSid("SK");
  key.record.account_sid = std::string(account_sid);
  key.record.secret_sha256 = Sha256Hex(key.secret);
  key.record.friendly_name = std::move(friendly_name);
  key.record.date_created = clock_.NowMs();

  Status status = store_.Commit({key.record});
  if (!status.ok()) {
    return status.error();
  }
  std::unique_lock lock(mu_);
  api_keys_[key.record.sid] = key.record;
  return key;
}

std::optional<std::string> AccountDirectory::Authenticate(std::string_view username,
                                                          std::string_view password) {
  if (IsSid(username, "AC")) {
    std::optional<AccountRecord> account = FindAccount(username);
    if (account.has_value() && SecretsEqual(password, account->auth_token)) {
      return account->sid;
    }
    return std::nullopt;
  }
  if (IsSid(username, "SK")) {
    std::optional<ApiKeyRecord> key = FindApiKey(username);
    if (key.has_value() && SecretsEqual(Sha256Hex(password), key->secret_sha256)) {
      return key->account_sid;
    }
  }
  return std::nullopt;
}

std::optional<AccountRecord> AccountDirectory::FindAccount(std::string_view sid) {
  {
    std::shared_lock lock(mu_);
    auto it = accounts_.find(std::string(sid));
    if (it != accounts_.end()) {
      return it->second;
    }
  }
  Result<std::optional<AccountRecord>> stored = store_.FindAccount(sid);
  if (!stored.ok() || !stored.value().has_value()) {
    return std::nullopt;
  }
  std::unique_lock lock(mu_);
  accounts_[std::string(sid)] = *stored.value();
  return stored.value();
}

std::optional<ApiKeyRecord> AccountDirectory::FindApiKey(std::string_view sid) {
  {
    std::shared_lock lock(mu_);
    auto it = api_keys_.find(std::string(sid));
    if (it != api_keys_.end()) {
      return it->second;
    }
  }
  Result<std::optional<ApiKeyRecord>> stored = store_.FindApiKey(sid);
  if (!stored.ok() || !stored.value().has_value()) {
    return std::nullopt;
  }
  std::unique_lock lock(mu_);
  api_keys_[std::string(sid)] = *stored.value();
  return stored.value();
}

}  // namespace taskrouter
