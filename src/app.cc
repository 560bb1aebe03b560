#include "app.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>
#include <filesystem>

namespace taskrouter {
namespace {

// How often timeouts are looked for when no command comes by to carry them out.
constexpr std::chrono::milliseconds kRoutingTimerPeriod{50};

std::string DerivedPublicUrl(const std::string& host, uint16_t port) {
  std::string shown = host;
  if (host == "0.0.0.0" || host == "::") {
    shown = "localhost";
  } else if (host.find(':') != std::string::npos) {
    shown = "[" + host + "]";
  }
  return "http://" + shown + ":" + std::to_string(port);
}

// Writes generated credentials where only the owner can read them.
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

}  // namespace

Result<std::unique_ptr<SqliteStore>> OpenStore(const std::string& data_dir) {
  std::error_code ec;
  // Only a directory made here is made private; an existing one keeps its permissions.
  if (std::filesystem::create_directories(data_dir, ec)) {
    chmod(data_dir.c_str(), 0700);
  }
  if (ec) {
    return Error::Internal("cannot create data directory " + data_dir + ": " + ec.message());
  }
  return SqliteStore::Open((std::filesystem::path(data_dir) / "taskrouter.db").string());
}

App::App(AppOptions options, const Clock& clock) : options_(std::move(options)), clock_(clock) {}

App::~App() {
  // The timer and the assignment callbacks commit through the registry: they stop before the
  // commit thread.
  routing_timer_.reset();
  if (assignments_ != nullptr) {
    assignments_->Stop();
  }
  // The commit thread answers held requests through the server's sessions: it stops first.
  if (registry_ != nullptr) {
    registry_->StopCommits();
  }
}

Status App::Start() {
  Result<std::unique_ptr<SqliteStore>> store = OpenStore(options_.data_dir);
  if (!store.ok()) {
    return store.error();
  }
  store_ = std::move(store).value();
  Result<Snapshot> snapshot = store_->Load();
  if (!snapshot.ok()) {
    return snapshot.error();
  }
  spdlog::info("store in {} at schema version {}", options_.data_dir, store_->schema_version());

  accounts_ = std::make_unique<AccountDirectory>(*store_, clock_);
  accounts_->Load(snapshot.value());
  if (Status status = BootstrapAccount(); !status.ok()) {
    return status;
  }
  delivery_ = std::make_unique<EventDelivery>(*store_, clock_, options_.delivery);
  registry_ = std::make_unique<WorkspaceRegistry>(
      *store_, clock_, [delivery = delivery_.get()] { delivery->Notify(); }, CommitMode::kGroup);
  registry_->Load(snapshot.value());
  workspaces_ = std::make_unique<WorkspaceService>(*registry_);
  workers_ = std::make_unique<WorkerService>(*registry_, options_.max_available_workers);
  task_channels_ = std::make_unique<TaskChannelService>(*registry_);
  task_queues_ = std::make_unique<TaskQueueService>(*registry_);
  workflows_ = std::make_unique<WorkflowService>(*registry_);
  tasks_ = std::make_unique<TaskService>(*registry_);
  assignments_ = std::make_unique<AssignmentCallbacks>(*store_, *tasks_);
  registry_->SetAssignmentSender(
      [assignments = assignments_.get()](std::vector<AssignmentRequest> requests) {
        assignments->Send(std::move(requests));
      });
  statistics_ = std::make_unique<StatisticsService>(*registry_);
  events_ = std::make_unique<EventLog>(*registry_);
  if (Status status = events_->Prune(); !status.ok()) {
    return status;
  }

  router_ = std::make_unique<http::Router>(
      [accounts = accounts_.get()](std::string_view user, std::string_view password) {
        return accounts->Authenticate(user, password);
      });
  server_ = std::make_unique<http::Server>(options_.server, *router_);
  if (Status status = server_->Listen(); !status.ok()) {
    return status;
  }

  base_url_ = options_.public_url.empty() ? DerivedPublicUrl(options_.server.host, port())
                                          : options_.public_url;
  while (!base_url_.empty() && base_url_.back() == '/') {
    base_url_.pop_back();
  }
  auto parsed = boost::urls::parse_absolute_uri(base_url_);
  if (!parsed.has_value() || parsed->has_query() || parsed->has_fragment() ||
      (parsed->scheme_id() != boost::urls::scheme::http &&
       parsed->scheme_id() != boost::urls::scheme::https)) {
    return Error::InvalidParameter("--public-url '" + base_url_ +
                                   "' is not an http or https URL without query");
  }
  services_ = std::make_unique<api::Services>(
      api::Services{*registry_, *workspaces_, *workers_, *task_channels_, *task_queues_,
                    *workflows_, *tasks_, *statistics_, *events_, clock_, base_url_});
  api::RegisterRoutes(*router_, *services_);
  delivery_->Start();
  assignments_->Start();
  routing_timer_ = std::make_unique<RoutingTimer>([tasks = tasks_.get()] { tasks->RunDueTimers(); },
                                                  kRoutingTimerPeriod);
  routing_timer_->Start();
  spdlog::info("taskrouterd ready on {} (public URL {})",
               DerivedPublicUrl(options_.server.host, port()), base_url_);
  return {};
}

void App::Run() { server_->Run(); }

void App::Stop() {
  if (routing_timer_ != nullptr) {
    routing_timer_->Stop();
  }
  server_->Stop();
  delivery_->Stop();
  if (assignments_ != nullptr) {
    assignments_->Stop();
  }
}

Status App::BootstrapAccount() {
  if (!accounts_->empty()) {
    if (options_.account_sid.has_value() && options_.auth_token.has_value() &&
        accounts_->Authenticate(*options_.account_sid, *options_.auth_token) == std::nullopt) {
      spdlog::warn(
          "the store in {} already has accounts, and the configured account credentials are "
          "not among them: they are ignored (create them with `taskrouterd account create`)",
          options_.data_dir);
    }
    return {};
  }
  if (options_.account_sid.has_value() && options_.auth_token.has_value()) {
    Result<AccountRecord> account =
        accounts_->CreateAccount(options_.account_sid, options_.auth_token);
    if (!account.ok()) {
      return account.error();
    }
    spdlog::info("created account {} from the configured credentials", account->sid);
    return {};
  }

  Result<AccountRecord> account = accounts_->CreateAccount(std::nullopt, std::nullopt);
  if (!account.ok()) {
    return account.error();
  }
  std::string path = (std::filesystem::path(options_.data_dir) / "credentials").string();
  Status status = WriteCredentials(path, account.value());
  if (status.ok()) {
    spdlog::info("created account {}; its credentials are in {}", account->sid, path);
  }
  return status;
}

}  // namespace taskrouter
