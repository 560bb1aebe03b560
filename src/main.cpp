// taskrouterd: serves the TaskRouter v1 API, or manages accounts with a subcommand.
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

#include "app.h"

namespace taskrouter {
namespace {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string data_dir = "data";
  std::string public_url;
  int threads = 2;
  std::string log_level = "info";
  std::string clock_file;
  int callback_retry_ms = 1000;
  size_t max_available_workers = kDefaultMaxAvailableWorkers;
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

std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::nullopt : std::optional<std::string>(value);
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
  AppOptions options;
  options.server.host = listen->first;
  options.server.port = listen->second;
  options.server.threads = config.threads;
  options.data_dir = config.data_dir;
  options.public_url = config.public_url;
  options.account_sid = Env("TASKROUTER_ACCOUNT_SID");
  options.auth_token = Env("TASKROUTER_AUTH_TOKEN");
  options.max_available_workers = config.max_available_workers;
  options.delivery.first_retry = std::chrono::milliseconds(config.callback_retry_ms);

  // Signals are taken by one thread with sigwait, so block them before any other starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  SystemClock system_clock;
  FileClock file_clock(config.clock_file);
  const Clock& clock =
      config.clock_file.empty() ? static_cast<const Clock&>(system_clock) : file_clock;
  if (!config.clock_file.empty()) {
    spdlog::warn("time comes from {}, for tests", config.clock_file);
  }
  App app(options, clock);
  if (Status status = app.Start(); !status.ok()) {
    return Fail(status.error());
  }
  std::thread signal_waiter([&app, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    spdlog::info("received {}, stopping", signal == SIGINT ? "SIGINT" : "SIGTERM");
    app.Stop();
  });
  app.Run();
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
  app.add_option("--log-level", config.log_level, "trace, debug, info, warn, error, off")
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

  app.add_option("--max-available-workers", config.max_available_workers,
                 "Workers that may be in available Activities at once, per Workspace")
      ->envname("TASKROUTER_MAX_AVAILABLE_WORKERS")
      ->check(CLI::Range(1, 15000))
      ->capture_default_str();
  app.add_option("--callback-retry-ms", config.callback_retry_ms,
                 "first back-off after a failed event callback; doubles up to 60 s")
      ->envname("TASKROUTER_CALLBACK_RETRY_MS")
      ->check(CLI::Range(1, 60000))
      ->capture_default_str();
  app.add_option("--clock-file", config.clock_file,
                 "for tests: read the time (ms since the epoch) from this file instead of the "
                 "system clock");

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
