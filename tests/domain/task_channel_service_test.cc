#include "domain/task_channel_service.h"

#include "common/sid.h"
#include "domain/domain_fixture.h"

namespace taskrouter::testing {
namespace {

class TaskChannelServiceTest : public DomainTest {
 protected:
  void SetUp() override {
    DomainTest::SetUp();
    ws_ = NewWorkspace();
  }

  std::vector<TaskChannelRecord> Channels(const std::string& workspace) {
    PageRequest page;
    page.page_size = kMaxPageSize;
    Result<Page<TaskChannelRecord>> listed =
        task_channels_->ListTaskChannels(kCaller, workspace, page);
    EXPECT_TRUE(listed.ok());
    return listed.ok() ? listed->items : std::vector<TaskChannelRecord>{};
  }

  std::vector<std::string> UniqueNames(const std::string& workspace) {
    std::vector<std::string> names;
    for (const TaskChannelRecord& channel : Channels(workspace)) {
      names.push_back(channel.unique_name);
    }
    return names;
  }

  Result<TaskChannelRecord> Create(const std::string& unique_name,
                                   const std::string& friendly_name = "Outbound Voice") {
    return task_channels_->CreateTaskChannel(
        kCaller, ws_, {.unique_name = unique_name, .friendly_name = friendly_name});
  }

  std::vector<WorkerChannelView> WorkerChannels(const std::string& worker) {
    PageRequest page;
    page.page_size = kMaxPageSize;
    Result<Page<WorkerChannelView>> listed =
        task_channels_->ListWorkerChannels(kCaller, ws_, worker, page);
    EXPECT_TRUE(listed.ok()) << (listed.ok() ? "" : listed.error().message());
    return listed.ok() ? listed->items : std::vector<WorkerChannelView>{};
  }

  Result<WorkerChannelView> UpdateChannel(const std::string& worker, const std::string& key,
                                          std::optional<int64_t> capacity,
                                          std::optional<bool> available) {
    return task_channels_->UpdateWorkerChannel(kCaller, ws_, worker, key,
                                               {.capacity = capacity, .available = available});
  }

  std::vector<std::string> EventTypes() {
    std::vector<std::string> types;
    for (const EventRecord& event : AllEvents(ws_)) {
      types.push_back(event.event_type);
    }
    return types;
  }

