// A Workspace set up for routing through TaskService under a manual clock, with helper verbs
// for queues, Workflows, Workers, Tasks and their Reservations.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "domain/routing.h"
#include "domain_fixture.h"

namespace taskrouter::testing {

class RoutingFixture : public DomainTest {
 protected:
  void SetUpWorkspace(bool multi_task) {
    WorkspaceCreate create;
    create.friendly_name = "Routing";
    create.multi_task_enabled = multi_task;
    Result<WorkspaceView> view = workspaces_->CreateWorkspace(kCaller, create);
    ASSERT_TRUE(view.ok());
    ws_ = view->record.sid;
    available_ = ActivitySid(ws_, "Available");
    offline_ = ActivitySid(ws_, "Offline");
    unavailable_ = ActivitySid(ws_, "Unavailable");
    reserved_ = NewActivity("Reserved", false);
    busy_ = NewActivity("Busy", false);
  }

  std::string NewActivity(const std::string& name, bool available) {
    Result<ActivityRecord> activity = workspaces_->CreateActivity(kCaller, ws_, name, available);
    EXPECT_TRUE(activity.ok());
    return activity.ok() ? activity->sid : "";
  }

  std::string NewQueue(const std::string& name, const std::string& target = "1==1",
                       int64_t max_reserved = 1, const std::string& order = "FIFO",
                       bool with_activities = false) {
    TaskQueueCreate create;
    create.friendly_name = name;
    create.target_workers = target;
    create.max_reserved_workers = max_reserved;
    create.task_order = order;
    if (with_activities) {
      create.reservation_activity_sid = reserved_;
      create.assignment_activity_sid = busy_;
    }
    Result<TaskQueueView> queue = task_queues_->CreateTaskQueue(kCaller, ws_, create);
    EXPECT_TRUE(queue.ok()) << (queue.ok() ? "" : queue.error().message());
    return queue.ok() ? queue->record.sid : "";
  }

  std::string NewWorkflow(const std::string& configuration, int64_t reservation_timeout = 120) {
    WorkflowCreate create;
    create.friendly_name = "Flow";
    create.configuration = configuration;
    create.task_reservation_timeout = reservation_timeout;
    Result<WorkflowRecord> flow = workflows_->CreateWorkflow(kCaller, ws_, create);
    EXPECT_TRUE(flow.ok()) << (flow.ok() ? "" : flow.error().message());
    return flow.ok() ? flow->sid : "";
  }

  // A Workflow sending every Task to `queue`.
  std::string DefaultFlow(const std::string& queue, int64_t reservation_timeout = 120) {
    return NewWorkflow(R"({"task_routing":{"default_filter":{"queue":")" + queue + R"("}}})",
                       reservation_timeout);
  }

  // Creates a Worker, Available unless `available` is false; answers its SID.
  std::string NewWorkerSid(const std::string& name, const std::string& attributes = "{}",
                           bool available = true) {
    WorkerCreate create;
    create.friendly_name = name;
    create.activity_sid = available ? available_ : offline_;
    create.attributes = attributes;
    Result<WorkerView> view = workers_->CreateWorker(kCaller, ws_, create);
    EXPECT_TRUE(view.ok()) << (view.ok() ? "" : view.error().message());
    return view.ok() ? view->record.sid : "";
  }

  TaskView NewTask(const std::string& attributes = "{}", std::optional<int64_t> priority = {},
                   int64_t timeout = kDefaultTaskTimeout,
                   std::optional<std::string> channel = std::nullopt) {
    TaskCreate create;
    create.attributes = attributes;
    create.priority = priority;
    create.timeout = timeout;
    create.task_channel = std::move(channel);
    Result<TaskView> task = tasks_->CreateTask(kCaller, ws_, create);
    EXPECT_TRUE(task.ok()) << (task.ok() ? "" : task.error().message());
    return task.ok() ? task.value() : TaskView{};
  }

  TaskRecord Task(const std::string& sid) {
    Result<TaskView> task = tasks_->FetchTask(kCaller, ws_, sid);
    EXPECT_TRUE(task.ok());
    return task.ok() ? task->record : TaskRecord{};
  }

  std::vector<ReservationRecord> ReservationsOf(const std::string& task_sid) {
    Result<Page<ReservationView>> page =
        tasks_->ListTaskReservations(kCaller, ws_, task_sid, {}, PageRequest{});
    EXPECT_TRUE(page.ok());
    std::vector<ReservationRecord> records;
    if (page.ok()) {
      for (const ReservationView& view : page->items) {
        records.push_back(view.record);
      }
    }
    return records;
  }

  std::vector<ReservationRecord> WorkerReservations(const std::string& worker_sid,
                                                    std::optional<std::string> status = {}) {
    ReservationFilter filter;
    filter.reservation_status = std::move(status);
    Result<Page<ReservationView>> page =
        tasks_->ListWorkerReservations(kCaller, ws_, worker_sid, filter, PageRequest{});
    EXPECT_TRUE(page.ok());
    std::vector<ReservationRecord> records;
    if (page.ok()) {
      for (const ReservationView& view : page->items) {
        records.push_back(view.record);
      }
    }
    return records;
  }

  std::string ActivityOf(const std::string& worker_sid) {
    Result<WorkerView> worker = workers_->FetchWorker(kCaller, ws_, worker_sid);
    EXPECT_TRUE(worker.ok());
    return worker.ok() ? worker->record.activity_sid : "";
  }

  Result<ReservationView> Answer(const ReservationRecord& reservation, const std::string& status,
                                 std::optional<std::string> activity = std::nullopt) {
    ReservationUpdate update;
    update.reservation_status = status;
    update.worker_activity_sid = std::move(activity);
    return tasks_->UpdateReservation(kCaller, ws_, reservation.worker_sid, reservation.sid, update);
  }

  Result<TaskView> SetStatus(const std::string& task_sid, const std::string& status,
                             std::optional<std::string> reason = std::nullopt) {
    TaskUpdate update;
    update.assignment_status = status;
    update.reason = std::move(reason);
    return tasks_->UpdateTask(kCaller, ws_, task_sid, update);
  }

  void Tick(TimeMs ms) {
    clock_.Advance(ms);
    tasks_->RunDueTimers();
  }

  std::vector<std::string> EventTypes() {
    std::vector<std::string> types;
    for (const EventRecord& event : AllEvents(ws_)) {
      types.push_back(event.event_type);
    }
    return types;
  }

  std::string ws_, available_, offline_, unavailable_, reserved_, busy_;
};

}  // namespace taskrouter::testing
