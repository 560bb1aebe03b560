// taskrouterd: serves the TaskRouter v1 API, or manages accounts with a subcommand.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "api/api.h"
#include "common/clock.h"
#include "domain/account_directory.h"
#include "domain/workspace_service.h"
#include "http/router.h"
#include "http/server.h"
#include "store/sqlite_store.h"

namespace taskrouter {
namespace {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "data";
  std::string public_url;
  int threads = 2;
  std::string log_level = "info";
};

// Splits "HOST:PORT" (or "[V6]:PORT").
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return Error::InvalidParameter("--listen must be HOST:PORT, not '" + listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  char* end = nullptr;
  long port = std::strtol(listen.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535) {
    return Error::InvalidParameter("--listen port must be 0 to 65535, not '" +
                                   listen.substr(colon + 1) + "'");
  }
  return std::pair(host, static_cast<uint16_t>(port));
}

std::string DerivedPublicUrl(const std::string& host, uint16_t port) {
  std::string shown = host;
  if (host == "0.0.0.0" || host == "::") {
    shown = "localhost";
  } else if (host.find(':') != std::string::npos) {
    shown = "[" + host + "]";
  }
  return "http://" + shown + ":" + std::to_string(port);
}

// Opens the store in `data_dir`, creating the directory (owner-only) if needed.
Result<std::unique_ptr<SqliteStore>> OpenStore(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) {
    return Error::Internal("cannot create data directory " + data_dir + ": " + ec.message());
  }
  chmod(data_dir.c_str(), 0700);
  return SqliteStore::Open((std::filesystem::path(data_dir) / "taskrouter.db").string());
}

// Writes the generated credentials where only the owner can read them.
Status WriteCredentials(const std::string& path, const AccountRecord& account) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return Error::Internal("cannot write " + path);
  }
  fchmod(fd, 0600);
  std::string text = "TASKROUTER_ACCOUNT_SID=" + account.sid +
                     "\nTASKROUTER_AUTH_TOKEN=" + account.auth_token + "\n";
  bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  bool synced = fsync(fd) == 0;
  close(fd);
  return written && synced ? Status() : Status(Error::Internal("cannot write " + path));
}

// On a first start, creates the account from the environment, or a generated one whose
// credentials go to a file in the data directory.
Status BootstrapAccount(AccountDirectory& accounts, const std::string& data_dir) {
  if (!accounts.empty()) {
    return {};
  }
  const char* sid = std::getenv("TASKROUTER_ACCOUNT_SID");
  const char* token = std::getenv("TASKROUTER_AUTH_TOKEN");
  if (sid != nullptr && token != nullptr) {
    Result<AccountRecord> account = accounts.CreateAccount(sid, token);
    if (!account.ok()) {
      return account.error();
    }
    spdlog::info("created account {} from TASKROUTER_ACCOUNT_SID", account->sid);
    return {};
  }

  Result<AccountRecord> account = accounts.CreateAccount(std::nullopt, std::nullopt);
  if (!account.ok()) {
    return account.error();
  }
  std::string path = (std::filesystem::path(data_dir) / "credentials").string();
  Status status = WriteCredentials(path, account.value());
  if (status.ok()) {
    spdlog::info("created account {}; its credentials are in {}", account->sid, path);
  }
  return status;
}

int Fail(const Error& error) {
  spdlog::error("{}", error.message());
  return 1;
}

