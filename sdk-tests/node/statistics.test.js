'use strict';
// Statistics through the official `twilio` Node library, read with its own models:
// Workers/Statistics, Workers/RealTimeStatistics, Workers/CumulativeStatistics,
// Workers/{WK}/Statistics and the Workspace's Statistics, RealTimeStatistics and
// CumulativeStatistics.
//
// The shapes are checked against Twilio's OpenAPI examples with any clock (also through Prism).
// The figures are checked exactly against a timeline driven by the server's clock file: Workers
// moved between Activities at known instants, read over the default window (the last 15 minutes),
// `Minutes` and `StartDate`/`EndDate`. activity_durations are computed over each stint (one
// continuous stay in an Activity) clipped to the window.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

const NEEDS_CLOCK = h.EXTERNAL && 'needs a server of its own with a clock file';
const RESERVATION_COUNTERS = [
  'reservations_accepted', 'reservations_canceled', 'reservations_created', 'reservations_rejected',
  'reservations_rescinded', 'reservations_timed_out',
];
const TASK_COUNTERS = ['tasks_canceled', 'tasks_created', 'tasks_deleted', 'tasks_moved', 'tasks_timed_out_in_workflow'];
const WAIT_DURATIONS = ['wait_duration_until_accepted', 'wait_duration_until_canceled'];
// Workers cumulative objects: the keys of the OpenAPI examples. `tasks_assigned` (seen only in an
// old SDK fixture) is tolerated, see taskrouter-routing.md §10 #19.
const WORKERS_CUMULATIVE_KEYS = ['activity_durations', 'end_time', 'start_time', ...RESERVATION_COUNTERS];
const WORKERS_CUMULATIVE_OPTIONAL = ['tasks_assigned'];
// Workspace objects: the combined /Statistics example shows fewer keys than the flat resources;
// the full set is allowed in both (taskrouter-routing.md §9.4).
const WS_REALTIME_KEYS = [
  'activity_statistics', 'longest_task_waiting_age', 'longest_task_waiting_sid', 'tasks_by_status', 'total_tasks',
  'total_workers',
];
const WS_REALTIME_OPTIONAL = ['tasks_by_priority'];
const WS_CUMULATIVE_KEYS = ['avg_task_acceptance_time', 'end_time', 'start_time', ...RESERVATION_COUNTERS, ...TASK_COUNTERS];
const WS_CUMULATIVE_OPTIONAL = ['tasks_completed', ...WAIT_DURATIONS, 'split_by_wait_time'];

