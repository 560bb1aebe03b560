// The whole server wired together: store, domain services, API routes and HTTP listener.
// main.cpp runs one; the HTTP tests run one on port 0 in a temporary directory.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/api.h"
#include "common/clock.h"
#include "common/status.h"
#include "delivery/assignment_callbacks.h"
#include "delivery/event_delivery.h"
#include "domain/account_directory.h"
#include "domain/event_log.h"
#include "domain/routing_timer.h"
#include "domain/statistics_service.h"
#include "domain/task_channel_service.h"
#include "domain/task_service.h"
#include "domain/worker_service.h"
#include "domain/workspace_registry.h"
#include "domain/workspace_service.h"
#include "http/router.h"
#include "http/server.h"
#include "store/sqlite_store.h"

namespace taskrouter {

struct AppOptions {
  http::ServerOptions server;
  std::string data_dir;
  std::string public_url;  // empty: derived from the bound address
  // The account to create on a first start; without it one is generated and its credentials
  // are written to `<data_dir>/credentials`.
  std::optional<std::string> account_sid;
  std::optional<std::string> auth_token;
  size_t max_available_workers = kDefaultMaxAvailableWorkers;
  DeliveryOptions delivery;
};

class App {
 public:
  // `clock` must outlive the App.
  App(AppOptions options, const Clock& clock);
  ~App();

  // Opens the store, loads it, creates the first account if there is none, binds the
  // listener and registers the routes. Returns the error that stopped it.
  Status Start();

  // Serves until Stop. Thread-safe with Stop. Stop also stops sending callbacks: event
  // callbacks not yet sent stay queued in the store, assignment callbacks not yet sent are
  // dropped (their Reservations time out).
  void Run();
  void Stop();

  uint16_t port() const { return server_->port(); }
  const std::string& base_url() const { return base_url_; }
  AccountDirectory& accounts() { return *accounts_; }

 private:
  Status BootstrapAccount();

  AppOptions options_;
  const Clock& clock_;
  std::string base_url_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AccountDirectory> accounts_;
  std::unique_ptr<EventDelivery> delivery_;
  std::unique_ptr<WorkspaceRegistry> registry_;
  std::unique_ptr<WorkspaceService> workspaces_;
  std::unique_ptr<WorkerService> workers_;
  std::unique_ptr<TaskChannelService> task_channels_;
  std::unique_ptr<TaskQueueService> task_queues_;
  std::unique_ptr<WorkflowService> workflows_;
  std::unique_ptr<TaskService> tasks_;
  // Kept until the App goes: the commit thread may still hand it callbacks after it stopped.
  std::unique_ptr<AssignmentCallbacks> assignments_;
  std::unique_ptr<RoutingTimer> routing_timer_;
  std::unique_ptr<StatisticsService> statistics_;
  std::unique_ptr<EventLog> events_;
  std::unique_ptr<http::Router> router_;
  std::unique_ptr<http::Server> server_;
  std::unique_ptr<api::Services> services_;  // the routes refer to it
};

// Opens the store in `data_dir`, creating the directory (owner-only) if needed.
Result<std::unique_ptr<SqliteStore>> OpenStore(const std::string& data_dir);

}  // namespace taskrouter
