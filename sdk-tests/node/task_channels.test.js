'use strict';
// TaskChannels and Worker channels through the official `twilio` Node library: the calls of
// Twilio's TaskChannel page (create, fetch by SID and by unique name, list, update, remove) with
// every field checked, the five default TaskChannels of a new Workspace, the WorkerChannel every
// Worker has on every TaskChannel, capacity and availability updates, and the errors.
//
// Locally the server runs on a clock file, so every date is checked to the second; through Prism
// (external mode) the real clock runs and the requests Prism itself refuses are skipped.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

const SID_TC = /^TC[0-9a-f]{32}$/;
const SID_WC = /^WC[0-9a-f]{32}$/;
const PRISM_REFUSES = h.EXTERNAL && 'Prism refuses a non-integer Capacity before the server sees it';
const DEFAULTS = [
  ['default', 'Default'], ['voice', 'Voice'], ['chat', 'Chat'], ['sms', 'SMS'], ['video', 'Video'],
];
const TASK_CHANNEL_KEYS = [
  'account_sid', 'channel_optimized_routing', 'date_created', 'date_updated', 'friendly_name', 'links', 'sid',
  'unique_name', 'url', 'workspace_sid',
];
const WORKER_CHANNEL_KEYS = [
  'account_sid', 'assigned_tasks', 'available', 'available_capacity_percentage', 'configured_capacity',
  'date_created', 'date_updated', 'sid', 'task_channel_sid', 'task_channel_unique_name', 'url', 'worker_sid',
  'workspace_sid',
];