  std::string ws_;
};

TEST_F(TaskChannelServiceTest, NewWorkspaceHasTheFiveDefaultTaskChannels) {
  std::vector<TaskChannelRecord> channels = Channels(ws_);
  const std::pair<const char*, const char*> kExpected[] = {{"default", "Default"},
                                                           {"voice", "Voice"},
                                                           {"chat", "Chat"},
                                                           {"sms", "SMS"},
                                                           {"video", "Video"}};
  ASSERT_EQ(channels.size(), 5u);
  for (size_t i = 0; i < channels.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(channels[i].unique_name, kExpected[i].first);
    EXPECT_EQ(channels[i].friendly_name, kExpected[i].second);
    EXPECT_TRUE(channels[i].channel_optimized_routing);
    EXPECT_EQ(channels[i].account_sid, kCaller.account_sid);
    EXPECT_EQ(channels[i].workspace_sid, ws_);
    EXPECT_EQ(channels[i].date_created, kStart);
    EXPECT_EQ(channels[i].date_updated, kStart);
    EXPECT_TRUE(IsSid(channels[i].sid, "TC")) << channels[i].sid;
  }
  // Like the default Activities, the default TaskChannels raise no events.
  EXPECT_EQ(EventTypes(), std::vector<std::string>{"workspace.created"});
}

TEST_F(TaskChannelServiceTest, NewWorkerHasOneDefaultWorkerChannelPerTaskChannel) {
  clock_.Advance(5 * kSecond);
  WorkerView alice = NewWorker(ws_, "Alice");
  std::vector<TaskChannelRecord> channels = Channels(ws_);
  std::vector<WorkerChannelView> views = WorkerChannels(alice.record.sid);
  ASSERT_EQ(views.size(), channels.size());
  for (size_t i = 0; i < views.size(); ++i) {
    SCOPED_TRACE(i);
    const WorkerChannelView& r = views[i];
    EXPECT_EQ(r.sid, WorkerChannelSid(alice.record.sid, channels[i].sid));
    EXPECT_TRUE(IsSid(r.sid, "WC")) << r.sid;
    EXPECT_EQ(r.account_sid, kCaller.account_sid);
    EXPECT_EQ(r.workspace_sid, ws_);
    EXPECT_EQ(r.worker_sid, alice.record.sid);
    EXPECT_EQ(r.task_channel_sid, channels[i].sid);
    EXPECT_EQ(views[i].task_channel_unique_name, channels[i].unique_name);
    EXPECT_EQ(r.configured_capacity, 1);
    EXPECT_TRUE(r.available);
    EXPECT_EQ(views[i].assigned_tasks, 0);
    EXPECT_EQ(views[i].available_capacity_percentage, 100);
    EXPECT_EQ(r.date_created, kStart + 5 * kSecond);
    EXPECT_EQ(r.date_updated, kStart + 5 * kSecond);
  }
  // Another Worker's channels have SIDs of their own.
  WorkerView bob = NewWorker(ws_, "Bob");
  EXPECT_NE(WorkerChannels(bob.record.sid)[0].sid, views[0].sid);
}

TEST_F(TaskChannelServiceTest, CreatingATaskChannelGivesEveryWorkerAChannelOnIt) {
  WorkerView alice = NewWorker(ws_, "Alice");
  WorkerView bob = NewWorker(ws_, "Bob");
  clock_.Advance(7 * kSecond);
  Result<TaskChannelRecord> created =
      task_channels_->CreateTaskChannel(kCaller, ws_,
                                        {.unique_name = "ovoice",
                                         .friendly_name = "Outbound Voice",
                                         .channel_optimized_routing = false});
  ASSERT_TRUE(created.ok()) << created.error().message();
  EXPECT_EQ(created->unique_name, "ovoice");
  EXPECT_EQ(created->friendly_name, "Outbound Voice");
  EXPECT_FALSE(created->channel_optimized_routing);
  EXPECT_EQ(created->date_created, kStart + 7 * kSecond);

  for (const WorkerView& worker : {alice, bob}) {
    std::vector<WorkerChannelView> views = WorkerChannels(worker.record.sid);
    ASSERT_EQ(views.size(), 6u);
    EXPECT_EQ(views.back().task_channel_unique_name, "ovoice");
    EXPECT_EQ(views.back().task_channel_sid, created->sid);
    EXPECT_EQ(views.back().configured_capacity, 1);
    EXPECT_TRUE(views.back().available);
    EXPECT_EQ(views.back().date_created, kStart + 7 * kSecond);
  }
  EXPECT_EQ(UniqueNames(ws_),
            (std::vector<std::string>{"default", "voice", "chat", "sms", "video", "ovoice"}));
  std::vector<EventRecord> events = AllEvents(ws_);
  ASSERT_EQ(events.back().event_type, "task-channel.created");
  EXPECT_EQ(events.back().resource_type, "taskchannel");
  EXPECT_EQ(events.back().resource_sid, created->sid);
  EXPECT_EQ(DataOf(events.back(), "task_channel_unique_name"), "ovoice");
  EXPECT_EQ(DataOf(events.back(), "task_channel_name"), "Outbound Voice");
  EXPECT_EQ(DataOf(events.back(), "task_channel_optimized_routing"), "false");
}

TEST_F(TaskChannelServiceTest, UniqueNameMustBeAnIdentifierNotTakenInTheWorkspace) {
  struct Case {
    std::string unique_name;
    std::string fragment;
  };
  const Case kCases[] = {
      {"", "UniqueName of a TaskChannel cannot be empty"},
      {"my-chan", "UniqueName 'my-chan' must start with a letter or '_'"},
      {"1chat", "must start with a letter or '_'"},
      {"web chat", "hold only letters, digits and '_'"},
      {"chat.web", "worker.channel.<UniqueName>.assigned_tasks"},
      {std::string(65, 'a'), "65 characters long; at most 64"},
      {"TC0123456789abcdef0123456789abcdef", "has the form of a SID"},
      {"chat", "TaskChannel with UniqueName chat already exists for workspace " + ws_ +
                   " for account " + kCaller.account_sid},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.unique_name);
    Result<TaskChannelRecord> created = Create(c.unique_name);
    ASSERT_FALSE(created.ok());
    ExpectError(created.error(), 400, 20001, c.fragment);
  }
  EXPECT_EQ(Channels(ws_).size(), 5u);

