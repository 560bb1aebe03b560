'use strict';
// TaskQueues through the official `twilio` Node library: the calls of Twilio's TaskQueue page
// (create, fetch, list with its filters, update, remove) with every field checked, the Workers
// list by TaskQueue, the TaskQueue statistics, and the errors.
//
// Locally the server runs on a clock file, so every date is checked to the second; through Prism
// (external mode) the real clock runs and the requests Prism itself refuses are skipped.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

const SID_WQ = /^WQ[0-9a-f]{32}$/;
const PRISM_REFUSES = h.EXTERNAL && 'Prism refuses the request itself before the server sees it';
const TASK_QUEUE_KEYS = [
  'account_sid', 'assignment_activity_name', 'assignment_activity_sid', 'date_created', 'date_updated',
  'friendly_name', 'links', 'max_reserved_workers', 'reservation_activity_name', 'reservation_activity_sid',
  'sid', 'target_workers', 'task_order', 'url', 'workspace_sid',
];

describe('TaskQueue resource', () => {
  const srv = h.lifecycle({ clock: true });
  const { cleanup, tick, timed } = srv;
  let ws;
  let activities;  // by name
  let created;
  let createdWhen;
  const taskQueues = () => srv.client.taskrouter.v1.workspaces(ws.sid).taskQueues;
  const wsUrl = () => `${srv.env.baseUrl}/v1/Workspaces/${ws.sid}`;

  // Checks every field of a TaskQueue; `e`: {sid?, name, target, maxReserved, order, reservation,
  // assignment (Activity names or null), created, updated}.
  function assertQueue(q, e) {
    assert.equal(q.accountSid, srv.env.accountSid, 'accountSid');
    assert.equal(q.workspaceSid, ws.sid, 'workspaceSid');
    assert.match(q.sid, SID_WQ);
    if (e.sid) assert.equal(q.sid, e.sid, 'sid');
    assert.equal(q.friendlyName, e.name, 'friendlyName');
    assert.equal(q.targetWorkers, e.target, 'targetWorkers');
    assert.equal(q.maxReservedWorkers, e.maxReserved, 'maxReservedWorkers');
    assert.equal(q.taskOrder, e.order, 'taskOrder');
    h.assertServerDate(srv.env, q.dateCreated, ...e.created, 'dateCreated');
    h.assertServerDate(srv.env, q.dateUpdated, ...e.updated, 'dateUpdated');
    const url = `${wsUrl()}/TaskQueues/${q.sid}`;
    assert.equal(q.url, url, 'url');
    const links = {
      workspace: wsUrl(),
      statistics: `${url}/Statistics`,
      real_time_statistics: `${url}/RealTimeStatistics`,
      cumulative_statistics: `${url}/CumulativeStatistics`,
      list_statistics: `${wsUrl()}/TaskQueues/Statistics`,
      bulk_real_time_statistics: `${wsUrl()}/TaskQueues/RealTimeStatistics`,
    };
    for (const [field, name] of [['reservation', e.reservation], ['assignment', e.assignment]]) {
      const sid = name === null ? null : activities[name].sid;
      assert.equal(q[`${field}ActivitySid`], sid, `${field}ActivitySid`);
      assert.equal(q[`${field}ActivityName`], name, `${field}ActivityName`);
      if (sid) links[`${field}_activity`] = `${wsUrl()}/Activities/${sid}`;
    }
    assert.deepEqual(q.links, links, 'links');
  }

  before(async () => {
    ws = await srv.client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('task-queues') });
    cleanup.push(ws.sid);
    activities = Object.fromEntries(
      (await srv.client.taskrouter.v1.workspaces(ws.sid).activities.list()).map((a) => [a.friendlyName, a]));
    tick(60000);
  });

  it('create a TaskQueue with the defaults', async () => {
    ({ result: created, when: createdWhen } = await timed(() => taskQueues().create({
      friendlyName: 'English', targetWorkers: 'languages HAS "english"',
    })));
    assertQueue(created, {
      name: 'English', target: 'languages HAS "english"', maxReserved: 1, order: 'FIFO',
      reservation: null, assignment: null, created: createdWhen, updated: createdWhen,
    });
    const x = srv.env.lastExchange();
    assert.equal(x.statusCode, 201);
    assert.deepEqual(Object.keys(h.jsonBody(x)).sort(), TASK_QUEUE_KEYS);
  });

  it('fetch it', async () => {
    const q = await taskQueues()(created.sid).fetch();
    assertQueue(q, {
      sid: created.sid, name: 'English', target: 'languages HAS "english"', maxReserved: 1, order: 'FIFO',
      reservation: null, assignment: null, created: createdWhen, updated: createdWhen,
    });
  });

  it('update every field', async () => {
    tick(5000);
    const { result: q, when } = await timed(() => taskQueues()(created.sid).update({
      friendlyName: 'French', targetWorkers: "languages HAS 'fr'", maxReservedWorkers: 50, taskOrder: 'LIFO',
      reservationActivitySid: activities.Unavailable.sid, assignmentActivitySid: activities.Offline.sid,
    }));
    assertQueue(q, {
      sid: created.sid, name: 'French', target: "languages HAS 'fr'", maxReserved: 50, order: 'LIFO',
      reservation: 'Unavailable', assignment: 'Offline', created: createdWhen, updated: when,
    });
    const again = await taskQueues()(created.sid).fetch();
    assert.equal(again.friendlyName, 'French', 'the update is stored');
  });

  it('list with FriendlyName, EvaluateWorkerAttributes, WorkerSid and Ordering', async () => {
    await taskQueues().create({ friendlyName: 'Everyone' });
    tick(1000);
    const worker = await srv.client.taskrouter.v1.workspaces(ws.sid).workers.create({
      friendlyName: h.uniqueName('Alice'), attributes: JSON.stringify({ languages: ['en'] }),
    });
    const names = async (params) => (await taskQueues().list(params)).map((q) => q.friendlyName);
    assert.deepEqual(await names({}), ['French', 'Everyone']);
    const raw = h.jsonBody(srv.env.lastExchange());
    assert.equal(raw.meta.key, 'task_queues');
    assert.deepEqual(Object.keys(raw.task_queues[0]).sort(), TASK_QUEUE_KEYS);
    assert.deepEqual(await names({ friendlyName: 'Everyone' }), ['Everyone']);
    assert.deepEqual(await names({ evaluateWorkerAttributes: JSON.stringify({ languages: ['fr'] }) }),
      ['French', 'Everyone']);
    assert.deepEqual(await names({ workerSid: worker.sid }), ['Everyone']);
    assert.deepEqual(await names({ ordering: 'DateCreated:desc' }), ['Everyone', 'French']);
    assert.deepEqual(await names({ pageSize: 1 }), ['French', 'Everyone'], 'list follows next_page_url');
  });

  it('Workers eligible for a TaskQueue', async () => {
    const workers = srv.client.taskrouter.v1.workspaces(ws.sid).workers;
    const bob = await workers.create({ friendlyName: h.uniqueName('Bob'), attributes: JSON.stringify({ languages: ['fr'] }) });
    const listed = await workers.list({ taskQueueSid: created.sid });
    assert.deepEqual(listed.map((w) => w.sid), [bob.sid]);
    const byName = await workers.list({ taskQueueName: 'French' });
    assert.deepEqual(byName.map((w) => w.sid), [bob.sid]);
  });

  it('refuses a duplicate name, a bad expression and a foreign Activity', async () => {
    let err = await h.expectRestError(taskQueues().create({ friendlyName: 'french' }), 400, 20001);
    assert.match(err.message, new RegExp(`TaskQueue named french already exists for workspace ${ws.sid}`));
    err = await h.expectRestError(taskQueues().create({ friendlyName: 'X', targetWorkers: 'a == 1 AND' }), 400, 20001);
    assert.match(err.message, /Invalid TargetWorkers "a == 1 AND": .* at position 11/);
    err = await h.expectRestError(taskQueues()(created.sid).update({
      reservationActivitySid: h.randomSid('WA'),
    }), 400, 20001);
    assert.match(err.message, /ReservationActivitySid WA[0-9a-f]{32} is not an Activity of workspace/);
    await h.expectRestError(taskQueues()(h.randomSid('WQ')).fetch(), 404, 20404);
    assert.equal((await taskQueues().list()).length, 2, 'nothing was created');
  });

  it('refuses MaxReservedWorkers outside 1..50 and an unknown TaskOrder', { skip: PRISM_REFUSES }, async () => {
    let err = await h.expectRestError(taskQueues().create({ friendlyName: 'X', maxReservedWorkers: 51 }), 400, 20001);
    assert.match(err.message, /MaxReservedWorkers must be between 1 and 50, not 51/);
    err = await h.expectRestError(taskQueues().create({ friendlyName: 'X', taskOrder: 'RANDOM' }), 400, 20001);
    assert.match(err.message, /TaskOrder must be FIFO or LIFO/);
  });

  it('an Activity a TaskQueue uses cannot be removed', async () => {
    const err = await h.expectRestError(
      srv.client.taskrouter.v1.workspaces(ws.sid).activities(activities.Unavailable.sid).remove(), 400, 20001);
    assert.match(err.message, new RegExp(`TaskQueue ${created.sid} \\(French\\) uses it as its reservation activity`));
  });

  it('statistics: Workers counted by TargetWorkers, Task figures zero', async () => {
    const queue = taskQueues()(created.sid);
    const rt = await queue.realTimeStatistics().fetch();
    assert.equal(rt.taskQueueSid, created.sid);
    assert.equal(rt.workspaceSid, ws.sid);
    assert.equal(rt.accountSid, srv.env.accountSid);
    assert.equal(rt.totalEligibleWorkers, 1, 'Bob speaks French');
    assert.equal(rt.totalAvailableWorkers, 0, 'Bob is Offline');
    assert.equal(rt.totalTasks, 0);
    assert.equal(rt.longestTaskWaitingSid, null);
    assert.deepEqual(rt.tasksByStatus, { assigned: 0, pending: 0, reserved: 0, wrapping: 0 });
    assert.deepEqual(rt.activityStatistics.map((a) => [a.friendly_name, a.workers]),
      [['Offline', 1], ['Unavailable', 0], ['Available', 0]]);
    assert.equal(rt.url, `${wsUrl()}/TaskQueues/${created.sid}/RealTimeStatistics`);

    const cu = await queue.cumulativeStatistics().fetch({ minutes: 60 });
    assert.equal(cu.taskQueueSid, created.sid);
    assert.equal(cu.tasksEntered, 0);
    assert.equal(cu.reservationsAccepted, 0);
    assert.deepEqual(cu.waitDurationInQueueUntilAccepted, { avg: 0, min: 0, max: 0, total: 0 });
    assert.equal(cu.url, `${wsUrl()}/TaskQueues/${created.sid}/CumulativeStatistics`);

    const both = await queue.statistics().fetch();
    assert.equal(both.realtime.total_eligible_workers, 1);
    assert.equal(both.cumulative.tasks_entered, 0);
    assert.equal(both.url, `${wsUrl()}/TaskQueues/${created.sid}/Statistics`);

    const listed = await taskQueues().statistics.list();
    assert.deepEqual(listed.map((q) => [q.taskQueueSid, q.realtime.total_eligible_workers]),
      [[created.sid, 1], [listed[1].taskQueueSid, 2]]);
    assert.equal(h.jsonBody(srv.env.lastExchange()).meta.key, 'task_queues_statistics');
    await h.expectRestError(taskQueues()(h.randomSid('WQ')).realTimeStatistics().fetch(), 404, 20404);
  });

  it('remove it', async () => {
    assert.equal(await taskQueues()(created.sid).remove(), true);
    assert.equal(srv.env.lastExchange().statusCode, 204);
    await h.expectRestError(taskQueues()(created.sid).fetch(), 404, 20404);
    assert.deepEqual((await taskQueues().list()).map((q) => q.friendlyName), ['Everyone']);
  });
});
