'use strict';
// Events through the official `twilio` Node library: every change to a Workspace, its Activities
// and its Workers is an Event, listed oldest first (filters EventType, WorkerSid, Sid, Minutes,
// StartDate, EndDate; paging) and fetched by SID, with every field checked.
//
// Locally the server runs on a clock file, so event_date_ms and the time a Worker spent in its
// previous Activity are checked to the millisecond; through Prism (external mode) the real clock
// runs and the tests that need time to pass are skipped.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

const SID_EV = /^EV[0-9a-f]{32}$/;
const NEEDS_CLOCK = h.EXTERNAL && 'needs a server of its own with a clock file';
const EVENT_KEYS = [
  'account_sid', 'actor_sid', 'actor_type', 'actor_url', 'description', 'event_data', 'event_date', 'event_date_ms',
  'event_type', 'resource_sid', 'resource_type', 'resource_url', 'sid', 'source', 'source_ip_address', 'url',
  'workspace_sid',
];
const WORKER_DATA = [
  'worker_activity_name', 'worker_activity_sid', 'worker_attributes', 'worker_name', 'worker_sid', 'worker_version',
  'workspace_name', 'workspace_sid',
];
const ACTIVITY_CHANGE_DATA = [
  'worker_previous_activity_name', 'worker_previous_activity_sid', 'worker_time_in_previous_activity',
  'worker_time_in_previous_activity_ms',
];

