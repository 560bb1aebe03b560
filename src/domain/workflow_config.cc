#include "domain/workflow_config.h"

#include <cmath>
#include <utility>

#include "common/sid.h"

namespace taskrouter {
namespace {

constexpr char kQueuePrefix[] = "WQ";

// Every error says where in the document it is: `<path>: <problem>`.
Error Invalid(std::string_view path, std::string_view problem) {
  std::string message = "Invalid Configuration: ";
  if (!path.empty()) {
    message.append(path).append(": ");
  }
  message.append(problem);
  return Error::InvalidParameter(std::move(message));
}

std::string Member(std::string_view path, std::string_view key) {
  return std::string(path) + "." + std::string(key);
}

std::string Element(std::string_view path, size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

// An optional key that is absent, null or the empty string is left out.
bool IsLeftOut(AttributeValue value) {
  return value.is_null() || (value.type() == JsonType::kString && value.string().empty());
}

// An integer from `min` to `max`, as a JSON number or a string of decimal digits ("10").
std::optional<int64_t> IntegerIn(AttributeValue value, int64_t min, int64_t max) {
  double number = 0;
  if (value.type() == JsonType::kNumber) {
    number = value.number();
  } else if (value.type() == JsonType::kString) {
    std::string_view digits = value.string();
    if (digits.empty() || digits.size() > 10) {
      return std::nullopt;
    }
    for (char c : digits) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      number = number * 10 + (c - '0');
    }
  } else {
    return std::nullopt;
  }
  if (number != std::floor(number) || number < static_cast<double>(min) ||
      number > static_cast<double>(max)) {
    return std::nullopt;
  }
  return static_cast<int64_t>(number);
}

// Reads one document into a WorkflowConfig, keeping the path of what it reads for errors.
class ConfigReader {
 public:
  explicit ConfigReader(const WorkflowConfigContext& context) : context_(context) {}

  Status ReadRoot(AttributeValue root, WorkflowConfig& config);

 private:
  Status ReadFilters(AttributeValue filters, const std::string& path, WorkflowConfig& config);
  Result<WorkflowFilter> ReadFilter(AttributeValue filter, const std::string& path);
  Status ReadTarget(AttributeValue target, const std::string& path, bool is_default,
                    std::string_view inherited_queue, WorkflowTarget& out);
  Status ReadQueue(AttributeValue queue, const std::string& path, std::string_view inherited,
                   std::string& out);
  Status ReadNumbers(AttributeValue target, const std::string& path, bool is_default,
                     WorkflowTarget& out);
  Status ReadKnownWorker(AttributeValue target, const std::string& path, WorkflowTarget& out);

  // The string at `key` of `object`, empty if the key is absent or null; an error if it holds
  // anything else.
  Result<std::string_view> OptionalString(AttributeValue object, const std::string& path,
                                          std::string_view key);
  Result<std::optional<Expression>> OptionalExpression(AttributeValue object,
                                                       const std::string& path,
                                                       std::string_view key, ExpressionScope scope);