  // Unique names compare exactly: "Chat" is another channel than "chat".
  for (const std::string& name :
       std::vector<std::string>{"Chat", "_chat2", "ovoice", std::string(64, 'z')}) {
    EXPECT_TRUE(Create(name).ok()) << name;
  }
}

TEST_F(TaskChannelServiceTest, FriendlyNameIsRequiredAndAtMost64Characters) {
  ExpectError(Create("ovoice", "").error(), 400, 20001,
              "FriendlyName of a TaskChannel cannot be empty");
  ExpectError(Create("ovoice", std::string(65, 'x')).error(), 400, 20001, "65 characters long");
  ASSERT_TRUE(Create("ovoice", "Outbound-Voice").ok());
  TaskChannelUpdate update;
  update.friendly_name = "";
  ExpectError(task_channels_->UpdateTaskChannel(kCaller, ws_, "ovoice", update).error(), 400, 20001,
              "cannot be empty");
  EXPECT_EQ(task_channels_->FetchTaskChannel(kCaller, ws_, "ovoice")->friendly_name,
            "Outbound-Voice");
}

TEST_F(TaskChannelServiceTest, AtMostFifteenTaskChannelsWithTheDefaultOnes) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(Create("extra" + std::to_string(i)).ok()) << i;
  }
  ExpectError(Create("extra10").error(), 400, 20001,
              "Workspace " + ws_ + " already has the maximum of 15 TaskChannels");
  ASSERT_TRUE(task_channels_->DeleteTaskChannel(kCaller, ws_, "extra0").ok());
  EXPECT_TRUE(Create("extra10").ok());
}

TEST_F(TaskChannelServiceTest, FetchAndUpdateTakeTheSidOrTheUniqueName) {
  TaskChannelRecord voice = task_channels_->FetchTaskChannel(kCaller, ws_, "voice").value();
  EXPECT_EQ(voice.friendly_name, "Voice");
  EXPECT_EQ(task_channels_->FetchTaskChannel(kCaller, ws_, voice.sid)->unique_name, "voice");

  clock_.Advance(3 * kSecond);
  TaskChannelUpdate update;
  update.friendly_name = "Inbound Voice";
  update.channel_optimized_routing = false;
  TaskChannelRecord updated =
      task_channels_->UpdateTaskChannel(kCaller, ws_, "voice", update).value();
  EXPECT_EQ(updated.sid, voice.sid);
  EXPECT_EQ(updated.unique_name, "voice");
  EXPECT_EQ(updated.friendly_name, "Inbound Voice");
  EXPECT_FALSE(updated.channel_optimized_routing);
  EXPECT_EQ(updated.date_created, kStart);
  EXPECT_EQ(updated.date_updated, kStart + 3 * kSecond);

  // An update without parameters changes only the date.
  updated = task_channels_->UpdateTaskChannel(kCaller, ws_, voice.sid, {}).value();
  EXPECT_EQ(updated.friendly_name, "Inbound Voice");
  EXPECT_FALSE(updated.channel_optimized_routing);
  EXPECT_EQ(EventTypes(), (std::vector<std::string>{"workspace.created", "task-channel.updated",
                                                    "task-channel.updated"}));

  Reopen();
  TaskChannelRecord reloaded = task_channels_->FetchTaskChannel(kCaller, ws_, "voice").value();
  EXPECT_EQ(reloaded.friendly_name, "Inbound Voice");
  EXPECT_FALSE(reloaded.channel_optimized_routing);
}

TEST_F(TaskChannelServiceTest, UnknownChannelsAndOtherAccountsAreNotFound) {
  std::string voice = task_channels_->FetchTaskChannel(kCaller, ws_, "voice")->sid;
  std::string other_ws = NewWorkspace("Other");
  for (const auto& [account, workspace, key] :
       {std::tuple(kCaller, ws_, std::string("fax")),
        std::tuple(kCaller, ws_, std::string("TC0123456789abcdef0123456789abcdef")),
        std::tuple(kCaller, other_ws, voice), std::tuple(kOtherCaller, ws_, voice)}) {
    SCOPED_TRACE(key);
    ExpectError(task_channels_->FetchTaskChannel(account, workspace, key).error(), 404, 20404, "");
    ExpectError(task_channels_->UpdateTaskChannel(account, workspace, key, {}).error(), 404, 20404,
                "");
    ExpectError(task_channels_->DeleteTaskChannel(account, workspace, key).error(), 404, 20404, "");
  }
  PageRequest page;
  ExpectError(task_channels_->ListTaskChannels(kOtherCaller, ws_, page).error(), 404, 20404, "");
}

