'use strict';
// Errors as the official `twilio` Node library sees them: a RestException with the HTTP status,
// the Twilio code, a message and `moreInfo` = https://www.twilio.com/docs/errors/<code>.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

describe('errors', () => {
  let env;
  let client;
  let ws;
  let acts;

  before(async () => {
    env = await h.start();
    client = env.client();
    ws = await client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('errors') });
    acts = Object.fromEntries(
      (await client.taskrouter.v1.workspaces(ws.sid).activities.list()).map((a) => [a.friendlyName, a]));
  });

  after(async () => {
    if (!env) return;
    if (env.external && ws) await client.taskrouter.v1.workspaces(ws.sid).remove().catch(() => {});
    const status = await env.stop();
    if (!env.external) assert.deepEqual(status, { code: 0, signal: null }, 'taskrouterd must exit 0 on SIGTERM');
  });

  // Checks the raw error body of the last exchange.
  function assertErrorBody(status, code) {
    const x = env.lastExchange();
    assert.equal(x.statusCode, status);
    assert.match(String(x.headers['content-type']), /^application\/json/);
    const body = h.jsonBody(x);
    assert.deepEqual(Object.keys(body).sort(), ['code', 'message', 'more_info', 'status']);
    assert.equal(body.status, status);
    assert.equal(body.code, code);
    assert.equal(body.more_info, `https://www.twilio.com/docs/errors/${code}`);
    return body;
  }

  it('unknown Activity: 404 / 20404 naming the path', async () => {
    const sid = h.randomSid('WA');
    const err = await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities(sid).fetch(), 404, 20404);
    assert.equal(err.message, `The requested resource /v1/Workspaces/${ws.sid}/Activities/${sid} was not found`);
    assertErrorBody(404, 20404);
    await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities(sid).update({ friendlyName: 'x' }), 404, 20404);
    await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities(sid).remove(), 404, 20404);
  });

  it('unknown Workspace: 404 / 20404, also for its Activities', async () => {
    const wsSid = h.randomSid('WS');
    const err = await h.expectRestError(client.taskrouter.v1.workspaces(wsSid).fetch(), 404, 20404);
    assert.equal(err.message, `The requested resource /v1/Workspaces/${wsSid} was not found`);
    await h.expectRestError(client.taskrouter.v1.workspaces(wsSid).activities.list(), 404, 20404);
    await h.expectRestError(client.taskrouter.v1.workspaces(wsSid).activities.create({ friendlyName: 'x' }), 404, 20404);
    await h.expectRestError(client.taskrouter.v1.workspaces(wsSid).activities(acts.Offline.sid).fetch(), 404, 20404);
  });

  it('the 404 message has the path only: no host, no query', async () => {
    const wsSid = h.randomSid('WS');
    const err = await h.expectRestError(client.taskrouter.v1.workspaces(wsSid).activities.list({ available: 'true', limit: 5 }), 404, 20404);
    assert.equal(err.message, `The requested resource /v1/Workspaces/${wsSid}/Activities was not found`);
  });

  it('malformed SIDs and unknown paths: 404 / 20404', { skip: h.EXTERNAL && 'Prism answers these itself' }, async () => {
    await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities('WAnot-a-sid').fetch(), 404, 20404);
    await h.expectRestError(client.taskrouter.v1.workspaces('WS123').fetch(), 404, 20404);
    const err = await h.expectRestError(
      client.taskrouter.v1.fetch({ uri: `/Workspaces/${ws.sid}/Nonsense`, method: 'get' }), 404, 20404);
    assert.equal(err.message, `The requested resource /v1/Workspaces/${ws.sid}/Nonsense was not found`);
    assertErrorBody(404, 20404);
    // Paths are case-sensitive.
    await h.expectRestError(client.taskrouter.v1.fetch({ uri: `/workspaces/${ws.sid}`, method: 'get' }), 404, 20404);
  });

  it('a method the path does not have: 405 / 20004', { skip: h.EXTERNAL && 'Prism answers this itself' }, async () => {
    await h.expectRestError(client.taskrouter.v1.update({ uri: '/Workspaces', method: 'put', data: {} }), 405, 20004);
    assertErrorBody(405, 20004);
  });

  it('duplicate Activity name: 400 / 20001 saying what, where and for which account', async () => {
    const err = await h.expectRestError(
      client.taskrouter.v1.workspaces(ws.sid).activities.create({ friendlyName: 'Available' }), 400, 20001);
    assert.match(err.message, /Available/);
    assert.ok(err.message.includes(ws.sid), `message names the Workspace: ${err.message}`);
    assertErrorBody(400, 20001);
  });

  it('missing FriendlyName: 400 / 20001', { skip: h.EXTERNAL && 'Prism refuses the request itself (422)' }, async () => {
    const err = await h.expectRestError(client.taskrouter.v1.create({
      uri: `/Workspaces/${ws.sid}/Activities`,
      method: 'post',
      data: { Available: 'true' },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }), 400, 20001);
    assert.match(err.message, /FriendlyName/);
    assertErrorBody(400, 20001);
    await h.expectRestError(client.taskrouter.v1.create({
      uri: '/Workspaces',
      method: 'post',
      data: { MultiTaskEnabled: 'true' },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    }), 400, 20001);
  });

  it('deleting the default (and timeout) activity: 400 / 20001, nothing deleted', async () => {
    const err = await h.expectRestError(
      client.taskrouter.v1.workspaces(ws.sid).activities(acts.Offline.sid).remove(), 400, 20001);
    assert.ok(err.message.includes(acts.Offline.sid) || /Offline/.test(err.message), `message names the Activity: ${err.message}`);
    assertErrorBody(400, 20001);
    const still = await client.taskrouter.v1.workspaces(ws.sid).activities(acts.Offline.sid).fetch();
    assert.equal(still.friendlyName, 'Offline');
  });

  it('bad password: 401 / 20003', async () => {
    const bad = env.clientFor(env.accountSid, env.authToken + 'x');
    await h.expectRestError(bad.taskrouter.v1.workspaces(ws.sid).fetch(), 401, 20003);
    assertErrorBody(401, 20003);
    await h.expectRestError(bad.taskrouter.v1.workspaces.list(), 401, 20003);
    await h.expectRestError(bad.taskrouter.v1.workspaces.create({ friendlyName: 'nope' }), 401, 20003);
    // Auth is checked before the resource is looked up.
    await h.expectRestError(bad.taskrouter.v1.workspaces(h.randomSid('WS')).fetch(), 401, 20003);
  });

  it('unknown account: 401 / 20003', async () => {
    const stranger = env.clientFor(h.randomSid('AC'), env.authToken);
    await h.expectRestError(stranger.taskrouter.v1.workspaces.list(), 401, 20003);
  });

  it('a failed request changes nothing', async () => {
    const names = async () => (await client.taskrouter.v1.workspaces(ws.sid).activities.list()).map((a) => a.friendlyName);
    assert.deepEqual(await names(), ['Offline', 'Unavailable', 'Available']);
    const f = await client.taskrouter.v1.workspaces(ws.sid).fetch();
    assert.equal(f.defaultActivitySid, acts.Offline.sid);
    assert.equal(f.timeoutActivitySid, acts.Offline.sid);
  });
});
