'use strict';
// Event callbacks: a Workspace with an EventCallbackUrl gets every Event (that passes its
// EventsFilter) POSTed there, form-encoded, signed with X-Twilio-Signature, in Event order, and
// retried with back-off until the receiver takes it, across a restart of the server.
//
// The receiver is an HTTP server of the test's own on 127.0.0.1. Each callback is checked against
// the Event resource it announces (same SID, type, resource, time, event_data in CamelCase) and its
// signature with the official `twilio.validateRequest` and with HMAC-SHA1 computed here (itself
// checked against the reference vectors first). "All Events arrived" is decided without sleeping:
// every scenario ends with one more change, a sentinel; in-order delivery means that once the
// sentinel's Event has been taken, everything before it has been too.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');
const net = require('node:net');
const h = require('./server');

const RETRY_MS = 50;
const DELIVERY_TIMEOUT_MS = 30000;
const BASE_PARAMS = [
  'AccountSid', 'EventDescription', 'EventType', 'ResourceSid', 'ResourceType', 'Sid', 'Timestamp', 'TimestampMs',
  'WorkspaceName', 'WorkspaceSid',
];

// Twilio's signature of a form POST: HMAC-SHA1 over the URL followed by every parameter name and
// value, sorted by name, keyed with the auth token; base64.
function sign(authToken, url, params) {
  const data = Object.keys(params).sort().reduce((acc, k) => acc + k + params[k], url);
  return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

// event_data key -> callback parameter: worker_time_in_previous_activity_ms -> WorkerTimeInPreviousActivityMs.
const camel = (key) => key.split('_').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');

describe('webhook signature (reference vectors of taskrouter-routing.md §8.2)', () => {
  it('V1: the example of Twilio\'s security page', () => {
    const url = 'https://example.com/myapp.php?foo=1&bar=2';
    const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };
    assert.equal(sign('12345', url, params), 'L/OH5YylLD5NRKLltdqwSvS0BnU=');
    assert.equal(h.twilio.validateRequest('12345', 'L/OH5YylLD5NRKLltdqwSvS0BnU=', url, params), true);
  });

  it('V3: a TaskRouter-style event callback', () => {
    const x = (p) => p + 'x'.repeat(32);
    const params = {
      EventType: 'reservation.created', AccountSid: x('AC'), WorkspaceSid: x('WS'), WorkspaceName: 'Demo',
      EventDescription: `Reservation ${x('WR')} created`, ResourceType: 'reservation', ResourceSid: x('WR'),
      Timestamp: '1700000000', TimestampMs: '1700000000123', TaskSid: x('WT'), TaskAttributes: '{"type":"support"}',
      TaskAge: '3', TaskPriority: '0', WorkerSid: x('WK'), WorkerName: 'Alice', ReservationSid: x('WR'),
    };
    const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
    assert.equal(sign(token, 'https://cb.example.com/events', params), 'zNDVvRj4nv9Es2gobxAOdtyRVgI=');
    assert.equal(h.twilio.validateRequest(token, 'zNDVvRj4nv9Es2gobxAOdtyRVgI=', 'https://cb.example.com/events', params), true);
    assert.equal(h.twilio.validateRequest(token, 'zNDVvRj4nv9Es2gobxAOdtyRVgI=', 'https://cb.example.com/events',
      { ...params, TaskAge: '4' }), false);
  });
});

// An HTTP receiver on 127.0.0.1 that records every request. `failNext(n)` makes it answer 500 to
// the next n requests; close() shuts it (connection refused); listen(port) brings it back.
class Receiver {
  constructor() {
    this.requests = [];
    this.failures = 0;
    this.server = null;
    this.port = 0;
  }

  async listen(port = this.port) {
    this.server = http.createServer((req, res) => {
      const at = performance.now();
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const params = {};
        const repeated = [];
        for (const [k, v] of new URLSearchParams(body)) {
          if (k in params) repeated.push(k);
          params[k] = v;
        }
        const status = this.failures > 0 ? 500 : 204;
        if (this.failures > 0) this.failures--;
        this.requests.push({ at, method: req.method, path: req.url, headers: req.headers, body, params, repeated, status });
        res.writeHead(status, status === 204 ? { 'Content-Type': 'application/json' } : { 'Content-Type': 'text/plain' });
        res.end(status === 204 ? undefined : 'receiver failure');
      });
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.port = this.server.address().port;
    return this;
  }

