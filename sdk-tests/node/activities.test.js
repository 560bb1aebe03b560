'use strict';
// Activities through the official `twilio` Node library: the five calls of Twilio's Activity
// documentation page, then the rules around them (availability parsing, immutable availability,
// list filters, limits).

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

const SID_WA = /^WA[0-9a-f]{32}$/;

describe('Activity resource', () => {
  let env;
  let client;
  let ws; // a Workspace of our own for this file

  before(async () => {
    env = await h.start();
    client = env.client();
    ws = await client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('activities') });
  });

  after(async () => {
    if (!env) return;
    if (env.external && ws) await client.taskrouter.v1.workspaces(ws.sid).remove().catch(() => {});
    const status = await env.stop();
    if (!env.external) assert.deepEqual(status, { code: 0, signal: null }, 'taskrouterd must exit 0 on SIGTERM');
  });

  const activityUrl = (sid) => `${env.baseUrl}/v1/Workspaces/${ws.sid}/Activities/${sid}`;
  const workspaceUrl = () => `${env.baseUrl}/v1/Workspaces/${ws.sid}`;

  // Checks every field of an Activity against known values.
  function assertActivity(a, { sid, friendlyName, available, before, after }) {
    assert.equal(a.accountSid, env.accountSid, 'accountSid');
    assert.equal(a.available, available, 'available');
    h.assertRecentDate(a.dateCreated, before, after, 'dateCreated');
    assert.ok(a.dateUpdated instanceof Date, 'dateUpdated must parse to a Date');
    assert.ok(a.dateUpdated.getTime() >= a.dateCreated.getTime(), 'dateUpdated >= dateCreated');
    assert.equal(a.friendlyName, friendlyName, 'friendlyName');
    assert.match(a.sid, SID_WA);
    if (sid) assert.equal(a.sid, sid, 'sid');
    assert.equal(a.workspaceSid, ws.sid, 'workspaceSid');
    assert.equal(a.url, activityUrl(a.sid), 'url');
    assert.deepEqual(a.links, { workspace: workspaceUrl() }, 'links');
  }

  describe('the five calls from the Activity docs', () => {
    let created;
    let t0;
    let t1;

    it('create NewAvailableActivity with available: true', async () => {
      t0 = Date.now();
      created = await client.taskrouter.v1.workspaces(ws.sid).activities.create({
        available: true,
        friendlyName: 'NewAvailableActivity',
      });
      t1 = Date.now();
      assertActivity(created, { friendlyName: 'NewAvailableActivity', available: true, before: t0, after: t1 });
      assert.equal(created.dateUpdated.getTime(), created.dateCreated.getTime(), 'dateUpdated == dateCreated on create');

      const x = env.lastExchange();
      assert.equal(x.statusCode, 201, 'create answers 201');
      assert.match(String(x.headers['content-type']), /^application\/json/);
      const raw = h.jsonBody(x);
      assert.match(raw.date_created, h.ISO_SECONDS);
      assert.match(raw.date_updated, h.ISO_SECONDS);
      assert.deepEqual(Object.keys(raw).sort(), [
        'account_sid', 'available', 'date_created', 'date_updated', 'friendly_name', 'links', 'sid', 'url',
        'workspace_sid',
      ]);
    });

    it('fetch it', async () => {
      const a = await client.taskrouter.v1.workspaces(ws.sid).activities(created.sid).fetch();
      assertActivity(a, { sid: created.sid, friendlyName: 'NewAvailableActivity', available: true, before: t0, after: t1 });
      assert.equal(a.dateCreated.getTime(), created.dateCreated.getTime());
      assert.equal(a.dateUpdated.getTime(), created.dateUpdated.getTime());
      assert.equal(env.lastExchange().statusCode, 200);
    });

    it('list with limit: 20', async () => {
      const list = await client.taskrouter.v1.workspaces(ws.sid).activities.list({ limit: 20 });
      assert.deepEqual(list.map((a) => [a.friendlyName, a.available]), [
        ['Offline', false],
        ['Unavailable', false],
        ['Available', true],
        ['NewAvailableActivity', true],
      ]);
      for (const a of list) {
        assertActivity(a, { friendlyName: a.friendlyName, available: a.available, before: ws.dateCreated.getTime(), after: t1 });
      }
      assert.equal(list[3].sid, created.sid);

      const x = env.lastExchange();
      assert.equal(x.statusCode, 200);
      assert.equal(x.params.PageSize, 20, 'the SDK asks for PageSize=limit');
      const meta = h.jsonBody(x).meta;
      assert.equal(meta.key, 'activities');
      assert.equal(meta.page, 0);
      assert.equal(meta.page_size, 20);
      assert.equal(meta.next_page_url, null);
      assert.equal(meta.previous_page_url, null);
      assert.match(meta.url, new RegExp(`^${escapeRe(workspaceUrl())}/Activities\\?.*PageSize=20`));
      assert.match(meta.first_page_url, new RegExp(`^${escapeRe(workspaceUrl())}/Activities\\?.*PageSize=20`));
    });

    it('update its friendlyName to another_name', async () => {
      const before = Date.now();
      const a = await client.taskrouter.v1.workspaces(ws.sid).activities(created.sid).update({ friendlyName: 'another_name' });
      const after = Date.now();
      assertActivity(a, { sid: created.sid, friendlyName: 'another_name', available: true, before: t0, after: t1 });
      assert.equal(a.dateCreated.getTime(), created.dateCreated.getTime(), 'dateCreated unchanged');
      h.assertRecentDate(a.dateUpdated, before, after, 'dateUpdated');
      assert.equal(env.lastExchange().statusCode, 200);

      const again = await client.taskrouter.v1.workspaces(ws.sid).activities(created.sid).fetch();
      assert.equal(again.friendlyName, 'another_name', 'the update is stored');
    });

    it('remove it', async () => {
      const removed = await client.taskrouter.v1.workspaces(ws.sid).activities(created.sid).remove();
      assert.equal(removed, true);
      const x = env.lastExchange();
      assert.equal(x.statusCode, 204);
      assert.ok(x.body === '' || x.body === undefined || x.body === null, `204 has an empty body, got ${JSON.stringify(x.body)}`);

      await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities(created.sid).fetch(), 404, 20404);
      const names = (await client.taskrouter.v1.workspaces(ws.sid).activities.list()).map((a) => a.friendlyName);
      assert.deepEqual(names, ['Offline', 'Unavailable', 'Available']);
    });
  });

  describe('rules', () => {
    let rulesWs;
    before(async () => {
      rulesWs = await client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('activity-rules') });
    });
    after(async () => {
      if (env.external && rulesWs) await client.taskrouter.v1.workspaces(rulesWs.sid).remove().catch(() => {});
    });

    // Creates through the raw version API, so Available can be any string.
    function rawCreate(data) {
      return client.taskrouter.v1.create({
        uri: `/Workspaces/${rulesWs.sid}/Activities`,
        method: 'post',
        data,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    }

    it('Available: true, 1, yes (any case) mean available; anything else or absent means unavailable', async () => {
      let cases = [
        ['true', true], ['1', true], ['yes', true], ['TRUE', true], ['Yes', true], ['True', true],
        ['false', false], ['0', false], ['no', false], ['maybe', false], ['', false], [undefined, false],
      ];
      // Through Prism only the values the OpenAPI file's boolean type allows reach the server.
      if (env.external) cases = cases.filter(([v]) => v === 'true' || v === 'false' || v === undefined);
      for (const [value, expected] of cases) {
        const data = { FriendlyName: h.uniqueName('avail') };
        if (value !== undefined) data.Available = value;
        const body = await rawCreate(data);
        assert.equal(body.available, expected, `Available=${JSON.stringify(value)}`);
        await client.taskrouter.v1.workspaces(rulesWs.sid).activities(body.sid).remove();
      }
    });

    it('available cannot change on update: an Available sent on update is ignored', async () => {
      const a = await client.taskrouter.v1.workspaces(rulesWs.sid).activities.create({ friendlyName: h.uniqueName('fixed'), available: false });
      const body = await client.taskrouter.v1.update({
        uri: `/Workspaces/${rulesWs.sid}/Activities/${a.sid}`,
        method: 'post',
        data: { FriendlyName: 'fixed-renamed', Available: 'true' },
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(body.available, false);
      assert.equal(body.friendly_name, 'fixed-renamed');
      const fetched = await client.taskrouter.v1.workspaces(rulesWs.sid).activities(a.sid).fetch();
      assert.equal(fetched.available, false);
      await fetched.remove();
    });

    it('list filters: FriendlyName (exact) and Available', async () => {
      const acts = client.taskrouter.v1.workspaces(rulesWs.sid).activities;
      const names = async (params) => (await acts.list(params)).map((a) => a.friendlyName);
      assert.deepEqual(await names({ friendlyName: 'Unavailable' }), ['Unavailable']);
      assert.deepEqual(await names({ friendlyName: 'Unavail' }), [], 'FriendlyName is an exact match');
      assert.deepEqual(await names({ available: 'true' }), ['Available']);
      assert.deepEqual(await names({ available: '1' }), ['Available']);
      assert.deepEqual(await names({ available: 'yes' }), ['Available']);
      assert.deepEqual(await names({ available: 'false' }), ['Offline', 'Unavailable']);
      assert.deepEqual(await names({ available: 'nonsense' }), ['Offline', 'Unavailable']);
    });

    it('FriendlyName: 64 characters accepted, 65 refused with 400/20001', async () => {
      const acts = client.taskrouter.v1.workspaces(rulesWs.sid).activities;
      const ok = await acts.create({ friendlyName: 'x'.repeat(64) });
      assert.equal(ok.friendlyName, 'x'.repeat(64));
      await ok.remove();
      await h.expectRestError(acts.create({ friendlyName: 'y'.repeat(65) }), 400, 20001);
      await h.expectRestError(acts('WA' + 'f'.repeat(32)).fetch(), 404, 20404);
      const names = (await acts.list()).map((a) => a.friendlyName);
      assert.ok(!names.includes('y'.repeat(65)), 'the refused Activity was not created');
    });

    it('names are unique per Workspace case-insensitively, but may repeat across Workspaces', async () => {
      const acts = client.taskrouter.v1.workspaces(rulesWs.sid).activities;
      const err = await h.expectRestError(acts.create({ friendlyName: 'offline' }), 400, 20001);
      assert.match(err.message, /offline/i);
      const other = await client.taskrouter.v1.workspaces(ws.sid).activities.create({ friendlyName: 'Shared Name' });
      const mine = await acts.create({ friendlyName: 'Shared Name' });
      assert.notEqual(mine.sid, other.sid);
      await h.expectRestError(acts.create({ friendlyName: 'SHARED name' }), 400, 20001);
      // Renaming onto an existing name is refused too.
      const third = await acts.create({ friendlyName: h.uniqueName('third') });
      await h.expectRestError(acts(third.sid).update({ friendlyName: 'shared NAME' }), 400, 20001);
      await Promise.all([mine.remove(), other.remove(), third.remove()]);
    });

    it('at most 100 Activities per Workspace, the three defaults included', async () => {
      const limitWs = await client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('activity-limit') });
      const acts = client.taskrouter.v1.workspaces(limitWs.sid).activities;
      for (let i = 0; i < 97; i++) await acts.create({ friendlyName: `act-${i}` });
      await h.expectRestError(acts.create({ friendlyName: 'one-too-many' }), 400, 20001);
      assert.equal((await acts.list()).length, 100);
      await client.taskrouter.v1.workspaces(limitWs.sid).remove();
    });

    it('concurrent creates: one name is taken once, and the limit of 100 holds', async () => {
      const raceWs = await client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('activity-race') });
      const acts = client.taskrouter.v1.workspaces(raceWs.sid).activities;
      const outcome = async (p) => p.then(() => 'created', (e) => (e instanceof h.twilio.RestException ? `${e.status}/${e.code}` : String(e)));

      const same = await Promise.all(Array.from({ length: 10 }, (_, i) => outcome(acts.create({ friendlyName: i % 2 ? 'Race' : 'RACE' }))));
      assert.deepEqual(same.sort(), ['400/20001', '400/20001', '400/20001', '400/20001', '400/20001', '400/20001',
        '400/20001', '400/20001', '400/20001', 'created']);

      const many = await Promise.all(Array.from({ length: 100 }, (_, i) => outcome(acts.create({ friendlyName: `many-${i}` }))));
      assert.equal(many.filter((o) => o === 'created').length, 96, 'the 3 defaults + Race + 96 = 100');
      assert.ok(many.every((o) => o === 'created' || o === '400/20001'), JSON.stringify(many));
      const list = await acts.list();
      assert.equal(list.length, 100);
      assert.equal(new Set(list.map((a) => a.friendlyName.toLowerCase())).size, 100, 'no duplicate names');
      await client.taskrouter.v1.workspaces(raceWs.sid).remove();
    });

    it('an Activity is reachable only through its own Workspace', async () => {
      const a = await client.taskrouter.v1.workspaces(rulesWs.sid).activities.create({ friendlyName: h.uniqueName('own') });
      await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities(a.sid).fetch(), 404, 20404);
      await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities(a.sid).update({ friendlyName: 'z' }), 404, 20404);
      await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities(a.sid).remove(), 404, 20404);
      const still = await client.taskrouter.v1.workspaces(rulesWs.sid).activities(a.sid).fetch();
      assert.equal(still.friendlyName, a.friendlyName);
      await still.remove();
    });
  });
});

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