TEST_F(TaskChannelServiceTest, DeletingATaskChannelDeletesEveryWorkersChannelOnIt) {
  WorkerView alice = NewWorker(ws_, "Alice");
  ASSERT_TRUE(UpdateChannel(alice.record.sid, "video", 4, false).ok());
  ASSERT_TRUE(task_channels_->DeleteTaskChannel(kCaller, ws_, "video").ok());

  EXPECT_EQ(UniqueNames(ws_), (std::vector<std::string>{"default", "voice", "chat", "sms"}));
  EXPECT_EQ(WorkerChannels(alice.record.sid).size(), 4u);
  ExpectError(task_channels_->FetchWorkerChannel(kCaller, ws_, alice.record.sid, "video").error(),
              404, 20404, "");
  EXPECT_EQ(EventTypes().back(), "task-channel.deleted");

  // A new channel of the same name starts from the default settings, after a restart too.
  ASSERT_TRUE(Create("video", "Video").ok());
  Reopen();
  WorkerChannelView video =
      task_channels_->FetchWorkerChannel(kCaller, ws_, alice.record.sid, "video").value();
  EXPECT_EQ(video.configured_capacity, 1);
  EXPECT_TRUE(video.available);
  EXPECT_EQ(WorkerChannels(alice.record.sid).size(), 5u);
}

TEST_F(TaskChannelServiceTest, TheDefaultTaskChannelCannotBeDeleted) {
  std::string sid = task_channels_->FetchTaskChannel(kCaller, ws_, "default")->sid;
  ExpectError(task_channels_->DeleteTaskChannel(kCaller, ws_, "default").error(), 400, 20001,
              "Cannot delete TaskChannel " + sid + " in workspace " + ws_ + " for account " +
                  kCaller.account_sid + " because it is the default TaskChannel");
  EXPECT_EQ(Channels(ws_).size(), 5u);
  EXPECT_TRUE(task_channels_->DeleteTaskChannel(kCaller, ws_, "voice").ok());
}

TEST_F(TaskChannelServiceTest, WorkerChannelUpdateChangesCapacityAndAvailability) {
  WorkerView alice = NewWorker(ws_, "Alice");
  clock_.Advance(9 * kSecond);
  WorkerChannelView chat = UpdateChannel(alice.record.sid, "chat", 3, std::nullopt).value();
  EXPECT_EQ(chat.configured_capacity, 3);
  EXPECT_TRUE(chat.available);
  EXPECT_EQ(chat.available_capacity_percentage, 100);
  EXPECT_EQ(chat.date_created, kStart);
  EXPECT_EQ(chat.date_updated, kStart + 9 * kSecond);

  chat = UpdateChannel(alice.record.sid, chat.sid, std::nullopt, false).value();
  EXPECT_EQ(chat.configured_capacity, 3);
  EXPECT_FALSE(chat.available);
  EXPECT_EQ(chat.available_capacity_percentage, 0);

  WorkerChannelView voice = UpdateChannel(alice.record.sid, "voice", 0, true).value();
  EXPECT_EQ(voice.configured_capacity, 0);
  EXPECT_EQ(voice.available_capacity_percentage, 0);

  // The other channels keep their defaults, and the settings survive a restart.
  Reopen();
  std::vector<WorkerChannelView> views = WorkerChannels(alice.record.sid);
  ASSERT_EQ(views.size(), 5u);
  EXPECT_EQ(views[0].configured_capacity, 1);
  EXPECT_EQ(views[0].date_updated, kStart);
  EXPECT_EQ(views[1].configured_capacity, 0);
  EXPECT_EQ(views[2].sid, chat.sid);
  EXPECT_EQ(views[2].configured_capacity, 3);
  EXPECT_FALSE(views[2].available);
  EXPECT_EQ(views[2].date_updated, kStart + 9 * kSecond);
}