  async close() {
    if (!this.server) return;
    const s = this.server;
    this.server = null;
    await new Promise((resolve) => {
      s.close(resolve);
      s.closeAllConnections();
    });
  }

  url(pathAndQuery) {
    return `http://127.0.0.1:${this.port}${pathAndQuery}`;
  }

  failNext(n) {
    this.failures = n;
  }

  // The requests the receiver took (2xx), in arrival order.
  taken() {
    return this.requests.filter((r) => r.status >= 200 && r.status < 300);
  }

  // Resolves once an Event with SID `sid` has been taken.
  async waitForTaken(sid, what) {
    await h.waitFor(() => this.taken().some((r) => r.params.Sid === sid), {
      timeoutMs: DELIVERY_TIMEOUT_MS,
      what: () => `${what} (Event ${sid}); received so far: ` +
        JSON.stringify(this.requests.map((r) => [r.status, r.params.EventType, r.params.Sid])),
    });
  }
}

// A port that accepts connections and answers nothing: it drops them at once, or with
// {hang: true} keeps them open without a word. Counts them.
class BlackHole {
  constructor({ hang = false } = {}) {
    this.hang = hang;
    this.connections = 0;
    this.sockets = new Set();
    this.port = 0;
  }

  async listen(port = 0) {
    this.server = net.createServer((socket) => {
      this.connections++;
      socket.on('error', () => {});
      if (this.hang) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      } else {
        socket.destroy();
      }
    });
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.port = this.server.address().port;
    return this;
  }

  url(pathAndQuery) {
    return `http://127.0.0.1:${this.port}${pathAndQuery}`;
  }

  async close() {
    if (!this.server) return;
    const s = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => s.close(resolve));
  }
}