int Serve(const Config& config) {
  Result<std::pair<std::string, uint16_t>> listen = ParseListen(config.listen);
  if (!listen.ok()) {
    return Fail(listen.error());
  }
  Result<std::unique_ptr<SqliteStore>> store = OpenStore(config.data_dir);
  if (!store.ok()) {
    return Fail(store.error());
  }
  Result<Snapshot> snapshot = store.value()->Load();
  if (!snapshot.ok()) {
    return Fail(snapshot.error());
  }
  spdlog::info("store {} at schema version {}", config.data_dir, store.value()->schema_version());

  SystemClock clock;
  AccountDirectory accounts(*store.value(), clock);
  accounts.Load(snapshot.value());
  if (Status status = BootstrapAccount(accounts, config.data_dir); !status.ok()) {
    return Fail(status.error());
  }
  WorkspaceService workspaces(*store.value(), clock);
  workspaces.Load(snapshot.value());

  // Signals are taken by one thread with sigwait, so block them before any other starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  http::Router router([&accounts](std::string_view user, std::string_view password) {
    return accounts.Authenticate(user, password);
  });
  http::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.threads = std::max(1, config.threads);
  http::Server server(options, router);
  if (Status status = server.Listen(); !status.ok()) {
    return Fail(status.error());
  }
  std::string base_url = config.public_url.empty()
                             ? DerivedPublicUrl(options.host, server.port())
                             : config.public_url;
  while (!base_url.empty() && base_url.back() == '/') {
    base_url.pop_back();
  }
  api::Services services{workspaces, base_url};
  api::RegisterRoutes(router, services);

  std::thread signal_waiter([&server, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    spdlog::info("received {}, stopping", signal == SIGINT ? "SIGINT" : "SIGTERM");
    server.Stop();
  });
  spdlog::info("taskrouterd ready on {} (listening on {}:{}, public URL {})",
               DerivedPublicUrl(options.host, server.port()), options.host, server.port(),
               base_url);
  server.Run();
  signal_waiter.join();
  spdlog::info("stopped");
  return 0;
}

// Opens the store and its account directory for a subcommand.
template <typename Fn>
int WithAccounts(const Config& config, Fn fn) {
  Result<std::unique_ptr<SqliteStore>> store = OpenStore(config.data_dir);
  if (!store.ok()) {
    return Fail(store.error());
  }
  Result<Snapshot> snapshot = store.value()->Load();
  if (!snapshot.ok()) {
    return Fail(snapshot.error());
  }
  SystemClock clock;
  AccountDirectory accounts(*store.value(), clock);
  accounts.Load(snapshot.value());
  return fn(accounts);
}

}  // namespace
}  // namespace taskrouter

int main(int argc, char** argv) {
  using namespace taskrouter;
  spdlog::set_default_logger(spdlog::stderr_color_mt("taskrouterd"));

  Config config;
  CLI::App app("taskrouterd: a TaskRouter v1 server");
  app.fallthrough();  // so that --data-dir may follow a subcommand
  app.add_option("--data-dir", config.data_dir, "where the store lives")
      ->envname("TASKROUTER_DATA_DIR")
      ->capture_default_str();
  app.add_option("--log-level", config.log_level, "trace, debug, info, warn, error")
      ->envname("TASKROUTER_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();
  app.add_option("--listen", config.listen, "HOST:PORT to serve on; port 0 picks one")
      ->envname("TASKROUTER_LISTEN")
      ->capture_default_str();
  app.add_option("--public-url", config.public_url,
                 "base URL written into url, links and paging URLs (default: the listen address)")
      ->envname("TASKROUTER_PUBLIC_URL");
  app.add_option("--threads", config.threads, "threads serving requests")
      ->envname("TASKROUTER_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();

  CLI::App* account = app.add_subcommand("account", "manage accounts")->require_subcommand(1);
  CLI::App* account_create = account->add_subcommand("create", "create an account");
  std::optional<std::string> account_sid;
  std::optional<std::string> auth_token;
  account_create->add_option("--sid", account_sid, "AC… SID (default: generated)");
  account_create->add_option("--auth-token", auth_token, "auth token (default: generated)");

  CLI::App* api_key = app.add_subcommand("api-key", "manage API keys")->require_subcommand(1);
  CLI::App* api_key_create = api_key->add_subcommand("create", "create an API key");
  std::string key_account;
  std::string key_name = "taskrouterd key";
  api_key_create->add_option("--account", key_account, "AC… SID the key acts for")->required();
  api_key_create->add_option("--friendly-name", key_name, "a name for the key");

  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::from_str(config.log_level));

  if (*account_create) {
    return WithAccounts(config, [&](AccountDirectory& accounts) {
      Result<AccountRecord> created = accounts.CreateAccount(account_sid, auth_token);
      if (!created.ok()) {
        return Fail(created.error());
      }
      std::cout << "sid=" << created->sid << "\nauth_token=" << created->auth_token << "\n";
      return 0;
    });
  }
  if (*api_key_create) {
    return WithAccounts(config, [&](AccountDirectory& accounts) {
      Result<NewApiKey> created = accounts.CreateApiKey(key_account, key_name);
      if (!created.ok()) {
        return Fail(created.error());
      }
      std::cout << "sid=" << created->record.sid << "\nsecret=" << created->secret << "\n";
      return 0;
    });
  }
  return Serve(config);
}