TEST_F(TaskChannelServiceTest, WorkerChannelChangesRaiseTheirEvents) {
  WorkerView alice = NewWorker(ws_, "Alice");
  ASSERT_TRUE(UpdateChannel(alice.record.sid, "chat", 3, false).ok());
  // Settings that do not change raise nothing.
  ASSERT_TRUE(UpdateChannel(alice.record.sid, "chat", 3, false).ok());

  std::vector<EventRecord> events = AllEvents(ws_);
  ASSERT_EQ(events.size(), 4u);
  const EventRecord& capacity = events[2];
  EXPECT_EQ(capacity.event_type, "worker.capacity.update");
  EXPECT_EQ(capacity.resource_type, "worker");
  EXPECT_EQ(capacity.resource_sid, alice.record.sid);
  EXPECT_EQ(capacity.description, "Worker Alice capacity on channel chat updated to 3");
  EXPECT_EQ(DataOf(capacity, "worker_sid"), alice.record.sid);
  EXPECT_EQ(DataOf(capacity, "worker_channel_previous_capacity"), "1");
  EXPECT_EQ(DataOf(capacity, "worker_channel_available"), "false");
  EXPECT_EQ(DataOf(capacity, "worker_channel_available_capacity"), "0");
  EXPECT_EQ(DataOf(capacity, "worker_channel_task_count"), "0");
  EXPECT_EQ(DataOf(capacity, "task_channel_unique_name"), "chat");
  EXPECT_EQ(DataOf(capacity, "task_channel_sid"),
            task_channels_->FetchTaskChannel(kCaller, ws_, "chat")->sid);
  EXPECT_EQ(events[3].event_type, "worker.channel.availability.update");
  EXPECT_EQ(events[3].description, "Worker Alice channel chat availability updated to false");
}

TEST_F(TaskChannelServiceTest, CapacityOutsideZeroToFiftyIsRefused) {
  WorkerView alice = NewWorker(ws_, "Alice");
  for (int64_t capacity : {-1, 51, 70000}) {
    SCOPED_TRACE(capacity);
    ExpectError(UpdateChannel(alice.record.sid, "chat", capacity, false).error(), 400, 20001,
                "Capacity must be between 0 and 50, not " + std::to_string(capacity));
  }
  WorkerChannelView chat =
      task_channels_->FetchWorkerChannel(kCaller, ws_, alice.record.sid, "chat").value();
  EXPECT_EQ(chat.configured_capacity, 1);
  EXPECT_TRUE(chat.available);
  EXPECT_EQ(UpdateChannel(alice.record.sid, "chat", 50, std::nullopt)->configured_capacity, 50);
}

TEST_F(TaskChannelServiceTest, WorkerChannelIsFoundBySidOrByItsTaskChannel) {
  WorkerView alice = NewWorker(ws_, "Alice");
  WorkerView bob = NewWorker(ws_, "Bob");
  TaskChannelRecord sms = task_channels_->FetchTaskChannel(kCaller, ws_, "sms").value();
  std::string wc = WorkerChannelSid(alice.record.sid, sms.sid);
  for (const std::string& key : {wc, sms.sid, std::string("sms")}) {
    SCOPED_TRACE(key);
    Result<WorkerChannelView> found =
        task_channels_->FetchWorkerChannel(kCaller, ws_, alice.record.sid, key);
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->sid, wc);
    EXPECT_EQ(found->task_channel_unique_name, "sms");
  }
  // Alice's WorkerChannel is not Bob's; unknown Workers and channels are not found.
  for (const auto& [worker, key] :
       {std::pair(bob.record.sid, wc), std::pair(alice.record.sid, std::string("fax")),
        std::pair(std::string("WK0123456789abcdef0123456789abcdef"), std::string("sms"))}) {
    SCOPED_TRACE(key);
    ExpectError(task_channels_->FetchWorkerChannel(kCaller, ws_, worker, key).error(), 404, 20404,
                "");
    ExpectError(UpdateChannel(worker, key, 2, std::nullopt).error(), 404, 20404, "");
  }
  PageRequest page;
  ExpectError(task_channels_->ListWorkerChannels(kOtherCaller, ws_, alice.record.sid, page).error(),
              404, 20404, "");
}

TEST_F(TaskChannelServiceTest, DeletingAWorkerDeletesItsChannels) {
  WorkerView alice = NewWorker(ws_, "Alice");
  ASSERT_TRUE(UpdateChannel(alice.record.sid, "chat", 5, std::nullopt).ok());
  ASSERT_TRUE(workers_->DeleteWorker(kCaller, ws_, alice.record.sid, std::nullopt).ok());
  EXPECT_TRUE(registry_->Find(kCaller.account_sid, ws_)->worker_channels.empty());
  Reopen();
  EXPECT_TRUE(registry_->Find(kCaller.account_sid, ws_)->worker_channels.empty());
  EXPECT_TRUE(sqlite_->Load()->worker_channels.empty());
}

