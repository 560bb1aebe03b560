'use strict';
// Workspaces through the official `twilio` Node library: create, fetch, list, update, remove,
// with every field of the resource checked.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

const SID_WS = /^WS[0-9a-f]{32}$/;
const SID_WA = /^WA[0-9a-f]{32}$/;
const LINK_PATHS = {
  activities: 'Activities',
  statistics: 'Statistics',
  real_time_statistics: 'RealTimeStatistics',
  cumulative_statistics: 'CumulativeStatistics',
  task_queues: 'TaskQueues',
  tasks: 'Tasks',
  workers: 'Workers',
  workflows: 'Workflows',
  task_channels: 'TaskChannels',
  events: 'Events',
};

describe('Workspace resource', () => {
  const srv = h.lifecycle();
  const { cleanup } = srv;

  const wsUrl = (sid) => `${srv.env.baseUrl}/v1/Workspaces/${sid}`;

  async function createWorkspace(params) {
    const ws = await srv.client.taskrouter.v1.workspaces.create(params);
    cleanup.push(ws.sid);
    return ws;
  }

  // The Activities of a Workspace by name.
  async function activitiesByName(wsSid) {
    const list = await srv.client.taskrouter.v1.workspaces(wsSid).activities.list();
    return Object.fromEntries(list.map((a) => [a.friendlyName, a]));
  }

  // Checks every field of a Workspace against known values.
  function assertWorkspace(w, expected) {
    assert.equal(w.accountSid, srv.env.accountSid, 'accountSid');
    h.assertRecentDate(w.dateCreated, expected.before, expected.after, 'dateCreated');
    assert.ok(w.dateUpdated instanceof Date && w.dateUpdated.getTime() >= w.dateCreated.getTime(), 'dateUpdated');
    assert.equal(w.defaultActivityName, expected.defaultActivityName, 'defaultActivityName');
    assert.equal(w.defaultActivitySid, expected.defaultActivitySid, 'defaultActivitySid');
    if (expected.eventCallbackUrl === null) {
      assert.ok(w.eventCallbackUrl === null || w.eventCallbackUrl === '', `eventCallbackUrl unset, got ${w.eventCallbackUrl}`);
    } else {
      assert.equal(w.eventCallbackUrl, expected.eventCallbackUrl, 'eventCallbackUrl');
    }
    assert.equal(w.eventsFilter, expected.eventsFilter, 'eventsFilter');
    assert.equal(w.friendlyName, expected.friendlyName, 'friendlyName');
    assert.equal(w.multiTaskEnabled, expected.multiTaskEnabled, 'multiTaskEnabled');
    assert.match(w.sid, SID_WS);
    if (expected.sid) assert.equal(w.sid, expected.sid, 'sid');
    assert.equal(w.timeoutActivityName, expected.timeoutActivityName, 'timeoutActivityName');
    assert.equal(w.timeoutActivitySid, expected.timeoutActivitySid, 'timeoutActivitySid');
    assert.equal(w.prioritizeQueueOrder, expected.prioritizeQueueOrder, 'prioritizeQueueOrder');
    assert.equal(w.url, wsUrl(w.sid), 'url');
    const links = Object.fromEntries(Object.entries(LINK_PATHS).map(([k, p]) => [k, `${wsUrl(w.sid)}/${p}`]));
    assert.deepEqual(w.links, links, 'links');
  }

  describe('create, fetch, list, update, remove', () => {
    const name = h.uniqueName('Customer Support');
    let ws;
    let acts;
    let t0;
    let t1;
    let expected;

    it('create with FriendlyName only: defaults', async () => {
      t0 = Date.now();
      ws = await createWorkspace({ friendlyName: name });
      t1 = Date.now();
      const x = srv.env.lastExchange();
      assert.equal(x.statusCode, 201);
      assert.match(String(x.headers['content-type']), /^application\/json/);
      const raw = h.jsonBody(x);
      assert.match(raw.date_created, h.ISO_SECONDS);
      assert.match(raw.date_updated, h.ISO_SECONDS);
      assert.deepEqual(Object.keys(raw).sort(), [
        'account_sid', 'date_created', 'date_updated', 'default_activity_name', 'default_activity_sid',
        'event_callback_url', 'events_filter', 'friendly_name', 'links', 'multi_task_enabled',
        'prioritize_queue_order', 'sid', 'timeout_activity_name', 'timeout_activity_sid', 'url',
      ]);

      acts = await activitiesByName(ws.sid);
      assert.match(acts.Offline.sid, SID_WA);
      expected = {
        before: t0,
        after: t1,
        sid: ws.sid,
        friendlyName: name,
        defaultActivityName: 'Offline',
        defaultActivitySid: acts.Offline.sid,
        timeoutActivityName: 'Offline',
        timeoutActivitySid: acts.Offline.sid,
        eventCallbackUrl: null,
        eventsFilter: null,
        multiTaskEnabled: true,
        prioritizeQueueOrder: 'FIFO',
      };
      assertWorkspace(ws, expected);
      assert.equal(ws.dateUpdated.getTime(), ws.dateCreated.getTime());
    });

    it('the new Workspace has Offline, Unavailable, Available in that order', async () => {
      const list = await srv.client.taskrouter.v1.workspaces(ws.sid).activities.list();
      assert.deepEqual(list.map((a) => [a.friendlyName, a.available]), [
        ['Offline', false],
        ['Unavailable', false],
        ['Available', true],
      ]);
      for (const a of list) {
        assert.equal(a.workspaceSid, ws.sid);
        assert.equal(a.accountSid, srv.env.accountSid);
        h.assertRecentDate(a.dateCreated, t0, t1, `${a.friendlyName}.dateCreated`);
      }
    });

    it('fetch', async () => {
      const w = await srv.client.taskrouter.v1.workspaces(ws.sid).fetch();
      assert.equal(srv.env.lastExchange().statusCode, 200);
      assertWorkspace(w, expected);
    });

    it('list, with and without the FriendlyName filter', async () => {
      const filtered = await srv.client.taskrouter.v1.workspaces.list({ friendlyName: name });
      assert.equal(filtered.length, 1);
      assertWorkspace(filtered[0], expected);
      const meta = h.jsonBody(srv.env.lastExchange()).meta;
      assert.equal(meta.key, 'workspaces');
      assert.equal(meta.page, 0);
      assert.equal(meta.page_size, 50, 'default PageSize is 50');
      assert.equal(meta.next_page_url, null);
      assert.ok(meta.url.startsWith(`${srv.env.baseUrl}/v1/Workspaces?`), meta.url);
      assert.ok(meta.first_page_url.startsWith(`${srv.env.baseUrl}/v1/Workspaces?`), meta.first_page_url);

      const all = await srv.client.taskrouter.v1.workspaces.list();
      const mine = all.filter((w) => w.sid === ws.sid);
      assert.equal(mine.length, 1);
      assertWorkspace(mine[0], expected);
      assert.deepEqual(await srv.client.taskrouter.v1.workspaces.list({ friendlyName: name + '-nope' }), []);
    });

    it('update every updatable field', async () => {
      const u0 = Date.now();
      const w = await srv.client.taskrouter.v1.workspaces(ws.sid).update({
        friendlyName: name + ' renamed',
        defaultActivitySid: acts.Available.sid,
        timeoutActivitySid: acts.Unavailable.sid,
        eventCallbackUrl: 'https://example.com/taskrouter-events',
        eventsFilter: 'task.created,task.canceled,worker.activity.update',
        prioritizeQueueOrder: 'LIFO',
      });
      const u1 = Date.now();
      assert.equal(srv.env.lastExchange().statusCode, 200);
      expected = {
        ...expected,
        friendlyName: name + ' renamed',
        defaultActivityName: 'Available',
        defaultActivitySid: acts.Available.sid,
        timeoutActivityName: 'Unavailable',
        timeoutActivitySid: acts.Unavailable.sid,
        eventCallbackUrl: 'https://example.com/taskrouter-events',
        eventsFilter: 'task.created,task.canceled,worker.activity.update',
        prioritizeQueueOrder: 'LIFO',
      };
      assertWorkspace(w, expected);
      h.assertRecentDate(w.dateUpdated, u0, u1, 'dateUpdated');
      assertWorkspace(await srv.client.taskrouter.v1.workspaces(ws.sid).fetch(), expected);
    });

    it('an update that changes nothing else keeps the other fields', async () => {
      const w = await srv.client.taskrouter.v1.workspaces(ws.sid).update({ friendlyName: name + ' again' });
      expected = { ...expected, friendlyName: name + ' again' };
      assertWorkspace(w, expected);
    });

    it('default and timeout activities can only be deleted once no longer used', async () => {
      const acts2 = srv.client.taskrouter.v1.workspaces(ws.sid).activities;
      const e1 = await h.expectRestError(acts2(acts.Available.sid).remove(), 400, 20001);
      assert.match(e1.message, /default/i);
      const e2 = await h.expectRestError(acts2(acts.Unavailable.sid).remove(), 400, 20001);
      assert.match(e2.message, /timeout/i);
      assert.equal((await acts2.list()).length, 3, 'nothing was deleted');
      // Offline is neither any more.
      assert.equal(await acts2(acts.Offline.sid).remove(), true);
      assert.deepEqual((await acts2.list()).map((a) => a.friendlyName), ['Unavailable', 'Available']);
    });

    it('DefaultActivitySid must name an Activity of the same Workspace', async () => {
      const other = await createWorkspace({ friendlyName: h.uniqueName('other') });
      const otherActs = await activitiesByName(other.sid);
      await h.expectRestError(
        srv.client.taskrouter.v1.workspaces(ws.sid).update({ defaultActivitySid: otherActs.Available.sid }), 400, 20001);
      await h.expectRestError(
        srv.client.taskrouter.v1.workspaces(ws.sid).update({ timeoutActivitySid: 'WA' + '0'.repeat(32) }), 400, 20001);
      assertWorkspace(await srv.client.taskrouter.v1.workspaces(ws.sid).fetch(), expected);
    });

    it('remove', async () => {
      assert.equal(await srv.client.taskrouter.v1.workspaces(ws.sid).remove(), true);
      const x = srv.env.lastExchange();
      assert.equal(x.statusCode, 204);
      assert.ok(x.body === '' || x.body === undefined || x.body === null, `204 has an empty body, got ${JSON.stringify(x.body)}`);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).fetch(), 404, 20404);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).remove(), 404, 20404);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).update({ friendlyName: 'x' }), 404, 20404);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).activities.list(), 404, 20404);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).activities(acts.Available.sid).fetch(), 404, 20404);
      assert.deepEqual(await srv.client.taskrouter.v1.workspaces.list({ friendlyName: name + ' again' }), []);
    });
  });

  it('create with every optional parameter', async () => {
    const name = h.uniqueName('all options');
    const t0 = Date.now();
    const ws = await createWorkspace({
      friendlyName: name,
      eventCallbackUrl: 'https://example.com/events?x=1',
      eventsFilter: 'task.created',
      multiTaskEnabled: false,
      template: 'NONE',
      prioritizeQueueOrder: 'LIFO',
    });
    const t1 = Date.now();
    const acts = await activitiesByName(ws.sid);
    assert.deepEqual(Object.keys(acts), ['Offline', 'Unavailable', 'Available']);
    const expected = {
      before: t0,
      after: t1,
      friendlyName: name,
      defaultActivityName: 'Offline',
      defaultActivitySid: acts.Offline.sid,
      timeoutActivityName: 'Offline',
      timeoutActivitySid: acts.Offline.sid,
      eventCallbackUrl: 'https://example.com/events?x=1',
      eventsFilter: 'task.created',
      multiTaskEnabled: false,
      prioritizeQueueOrder: 'LIFO',
    };
    assertWorkspace(ws, expected);
    assertWorkspace(await srv.client.taskrouter.v1.workspaces(ws.sid).fetch(), expected);
  });

  it('Template=FIFO creates Sample Queue and Default Fifo Workflow, which routes a Task', async () => {
    const ws = await createWorkspace({ friendlyName: h.uniqueName('fifo'), template: 'FIFO' });
    const api = srv.client.taskrouter.v1.workspaces(ws.sid);
    const queues = await api.taskQueues.list();
    assert.deepEqual(queues.map((q) => [q.friendlyName, q.targetWorkers, q.taskOrder]), [['Sample Queue', '1==1', 'FIFO']]);
    const flows = await api.workflows.list();
    assert.deepEqual(flows.map((f) => f.friendlyName), ['Default Fifo Workflow']);
    assert.deepEqual(JSON.parse(flows[0].configuration), {
      task_routing: { filters: [], default_filter: { queue: queues[0].sid } },
    });
    const task = await api.tasks.create({ attributes: '{}' });
    assert.equal(task.workflowSid, flows[0].sid);
    assert.equal(task.taskQueueSid, queues[0].sid);
    assert.equal(task.assignmentStatus, 'pending');
  });
  it('an unknown Template is refused with 400/20001 and creates nothing', async () => {
    const name = h.uniqueName('tpl');
    await h.expectRestError(srv.client.taskrouter.v1.workspaces.create({ friendlyName: name, template: 'ROUND_ROBIN' }), 400, 20001);
    assert.deepEqual(await srv.client.taskrouter.v1.workspaces.list({ friendlyName: name }), []);
  });

  it('FriendlyName with spaces, plus signs and non-ASCII text round-trips', async () => {
    const name = h.uniqueName('Sales + Support: café & 2014 Election Campaign ✓');
    const ws = await createWorkspace({ friendlyName: name });
    assert.equal(ws.friendlyName, name);
    assert.equal((await srv.client.taskrouter.v1.workspaces(ws.sid).fetch()).friendlyName, name);
    const found = await srv.client.taskrouter.v1.workspaces.list({ friendlyName: name });
    assert.deepEqual(found.map((w) => w.sid), [ws.sid]);
  });
});