describe('Event resource', () => {
  const srv = h.lifecycle({ clock: true });
  const { cleanup, tick } = srv;

  const wsUrl = (wsSid) => `${srv.env.baseUrl}/v1/Workspaces/${wsSid}`;

  async function createWorkspace(base) {
    const ws = await srv.client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName(base) });
    cleanup.push(ws.sid);
    const acts = Object.fromEntries(
      (await srv.client.taskrouter.v1.workspaces(ws.sid).activities.list()).map((a) => [a.friendlyName, a]));
    return { ws, acts };
  }

  // Every Event of a Workspace since `sinceMs` (server time), oldest first.
  async function allEvents(wsSid, sinceMs, params = {}) {
    return srv.client.taskrouter.v1.workspaces(wsSid).events.list({
      startDate: new Date(Math.floor(sinceMs / 1000) * 1000 - 1000), pageSize: 1000, ...params });
  }

  // Checks every field of an Event against `e`: {wsSid, type, resourceType, resourceSid, data
  // (exact event_data), optionalData (keys that may be there, with these values), when: [before, after]}.
  function assertEvent(ev, e) {
    assert.equal(ev.accountSid, srv.env.accountSid, 'accountSid');
    assert.equal(ev.actorSid, e.wsSid, 'actorSid: the Workspace');
    assert.equal(ev.actorType, 'workspace', 'actorType');
    assert.equal(ev.actorUrl, wsUrl(e.wsSid), 'actorUrl');
    assert.equal(typeof ev.description, 'string', 'description');
    assert.ok(ev.description.length > 0, 'description is not empty');
    assert.ok(ev.eventData && typeof ev.eventData === 'object' && !Array.isArray(ev.eventData), 'eventData is an object');
    for (const [k, v] of Object.entries(ev.eventData)) {
      assert.equal(typeof v, 'string', `event_data.${k} must be a string, got ${JSON.stringify(v)}`);
      assert.match(k, /^[a-z][a-z0-9_]*$/, `event_data keys are snake_case: ${k}`);
    }
    const data = { ...ev.eventData };
    for (const [k, v] of Object.entries(e.optionalData || {})) {
      if (k in data) {
        assert.equal(data[k], v, `event_data.${k}`);
        delete data[k];
      }
    }
    // The contract names no event_data for workspace.* Events: only the values above are checked.
    if (!e.looseData) assert.deepEqual(data, e.data, `event_data of ${e.type}`);
    assert.ok(Number.isInteger(ev.eventDateMs), `event_date_ms is an integer, got ${JSON.stringify(ev.eventDateMs)}`);
    if (srv.env.clock) {
      assert.equal(ev.eventDateMs, e.when[0], 'event_date_ms: the server clock at the change');
    } else {
      assert.ok(ev.eventDateMs >= e.when[0] - 1000 && ev.eventDateMs <= e.when[1] + 1000, 'event_date_ms within the call');
    }
    assert.ok(ev.eventDate instanceof Date, 'eventDate parses');
    assert.equal(ev.eventDate.getTime(), Math.floor(ev.eventDateMs / 1000) * 1000, 'event_date is event_date_ms in whole seconds');
    assert.equal(ev.eventType, e.type, 'eventType');
    assert.equal(ev.resourceSid, e.resourceSid, 'resourceSid');
    assert.equal(ev.resourceType, e.resourceType, 'resourceType');
    const resourcePath = { workspace: '', activity: `/Activities/${e.resourceSid}`, worker: `/Workers/${e.resourceSid}` }[e.resourceType];
    assert.equal(ev.resourceUrl, wsUrl(e.wsSid) + resourcePath, 'resourceUrl');
    assert.match(ev.sid, SID_EV);
    assert.equal(ev.source, 'twilio', 'source');
    assert.equal(ev.sourceIpAddress, '127.0.0.1', 'sourceIpAddress: the API caller');
    assert.equal(ev.url, `${wsUrl(e.wsSid)}/Events/${ev.sid}`, 'url');
    assert.equal(ev.workspaceSid, e.wsSid, 'workspaceSid');
  }

  // Runs `fn` and returns {result, when: [before, after]} in server time, and the ETag answered.
  async function at(fn) {
    const before = srv.env.now();
    const result = await fn();
    const etag = srv.env.lastExchange().headers.etag;
    return { result, when: [before, srv.env.now()], etag };
  }

  describe('a Workspace, an Activity and a Worker through their lives', () => {
    let ws;
    let acts;
    const expected = []; // what each change must have produced, in order
    let events;
    let wsName;
    let t0;

    before(async () => {
      tick(3600000);
      t0 = srv.env.now();
      wsName = h.uniqueName('events');
      const created = await at(() => srv.client.taskrouter.v1.workspaces.create({ friendlyName: wsName }));
      ws = created.result;
      cleanup.push(ws.sid);
      const wsApi = srv.client.taskrouter.v1.workspaces(ws.sid);
      acts = Object.fromEntries((await wsApi.activities.list()).map((a) => [a.friendlyName, a]));

      // What each kind of change must produce.
      const wsData = () => ({ workspace_sid: ws.sid, workspace_name: wsName });
      const workspaceEvent = (type, { when }) =>
        ({ type, resourceType: 'workspace', resourceSid: ws.sid, data: {}, optionalData: wsData(), looseData: true, when });
      const activityEvent = (type, sid, name, { when }) => ({
        type, resourceType: 'activity', resourceSid: sid, optionalData: wsData(), when,
        data: { activity_sid: sid, activity_name: name, activity_available: 'false' },
      });
      const workerEvent = (type, w, activity, attributes, { when, etag }, more = {}) => ({
        type, resourceType: 'worker', resourceSid: w.sid, when,
        data: {
          worker_sid: w.sid, worker_name: 'Ev Worker', worker_attributes: attributes,
          worker_activity_sid: activity.sid, worker_activity_name: activity.friendlyName,
          worker_version: etag.replace(/"/g, ''), workspace_sid: ws.sid, workspace_name: wsName,
        },
        ...more,
      });
      // An activity change adds the previous Activity and the time spent in it (with the real
      // clock that time is known only roughly).
      const movedFrom = (event, from, ms) => ({
        ...event,
        looseTime: !srv.env.clock,
        data: {
          ...event.data,
          worker_previous_activity_sid: from.sid, worker_previous_activity_name: from.friendlyName,
          worker_time_in_previous_activity: String(Math.floor(ms / 1000)), worker_time_in_previous_activity_ms: String(ms),
        },
      });

      expected.push(workspaceEvent('workspace.created', created));
      tick(1000);
      const brk = await at(() => wsApi.activities.create({ friendlyName: 'Break', available: false }));
      const brkAct = { sid: brk.result.sid, friendlyName: 'Break' };
      expected.push(activityEvent('activity.created', brkAct.sid, 'Break', brk));

      // A Worker: created Offline, to Available, new attributes, to Break 65.5 s after it became
      // Available, back Offline, deleted.
      tick(1000);
      const c = await at(() => wsApi.workers.create({ friendlyName: 'Ev Worker', attributes: '{"skill":"en"}' }));
      const wk = c.result;
      expected.push(workerEvent('worker.created', wk, acts.Offline, '{"skill":"en"}', c));
      tick(60000);
      const m1 = await at(() => wsApi.workers(wk.sid).update({ activitySid: acts.Available.sid }));
      expected.push(movedFrom(workerEvent('worker.activity.update', wk, acts.Available, '{"skill":"en"}', m1), acts.Offline, 60000));
      tick(5000);
      const u = await at(() => wsApi.workers(wk.sid).update({ attributes: '{"skill":"fr"}' }));
      expected.push(workerEvent('worker.attributes.update', wk, acts.Available, '{"skill":"fr"}', u));
      tick(60500);
      const m2 = await at(() => wsApi.workers(wk.sid).update({ activitySid: brkAct.sid }));
      expected.push(movedFrom(workerEvent('worker.activity.update', wk, brkAct, '{"skill":"fr"}', m2), acts.Available, 65500));
      tick(1500);
      const m3 = await at(() => wsApi.workers(wk.sid).update({ activitySid: acts.Offline.sid }));
      expected.push(movedFrom(workerEvent('worker.activity.update', wk, acts.Offline, '{"skill":"fr"}', m3), brkAct, 1500));

      tick(1000);
      const r = await at(() => wsApi.activities(brkAct.sid).update({ friendlyName: 'Coffee Break' }));
      expected.push(activityEvent('activity.updated', brkAct.sid, 'Coffee Break', r));
      tick(1000);
      const wu = await at(() => wsApi.update({ friendlyName: wsName + ' renamed' }));
      wsName += ' renamed';
      expected.push(workspaceEvent('workspace.updated', wu));
      tick(1000);
      const last = await at(() => wsApi.workers(wk.sid).fetch());
      const d = await at(() => wsApi.workers(wk.sid).remove());
      expected.push(workerEvent('worker.deleted', wk, acts.Offline, '{"skill":"fr"}', { when: d.when, etag: last.etag }, { anyVersion: true }));
      tick(1000);
      const ad = await at(() => wsApi.activities(brkAct.sid).remove());
      expected.push(activityEvent('activity.deleted', brkAct.sid, 'Coffee Break', ad));

      events = await allEvents(ws.sid, t0);
    });

    it('listed oldest first: workspace.created first, then one Event per change', () => {
      const types = events.map((e) => e.eventType);
      assert.equal(types[0], 'workspace.created', `first Event: ${types.join(', ')}`);
      // Whether the three default Activities are announced is left open; if they are, they come
      // right after the Workspace, in their own order.
      const defaults = events.slice(1).filter((e) => e.eventType === 'activity.created' &&
        Object.values(acts).some((a) => a.sid === e.resourceSid));
      assert.ok(defaults.length === 0 || defaults.length === 3, `default Activities: ${defaults.length} Events`);
      const mine = [events[0], ...events.slice(1 + defaults.length)];
      assert.deepEqual(mine.map((e) => e.eventType), expected.map((e) => e.type));
      if (defaults.length) {
        assert.deepEqual(events.slice(1, 4).map((e) => e.eventData.activity_name), ['Offline', 'Unavailable', 'Available']);
      }
      assert.equal(new Set(events.map((e) => e.sid)).size, events.length, 'no SID twice');
      const ms = events.map((e) => e.eventDateMs);
      assert.deepEqual(ms, [...ms].sort((a, b) => a - b), 'event_date_ms never goes back');
    });

    it('every field of every Event', () => {
      const mine = events.filter((e) => !(e.eventType === 'activity.created' && Object.values(acts).some((a) => a.sid === e.resourceSid)));
      assert.equal(mine.length, expected.length);
      for (let i = 0; i < expected.length; i++) {
        const e = expected[i];
        const ev = mine[i];
        let data = e.data;
        if (e.looseTime) {
          // Real clock: the time spent in the previous Activity is known only roughly.
          for (const k of ['worker_time_in_previous_activity', 'worker_time_in_previous_activity_ms']) {
            assert.match(String(ev.eventData[k]), /^\d+$/, k);
          }
          assert.equal(ev.eventData.worker_time_in_previous_activity,
            String(Math.floor(Number(ev.eventData.worker_time_in_previous_activity_ms) / 1000)), 'seconds = ms / 1000, truncated');
          data = { ...data,
            worker_time_in_previous_activity: ev.eventData.worker_time_in_previous_activity,
            worker_time_in_previous_activity_ms: ev.eventData.worker_time_in_previous_activity_ms };
        }
        if (e.anyVersion) {
          // A delete may or may not count as a new version; it is never older than the last one.
          assert.ok(Number(ev.eventData.worker_version) >= Number(e.data.worker_version), 'worker_version on delete');
          data = { ...data, worker_version: ev.eventData.worker_version };
        }
        try {
          assertEvent(ev, { ...e, data, wsSid: ws.sid });
        } catch (err) {
          err.message = `Event #${i} (${e.type}): ${err.message}\n${JSON.stringify(ev.toJSON(), null, 1)}`;
          throw err;
        }
      }
      const workerEvents = mine.filter((e) => e.resourceType === 'worker');
      assert.deepEqual(Object.keys(workerEvents[0].eventData).sort(), WORKER_DATA);
      assert.deepEqual(Object.keys(workerEvents[1].eventData).sort(), [...WORKER_DATA, ...ACTIVITY_CHANGE_DATA].sort());
      const versions = workerEvents.slice(0, -1).map((e) => Number(e.eventData.worker_version));
      for (let i = 1; i < versions.length; i++) assert.ok(versions[i] > versions[i - 1], `worker_version grows: ${versions}`);
    });

    it('raw JSON: the field set of the OpenAPI schema', async () => {
      await srv.client.taskrouter.v1.workspaces(ws.sid).events(events[0].sid).fetch();
      const raw = h.jsonBody(srv.env.lastExchange());
      assert.deepEqual(Object.keys(raw).sort(), EVENT_KEYS);
      assert.match(raw.event_date, h.ISO_SECONDS);
      assert.equal(typeof raw.event_date_ms, 'number');
      await srv.client.taskrouter.v1.workspaces(ws.sid).events.list({ startDate: new Date(t0 - 1000) });
      const page = h.jsonBody(srv.env.lastExchange());
      assert.equal(page.meta.key, 'events');
      assert.ok(page.meta.url.startsWith(`${wsUrl(ws.sid)}/Events?`), page.meta.url);
      for (const e of page.events) assert.deepEqual(Object.keys(e).sort(), EVENT_KEYS);
    });

    it('fetch each by SID: the same as listed', async () => {
      for (const ev of events) {
        const f = await srv.client.taskrouter.v1.workspaces(ws.sid).events(ev.sid).fetch();
        assert.equal(srv.env.lastExchange().statusCode, 200);
        assert.deepEqual(f.toJSON(), ev.toJSON());
      }
    });

    it('filters: EventType, WorkerSid, Sid, and together', async () => {
      const wkSid = expected.find((e) => e.type === 'worker.created').resourceSid;
      const list = (params) => allEvents(ws.sid, t0, params);
      const sids = (l) => l.map((e) => e.sid);
      assert.deepEqual(sids(await list({ eventType: 'worker.activity.update' })),
        sids(events.filter((e) => e.eventType === 'worker.activity.update')));
      assert.equal((await list({ eventType: 'worker.activity.update' })).length, 3);
      assert.deepEqual(sids(await list({ eventType: 'workspace.updated' })),
        sids(events.filter((e) => e.eventType === 'workspace.updated')));
      assert.deepEqual(sids(await list({ workerSid: wkSid })), sids(events.filter((e) => e.resourceSid === wkSid)));
      assert.deepEqual((await list({ workerSid: wkSid })).map((e) => e.eventType), [
        'worker.created', 'worker.activity.update', 'worker.attributes.update', 'worker.activity.update',
        'worker.activity.update', 'worker.deleted']);
      assert.deepEqual(sids(await list({ workerSid: wkSid, eventType: 'worker.attributes.update' })),
        sids(events.filter((e) => e.eventType === 'worker.attributes.update')));
      assert.deepEqual(sids(await list({ sid: events[2].sid })), [events[2].sid]);
      assert.deepEqual(await list({ eventType: 'task.created' }), []);
      assert.deepEqual(await list({ eventType: 'worker' }), [], 'EventType is an exact match');
      assert.deepEqual(await list({ workerSid: h.randomSid('WK') }), []);
      assert.deepEqual(await list({ sid: h.randomSid('EV') }), []);
    });

    it('unknown Event, an Event of another Workspace, an unknown Workspace: 404 / 20404', async () => {
      const other = await createWorkspace('events-other');
      const sid = h.randomSid('EV');
      const e = await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).events(sid).fetch(), 404, 20404);
      assert.equal(e.message, `The requested resource /v1/Workspaces/${ws.sid}/Events/${sid} was not found`);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(other.ws.sid).events(events[0].sid).fetch(), 404, 20404);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(h.randomSid('WS')).events.list(), 404, 20404);
    });
  });

  describe('paging', () => {
    it('PageSize pages keep the filters and the order, also for many Events at one instant', async () => {
      const { ws } = await createWorkspace('events-paging');
      const t0 = srv.env.now();
      const wk = await srv.client.taskrouter.v1.workspaces(ws.sid).workers.create({ friendlyName: 'pager', attributes: '{"n":-1}' });
      for (let n = 0; n < 25; n++) {
        await srv.client.taskrouter.v1.workspaces(ws.sid).workers(wk.sid).update({ attributes: `{"n":${n}}` });
      }
      const all = await allEvents(ws.sid, t0, { workerSid: wk.sid });
      assert.deepEqual(all.map((e) => e.eventData.worker_attributes),
        ['{"n":-1}', ...Array.from({ length: 25 }, (_, n) => `{"n":${n}}`)], 'creation order');
      const from = srv.env.exchanges.length;
      const paged = await srv.client.taskrouter.v1.workspaces(ws.sid).events.list({
        workerSid: wk.sid, startDate: new Date(Math.floor(t0 / 1000) * 1000 - 1000), pageSize: 4 });
      assert.deepEqual(paged.map((e) => e.sid), all.map((e) => e.sid), 'the same Events, in the same order');
      const calls = srv.env.exchanges.slice(from);
      assert.equal(calls.length, 7, '26 Events in pages of 4');
      for (const x of calls.slice(1)) {
        const q = new URL(x.uri).searchParams;
        assert.equal(q.get('WorkerSid'), wk.sid, `next_page_url keeps WorkerSid: ${x.uri}`);
        assert.ok(q.get('StartDate'), `next_page_url keeps StartDate: ${x.uri}`);
        assert.equal(q.get('PageSize'), '4');
      }
      assert.equal(h.jsonBody(calls[calls.length - 1]).meta.next_page_url, null);
    });
  });

  describe('time window and retention', { skip: NEEDS_CLOCK }, () => {
    let ws;
    let acts;
    let wk;
    let t;
    let created;
    let moved;
    before(async () => {
      ({ ws, acts } = await createWorkspace('events-window'));
      t = srv.env.setTime(Math.ceil((srv.env.now() + 3600000) / 1000) * 1000); // an hour on, on a whole second
      wk = await srv.client.taskrouter.v1.workspaces(ws.sid).workers.create({ friendlyName: 'windowed' });
      srv.env.setTime(t + 5 * 60000);
      await srv.client.taskrouter.v1.workspaces(ws.sid).workers(wk.sid).update({ activitySid: acts.Available.sid });
      srv.env.setTime(t + 16 * 60000);
      [created, moved] = await allEvents(ws.sid, t, { workerSid: wk.sid });
      assert.equal(created.eventType, 'worker.created');
      assert.equal(moved.eventType, 'worker.activity.update');
      assert.equal(moved.eventData.worker_time_in_previous_activity, '300');
    });
    const types = async (params) =>
      (await srv.client.taskrouter.v1.workspaces(ws.sid).events.list({ workerSid: wk.sid, ...params })).map((e) => e.eventType);

    it('default: the last 15 minutes', async () => {
      assert.deepEqual(await types({}), ['worker.activity.update']);
    });

    it('Minutes', async () => {
      assert.deepEqual(await types({ minutes: 20 }), ['worker.created', 'worker.activity.update']);
      assert.deepEqual(await types({ minutes: 12 }), ['worker.activity.update']);
      assert.deepEqual(await types({ minutes: 10 }), []);
    });

    it('StartDate and EndDate, both inclusive', async () => {
      assert.deepEqual(await types({ startDate: new Date(t) }), ['worker.created', 'worker.activity.update']);
      assert.deepEqual(await types({ startDate: new Date(t + 1000) }), ['worker.activity.update']);
      assert.deepEqual(await types({ startDate: new Date(t), endDate: new Date(t + 5 * 60000) }),
        ['worker.created', 'worker.activity.update']);
      assert.deepEqual(await types({ startDate: new Date(t), endDate: new Date(t + 5 * 60000 - 1000) }), ['worker.created']);
      assert.deepEqual(await types({ startDate: new Date(t - 60000), endDate: new Date(t) }), ['worker.created']);
      assert.deepEqual(await types({ startDate: new Date(t - 60000), endDate: new Date(t - 1000) }), []);
    });

    it('kept 30 days, then gone', async () => {
      srv.env.setTime(t + 29 * 86400000);
      const f = await srv.client.taskrouter.v1.workspaces(ws.sid).events(created.sid).fetch();
      assert.equal(f.sid, created.sid, 'still there after 29 days');
      assert.deepEqual(await types({ startDate: new Date(t - 60000) }), ['worker.created', 'worker.activity.update']);

      srv.env.setTime(t + 5 * 60000 + 30 * 86400000 + 60000); // both more than 30 days old
      await h.waitFor(async () => {
        try {
          await srv.client.taskrouter.v1.workspaces(ws.sid).events(created.sid).fetch();
          return false;
        } catch (err) {
          if (err instanceof h.twilio.RestException && err.status === 404) return true;
          throw err;
        }
      }, { timeoutMs: 5000, intervalMs: 100, what: 'the 30-day-old Event to be gone (404)' });
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).events(moved.sid).fetch(), 404, 20404);
    });
  });
});
