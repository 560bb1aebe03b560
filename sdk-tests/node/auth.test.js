'use strict';
// Authentication with the official `twilio` Node library: account SID + auth token, API key +
// secret (the account SID then travels in no request), and account isolation.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

describe('authentication', () => {
  let env;
  let client;
  let ws;

  before(async () => {
    env = await h.start();
    client = env.client();
    ws = await client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('auth') });
  });

  after(async () => {
    if (!env) return;
    if (env.external && ws) await client.taskrouter.v1.workspaces(ws.sid).remove().catch(() => {});
    const status = await env.stop();
    if (!env.external) assert.deepEqual(status, { code: 0, signal: null }, 'taskrouterd must exit 0 on SIGTERM');
  });

  describe('API key', () => {
    let key;
    let keyClient;

    before(() => {
      key = env.createApiKey();
      assert.match(key.sid, /^SK[0-9a-f]{32}$/);
      assert.ok(key.secret.length >= 16, 'a secret of some length');
      keyClient = env.clientFor(key.sid, key.secret, { accountSid: env.accountSid });
    });

    it('sends the API key, not the account SID, as the Basic user', async () => {
      await keyClient.taskrouter.v1.workspaces(ws.sid).fetch();
      assert.equal(env.lastExchange().username, key.sid);
      assert.ok(!env.lastExchange().uri.includes(env.accountSid), 'the account SID is not in the URL');
    });

    it('acts for the key\'s account: the five Activity calls', async () => {
      const acts = keyClient.taskrouter.v1.workspaces(ws.sid).activities;
      const a = await acts.create({ available: true, friendlyName: 'NewAvailableActivity' });
      assert.equal(a.accountSid, env.accountSid);
      assert.equal(a.workspaceSid, ws.sid);
      assert.equal((await acts(a.sid).fetch()).sid, a.sid);
      assert.deepEqual((await acts.list({ limit: 20 })).map((x) => x.friendlyName),
        ['Offline', 'Unavailable', 'Available', 'NewAvailableActivity']);
      assert.equal((await acts(a.sid).update({ friendlyName: 'another_name' })).friendlyName, 'another_name');
      assert.equal(await acts(a.sid).remove(), true);
      // The account's own credentials see the same state.
      await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities(a.sid).fetch(), 404, 20404);
    });

    it('creates Workspaces owned by the key\'s account', async () => {
      const name = h.uniqueName('by-key');
      const made = await keyClient.taskrouter.v1.workspaces.create({ friendlyName: name });
      assert.equal(made.accountSid, env.accountSid);
      const seen = await client.taskrouter.v1.workspaces.list({ friendlyName: name });
      assert.deepEqual(seen.map((w) => w.sid), [made.sid]);
      await client.taskrouter.v1.workspaces(made.sid).remove();
    });

    it('a wrong secret: 401 / 20003', async () => {
      const bad = env.clientFor(key.sid, key.secret + 'x', { accountSid: env.accountSid });
      await h.expectRestError(bad.taskrouter.v1.workspaces(ws.sid).fetch(), 401, 20003);
      const unknown = env.clientFor(h.randomSid('SK'), key.secret, { accountSid: env.accountSid });
      await h.expectRestError(unknown.taskrouter.v1.workspaces.list(), 401, 20003);
    });

    it('the secret is not the auth token, and the token is not the secret', async () => {
      const mixed = env.clientFor(key.sid, env.authToken, { accountSid: env.accountSid });
      await h.expectRestError(mixed.taskrouter.v1.workspaces.list(), 401, 20003);
      const mixed2 = env.clientFor(env.accountSid, key.secret);
      await h.expectRestError(mixed2.taskrouter.v1.workspaces.list(), 401, 20003);
    });
  });

  describe('another account', () => {
    let other; // { accountSid, username, password }
    let otherClient;

    before(async () => {
      other = await env.createOtherAccount();
      otherClient = env.clientFor(other.username, other.password, { accountSid: other.accountSid });
    });

    it('cannot see this account\'s Workspace: 404 / 20404', async () => {
      const err = await h.expectRestError(otherClient.taskrouter.v1.workspaces(ws.sid).fetch(), 404, 20404);
      assert.equal(err.message, `The requested resource /v1/Workspaces/${ws.sid} was not found`);
      await h.expectRestError(otherClient.taskrouter.v1.workspaces(ws.sid).update({ friendlyName: 'stolen' }), 404, 20404);
      await h.expectRestError(otherClient.taskrouter.v1.workspaces(ws.sid).activities.list(), 404, 20404);
      await h.expectRestError(
        otherClient.taskrouter.v1.workspaces(ws.sid).activities.create({ friendlyName: 'intruder' }), 404, 20404);
      await h.expectRestError(otherClient.taskrouter.v1.workspaces(ws.sid).remove(), 404, 20404);
      const still = await client.taskrouter.v1.workspaces(ws.sid).fetch();
      assert.equal(still.friendlyName, ws.friendlyName);
      assert.equal((await client.taskrouter.v1.workspaces(ws.sid).activities.list()).length, 3);
    });

    it('lists only its own Workspaces, and they are not visible here', async () => {
      const own = await otherClient.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('other-account') });
      assert.equal(own.accountSid, other.accountSid);
      const theirs = await otherClient.taskrouter.v1.workspaces.list();
      assert.ok(theirs.every((w) => w.accountSid === other.accountSid));
      assert.ok(theirs.some((w) => w.sid === own.sid));
      assert.ok(!theirs.some((w) => w.sid === ws.sid));
      await h.expectRestError(client.taskrouter.v1.workspaces(own.sid).fetch(), 404, 20404);
      const mine = await client.taskrouter.v1.workspaces.list();
      assert.ok(!mine.some((w) => w.sid === own.sid));
      await otherClient.taskrouter.v1.workspaces(own.sid).remove();
    });
  });
});