  const WorkflowConfigContext& context_;
};

Status ConfigReader::ReadRoot(AttributeValue root, WorkflowConfig& config) {
  AttributeValue task_routing = root.Find("task_routing");
  if (task_routing.is_null()) {
    return Invalid("task_routing", "missing");
  }
  if (task_routing.type() != JsonType::kObject) {
    return Invalid("task_routing", "must be an object");
  }

  AttributeValue filters = task_routing.Find("filters");
  if (!filters.is_null()) {
    Status status = ReadFilters(filters, "task_routing.filters", config);
    if (!status.ok()) {
      return status;
    }
  }

  AttributeValue default_filter = task_routing.Find("default_filter");
  if (!default_filter.is_null()) {
    WorkflowTarget target;
    Status status = ReadTarget(default_filter, "task_routing.default_filter", true, "", target);
    if (!status.ok()) {
      return status;
    }
    config.default_filter = std::move(target);
  }

  // A Configuration must send a Task somewhere.
  if (config.filters.empty() && !config.default_filter) {
    return Invalid("task_routing", "needs at least one filter or a default_filter");
  }
  return Status();
}

Status ConfigReader::ReadFilters(AttributeValue filters, const std::string& path,
                                 WorkflowConfig& config) {
  if (filters.type() != JsonType::kArray) {
    return Invalid(path, "must be an array");
  }
  if (filters.size() > kMaxWorkflowFilters) {
    return Invalid(path, std::to_string(filters.size()) + " filters, more than the limit of " +
                             std::to_string(kMaxWorkflowFilters));
  }
  config.filters.reserve(filters.size());
  for (AttributeValue filter : filters) {
    Result<WorkflowFilter> read = ReadFilter(filter, Element(path, config.filters.size()));
    if (!read.ok()) {
      return read.error();
    }
    config.filters.push_back(std::move(read.value()));
  }
  return Status();
}

Result<WorkflowFilter> ConfigReader::ReadFilter(AttributeValue filter, const std::string& path) {
  if (filter.type() != JsonType::kObject) {
    return Invalid(path, "must be an object");
  }
  Result<std::string_view> name = OptionalString(filter, path, "filter_friendly_name");
  if (!name.ok()) {
    return name.error();
  }

  // A filter's expression is required: a Task matches a filter by it and nothing else.
  if (filter.Find("expression").is_null()) {
    return Invalid(Member(path, "expression"), "missing");
  }
  Result<std::optional<Expression>> expression =
      OptionalExpression(filter, path, "expression", ExpressionScope::kAttributes);
  if (!expression.ok()) {
    return expression.error();
  }
  if (!expression->has_value()) {
    return Invalid(Member(path, "expression"), "must not be empty");
  }

  std::string targets_path = Member(path, "targets");
  AttributeValue targets = filter.Find("targets");
  if (targets.is_null()) {
    return Invalid(targets_path, "missing");
  }
  if (targets.type() != JsonType::kArray) {
    return Invalid(targets_path, "must be an array");
  }
  if (targets.size() == 0) {
    return Invalid(targets_path, "must have at least one target");
  }
  if (targets.size() > kMaxWorkflowTargets) {
    return Invalid(targets_path, std::to_string(targets.size()) +
                                     " targets, more than the limit of " +
                                     std::to_string(kMaxWorkflowTargets));
  }

  WorkflowFilter out{std::string(name.value()), std::move(*expression.value()), {}};
  out.targets.reserve(targets.size());
  for (AttributeValue target : targets) {
    std::string_view inherited;
    if (!out.targets.empty()) {
      inherited = out.targets.back().queue;
    }
    WorkflowTarget read;
    Status status =
        ReadTarget(target, Element(targets_path, out.targets.size()), false, inherited, read);
    if (!status.ok()) {
      return status.error();
    }
    out.targets.push_back(std::move(read));
  }
  return out;
}

Status ConfigReader::ReadTarget(AttributeValue target, const std::string& path, bool is_default,
                                std::string_view inherited_queue, WorkflowTarget& out) {
  if (target.type() != JsonType::kObject) {
    return Invalid(path, "must be an object");
  }
  Status status =
      ReadQueue(target.Find("queue"), Member(path, "queue"), inherited_queue, out.queue);
  if (!status.ok()) {
    return status;
  }
  status = ReadNumbers(target, path, is_default, out);
  if (!status.ok()) {
    return status;
  }

  Result<std::optional<Expression>> expression =
      OptionalExpression(target, path, "expression", ExpressionScope::kTarget);
  if (!expression.ok()) {
    return expression.error();
  }
  out.expression = std::move(expression.value());
  Result<std::optional<Expression>> skip_if =
      OptionalExpression(target, path, "skip_if", ExpressionScope::kSkipIf);
  if (!skip_if.ok()) {
    return skip_if.error();
  }
  out.skip_if = std::move(skip_if.value());

  Result<std::string_view> order_by = OptionalString(target, path, "order_by");
  if (!order_by.ok()) {
    return order_by.error();
  }
  if (!order_by->empty()) {
    Result<std::vector<OrderClause>> clauses = ParseOrderBy(order_by.value(), "order_by");
    if (!clauses.ok()) {
      return Invalid(Member(path, "order_by"), clauses.error().message());
    }
    out.order_by = std::move(clauses.value());
  }
  return ReadKnownWorker(target, path, out);
}

Status ConfigReader::ReadQueue(AttributeValue queue, const std::string& path,
                               std::string_view inherited, std::string& out) {
  if (queue.is_null() && !inherited.empty()) {
    out = inherited;
    return Status();
  }
  if (queue.is_null()) {
    return Invalid(path, "missing");
  }
  if (queue.type() != JsonType::kString || !IsSid(queue.string(), kQueuePrefix)) {
    return Invalid(path, "must be a TaskQueue SID: WQ and 32 hexadecimal digits");
  }
  if (!context_.queue_exists(queue.string())) {
    return Invalid(path, std::string(queue.string()) + " is not a TaskQueue of this Workspace");
  }
  out = queue.string();
  return Status();
}

Status ConfigReader::ReadNumbers(AttributeValue target, const std::string& path, bool is_default,
                                 WorkflowTarget& out) {
  AttributeValue priority = target.Find("priority");
  if (!IsLeftOut(priority)) {
    out.priority = IntegerIn(priority, 0, kMaxTargetPriority);
    if (!out.priority) {
      return Invalid(Member(path, "priority"),
                     "must be an integer from 0 to " + std::to_string(kMaxTargetPriority));
    }
  }

  AttributeValue timeout = target.Find("timeout");
  if (IsLeftOut(timeout)) {
    return Status();
  }
  if (is_default) {
    return Invalid(Member(path, "timeout"),
                   "not allowed: a Task waits in the default_filter until its own Timeout");
  }
  out.timeout = IntegerIn(timeout, 1, kMaxTargetTimeout);
  if (!out.timeout) {
    return Invalid(Member(path, "timeout"), "must be a whole number of seconds from 1 to " +
                                                std::to_string(kMaxTargetTimeout));
  }
  return Status();
}

Status ConfigReader::ReadKnownWorker(AttributeValue target, const std::string& path,
                                     WorkflowTarget& out) {
  for (std::string_view key : {"known_worker_sid", "known_worker_friendly_name"}) {
    Result<std::string_view> text = OptionalString(target, path, key);
    if (!text.ok()) {
      return text.error();
    }
    if (text->empty()) {
      continue;
    }
    if (out.known_worker_sid) {
      return Invalid(path, "known_worker_sid and known_worker_friendly_name exclude each other");
    }
    Result<std::vector<PathStep>> reference = ParseTaskReference(text.value(), key);
    if (!reference.ok()) {
      return Invalid(Member(path, key), reference.error().message());
    }
    (key == "known_worker_sid" ? out.known_worker_sid : out.known_worker_friendly_name) =
        std::move(reference.value());
  }
  return Status();
}

Result<std::string_view> ConfigReader::OptionalString(AttributeValue object,
                                                      const std::string& path,
                                                      std::string_view key) {
  AttributeValue value = object.Find(key);
  if (value.is_null()) {
    return std::string_view();
  }
  if (value.type() != JsonType::kString) {
    return Invalid(Member(path, key), "must be a string");
  }
  return value.string();
}

Result<std::optional<Expression>> ConfigReader::OptionalExpression(AttributeValue object,
                                                                   const std::string& path,
                                                                   std::string_view key,
                                                                   ExpressionScope scope) {
  Result<std::string_view> text = OptionalString(object, path, key);
  if (!text.ok()) {
    return text.error();
  }
  if (text->empty()) {
    return std::optional<Expression>();
  }
  ExpressionOptions options;
  options.scope = scope;
  Result<Expression> expression = ParseExpression(text.value(), key, options);
  if (!expression.ok()) {
    return Invalid(Member(path, key), expression.error().message());
  }
  return std::optional<Expression>(std::move(expression.value()));
}

}  // namespace

Result<WorkflowConfig> ParseWorkflowConfig(std::string_view json,
                                           const WorkflowConfigContext& context) {
  if (json.size() > kMaxWorkflowConfigLength) {
    return Invalid("", std::to_string(json.size()) + " bytes, more than the limit of " +
                           std::to_string(kMaxWorkflowConfigLength));
  }
  Result<Attributes> document = ParseAttributes(json);
  if (!document.ok()) {
    return Invalid("",
                   "must be a JSON object, such as {\"task_routing\":{\"default_filter\":"
                   "{\"queue\":\"WQ…\"}}}");
  }

  WorkflowConfig config;
  ConfigReader reader(context);
  Status status = reader.ReadRoot(document->root(), config);
  if (!status.ok()) {
    return status.error();
  }
  config.json = json;
  return config;
}

const WorkflowFilter* MatchFilter(const WorkflowConfig& config, const Attributes& task, TimeMs now,
                                  size_t first) {
  AttributesResolver resolver(task, now);
  for (size_t i = first; i < config.filters.size(); ++i) {
    if (Evaluate(config.filters[i].expression, resolver)) {
      return &config.filters[i];
    }
  }
  return nullptr;
}

std::optional<TimeMs> TargetDeadline(const WorkflowFilter& filter, size_t index) {
  if (!filter.targets[index].timeout) {
    return std::nullopt;
  }
  TimeMs deadline = 0;
  for (size_t i = 0; i <= index; ++i) {
    deadline += filter.targets[i].timeout.value_or(0) * 1000;
  }
  return deadline;
}

std::optional<size_t> ActiveTarget(const WorkflowFilter& filter, TimeMs elapsed_ms,
                                   size_t current) {
  TimeMs deadline = 0;
  for (size_t i = 0; i < current; ++i) {
    deadline += filter.targets[i].timeout.value_or(0) * 1000;
  }
  for (size_t i = current; i < filter.targets.size(); ++i) {
    const std::optional<int64_t>& timeout = filter.targets[i].timeout;
    if (!timeout) {
      return i;
    }
    deadline += *timeout * 1000;
    if (elapsed_ms < deadline) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace taskrouter
