'use strict';
// Assignment callbacks: a Workflow with an AssignmentCallbackUrl gets a signed, form-encoded POST
// for every Reservation it makes, and the JSON the receiver answers is carried out: here `accept`
// (the Task is assigned), then `reject` with an `activity_sid` (the Worker moves there and the Task
// waits again). The receiver is an HTTP server of the test's own on 127.0.0.1.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const h = require('./server');

const DOCUMENTED_PARAMS = [
  'AccountSid', 'ReservationSid', 'TaskAge', 'TaskAttributes', 'TaskPriority', 'TaskQueueSid', 'TaskSid',
  'Timestamp', 'WorkerAttributes', 'WorkerSid', 'WorkflowSid', 'WorkspaceSid',
];

// Records each POST (decoded form parameters and headers) and answers 200 with `answer` as JSON.
class AssignmentReceiver {
  constructor() {
    this.requests = [];
    this.answer = {};
  }

  async listen() {
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        this.requests.push({ path: req.url, headers: req.headers, params });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(this.answer));
      });
    });
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path) {
    return `http://127.0.0.1:${this.server.address().port}${path}`;
  }

  async close() {
    await new Promise((resolve) => {
      this.server.close(resolve);
      this.server.closeAllConnections();
    });
  }
}

describe('assignment callbacks', { skip: h.EXTERNAL && 'Tasks and Reservations are not part of the contract run yet' }, () => {
  const srv = h.lifecycle({});
  let receiver;
  let ws;
  let acts;
  let queue;
  let worker;
  let callbackUrl;

  before(async () => {
    receiver = await new AssignmentReceiver().listen();
    callbackUrl = receiver.url('/assign?app=sdk');
    ws = await srv.client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('assignment callbacks') });
    srv.cleanup.push(ws.sid);
    const w = srv.client.taskrouter.v1.workspaces(ws.sid);
    acts = Object.fromEntries((await w.activities.list()).map((a) => [a.friendlyName, a]));
    queue = await w.taskQueues.create({ friendlyName: 'Support', targetWorkers: '1==1' });
    worker = await w.workers.create({ friendlyName: 'Alice', activitySid: acts.Available.sid, attributes: '{"skill":"en"}' });
    await w.workflows.create({
      friendlyName: 'Assign',
      assignmentCallbackUrl: callbackUrl,
      configuration: JSON.stringify({ task_routing: { default_filter: { queue: queue.sid } } }),
    });
  });

  after(async () => {
    if (receiver) await receiver.close();
  });

  // Creates a Task and waits until its first Reservation is no longer pending; returns both.
  async function routeOne(attributes) {
    const w = srv.client.taskrouter.v1.workspaces(ws.sid);
    const task = await w.tasks.create({ attributes: JSON.stringify(attributes), priority: 3 });
    const reservation = await h.waitFor(async () => {
      const list = await w.tasks(task.sid).reservations.list();
      return list.length > 0 && list[0].reservationStatus !== 'pending' ? list[0] : null;
    }, { what: `the Reservation of Task ${task.sid} to be answered by the callback` });
    return { task, reservation };
  }

  // The callback of Reservation `sid`, checked for its parameters and its signature.
  function assertCallback(sid, task) {
    const req = receiver.requests.find((r) => r.params.ReservationSid === sid);
    assert.ok(req, `a callback for Reservation ${sid}`);
    assert.equal(req.path, '/assign?app=sdk');
    assert.match(String(req.headers['content-type']), /^application\/x-www-form-urlencoded/);
    for (const name of DOCUMENTED_PARAMS) assert.ok(name in req.params, `parameter ${name}`);
    assert.equal(req.params.AccountSid, srv.env.accountSid);
    assert.equal(req.params.WorkspaceSid, ws.sid);
    assert.equal(req.params.TaskQueueSid, queue.sid);
    assert.equal(req.params.WorkerSid, worker.sid);
    assert.equal(req.params.WorkerAttributes, '{"skill":"en"}');
    assert.equal(req.params.TaskSid, task.sid);
    assert.equal(req.params.TaskAttributes, task.attributes);
    assert.equal(req.params.TaskPriority, '3');
    const signature = req.headers['x-twilio-signature'];
    assert.equal(h.twilio.validateRequest(srv.env.authToken, signature, callbackUrl, req.params), true,
      'twilio.validateRequest accepts the signature');
  }

  it('accept: the Reservation is accepted and the Task assigned', async () => {
    receiver.answer = { instruction: 'accept' };
    const { task, reservation } = await routeOne({ case: 'accept' });
    assert.equal(reservation.reservationStatus, 'accepted');
    const fetched = await srv.client.taskrouter.v1.workspaces(ws.sid).tasks(task.sid).fetch();
    assert.equal(fetched.assignmentStatus, 'assigned');
    assertCallback(reservation.sid, task);
    await srv.client.taskrouter.v1.workspaces(ws.sid).tasks(task.sid).update({ assignmentStatus: 'completed' });
  });

  it('reject with activity_sid: the Worker moves there and the Task waits again', async () => {
    receiver.answer = { instruction: 'reject', activity_sid: acts.Offline.sid };
    const { task, reservation } = await routeOne({ case: 'reject' });
    assert.equal(reservation.reservationStatus, 'rejected');
    const w = srv.client.taskrouter.v1.workspaces(ws.sid);
    assert.equal((await w.workers(worker.sid).fetch()).activitySid, acts.Offline.sid);
    assert.equal((await w.tasks(task.sid).fetch()).assignmentStatus, 'pending');
    assertCallback(reservation.sid, task);
  });
});