describe('event callbacks', { skip: h.EXTERNAL && 'needs a server of its own (clock file, short retry delay, restart)' }, () => {
  let env;
  let client;
  const receivers = [];

  before(async () => {
    env = await h.start({ clock: true, callbackRetryMs: RETRY_MS });
    client = env.client();
  });

  after(async () => {
    for (const r of receivers) await r.close();
    if (!env) return;
    const status = await env.stop();
    assert.deepEqual(status, { code: 0, signal: null }, 'taskrouterd must exit 0 on SIGTERM');
  });

  async function newReceiver() {
    const r = await new Receiver().listen(0);
    receivers.push(r);
    return r;
  }

  // Every Event of a Workspace, oldest first.
  async function eventLog(wsSid, sinceMs) {
    return client.taskrouter.v1.workspaces(wsSid).events.list({
      startDate: new Date(Math.floor(sinceMs / 1000) * 1000 - 1000), pageSize: 1000 });
  }

  // Checks one callback request against the Event it announces.
  function assertCallback(req, ev, callbackUrl, workspaceName) {
    const what = `callback for ${ev.eventType} ${ev.sid}`;
    assert.equal(req.method, 'POST', what);
    assert.equal(req.path, new URL(callbackUrl).pathname + new URL(callbackUrl).search, `${what}: path and query as configured`);
    assert.match(String(req.headers['content-type']), /^application\/x-www-form-urlencoded/, `${what}: content type`);
    assert.deepEqual(req.repeated, [], `${what}: no parameter twice`);
    const p = req.params;
    const expected = {
      EventType: ev.eventType,
      AccountSid: env.accountSid,
      WorkspaceSid: ev.workspaceSid,
      WorkspaceName: workspaceName,
      EventDescription: ev.description,
      ResourceType: ev.resourceType,
      ResourceSid: ev.resourceSid,
      Timestamp: String(Math.floor(ev.eventDateMs / 1000)),
      TimestampMs: String(ev.eventDateMs),
      Sid: ev.sid,
    };
    for (const [k, v] of Object.entries(ev.eventData)) {
      const name = camel(k);
      if (name in expected) {
        assert.equal(v, expected[name], `${what}: event_data.${k} agrees with ${name}`);
      }
      expected[name] = v;
    }
    assert.deepEqual(p, expected, `${what}: parameters`);
    assert.deepEqual(Object.keys(p).filter((k) => BASE_PARAMS.includes(k)).sort(), BASE_PARAMS, `${what}: base parameters`);
    const signature = req.headers['x-twilio-signature'];
    assert.ok(signature, `${what}: X-Twilio-Signature is present`);
    assert.equal(h.twilio.validateRequest(env.authToken, signature, callbackUrl, p), true, `${what}: twilio.validateRequest`);
    assert.equal(signature, sign(env.authToken, callbackUrl, p), `${what}: signed over the URL exactly as configured`);
    assert.equal(h.twilio.validateRequest(env.authToken + 'x', signature, callbackUrl, p), false, `${what}: not valid with another token`);
  }

  // Asserts that the receiver took exactly the Events of `log` (each once, in order), and that
  // each callback carries that Event. `names(ev)` gives the Workspace name expected at that Event.
  function assertDelivered(receiver, log, callbackUrl, names) {
    const taken = receiver.taken();
    assert.deepEqual(taken.map((r) => `${r.params.EventType} ${r.params.Sid}`), log.map((e) => `${e.eventType} ${e.sid}`),
      'the receiver took every Event once, in Event order, and nothing else');
    for (let i = 0; i < log.length; i++) assertCallback(taken[i], log[i], callbackUrl, names(log[i]));
  }

  // Makes a few changes in a Workspace (an Activity created, a Worker created, moved around, given
  // new attributes, then both deleted) and returns the Event types they must produce, in order.
  async function someChanges(wsSid, acts, tag) {
    const ws = client.taskrouter.v1.workspaces(wsSid);
    env.advance(1000);
    const act = await ws.activities.create({ friendlyName: `Act ${tag}`, available: false });
    env.advance(1000);
    const wk = await ws.workers.create({ friendlyName: `Worker ${tag}`, attributes: '{"q":"a&b=c d é","n":[1,2]}' });
    env.advance(60000);
    await ws.workers(wk.sid).update({ activitySid: acts.Available.sid });
    env.advance(2500);
    await ws.workers(wk.sid).update({ attributes: `{"tag":"${tag}"}` });
    env.advance(30000);
    await ws.workers(wk.sid).update({ activitySid: act.sid });
    env.advance(1000);
    await ws.workers(wk.sid).update({ activitySid: acts.Offline.sid });
    env.advance(1000);
    await ws.workers(wk.sid).remove();
    await ws.activities(act.sid).remove();
    return ['activity.created', 'worker.created', 'worker.activity.update', 'worker.attributes.update',
      'worker.activity.update', 'worker.activity.update', 'worker.deleted', 'activity.deleted'];
  }

  // One more change whose Event closes a scenario; returns the Event.
  async function sentinel(wsSid, sinceMs) {
    env.advance(1000);
    const wk = await client.taskrouter.v1.workspaces(wsSid).workers.create({ friendlyName: h.uniqueName('sentinel') });
    const log = await eventLog(wsSid, sinceMs);
    const ev = log[log.length - 1];
    assert.equal(ev.eventType, 'worker.created');
    assert.equal(ev.resourceSid, wk.sid);
    return ev;
  }

  async function activitiesOf(wsSid) {
    return Object.fromEntries((await client.taskrouter.v1.workspaces(wsSid).activities.list()).map((a) => [a.friendlyName, a]));
  }

  it('every Event, in order, signed, with the fields of the Event resource', async () => {
    const receiver = await newReceiver();
    const callbackUrl = receiver.url('/taskrouter/events?tenant=a%20b&x=1');
    env.advance(3600000);
    const t0 = env.now();
    const name = h.uniqueName('callbacks all');
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: name, eventCallbackUrl: callbackUrl });
    const acts = await activitiesOf(ws.sid);
    const types = await someChanges(ws.sid, acts, 'one');
    env.advance(1000);
    const renamed = name + ' (renamed)';
    await client.taskrouter.v1.workspaces(ws.sid).update({ friendlyName: renamed });
    const last = await sentinel(ws.sid, t0);
    await receiver.waitForTaken(last.sid, 'the sentinel Event');

    const log = await eventLog(ws.sid, t0);
    assert.equal(log[0].eventType, 'workspace.created');
    assert.deepEqual(log.slice(log.length - types.length - 2).map((e) => e.eventType), [...types, 'workspace.updated', 'worker.created']);
    const renameAt = log.findIndex((e) => e.eventType === 'workspace.updated');
    assertDelivered(receiver, log, callbackUrl, (ev) => (log.indexOf(ev) >= renameAt ? renamed : name));
    assert.equal(receiver.requests.length, receiver.taken().length, 'nothing was sent twice');

    // Spot checks of the CamelCase event_data, straight from the wire.
    const moves = receiver.taken().filter((r) => r.params.EventType === 'worker.activity.update');
    assert.equal(moves[0].params.WorkerPreviousActivityName, 'Offline');
    assert.equal(moves[0].params.WorkerActivityName, 'Available');
    assert.equal(moves[0].params.WorkerTimeInPreviousActivity, '60');
    assert.equal(moves[0].params.WorkerTimeInPreviousActivityMs, '60000');
    assert.equal(moves[1].params.WorkerTimeInPreviousActivityMs, '32500');
    assert.equal(moves[1].params.WorkerTimeInPreviousActivity, '32');
    const created = receiver.taken().find((r) => r.params.EventType === 'worker.created');
    assert.equal(created.params.WorkerAttributes, '{"q":"a&b=c d é","n":[1,2]}', 'JSON with & = and spaces survives form encoding');
    assert.equal(created.params.WorkerName, 'Worker one');
    assert.equal(created.params.ResourceType, 'worker');
    const act = receiver.taken().find((r) => r.params.EventType === 'activity.created' && r.params.ActivityName === 'Act one');
    assert.ok(act, 'activity.created for Act one');
    assert.equal(act.params.ActivityAvailable, 'false');
    assert.equal(act.params.ResourceType, 'activity');
  });

  it('values with a plus sign (and & = % é) arrive as they are, and the signature holds', async () => {
    const receiver = await newReceiver();
    const callbackUrl = receiver.url('/plus');
    env.advance(3600000);
    const t0 = env.now();
    const name = h.uniqueName('callbacks plus');
    const ws = await client.taskrouter.v1.workspaces.create({
      friendlyName: name, eventCallbackUrl: callbackUrl, eventsFilter: 'worker.created' });
    const attributes = '{"phone":"+14155550100","q":"a+b&c=d é %41"}';
    const wk = await client.taskrouter.v1.workspaces(ws.sid).workers.create({ friendlyName: 'P+Q R', attributes });
    assert.equal(wk.attributes, attributes, 'the REST API keeps the plus signs');
    const last = await sentinel(ws.sid, t0);
    await receiver.waitForTaken(last.sid, 'the sentinel Event');
    const cb = receiver.taken()[0];
    assert.equal(cb.params.WorkerName, 'P+Q R', `WorkerName as decoded from the body ${cb.body}`);
    assert.equal(cb.params.WorkerAttributes, attributes, `WorkerAttributes as decoded from the body ${cb.body}`);
    assertDelivered(receiver, (await eventLog(ws.sid, t0)).filter((e) => e.eventType === 'worker.created'), callbackUrl, () => name);
  });

  it('concurrent changes: delivered in the order of the Event log', async () => {
    const receiver = await newReceiver();
    const callbackUrl = receiver.url('/concurrent');
    env.advance(3600000);
    const t0 = env.now();
    const name = h.uniqueName('callbacks concurrent');
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: name, eventCallbackUrl: callbackUrl });
    const acts = await activitiesOf(ws.sid);
    const wks = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      client.taskrouter.v1.workspaces(ws.sid).workers.create({ friendlyName: `c-${i}` })));
    await Promise.all(wks.map((w, i) => client.taskrouter.v1.workspaces(ws.sid).workers(w.sid)
      .update(i % 2 ? { activitySid: acts.Available.sid } : { attributes: `{"i":${i}}` })));
    const last = await sentinel(ws.sid, t0);
    await receiver.waitForTaken(last.sid, 'the sentinel Event');
    const log = await eventLog(ws.sid, t0);
    assert.equal(log.filter((e) => e.eventType === 'worker.created').length, 13);
    assertDelivered(receiver, log, callbackUrl, () => name);
  });

  it('workspace.deleted reaches the receiver of the deleted Workspace', async () => {
    const receiver = await newReceiver();
    const callbackUrl = receiver.url('/gone');
    env.advance(3600000);
    const name = h.uniqueName('callbacks deleted');
    const ws = await client.taskrouter.v1.workspaces.create({
      friendlyName: name, eventCallbackUrl: callbackUrl, eventsFilter: 'workspace.deleted' });
    env.advance(1500);
    const deletedAt = env.now();
    await client.taskrouter.v1.workspaces(ws.sid).remove();
    await h.waitFor(() => receiver.taken().length >= 1, { timeoutMs: DELIVERY_TIMEOUT_MS, what: 'the workspace.deleted callback' });
    const p = receiver.taken()[0].params;
    assert.match(p.Sid, /^EV[0-9a-f]{32}$/);
    assert.ok(p.EventDescription, 'EventDescription');
    const { Sid, EventDescription, ...rest } = p;
    const extra = Object.keys(rest).filter((k) => !BASE_PARAMS.includes(k));
    assert.deepEqual(rest, {
      EventType: 'workspace.deleted', AccountSid: env.accountSid, WorkspaceSid: ws.sid, WorkspaceName: name,
      ResourceType: 'workspace', ResourceSid: ws.sid, Timestamp: String(Math.floor(deletedAt / 1000)), TimestampMs: String(deletedAt),
      ...Object.fromEntries(extra.map((k) => [k, rest[k]])),
    });
    const signature = receiver.taken()[0].headers['x-twilio-signature'];
    assert.equal(h.twilio.validateRequest(env.authToken, signature, callbackUrl, p), true, 'twilio.validateRequest');
    assert.equal(signature, sign(env.authToken, callbackUrl, p));
  });

  it('EventsFilter: only the listed types (spaces around commas ignored)', async () => {
    const receiver = await newReceiver();
    const callbackUrl = receiver.url('/filtered');
    env.advance(3600000);
    const t0 = env.now();
    const name = h.uniqueName('callbacks filtered');
    const ws = await client.taskrouter.v1.workspaces.create({
      friendlyName: name, eventCallbackUrl: callbackUrl, eventsFilter: 'worker.activity.update , worker.created,activity.deleted',
    });
    const acts = await activitiesOf(ws.sid);
    await someChanges(ws.sid, acts, 'two');
    const last = await sentinel(ws.sid, t0);
    await receiver.waitForTaken(last.sid, 'the sentinel Event');
    const wanted = ['worker.activity.update', 'worker.created', 'activity.deleted'];
    const log = (await eventLog(ws.sid, t0)).filter((e) => wanted.includes(e.eventType));
    assert.deepEqual(log.map((e) => e.eventType), ['worker.created', 'worker.activity.update', 'worker.activity.update',
      'worker.activity.update', 'activity.deleted', 'worker.created']);
    assertDelivered(receiver, log, callbackUrl, () => name);
  });

  it('a receiver answering 500: the same Event again, with growing delays, and nothing after it meanwhile', async () => {
    const receiver = await newReceiver();
    const callbackUrl = receiver.url('/flaky');
    env.advance(3600000);
    const t0 = env.now();
    receiver.failNext(4);
    const name = h.uniqueName('callbacks retried');
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: name, eventCallbackUrl: callbackUrl });
    const acts = await activitiesOf(ws.sid);
    await someChanges(ws.sid, acts, 'three');
    const last = await sentinel(ws.sid, t0);
    await receiver.waitForTaken(last.sid, 'the sentinel Event');

    const log = await eventLog(ws.sid, t0);
    assertDelivered(receiver, log, callbackUrl, () => name);
    const attempts = receiver.requests;
    assert.deepEqual(attempts.slice(0, 5).map((r) => [r.status, r.params.Sid]),
      [500, 500, 500, 500, 204].map((s) => [s, log[0].sid]), 'the first Event is retried until taken, nothing else goes first');
    assert.equal(attempts.length, log.length + 4, 'one request per Event, plus the four refused');
    for (const r of attempts.slice(0, 5)) {
      assert.equal(r.body, attempts[4].body, 'a retry sends the same parameters');
      assert.equal(r.headers['x-twilio-signature'], attempts[4].headers['x-twilio-signature']);
    }
    // Back-off from --callback-retry-ms 50, doubling: the retries come at least 50, 150, 350 and
    // 750 ms after the first attempt. Measured on the receiver, whose event loop may be a little
    // late (other test files run alongside), so 10 % + 25 ms of slack; without the doubling the
    // last retry would come after 200 ms.
    const since = attempts.slice(1, 5).map((r) => r.at - attempts[0].at);
    [50, 150, 350, 750].forEach((min, i) => {
      assert.ok(since[i] >= min * 0.9 - 25, `retry ${i + 1} came ${since[i].toFixed(1)} ms after the first attempt, ` +
        `expected >= ${min} ms (all: ${since.map((g) => g.toFixed(0))})`);
    });
    const lastGap = attempts[4].at - attempts[3].at;
    assert.ok(lastGap >= 400 * 0.9 - 25, `the 4th retry came ${lastGap.toFixed(1)} ms after the 3rd, expected >= 400 ms`);
  });

  it('one Workspace\'s dead receiver does not hold up another Workspace\'s Events', async () => {
    // The dead receiver keeps its port to the end (so that no later receiver gets it by chance).
    const dead = await new BlackHole().listen(0);
    receivers.push(dead);
    const deadUrl = dead.url('/dead');
    const live = await newReceiver();
    const liveUrl = live.url('/live');
    env.advance(3600000);
    const t0 = env.now();
    const wsDead = await client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('callbacks dead'), eventCallbackUrl: deadUrl });
    const name = h.uniqueName('callbacks live');
    const wsLive = await client.taskrouter.v1.workspaces.create({ friendlyName: name, eventCallbackUrl: liveUrl });
    await someChanges(wsDead.sid, await activitiesOf(wsDead.sid), 'dead');
    await someChanges(wsLive.sid, await activitiesOf(wsLive.sid), 'live');
    const last = await sentinel(wsLive.sid, t0);
    await live.waitForTaken(last.sid, 'the live Workspace\'s sentinel while the other receiver is down');
    assertDelivered(live, await eventLog(wsLive.sid, t0), liveUrl, () => name);
    assert.ok(dead.connections >= 1, 'the dead receiver was tried');
  });

  it('receiver down, server killed and restarted, receiver back on the same port: every Event arrives once, in order', async () => {
    const receiver = await newReceiver();
    const port = receiver.port;
    const callbackUrl = receiver.url('/durable?k=v');
    env.advance(3600000);
    const t0 = env.now();
    const name = h.uniqueName('callbacks durable');
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: name, eventCallbackUrl: callbackUrl });
    let acts = await activitiesOf(ws.sid);
    await someChanges(ws.sid, acts, 'before');
    const first = await sentinel(ws.sid, t0);
    await receiver.waitForTaken(first.sid, 'the first sentinel');
    const takenBefore = receiver.taken().length;

    // 1. The receiver goes away: connection refused.
    await receiver.close();
    await someChanges(ws.sid, acts, 'down');

    // 2. Something on the port that accepts and drops connections: the server keeps trying.
    let hole = await new BlackHole().listen(port);
    await h.waitFor(() => hole.connections >= 3, { timeoutMs: DELIVERY_TIMEOUT_MS, what: 'three attempts on the dropping port' });
    await hole.close();

    // 3. The server is killed (SIGKILL) and started again on the same data; more changes.
    const { status } = await env.restart({ signal: 'SIGKILL' });
    assert.equal(status.signal, 'SIGKILL');
    client = env.client();
    acts = await activitiesOf(ws.sid);
    await someChanges(ws.sid, acts, 'after restart');

    // 4. The restarted server goes on trying.
    hole = await new BlackHole().listen(port);
    await h.waitFor(() => hole.connections >= 1, { timeoutMs: DELIVERY_TIMEOUT_MS, what: 'an attempt after the restart' });
    await hole.close();

    // 5. The receiver is back on the same port.
    assert.equal(receiver.taken().length, takenBefore, 'nothing was taken while the receiver was away');
    await receiver.listen(port);
    const last = await sentinel(ws.sid, t0);
    await receiver.waitForTaken(last.sid, 'the last sentinel after the receiver came back');
    assertDelivered(receiver, await eventLog(ws.sid, t0), callbackUrl, () => name);
  });

  it('a receiver that never answers does not slow down the API', async () => {
    const hole = await new BlackHole({ hang: true }).listen(0);
    receivers.push(hole);
    const ws = await client.taskrouter.v1.workspaces.create({
      friendlyName: h.uniqueName('callbacks api'), eventCallbackUrl: hole.url('/hangs') });
    await h.waitFor(() => hole.connections >= 1, { timeoutMs: DELIVERY_TIMEOUT_MS, what: 'a connection to the silent receiver' });
    const started = performance.now();
    for (let i = 0; i < 5; i++) await client.taskrouter.v1.workspaces(ws.sid).workers.create({ friendlyName: `fast-${i}` });
    const took = performance.now() - started;
    assert.ok(took < 3000, `five creates while a callback hangs took ${took.toFixed(0)} ms`);
  });
});