describe('TaskChannel and WorkerChannel resources', () => {
  const srv = h.lifecycle({ clock: true });
  const { cleanup, tick, timed } = srv;

  async function createWorkspace(base) {
    const { result: ws, when } = await timed(() => srv.client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName(base) }));
    cleanup.push(ws.sid);
    return { ws, when };
  }

  const wsUrl = (wsSid) => `${srv.env.baseUrl}/v1/Workspaces/${wsSid}`;

  // Checks every field of a TaskChannel; `e`: {wsSid, sid?, uniqueName, friendlyName, optimized,
  // created, updated} with the dates as [before, after] server times.
  function assertTaskChannel(c, e) {
    assert.equal(c.accountSid, srv.env.accountSid, 'accountSid');
    h.assertServerDate(srv.env, c.dateCreated, ...e.created, 'dateCreated');
    h.assertServerDate(srv.env, c.dateUpdated, ...e.updated, 'dateUpdated');
    assert.equal(c.friendlyName, e.friendlyName, 'friendlyName');
    assert.match(c.sid, SID_TC);
    if (e.sid) assert.equal(c.sid, e.sid, 'sid');
    assert.equal(c.uniqueName, e.uniqueName, 'uniqueName');
    assert.equal(c.workspaceSid, e.wsSid, 'workspaceSid');
    assert.equal(c.channelOptimizedRouting, e.optimized, 'channelOptimizedRouting');
    assert.equal(c.url, `${wsUrl(e.wsSid)}/TaskChannels/${c.sid}`, 'url');
    assert.deepEqual(c.links, { workspace: wsUrl(e.wsSid) }, 'links');
  }

  // Checks every field of a WorkerChannel; `e`: {wsSid, workerSid, taskChannel, capacity,
  // available, percentage, created, updated}.
  function assertWorkerChannel(c, e) {
    assert.equal(c.accountSid, srv.env.accountSid, 'accountSid');
    assert.equal(c.assignedTasks, 0, 'assignedTasks');
    assert.equal(c.available, e.available, 'available');
    assert.equal(c.availableCapacityPercentage, e.percentage, 'availableCapacityPercentage');
    assert.equal(c.configuredCapacity, e.capacity, 'configuredCapacity');
    h.assertServerDate(srv.env, c.dateCreated, ...e.created, 'dateCreated');
    h.assertServerDate(srv.env, c.dateUpdated, ...e.updated, 'dateUpdated');
    assert.match(c.sid, SID_WC);
    assert.equal(c.taskChannelSid, e.taskChannel.sid, 'taskChannelSid');
    assert.equal(c.taskChannelUniqueName, e.taskChannel.uniqueName, 'taskChannelUniqueName');
    assert.equal(c.workerSid, e.workerSid, 'workerSid');
    assert.equal(c.workspaceSid, e.wsSid, 'workspaceSid');
    assert.equal(c.url, `${wsUrl(e.wsSid)}/Workers/${e.workerSid}/Channels/${c.sid}`, 'url');
  }

  describe('a new Workspace and the five calls of the TaskChannel page', () => {
    let ws;
    let wsWhen;
    let created;
    let createdWhen;
    const taskChannels = () => srv.client.taskrouter.v1.workspaces(ws.sid).taskChannels;

    before(async () => {
      ({ ws, when: wsWhen } = await createWorkspace('task-channels'));
      tick(60000);
    });

    it('lists the five default TaskChannels, in order, with the paging envelope', async () => {
      const list = await taskChannels().list();
      assert.deepEqual(list.map((c) => [c.uniqueName, c.friendlyName]), DEFAULTS);
      for (const c of list) {
        assertTaskChannel(c, {
          wsSid: ws.sid, uniqueName: c.uniqueName, friendlyName: c.friendlyName, optimized: true,
          created: wsWhen, updated: wsWhen,
        });
      }
      const x = srv.env.lastExchange();
      assert.equal(x.statusCode, 200);
      const raw = h.jsonBody(x);
      assert.deepEqual(Object.keys(raw.channels[0]).sort(), TASK_CHANNEL_KEYS);
      assert.equal(raw.meta.key, 'channels');
      assert.equal(raw.meta.page, 0);
      assert.equal(raw.meta.next_page_url, null);
      assert.equal(raw.meta.previous_page_url, null);
      assert.equal(ws.links.task_channels, `${wsUrl(ws.sid)}/TaskChannels`);
    });

    it('create Outbound Voice (ovoice)', async () => {
      ({ result: created, when: createdWhen } = await timed(() => taskChannels().create({
        friendlyName: 'Outbound Voice', uniqueName: 'ovoice',
      })));
      assertTaskChannel(created, {
        wsSid: ws.sid, uniqueName: 'ovoice', friendlyName: 'Outbound Voice', optimized: true,
        created: createdWhen, updated: createdWhen,
      });
      const x = srv.env.lastExchange();
      assert.equal(x.statusCode, 201, 'create answers 201');
      assert.deepEqual(Object.keys(h.jsonBody(x)).sort(), TASK_CHANNEL_KEYS);
    });

    it('fetch it by SID and by unique name', async () => {
      for (const key of [created.sid, 'ovoice']) {
        const c = await taskChannels()(key).fetch();
        assertTaskChannel(c, {
          wsSid: ws.sid, sid: created.sid, uniqueName: 'ovoice', friendlyName: 'Outbound Voice', optimized: true,
          created: createdWhen, updated: createdWhen,
        });
      }
    });

    it('update its friendlyName and channelOptimizedRouting', async () => {
      tick(5000);
      const { result: c, when } = await timed(() => taskChannels()('ovoice').update({
        friendlyName: 'Calls Out', channelOptimizedRouting: false,
      }));
      assertTaskChannel(c, {
        wsSid: ws.sid, sid: created.sid, uniqueName: 'ovoice', friendlyName: 'Calls Out', optimized: false,
        created: createdWhen, updated: when,
      });
      const again = await taskChannels()(created.sid).fetch();
      assert.equal(again.friendlyName, 'Calls Out', 'the update is stored');
      assert.equal(again.channelOptimizedRouting, false);
    });

    it('remove it', async () => {
      assert.equal(await taskChannels()(created.sid).remove(), true);
      assert.equal(srv.env.lastExchange().statusCode, 204);
      await h.expectRestError(taskChannels()(created.sid).fetch(), 404, 20404);
      assert.deepEqual((await taskChannels().list()).map((c) => c.uniqueName), DEFAULTS.map(([u]) => u));
    });

    it('refuses a duplicate or hyphenated unique name, and deleting the default channel', async () => {
      let err = await h.expectRestError(taskChannels().create({ friendlyName: 'Voice', uniqueName: 'voice' }), 400, 20001);
      assert.match(err.message, new RegExp(`TaskChannel with UniqueName voice already exists for workspace ${ws.sid}`));
      err = await h.expectRestError(taskChannels().create({ friendlyName: 'Web', uniqueName: 'web-chat' }), 400, 20001);
      assert.match(err.message, /UniqueName 'web-chat' must start with a letter or '_'/);
      err = await h.expectRestError(taskChannels()('default').remove(), 400, 20001);
      assert.match(err.message, /because it is the default TaskChannel/);
      await h.expectRestError(taskChannels()('fax').fetch(), 404, 20404);
      assert.equal((await taskChannels().list()).length, 5, 'nothing was created or deleted');
    });
  });

  describe('Worker channels', () => {
    let ws;
    let worker;
    let workerWhen;
    let channels;
    const workerChannels = () => srv.client.taskrouter.v1.workspaces(ws.sid).workers(worker.sid).workerChannels;

    before(async () => {
      ({ ws } = await createWorkspace('worker-channels'));
      channels = Object.fromEntries(
        (await srv.client.taskrouter.v1.workspaces(ws.sid).taskChannels.list()).map((c) => [c.uniqueName, c]));
      tick(30000);
      ({ result: worker, when: workerWhen } = await timed(() => srv.client.taskrouter.v1.workspaces(ws.sid).workers.create({
        friendlyName: h.uniqueName('Alice'),
      })));
      tick(30000);
    });

    it('a new Worker has one WorkerChannel per TaskChannel: capacity 1, available, 100%', async () => {
      const list = await workerChannels().list();
      assert.deepEqual(list.map((c) => c.taskChannelUniqueName), DEFAULTS.map(([u]) => u));
      for (const c of list) {
        assertWorkerChannel(c, {
          wsSid: ws.sid, workerSid: worker.sid, taskChannel: channels[c.taskChannelUniqueName], capacity: 1,
          available: true, percentage: 100, created: workerWhen, updated: workerWhen,
        });
      }
      assert.equal(new Set(list.map((c) => c.sid)).size, 5, 'each WorkerChannel has a SID of its own');
      const raw = h.jsonBody(srv.env.lastExchange());
      assert.deepEqual(Object.keys(raw.channels[0]).sort(), WORKER_CHANNEL_KEYS);
      assert.equal(raw.meta.key, 'channels');
      assert.equal(worker.links.channels, `${wsUrl(ws.sid)}/Workers/${worker.sid}/Channels`);
    });

    it('update capacity and availability, as the WorkerChannel page shows', async () => {
      const chat = (await workerChannels().list()).find((c) => c.taskChannelUniqueName === 'chat');
      const { result: raised, when } = await timed(() => workerChannels()(chat.sid).update({ capacity: 3 }));
      assertWorkerChannel(raised, {
        wsSid: ws.sid, workerSid: worker.sid, taskChannel: channels.chat, capacity: 3, available: true,
        percentage: 100, created: workerWhen, updated: when,
      });
      assert.equal(raised.sid, chat.sid);

      tick(1000);
      const { result: off, when: offWhen } = await timed(() => workerChannels()(chat.sid).update({ available: false }));
      assertWorkerChannel(off, {
        wsSid: ws.sid, workerSid: worker.sid, taskChannel: channels.chat, capacity: 3, available: false,
        percentage: 0, created: workerWhen, updated: offWhen,
      });

      const fetched = await workerChannels()(chat.sid).fetch();
      assertWorkerChannel(fetched, {
        wsSid: ws.sid, workerSid: worker.sid, taskChannel: channels.chat, capacity: 3, available: false,
        percentage: 0, created: workerWhen, updated: offWhen,
      });
      // The TaskChannel's unique name names the same WorkerChannel.
      assert.equal((await workerChannels()('chat').fetch()).sid, chat.sid);

      const events = await srv.client.taskrouter.v1.workspaces(ws.sid).events.list({ workerSid: worker.sid });
      assert.deepEqual(events.map((e) => e.eventType),
        ['worker.created', 'worker.capacity.update', 'worker.channel.availability.update']);
      assert.equal(events[1].eventData.worker_channel_previous_capacity, '1');
      assert.equal(events[1].eventData.task_channel_unique_name, 'chat');
    });

    it('a TaskChannel created later gives the Worker a channel on it', async () => {
      tick(1000);
      const { result: email, when } = await timed(() => srv.client.taskrouter.v1.workspaces(ws.sid).taskChannels.create({
        friendlyName: 'Email', uniqueName: 'email', channelOptimizedRouting: false,
      }));
      assert.equal(email.channelOptimizedRouting, false);
      const c = await workerChannels()('email').fetch();
      assertWorkerChannel(c, {
        wsSid: ws.sid, workerSid: worker.sid, taskChannel: email, capacity: 1, available: true, percentage: 100,
        created: when, updated: when,
      });
      assert.equal((await workerChannels().list()).length, 6);
    });

    it('refuses a capacity outside 0..50 and unknown channels', async () => {
      let err = await h.expectRestError(workerChannels()('voice').update({ capacity: 51 }), 400, 20001);
      assert.match(err.message, /Capacity must be between 0 and 50, not 51/);
      err = await h.expectRestError(workerChannels()('voice').update({ capacity: -1 }), 400, 20001);
      assert.match(err.message, /not -1/);
      await h.expectRestError(workerChannels()('fax').fetch(), 404, 20404);
      await h.expectRestError(workerChannels()('WC0123456789abcdef0123456789abcdef').update({ capacity: 2 }), 404, 20404);
      const voice = await workerChannels()('voice').fetch();
      assert.equal(voice.configuredCapacity, 1, 'the refused updates changed nothing');
    });

    it('refuses a Capacity that is not an integer', { skip: PRISM_REFUSES }, async () => {
      const err = await h.expectRestError(workerChannels()('voice').update({ capacity: 'two' }), 400, 20001);
      assert.match(err.message, /Capacity must be an integer, not 'two'/);
    });

    it('capacity 0 leaves no capacity', async () => {
      const c = await workerChannels()('sms').update({ capacity: 0 });
      assert.equal(c.configuredCapacity, 0);
      assert.equal(c.available, true);
      assert.equal(c.availableCapacityPercentage, 0);
    });

    it('removing a TaskChannel removes the Worker channel on it', async () => {
      await srv.client.taskrouter.v1.workspaces(ws.sid).taskChannels('video').remove();
      assert.deepEqual((await workerChannels().list()).map((c) => c.taskChannelUniqueName),
        ['default', 'voice', 'chat', 'sms', 'email']);
      await h.expectRestError(workerChannels()('video').fetch(), 404, 20404);
    });
  });
});