describe('statistics', () => {
  const srv = h.lifecycle({ clock: true });
  const { cleanup } = srv;

  const wsUrl = (wsSid) => `${srv.env.baseUrl}/v1/Workspaces/${wsSid}`;
  const rawLast = () => h.jsonBody(srv.env.lastExchange());

  // A Workspace with a custom unavailable Activity "Break" after the three defaults.
  async function createWorkspace(base) {
    const ws = await srv.client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName(base) });
    cleanup.push(ws.sid);
    const brk = await srv.client.taskrouter.v1.workspaces(ws.sid).activities.create({ friendlyName: 'Break', available: false });
    const list = await srv.client.taskrouter.v1.workspaces(ws.sid).activities.list();
    assert.deepEqual(list.map((a) => a.friendlyName), ['Offline', 'Unavailable', 'Available', 'Break']);
    return { ws, acts: Object.fromEntries(list.map((a) => [a.friendlyName, a])), order: list, brk };
  }

  // Asserts that `obj` has every key of `required`, and no key outside `required` + `optional`.
  function assertKeys(obj, required, optional, what) {
    const keys = Object.keys(obj);
    for (const k of required) assert.ok(keys.includes(k), `${what}: missing ${k} in ${JSON.stringify(obj)}`);
    for (const k of keys) assert.ok(required.includes(k) || optional.includes(k), `${what}: unexpected key ${k}`);
  }

  // activity_statistics: one {sid, friendly_name, workers} per Activity, in creation order.
  function assertActivityStatistics(stats, order, counts, what) {
    assert.ok(Array.isArray(stats), `${what} must be an array`);
    for (const s of stats) assert.deepEqual(Object.keys(s).sort(), ['friendly_name', 'sid', 'workers'], what);
    assert.deepEqual(stats.map((s) => [s.sid, s.friendly_name]), order.map((a) => [a.sid, a.friendlyName]), `${what}: one entry per Activity`);
    if (counts) {
      assert.deepEqual(Object.fromEntries(stats.map((s) => [s.friendly_name, s.workers])), counts, `${what}: workers`);
    }
  }

  // activity_durations: one {sid, friendly_name, min, max, avg, total} per Activity, in creation
  // order, whole seconds. `expected` maps a name to [min, max, avg, total] (absent: all 0).
  function assertDurations(durations, order, expected, what) {
    assert.ok(Array.isArray(durations), `${what} must be an array`);
    for (const d of durations) {
      assert.deepEqual(Object.keys(d).sort(), ['avg', 'friendly_name', 'max', 'min', 'sid', 'total'], what);
      for (const k of ['avg', 'max', 'min', 'total']) {
        assert.ok(Number.isInteger(d[k]) && d[k] >= 0, `${what}: ${d.friendly_name}.${k} must be whole seconds, got ${d[k]}`);
      }
    }
    assert.deepEqual(durations.map((d) => [d.sid, d.friendly_name]), order.map((a) => [a.sid, a.friendlyName]),
      `${what}: one entry per Activity`);
    if (expected) {
      const got = Object.fromEntries(durations.map((d) => [d.friendly_name, [d.min, d.max, d.avg, d.total]]));
      const want = Object.fromEntries(order.map((a) => [a.friendlyName, expected[a.friendlyName] || [0, 0, 0, 0]]));
      assert.deepEqual(got, want, `${what}: [min, max, avg, total] per Activity`);
    }
  }

  function assertWindow(startTime, endTime, startMs, endMs, what) {
    const start = startTime instanceof Date ? startTime : new Date(startTime);
    const end = endTime instanceof Date ? endTime : new Date(endTime);
    if (startMs === undefined) {
      assert.equal(end.getTime() - start.getTime(), 15 * 60000, `${what}: the default window is 15 minutes`);
      return;
    }
    assert.equal(start.toISOString(), new Date(startMs).toISOString(), `${what}: start_time`);
    assert.equal(end.toISOString(), new Date(endMs).toISOString(), `${what}: end_time`);
  }

  describe('shapes, as in the OpenAPI examples', () => {
    let ws;
    let order;
    let acts;
    let wk;
    before(async () => {
      ({ ws, order, acts } = await createWorkspace('stats-shapes'));
      wk = await srv.client.taskrouter.v1.workspaces(ws.sid).workers.create({ friendlyName: 'shape', activitySid: acts.Available.sid });
    });
    const counts = { Offline: 0, Unavailable: 0, Available: 1, Break: 0 };

    it('Workers/Statistics: realtime + cumulative', async () => {
      const s = await srv.client.taskrouter.v1.workspaces(ws.sid).workers.statistics().fetch();
      const raw = rawLast();
      assert.equal(srv.env.lastExchange().statusCode, 200);
      assert.deepEqual(Object.keys(raw).sort(), ['account_sid', 'cumulative', 'realtime', 'url', 'workspace_sid']);
      assert.equal(s.accountSid, srv.env.accountSid);
      assert.equal(s.workspaceSid, ws.sid);
      assert.equal(s.url, `${wsUrl(ws.sid)}/Workers/Statistics`);
      assert.deepEqual(Object.keys(s.realtime).sort(), ['activity_statistics', 'total_workers']);
      assert.equal(s.realtime.total_workers, 1);
      assertActivityStatistics(s.realtime.activity_statistics, order, counts, 'realtime.activity_statistics');
      assertKeys(s.cumulative, WORKERS_CUMULATIVE_KEYS, WORKERS_CUMULATIVE_OPTIONAL, 'cumulative');
      for (const k of RESERVATION_COUNTERS) assert.equal(s.cumulative[k], 0, k);
      assertDurations(s.cumulative.activity_durations, order, null, 'cumulative.activity_durations');
      assert.match(s.cumulative.start_time, h.ISO_SECONDS);
      assert.match(s.cumulative.end_time, h.ISO_SECONDS);
      assertWindow(s.cumulative.start_time, s.cumulative.end_time, undefined, undefined, 'cumulative');
    });

    it('Workers/RealTimeStatistics: activityStatistics and totalWorkers', async () => {
      const s = await srv.client.taskrouter.v1.workspaces(ws.sid).workers.realTimeStatistics().fetch();
      assert.deepEqual(Object.keys(rawLast()).sort(), ['account_sid', 'activity_statistics', 'total_workers', 'url', 'workspace_sid']);
      assert.equal(s.accountSid, srv.env.accountSid);
      assert.equal(s.workspaceSid, ws.sid);
      assert.equal(s.url, `${wsUrl(ws.sid)}/Workers/RealTimeStatistics`);
      assert.equal(s.totalWorkers, 1);
      assertActivityStatistics(s.activityStatistics, order, counts, 'activityStatistics');
    });

    it('Workers/CumulativeStatistics: activityDurations, reservation counters, window', async () => {
      const s = await srv.client.taskrouter.v1.workspaces(ws.sid).workers.cumulativeStatistics().fetch();
      assertKeys(rawLast(), [...WORKERS_CUMULATIVE_KEYS, 'account_sid', 'url', 'workspace_sid'], WORKERS_CUMULATIVE_OPTIONAL, 'body');
      assert.equal(s.accountSid, srv.env.accountSid);
      assert.equal(s.workspaceSid, ws.sid);
      assert.equal(s.url, `${wsUrl(ws.sid)}/Workers/CumulativeStatistics`);
      for (const k of ['reservationsCreated', 'reservationsAccepted', 'reservationsRejected', 'reservationsTimedOut',
        'reservationsCanceled', 'reservationsRescinded']) assert.equal(s[k], 0, k);
      assertDurations(s.activityDurations, order, null, 'activityDurations');
      assert.ok(s.startTime instanceof Date && s.endTime instanceof Date);
      assertWindow(s.startTime, s.endTime, undefined, undefined, 'window');
    });

    it('Workers/{WK}/Statistics: cumulative only, with worker_sid', async () => {
      const s = await srv.client.taskrouter.v1.workspaces(ws.sid).workers(wk.sid).statistics().fetch();
      assert.deepEqual(Object.keys(rawLast()).sort(), ['account_sid', 'cumulative', 'url', 'worker_sid', 'workspace_sid']);
      assert.equal(s.accountSid, srv.env.accountSid);
      assert.equal(s.workspaceSid, ws.sid);
      assert.equal(s.workerSid, wk.sid);
      assert.equal(s.url, `${wsUrl(ws.sid)}/Workers/${wk.sid}/Statistics`);
      assertKeys(s.cumulative, WORKERS_CUMULATIVE_KEYS, WORKERS_CUMULATIVE_OPTIONAL, 'cumulative');
      for (const k of RESERVATION_COUNTERS) assert.equal(s.cumulative[k], 0, k);
      assertDurations(s.cumulative.activity_durations, order, null, 'activity_durations');
      assertWindow(s.cumulative.start_time, s.cumulative.end_time, undefined, undefined, 'window');
    });

    it('Workspace Statistics: realtime + cumulative, task counters present and 0', async () => {
      const s = await srv.client.taskrouter.v1.workspaces(ws.sid).statistics().fetch();
      assert.deepEqual(Object.keys(rawLast()).sort(), ['account_sid', 'cumulative', 'realtime', 'url', 'workspace_sid']);
      assert.equal(s.accountSid, srv.env.accountSid);
      assert.equal(s.workspaceSid, ws.sid);
      assert.equal(s.url, `${wsUrl(ws.sid)}/Statistics`);
      assertKeys(s.realtime, WS_REALTIME_KEYS, WS_REALTIME_OPTIONAL, 'realtime');
      assertWorkspaceRealtime(s.realtime, order, counts);
      assertKeys(s.cumulative, WS_CUMULATIVE_KEYS, WS_CUMULATIVE_OPTIONAL, 'cumulative');
      assertWorkspaceCumulative(s.cumulative);
    });

    it('Workspace RealTimeStatistics', async () => {
      const s = await srv.client.taskrouter.v1.workspaces(ws.sid).realTimeStatistics().fetch();
      const raw = rawLast();
      assert.deepEqual(Object.keys(raw).sort(), [
        'account_sid', 'activity_statistics', 'longest_task_waiting_age', 'longest_task_waiting_sid', 'tasks_by_priority',
        'tasks_by_status', 'total_tasks', 'total_workers', 'url', 'workspace_sid']);
      assert.equal(s.url, `${wsUrl(ws.sid)}/RealTimeStatistics`);
      assert.equal(s.accountSid, srv.env.accountSid);
      assert.equal(s.workspaceSid, ws.sid);
      assert.equal(s.totalWorkers, 1);
      assert.equal(s.totalTasks, 0);
      assert.equal(s.longestTaskWaitingAge, 0);
      assertWorkspaceRealtime(raw, order, counts);
      assertActivityStatistics(s.activityStatistics, order, counts, 'activityStatistics');
    });

    it('Workspace CumulativeStatistics', async () => {
      const s = await srv.client.taskrouter.v1.workspaces(ws.sid).cumulativeStatistics().fetch();
      const raw = rawLast();
      assertKeys(raw, [...WS_CUMULATIVE_KEYS, 'tasks_completed', ...WAIT_DURATIONS, 'account_sid', 'url', 'workspace_sid'],
        ['split_by_wait_time'], 'body');
      assert.equal(s.url, `${wsUrl(ws.sid)}/CumulativeStatistics`);
      assert.equal(s.accountSid, srv.env.accountSid);
      assert.equal(s.workspaceSid, ws.sid);
      for (const k of ['tasksCreated', 'tasksCanceled', 'tasksCompleted', 'tasksDeleted', 'tasksMoved', 'tasksTimedOutInWorkflow',
        'reservationsCreated', 'reservationsAccepted', 'avgTaskAcceptanceTime']) assert.equal(s[k], 0, k);
      assertWorkspaceCumulative(raw);
      assertWindow(s.startTime, s.endTime, undefined, undefined, 'window');
    });

    it('unknown Worker or Workspace: 404 / 20404', async () => {
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).workers(h.randomSid('WK')).statistics().fetch(), 404, 20404);
      const other = h.randomSid('WS');
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(other).workers.statistics().fetch(), 404, 20404);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(other).workers.cumulativeStatistics().fetch(), 404, 20404);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(other).workers.realTimeStatistics().fetch(), 404, 20404);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(other).statistics().fetch(), 404, 20404);
    });

    it('Minutes together with StartDate or EndDate: 400 / 20001', async () => {
      const now = new Date(Math.floor(srv.env.now() / 1000) * 1000);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).workers.cumulativeStatistics()
        .fetch({ minutes: 10, startDate: new Date(now.getTime() - 60000) }), 400, 20001);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(ws.sid).workers(wk.sid).statistics()
        .fetch({ minutes: 10, endDate: now }), 400, 20001);
    });
  });

  function assertWorkspaceRealtime(r, order, counts) {
    assert.equal(r.total_tasks, 0, 'total_tasks');
    assert.equal(r.longest_task_waiting_age, 0, 'longest_task_waiting_age');
    assert.equal(r.longest_task_waiting_sid ?? null, null, 'longest_task_waiting_sid: no Task waits');
    assert.ok(r.tasks_by_status && typeof r.tasks_by_status === 'object', 'tasks_by_status is an object');
    for (const k of ['pending', 'reserved', 'assigned', 'wrapping']) assert.equal(r.tasks_by_status[k], 0, `tasks_by_status.${k}`);
    for (const [k, v] of Object.entries(r.tasks_by_status)) assert.equal(v, 0, `tasks_by_status.${k}`);
    if ('tasks_by_priority' in r) assert.deepEqual(r.tasks_by_priority, {}, 'tasks_by_priority');
    assert.equal(r.total_workers, Object.values(counts).reduce((a, b) => a + b, 0), 'total_workers');
    assertActivityStatistics(r.activity_statistics, order, counts, 'activity_statistics');
  }

  function assertWorkspaceCumulative(c) {
    for (const k of [...RESERVATION_COUNTERS, ...TASK_COUNTERS, 'avg_task_acceptance_time']) assert.equal(c[k], 0, k);
    if ('tasks_completed' in c) assert.equal(c.tasks_completed, 0, 'tasks_completed');
    for (const k of WAIT_DURATIONS) {
      if (k in c) assert.deepEqual(c[k], { avg: 0, min: 0, max: 0, total: 0 }, k);
    }
    assert.match(c.start_time, h.ISO_SECONDS);
    assert.match(c.end_time, h.ISO_SECONDS);
    assertWindow(c.start_time, c.end_time, undefined, undefined, 'cumulative window');
  }

  describe('figures from a clock-driven timeline', { skip: NEEDS_CLOCK }, () => {
    // Seconds after t0:
    //   0  W created (Offline)
    //  60  W -> Available; W2 created in Available
    // 150  W2 -> Offline
    // 180  W -> Break
    // 210  W -> Available
    // 270  W -> Offline
    // 300  now
    let ws;
    let acts;
    let order;
    let t0;
    let w;
    let w2;
    const T = (s) => t0 + s * 1000;
    const workers = () => srv.client.taskrouter.v1.workspaces(ws.sid).workers;
    const workerStats = (sid, params) => workers()(sid).statistics().fetch(params);

    before(async () => {
      ({ ws, acts, order } = await createWorkspace('stats-timeline'));
      srv.env.advance(3600000);
      t0 = srv.env.now();
      assert.equal(t0 % 1000, 0, 'the timeline starts on a whole second');
    });

    it('realtime counts follow the Workers as they move', async () => {
      const realtime = async () => (await workers().realTimeStatistics().fetch()).activityStatistics;
      w = await workers().create({ friendlyName: 'W' });
      assertActivityStatistics(await realtime(), order, { Offline: 1, Unavailable: 0, Available: 0, Break: 0 }, 't=0');

      srv.env.setTime(T(60));
      await workers()(w.sid).update({ activitySid: acts.Available.sid });
      w2 = await workers().create({ friendlyName: 'W2', activitySid: acts.Available.sid });
      assertActivityStatistics(await realtime(), order, { Offline: 0, Unavailable: 0, Available: 2, Break: 0 }, 't=60');

      srv.env.setTime(T(150));
      await workers()(w2.sid).update({ activitySid: acts.Offline.sid });
      srv.env.setTime(T(180));
      await workers()(w.sid).update({ activitySid: acts.Break.sid });
      srv.env.setTime(T(190));
      const s = await workers().statistics().fetch();
      assert.equal(s.realtime.total_workers, 2);
      assertActivityStatistics(s.realtime.activity_statistics, order, { Offline: 1, Unavailable: 0, Available: 0, Break: 1 }, 't=190');
      const wsStats = await srv.client.taskrouter.v1.workspaces(ws.sid).realTimeStatistics().fetch();
      assert.equal(wsStats.totalWorkers, 2);
      assertActivityStatistics(wsStats.activityStatistics, order, { Offline: 1, Unavailable: 0, Available: 0, Break: 1 }, 'workspace t=190');

      srv.env.setTime(T(210));
      await workers()(w.sid).update({ activitySid: acts.Available.sid });
      srv.env.setTime(T(270));
      await workers()(w.sid).update({ activitySid: acts.Offline.sid });
      srv.env.setTime(T(300));
      const end = await workers().realTimeStatistics().fetch();
      assert.equal(end.totalWorkers, 2);
      assertActivityStatistics(end.activityStatistics, order, { Offline: 2, Unavailable: 0, Available: 0, Break: 0 }, 't=300');
    });

    it('one Worker, default window (last 15 minutes): every stint, the open one up to now', async () => {
      const s = await workerStats(w.sid);
      assertWindow(s.cumulative.start_time, s.cumulative.end_time, T(300) - 15 * 60000, T(300), 'W default');
      assertDurations(s.cumulative.activity_durations, order, {
        Offline: [30, 60, 45, 90],
        Available: [60, 120, 90, 180],
        Break: [30, 30, 30, 30],
      }, 'W default');
      const s2 = await workerStats(w2.sid);
      assertDurations(s2.cumulative.activity_durations, order, {
        Offline: [150, 150, 150, 150],
        Available: [90, 90, 90, 90],
      }, 'W2 default');
      assert.equal(s2.workerSid, w2.sid);
    });

    it('one Worker, Minutes=1 and Minutes=3: stints clipped to the window, those outside left out', async () => {
      let s = await workerStats(w.sid, { minutes: 1 });
      assertWindow(s.cumulative.start_time, s.cumulative.end_time, T(240), T(300), 'W Minutes=1');
      assertDurations(s.cumulative.activity_durations, order, {
        Offline: [30, 30, 30, 30],
        Available: [30, 30, 30, 30],
      }, 'W Minutes=1');
      s = await workerStats(w.sid, { minutes: 3 });
      assertWindow(s.cumulative.start_time, s.cumulative.end_time, T(120), T(300), 'W Minutes=3');
      assertDurations(s.cumulative.activity_durations, order, {
        Offline: [30, 30, 30, 30],
        Available: [60, 60, 60, 120],
        Break: [30, 30, 30, 30],
      }, 'W Minutes=3');
    });

    it('one Worker, StartDate and EndDate', async () => {
      const s = await workerStats(w.sid, { startDate: new Date(T(30)), endDate: new Date(T(200)) });
      assertWindow(s.cumulative.start_time, s.cumulative.end_time, T(30), T(200), 'W dates');
      assertDurations(s.cumulative.activity_durations, order, {
        Offline: [30, 30, 30, 30],
        Available: [120, 120, 120, 120],
        Break: [20, 20, 20, 20],
      }, 'W StartDate..EndDate');
      const x = srv.env.lastExchange();
      assert.equal(x.params.StartDate, h.isoSeconds(T(30)), 'the SDK sends ISO 8601 dates');

      const from = await workerStats(w.sid, { startDate: new Date(T(200)) });
      assertWindow(from.cumulative.start_time, from.cumulative.end_time, T(200), T(300), 'W StartDate only: up to now');
      assertDurations(from.cumulative.activity_durations, order, {
        Offline: [30, 30, 30, 30],
        Available: [60, 60, 60, 60],
        Break: [10, 10, 10, 10],
      }, 'W StartDate only');

      const before = await workerStats(w.sid, { startDate: new Date(T(-600)), endDate: new Date(T(-10)) });
      assertWindow(before.cumulative.start_time, before.cumulative.end_time, T(-600), T(-10), 'W before it existed');
      assertDurations(before.cumulative.activity_durations, order, {}, 'W before it existed: all 0');
    });

    it('all Workers (CumulativeStatistics and Statistics): min/max/avg over every stint of every Worker', async () => {
      const expectedDefault = {
        Offline: [30, 150, 80, 240],
        Available: [60, 120, 90, 270],
        Break: [30, 30, 30, 30],
      };
      const c = await workers().cumulativeStatistics().fetch();
      assertWindow(c.startTime, c.endTime, T(300) - 15 * 60000, T(300), 'all default');
      assertDurations(c.activityDurations, order, expectedDefault, 'all default');
      const s = await workers().statistics().fetch();
      assertDurations(s.cumulative.activity_durations, order, expectedDefault, 'Workers/Statistics default');
      assertWindow(s.cumulative.start_time, s.cumulative.end_time, T(300) - 15 * 60000, T(300), 'Workers/Statistics default');

      const byDates = await workers().cumulativeStatistics().fetch({ startDate: new Date(T(30)), endDate: new Date(T(200)) });
      assertWindow(byDates.startTime, byDates.endTime, T(30), T(200), 'all dates');
      assertDurations(byDates.activityDurations, order, {
        Offline: [30, 50, 40, 80],
        Available: [90, 120, 105, 210],
        Break: [20, 20, 20, 20],
      }, 'all StartDate..EndDate');
      const s2 = await workers().statistics().fetch({ startDate: new Date(T(30)), endDate: new Date(T(200)) });
      assert.deepEqual(s2.cumulative.activity_durations, byDates.activityDurations, 'Workers/Statistics agrees');

      const lastMinute = await workers().cumulativeStatistics().fetch({ minutes: 1 });
      assertWindow(lastMinute.startTime, lastMinute.endTime, T(240), T(300), 'all Minutes=1');
      assertDurations(lastMinute.activityDurations, order, {
        Offline: [30, 60, 45, 90],
        Available: [30, 30, 30, 30],
      }, 'all Minutes=1');
    });

    it('time moves on: the open stints grow, the window slides', async () => {
      srv.env.setTime(T(300) + 15 * 60000 + 45000); // 15 min 45 s later: the window starts at t = 345
      const s = await workerStats(w.sid);
      assertWindow(s.cumulative.start_time, s.cumulative.end_time, T(345), T(1245), 'W later');
      assertDurations(s.cumulative.activity_durations, order, { Offline: [900, 900, 900, 900] }, 'W later');
      const c = await workers().cumulativeStatistics().fetch();
      assertDurations(c.activityDurations, order, { Offline: [900, 900, 900, 1800] }, 'all later');
    });

    it('a deleted Worker no longer counts in the realtime figures', async () => {
      await workers()(w2.sid).remove();
      const rt = await workers().realTimeStatistics().fetch();
      assert.equal(rt.totalWorkers, 1);
      assertActivityStatistics(rt.activityStatistics, order, { Offline: 1, Unavailable: 0, Available: 0, Break: 0 }, 'after delete');
      const wsRt = await srv.client.taskrouter.v1.workspaces(ws.sid).realTimeStatistics().fetch();
      assert.equal(wsRt.totalWorkers, 1);
      await h.expectRestError(workers()(w2.sid).statistics().fetch(), 404, 20404);
    });
  });
});
