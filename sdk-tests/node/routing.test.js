'use strict';
// Routing through the official `twilio` Node library: Tasks created under a Workflow reach a
// Worker as Reservations, which the Worker accepts, rejects or lets time out, and the Worker's
// Activity after every step. Each scenario makes a Workspace of its own ("a desk"): one TaskQueue
// with a ReservationActivity ("Reserved") and an AssignmentActivity ("Busy"), a Workflow sending
// every Task there, the Workspace's TimeoutActivity set to "Missed", and one Worker, Alice.
//
// Locally the server runs on a clock file, which the reservation timeout test moves past the
// Workflow's TaskReservationTimeout (lowered to 1 s for it); through Prism (external mode) the
// real clock runs and that test waits the one second out instead. Either way the server's routing timer (every
// 50 ms) ends the Reservation, so the test polls for it.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

const SID_WT = /^WT[0-9a-f]{32}$/;
const SID_WR = /^WR[0-9a-f]{32}$/;
// The desks' Workflow keeps Twilio's default; the timeout test lowers it to the minimum.
const DEFAULT_RESERVATION_TIMEOUT_S = 120;
const SHORT_RESERVATION_TIMEOUT_S = 1;

describe('routing', () => {
  const srv = h.lifecycle({ clock: true });
  const { cleanup, tick } = srv;

  // Makes a desk; `multitask` sets the Workspace's MultiTaskEnabled. Returns the SIDs and helpers
  // every scenario uses.
  async function desk(name, { multitask = false } = {}) {
    const ws = await srv.client.taskrouter.v1.workspaces.create({
      friendlyName: h.uniqueName(`routing-${name}`), multiTaskEnabled: multitask,
    });
    cleanup.push(ws.sid);
    const api = srv.client.taskrouter.v1.workspaces(ws.sid);
    const activities = Object.fromEntries((await api.activities.list()).map((a) => [a.friendlyName, a.sid]));
    for (const friendlyName of ['Reserved', 'Busy', 'Missed']) {
      activities[friendlyName] = (await api.activities.create({ friendlyName, available: false })).sid;
    }
    await api.update({ timeoutActivitySid: activities.Missed });
    const queue = await api.taskQueues.create({
      friendlyName: 'Support', reservationActivitySid: activities.Reserved, assignmentActivitySid: activities.Busy,
    });
    const workflow = await api.workflows.create({
      friendlyName: 'Inbound', taskReservationTimeout: DEFAULT_RESERVATION_TIMEOUT_S,
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: queue.sid } } }),
    });
    const worker = await api.workers.create({ friendlyName: 'Alice', activitySid: activities.Available });

    const d = {
      ws, api, activities, queue, workflow, worker,
      // Creates a Task under the desk's Workflow.
      task: (params = {}) => api.tasks.create({ workflowSid: workflow.sid, attributes: '{"type":"support"}', ...params }),
      fetchTask: (sid) => api.tasks(sid).fetch(),
      taskReservations: (taskSid, params = {}) => api.tasks(taskSid).reservations.list(params),
      workerReservations: (params = {}) => api.workers(worker.sid).reservations.list(params),
      // The Task's only Reservation (it must have exactly one).
      async reservationOf(taskSid) {
        const list = await d.taskReservations(taskSid);
        assert.equal(list.length, 1, `Task ${taskSid} has one Reservation`);
        return list[0];
      },
      // Asserts the Worker's Activity, as a fetch shows it, after the step `step`.
      async expectActivity(name, step) {
        const w = await api.workers(worker.sid).fetch();
        assert.equal(w.activityName, name, `Worker's Activity after ${step}`);
        assert.equal(w.activitySid, activities[name], `Worker's activitySid after ${step}`);
      },
      async expectTask(sid, status, step) {
        assert.equal((await d.fetchTask(sid)).assignmentStatus, status, `Task status after ${step}`);
      },
    };
    await d.expectActivity('Available', 'the Worker was created');
    return d;
  }

  it('single-tasking: reserved, accepted, completed, then a Reservation that times out', async () => {
    const d = await desk('single');

    const first = await d.task();
    assert.equal(first.assignmentStatus, 'reserved', 'a Task routed at once to an available Worker');
    const r1 = await d.reservationOf(first.sid);
    assert.equal(r1.reservationStatus, 'pending');
    await d.expectActivity('Reserved', 'the reservation (the queue\'s ReservationActivity)');

    const accepted = await d.api.tasks(first.sid).reservations(r1.sid).update({ reservationStatus: 'accepted' });
    assert.equal(accepted.reservationStatus, 'accepted');
    await d.expectTask(first.sid, 'assigned', 'accept');
    await d.expectActivity('Busy', 'accept (the queue\'s AssignmentActivity)');

    const done = await d.api.tasks(first.sid).update({ assignmentStatus: 'completed', reason: 'resolved' });
    assert.equal(done.assignmentStatus, 'completed');
    assert.equal(done.reason, 'resolved');
    assert.equal((await d.reservationOf(first.sid)).reservationStatus, 'completed');
    await d.expectActivity('Busy', 'the Task completed (completing does not move the Worker)');

    await d.api.workers(d.worker.sid).update({ activitySid: d.activities.Available });
    await d.expectActivity('Available', 'the Worker made itself available again');

    const shortened = await d.api.workflows(d.workflow.sid).update({ taskReservationTimeout: SHORT_RESERVATION_TIMEOUT_S });
    assert.equal(shortened.taskReservationTimeout, SHORT_RESERVATION_TIMEOUT_S);
    const second = await d.task();
    assert.equal(second.assignmentStatus, 'reserved');
    const r2 = await d.reservationOf(second.sid);
    assert.equal(r2.reservationStatus, 'pending');
    await d.expectActivity('Reserved', 'the second reservation');

    tick((SHORT_RESERVATION_TIMEOUT_S + 1) * 1000); // with the real clock: wait the timeout out below
    const timedOut = await h.waitFor(async () => {
      const r = await d.api.tasks(second.sid).reservations(r2.sid).fetch();
      return r.reservationStatus === 'timeout' && r;
    }, { timeoutMs: 5000, what: `Reservation ${r2.sid} to time out` });
    assert.equal(timedOut.workerSid, d.worker.sid);
    await d.expectActivity('Missed', 'the timeout (the Workspace\'s TimeoutActivity)');
    await d.expectTask(second.sid, 'pending', 'the timeout (no available Worker left)');
  });

  it('multitasking: chat capacity 3 takes three Tasks; the fourth waits for a free slot', async () => {
    const d = await desk('multi', { multitask: true });
    const chat = (await d.api.workers(d.worker.sid).workerChannels.list())
      .find((c) => c.taskChannelUniqueName === 'chat');
    await d.api.workers(d.worker.sid).workerChannels(chat.sid).update({ capacity: 3 });
    await d.expectActivity('Available', 'the chat capacity became 3');

    const tasks = [];
    for (let i = 1; i <= 3; i += 1) {
      const t = await d.task({ taskChannel: 'chat' });
      assert.equal(t.assignmentStatus, 'reserved', `chat Task ${i} is reserved`);
      tasks.push(t);
      await d.expectActivity('Available', `chat Task ${i} reserved (no Activity moves when multitasking)`);
    }
    let pending = await d.workerReservations({ reservationStatus: 'pending' });
    assert.deepEqual(pending.map((r) => r.taskSid).sort(), tasks.map((t) => t.sid).sort(), 'three pending Reservations');

    const fourth = await d.task({ taskChannel: 'chat' });
    assert.equal(fourth.assignmentStatus, 'pending', 'the fourth chat Task finds no capacity left');
    assert.deepEqual(await d.taskReservations(fourth.sid), []);
    await d.expectActivity('Available', 'the fourth Task was created');

    const r1 = pending.find((r) => r.taskSid === tasks[0].sid);
    await d.api.workers(d.worker.sid).reservations(r1.sid).update({ reservationStatus: 'accepted' });
    await d.expectTask(tasks[0].sid, 'assigned', 'accept');
    await d.expectTask(fourth.sid, 'pending', 'accept (an accepted Task still takes its slot)');
    await d.expectActivity('Available', 'accept');

    await d.api.tasks(tasks[0].sid).update({ assignmentStatus: 'completed', reason: 'answered' });
    await d.expectTask(fourth.sid, 'reserved', 'the first Task completed (its slot is free)');
    const r4 = await d.reservationOf(fourth.sid);
    assert.equal(r4.reservationStatus, 'pending');
    assert.equal(r4.workerSid, d.worker.sid);
    pending = await d.workerReservations({ reservationStatus: 'pending' });
    assert.deepEqual(pending.map((r) => r.taskSid).sort(), [tasks[1].sid, tasks[2].sid, fourth.sid].sort());
    await d.expectActivity('Available', 'the fourth Task reserved');
  });

  it('reject with WorkerActivitySid moves the Worker there; the Task goes back to pending', async () => {
    const d = await desk('reject');
    const t = await d.task();
    const r = await d.reservationOf(t.sid);
    await d.expectActivity('Reserved', 'the reservation');

    const rejected = await d.api.workers(d.worker.sid).reservations(r.sid).update({
      reservationStatus: 'rejected', workerActivitySid: d.activities.Unavailable,
    });
    assert.equal(rejected.reservationStatus, 'rejected');
    await d.expectActivity('Unavailable', 'reject with WorkerActivitySid');
    await d.expectTask(t.sid, 'pending', 'reject');
    assert.equal((await d.reservationOf(t.sid)).reservationStatus, 'rejected');
  });

  it('a Worker update to Offline with RejectPendingReservations rejects its pending Reservation', async () => {
    const d = await desk('reject-pending');
    const t = await d.task();
    const r = await d.reservationOf(t.sid);
    await d.expectActivity('Reserved', 'the reservation');

    const w = await d.api.workers(d.worker.sid).update({ activitySid: d.activities.Offline, rejectPendingReservations: true });
    assert.equal(w.activityName, 'Offline');
    await d.expectActivity('Offline', 'the update to Offline');
    assert.equal((await d.api.tasks(t.sid).reservations(r.sid).fetch()).reservationStatus, 'rejected');
    await d.expectTask(t.sid, 'pending', 'the pending Reservation was rejected');
    assert.deepEqual(await d.workerReservations({ reservationStatus: 'pending' }), []);
  });

  it('cancel a pending and a reserved Task; an assigned one is refused', async () => {
    const d = await desk('cancel');
    await d.api.workers(d.worker.sid).update({ activitySid: d.activities.Offline });
    await d.expectActivity('Offline', 'the Worker went Offline');

    const waiting = await d.task();
    assert.equal(waiting.assignmentStatus, 'pending', 'no Worker is available');
    const canceled = await d.api.tasks(waiting.sid).update({ assignmentStatus: 'canceled', reason: 'caller hung up' });
    assert.equal(canceled.assignmentStatus, 'canceled');
    assert.equal(canceled.reason, 'caller hung up');
    await d.expectActivity('Offline', 'the pending Task was canceled');

    await d.api.workers(d.worker.sid).update({ activitySid: d.activities.Available });
    await d.expectActivity('Available', 'the Worker became available (the canceled Task is not routed)');
    assert.deepEqual(await d.workerReservations(), []);

    const reserved = await d.task();
    const r = await d.reservationOf(reserved.sid);
    await d.expectActivity('Reserved', 'the reservation');
    const canceled2 = await d.api.tasks(reserved.sid).update({ assignmentStatus: 'canceled' });
    assert.equal(canceled2.assignmentStatus, 'canceled');
    assert.equal((await d.api.workers(d.worker.sid).reservations(r.sid).fetch()).reservationStatus, 'canceled');
    await d.expectActivity('Available', 'the reserved Task was canceled (back to the Activity before the reservation)');

    const assigned = await d.task();
    const r3 = await d.reservationOf(assigned.sid);
    await d.api.tasks(assigned.sid).reservations(r3.sid).update({ reservationStatus: 'accepted' });
    await d.expectActivity('Busy', 'accept');
    const err = await h.expectRestError(d.api.tasks(assigned.sid).update({ assignmentStatus: 'canceled' }), 400, 20001);
    assert.equal(err.message, `Cannot cancel task ${assigned.sid} in workspace ${d.ws.sid} for account ` +
      `${srv.env.accountSid} because it is not pending or reserved.`);
    await d.expectTask(assigned.sid, 'assigned', 'the refused cancel');
    assert.equal((await d.reservationOf(assigned.sid)).reservationStatus, 'accepted');
    await d.expectActivity('Busy', 'the refused cancel');
  });

  it('Task and Reservation fields, and the Reservations of a Task and of a Worker', async () => {
    const d = await desk('fields');
    await d.api.workers(d.worker.sid).update({ activitySid: d.activities.Offline });
    await d.expectActivity('Offline', 'the Worker went Offline');

    const attributes = JSON.stringify({ type: 'support', customer: { name: 'Bob' } });
    const createdAt = srv.env.now();
    const t = await d.task({ attributes, priority: 5, taskChannel: 'voice', timeout: 3600 });
    const afterCreate = srv.env.now();
    assert.match(t.sid, SID_WT);
    assert.equal(t.accountSid, srv.env.accountSid);
    assert.equal(t.workspaceSid, d.ws.sid);
    assert.equal(t.assignmentStatus, 'pending');
    assert.equal(t.taskQueueSid, d.queue.sid);
    assert.equal(t.taskQueueFriendlyName, 'Support');
    assert.equal(t.workflowSid, d.workflow.sid);
    assert.equal(t.workflowFriendlyName, 'Inbound');
    assert.equal(t.taskChannelUniqueName, 'voice');
    assert.match(t.taskChannelSid, /^TC[0-9a-f]{32}$/);
    assert.equal(t.priority, 5);
    assert.equal(t.timeout, 3600);
    assert.equal(t.attributes, attributes);
    assert.equal(t.reason, null);
    assert.equal(t.age, 0);
    h.assertServerDate(srv.env, t.dateCreated, createdAt, afterCreate, 'dateCreated');
    h.assertServerDate(srv.env, t.dateUpdated, createdAt, afterCreate, 'dateUpdated');
    h.assertServerDate(srv.env, t.taskQueueEnteredDate, createdAt, afterCreate, 'taskQueueEnteredDate');
    h.assertServerDate(srv.env, t.virtualStartTime, createdAt, afterCreate, 'virtualStartTime');
    const taskUrl = `${srv.env.baseUrl}/v1/Workspaces/${d.ws.sid}/Tasks/${t.sid}`;
    assert.equal(t.url, taskUrl);
    assert.equal(t.links.reservations, `${taskUrl}/Reservations`);
    await d.expectActivity('Offline', 'the Task was created');

    tick(7000);
    const fetched = await d.fetchTask(t.sid);
    if (srv.env.clock) assert.equal(fetched.age, 7, 'age: seconds since the Task was created');
    else assert.ok(fetched.age >= 0 && fetched.age <= 2, `age ${fetched.age}`);
    assert.deepEqual(fetched.dateCreated, t.dateCreated);

    await d.api.workers(d.worker.sid).update({ activitySid: d.activities.Available });
    await d.expectActivity('Reserved', 'the Worker became available and got the Task');
    const viaTask = await d.taskReservations(t.sid);
    const viaWorker = await d.workerReservations();
    assert.equal(viaTask.length, 1);
    assert.deepEqual(viaWorker.map((r) => r.sid), viaTask.map((r) => r.sid), 'both lists show the same Reservation');
    const r = viaTask[0];
    assert.match(r.sid, SID_WR);
    assert.equal(r.reservationStatus, 'pending');
    assert.equal(r.workerSid, d.worker.sid);
    assert.equal(r.workerName, 'Alice');
    assert.equal(r.taskSid, t.sid);
    assert.equal(r.accountSid, srv.env.accountSid);
    assert.equal(r.workspaceSid, d.ws.sid);
    assert.equal(r.url, `${taskUrl}/Reservations/${r.sid}`);
    assert.equal(viaWorker[0].url, `${srv.env.baseUrl}/v1/Workspaces/${d.ws.sid}/Workers/${d.worker.sid}/Reservations/${r.sid}`);
    assert.equal((await d.api.workers(d.worker.sid).reservations(r.sid).fetch()).taskSid, t.sid);
    assert.equal((await d.fetchTask(t.sid)).assignmentStatus, 'reserved');

    assert.deepEqual((await d.taskReservations(t.sid, { reservationStatus: 'accepted' })).map((x) => x.sid), []);
    await d.api.tasks(t.sid).reservations(r.sid).update({ reservationStatus: 'accepted' });
    await d.expectActivity('Busy', 'accept');
    assert.deepEqual((await d.taskReservations(t.sid, { reservationStatus: 'accepted' })).map((x) => x.sid), [r.sid]);
    assert.deepEqual((await d.workerReservations({ reservationStatus: 'accepted' })).map((x) => x.sid), [r.sid]);

    const wrapping = await d.api.tasks(t.sid).update({ assignmentStatus: 'wrapping', reason: 'wrapping up' });
    assert.equal(wrapping.assignmentStatus, 'wrapping');
    await d.expectActivity('Busy', 'wrapping');
    const done = await d.api.tasks(t.sid).update({ assignmentStatus: 'completed', reason: 'resolved' });
    assert.equal(done.assignmentStatus, 'completed');
    assert.equal(done.reason, 'resolved');
    assert.equal((await d.api.workers(d.worker.sid).reservations(r.sid).fetch()).reservationStatus, 'completed');
    await d.expectActivity('Busy', 'the Task completed');
  });
});