// In a single-tasking Workspace routing reserves one Task at a time, whatever the capacity;
// the capacity is still kept, and applies once the Workspace is multi-tasking.
TEST_F(TaskChannelServiceTest, SingleTaskingWorkspaceKeepsTheCapacity) {
  WorkspaceUpdate single;
  single.multi_task_enabled = false;
  ASSERT_TRUE(workspaces_->UpdateWorkspace(kCaller, ws_, single).ok());
  WorkerView alice = NewWorker(ws_, "Alice");
  WorkerChannelView chat = UpdateChannel(alice.record.sid, "chat", 4, std::nullopt).value();
  EXPECT_EQ(chat.configured_capacity, 4);
  EXPECT_EQ(task_channels_->FetchWorkerChannel(kCaller, ws_, alice.record.sid, "chat")
                ->configured_capacity,
            4);
}

TEST_F(TaskChannelServiceTest, StoreFailureChangesNothing) {
  WorkerView alice = NewWorker(ws_, "Alice");
  faulty_->set_fail_commits(true);
  ExpectError(Create("ovoice").error(), 500, 20500, "injected failure");
  ExpectError(UpdateChannel(alice.record.sid, "chat", 5, false).error(), 500, 20500,
              "injected failure");
  ExpectError(task_channels_
                  ->UpdateTaskChannel(
                      kCaller, ws_, "voice",
                      {.friendly_name = std::string("Calls"), .channel_optimized_routing = false})
                  .error(),
              500, 20500, "injected failure");
  ExpectError(task_channels_->DeleteTaskChannel(kCaller, ws_, "voice").error(), 500, 20500,
              "injected failure");
  faulty_->set_fail_commits(false);

  EXPECT_EQ(UniqueNames(ws_),
            (std::vector<std::string>{"default", "voice", "chat", "sms", "video"}));
  EXPECT_EQ(task_channels_->FetchTaskChannel(kCaller, ws_, "voice")->friendly_name, "Voice");
  WorkerChannelView chat =
      task_channels_->FetchWorkerChannel(kCaller, ws_, alice.record.sid, "chat").value();
  EXPECT_EQ(chat.configured_capacity, 1);
  EXPECT_TRUE(chat.available);
  EXPECT_EQ(WorkerChannels(alice.record.sid).size(), 5u);
}

TEST_F(TaskChannelServiceTest, ListsPageInCreationOrder) {
  WorkerView alice = NewWorker(ws_, "Alice");
  PageRequest page;
  page.page_size = 2;
  Page<TaskChannelRecord> first = task_channels_->ListTaskChannels(kCaller, ws_, page).value();
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[1].unique_name, "voice");
  EXPECT_TRUE(first.has_next);

  page.from = PageRequest::From::kAfter;
  page.cursor = first.last;
  Page<WorkerChannelView> channels =
      task_channels_->ListWorkerChannels(kCaller, ws_, alice.record.sid, page).value();
  ASSERT_EQ(channels.items.size(), 2u);
  EXPECT_EQ(channels.items[0].task_channel_unique_name, "chat");
  EXPECT_EQ(channels.items[1].task_channel_unique_name, "sms");
  EXPECT_TRUE(channels.has_previous);
  EXPECT_TRUE(channels.has_next);
}

// What the routing engine will feed in: pending and accepted Tasks on the channel.
TEST(WorkerChannelTest, AvailableCapacityFollowsActiveTasks) {
  struct Case {
    uint16_t capacity;
    bool available;
    uint16_t reserved;
    uint16_t assigned;
    int percentage;
    bool has_capacity;
  };
  const Case kCases[] = {
      {1, true, 0, 0, 100, true}, {1, true, 1, 0, 0, false}, {1, false, 0, 0, 0, false},
      {0, true, 0, 0, 0, false},  {3, true, 1, 0, 66, true}, {3, true, 1, 1, 33, true},
      {3, true, 0, 3, 0, false},  {2, true, 2, 1, 0, false}, {50, true, 1, 0, 98, true},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(::testing::Message()
                 << c.capacity << " " << c.available << " " << c.reserved << " " << c.assigned);
    WorkerChannel channel;
    channel.configured_capacity = c.capacity;
    channel.available = c.available;
    channel.reserved_tasks = c.reserved;
    channel.assigned_tasks = c.assigned;
    EXPECT_EQ(AvailableCapacityPercentage(channel), c.percentage);
    EXPECT_EQ(channel.HasCapacity(), c.has_capacity);
  }
  EXPECT_EQ(sizeof(WorkerChannel), 24u);
}

}  // namespace
}  // namespace taskrouter::testing
