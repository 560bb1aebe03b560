'use strict';
// Workers through the official `twilio` Node library: create, fetch, list, update, remove with
// every field checked; a Worker moved Offline -> Available -> a custom unavailable Activity, and
// what that does to the Activity (deletion refused while occupied, a rename seen at once); list
// filters and Ordering; attributes kept byte for byte; ETag / If-Match; bad input.
//
// Locally the server runs on a clock file, so every date is checked to the second and time is
// moved by the test; through Prism (external mode) the real clock runs, dates are checked within
// a second, and the tests that need time to pass are skipped.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

const SID_WK = /^WK[0-9a-f]{32}$/;
const ETAG = /^"(\d+)"$/;
const NEEDS_CLOCK = h.EXTERNAL && 'needs a server of its own with a clock file';
const WORKER_KEYS = [
  'account_sid', 'activity_name', 'activity_sid', 'attributes', 'available', 'date_created', 'date_status_changed',
  'date_updated', 'friendly_name', 'links', 'sid', 'url', 'workspace_sid',
];

describe('Worker resource', () => {
  const srv = h.lifecycle({ clock: true });
  const { cleanup, tick, timed } = srv;

  async function createWorkspace(base) {
    const ws = await srv.client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName(base) });
    cleanup.push(ws.sid);
    const acts = Object.fromEntries(
      (await srv.client.taskrouter.v1.workspaces(ws.sid).activities.list()).map((a) => [a.friendlyName, a]));
    return { ws, acts };
  }

  const wsUrl = (wsSid) => `${srv.env.baseUrl}/v1/Workspaces/${wsSid}`;

  function expectedLinks(wsSid, sid, activitySid) {
    const w = wsUrl(wsSid);
    return {
      channels: `${w}/Workers/${sid}/Channels`,
      activity: `${w}/Activities/${activitySid}`,
      workspace: w,
      statistics: `${w}/Workers/Statistics`,
      real_time_statistics: `${w}/Workers/RealTimeStatistics`,
      cumulative_statistics: `${w}/Workers/CumulativeStatistics`,
      worker_statistics: `${w}/Workers/${sid}/Statistics`,
      worker_channels: `${w}/Workers/${sid}/Channels`,
      reservations: `${w}/Workers/${sid}/Reservations`,
    };
  }

  // Checks every field of a Worker. `e`: {wsSid, sid?, friendlyName, activity (an Activity),
  // attributes, created, statusChanged, updated?} with the dates as [before, after] server times.
  function assertWorker(w, e) {
    assert.equal(w.accountSid, srv.env.accountSid, 'accountSid');
    assert.equal(w.activityName, e.activity.friendlyName, 'activityName');
    assert.equal(w.activitySid, e.activity.sid, 'activitySid');
    assert.equal(w.attributes, e.attributes, 'attributes');
    assert.equal(w.available, e.activity.available, 'available');
    h.assertServerDate(srv.env, w.dateCreated, ...e.created, 'dateCreated');
    h.assertServerDate(srv.env, w.dateStatusChanged, ...e.statusChanged, 'dateStatusChanged');
    if (e.updated) h.assertServerDate(srv.env, w.dateUpdated, ...e.updated, 'dateUpdated');
    assert.ok(w.dateUpdated instanceof Date && w.dateUpdated >= w.dateCreated, 'dateUpdated >= dateCreated');
    assert.equal(w.friendlyName, e.friendlyName, 'friendlyName');
    assert.match(w.sid, SID_WK);
    if (e.sid) assert.equal(w.sid, e.sid, 'sid');
    assert.equal(w.workspaceSid, e.wsSid, 'workspaceSid');
    assert.equal(w.url, `${wsUrl(e.wsSid)}/Workers/${w.sid}`, 'url');
    assert.deepEqual(w.links, expectedLinks(e.wsSid, w.sid, e.activity.sid), 'links');
  }

  // The ETag of the last exchange, checked to be "<version>".
  function lastEtag() {
    const etag = srv.env.lastExchange().headers.etag;
    assert.match(String(etag), ETAG, `ETag must be "<version>", got ${etag}`);
    return etag;
  }
  const etagVersion = (etag) => Number(ETAG.exec(etag)[1]);

  describe('one Worker through its life: Offline -> Available -> Break', () => {
    let ws;
    let acts;
    let brk;
    let created;
    let expected;
    let etag;
    const name = h.uniqueName('Alice');

    before(async () => {
      ({ ws, acts } = await createWorkspace('workers'));
      brk = await srv.client.taskrouter.v1.workspaces(ws.sid).activities.create({ friendlyName: 'Break', available: false });
      tick(60000);
    });
    const workers = () => srv.client.taskrouter.v1.workspaces(ws.sid).workers;

    it('create with FriendlyName only: in the default Activity (Offline), attributes {}', async () => {
      const { result, when } = await timed(() => workers().create({ friendlyName: name }));
      created = result;
      const x = srv.env.lastExchange();
      assert.equal(x.statusCode, 201, 'create answers 201');
      assert.match(String(x.headers['content-type']), /^application\/json/);
      const raw = h.jsonBody(x);
      assert.deepEqual(Object.keys(raw).sort(), WORKER_KEYS);
      for (const k of ['date_created', 'date_status_changed', 'date_updated']) assert.match(raw[k], h.ISO_SECONDS, k);
      assert.equal(raw.attributes, '{}', 'attributes is the string "{}"');
      expected = {
        wsSid: ws.sid, friendlyName: name, activity: acts.Offline, attributes: '{}',
        created: when, statusChanged: when, updated: when,
      };
      assertWorker(created, expected);
      assert.equal(created.dateUpdated.getTime(), created.dateCreated.getTime());
      assert.equal(created.dateStatusChanged.getTime(), created.dateCreated.getTime());
      expected.sid = created.sid;
      etag = lastEtag();
    });

    it('fetch: the same fields and the same ETag', async () => {
      tick(5000);
      const w = await workers()(created.sid).fetch();
      assert.equal(srv.env.lastExchange().statusCode, 200);
      assertWorker(w, expected);
      assert.deepEqual(w.toJSON(), created.toJSON());
      assert.equal(lastEtag(), etag, 'a fetch does not change the version');
    });

    it('move to Available: activity and available follow, date_status_changed moves', async () => {
      tick(55000);
      const { result: w, when } = await timed(() => workers()(created.sid).update({ activitySid: acts.Available.sid }));
      assert.equal(srv.env.lastExchange().statusCode, 200);
      expected = { ...expected, activity: acts.Available, statusChanged: when, updated: when };
      assertWorker(w, expected);
      const next = lastEtag();
      assert.ok(etagVersion(next) > etagVersion(etag), `the version grows: ${etag} -> ${next}`);
      etag = next;
      assertWorker(await workers()(created.sid).fetch(), expected);
      assert.equal(lastEtag(), etag, 'fetch answers the ETag the update answered');
    });

    it('change attributes only: date_updated moves, date_status_changed stays', async () => {
      tick(10000);
      const attributes = '{"languages":["en","fr"],"level":3}';
      const { result: w, when } = await timed(() => workers()(created.sid).update({ attributes }));
      expected = { ...expected, attributes, updated: when };
      assertWorker(w, expected);
      assertWorker(await workers()(created.sid).fetch(), expected);
      const next = lastEtag();
      assert.ok(etagVersion(next) > etagVersion(etag), `the version grows: ${etag} -> ${next}`);
      etag = next;
    });

    it('update to the Activity it is already in: date_status_changed stays', async () => {
      tick(5000);
      const w = await workers()(created.sid).update({ activitySid: acts.Available.sid });
      assertWorker(w, { ...expected, updated: undefined });
      expected = { ...expected, updated: undefined };
      etag = lastEtag();
    });

    it('move to Break, an unavailable Activity of our own', async () => {
      tick(20000);
      const { result: w, when } = await timed(() => workers()(created.sid).update({ activitySid: brk.sid }));
      expected = { ...expected, activity: brk, statusChanged: when, updated: when };
      assertWorker(w, expected);
      assert.equal(w.available, false);
      assert.equal(w.activityName, 'Break');
      assertWorker(await workers()(created.sid).fetch(), expected);
    });

    it('list filters: ActivityName, ActivitySid, Available, FriendlyName; creation order; paging keeps them', async () => {
      const bob = await workers().create({ friendlyName: h.uniqueName('Bob'), activitySid: acts.Available.sid });
      assert.equal(bob.activitySid, acts.Available.sid, 'ActivitySid on create');
      assert.equal(bob.available, true);
      assert.equal(bob.dateStatusChanged.getTime(), bob.dateCreated.getTime());
      const carol = await workers().create({ friendlyName: h.uniqueName('Carol') });
      const names = async (params) => (await workers().list(params)).map((w) => w.friendlyName);
      const [a, b, c] = [created.friendlyName, bob.friendlyName, carol.friendlyName];

      const all = await workers().list();
      assert.deepEqual(all.map((w) => w.friendlyName), [a, b, c], 'creation order');
      const meta = h.jsonBody(srv.env.lastExchange()).meta;
      assert.equal(meta.key, 'workers');
      assert.equal(meta.page_size, 50);
      assert.equal(meta.next_page_url, null);
      assert.ok(meta.url.startsWith(`${wsUrl(ws.sid)}/Workers?`), meta.url);
      assertWorker(all[0], expected);
      for (const w of all) assert.deepEqual(w.toJSON(), (await workers()(w.sid).fetch()).toJSON(), 'list item == fetch');

      assert.deepEqual(await names({ activityName: 'Break' }), [a]);
      assert.deepEqual(await names({ activityName: 'Available' }), [b]);
      assert.deepEqual(await names({ activityName: 'Offline' }), [c]);
      assert.deepEqual(await names({ activityName: 'Unavailable' }), []);
      assert.deepEqual(await names({ activitySid: brk.sid }), [a]);
      assert.deepEqual(await names({ activitySid: acts.Offline.sid }), [c]);
      for (const v of ['true', '1', 'yes']) assert.deepEqual(await names({ available: v }), [b], `Available=${v}`);
      for (const v of ['false', '0', 'no', 'nonsense']) assert.deepEqual(await names({ available: v }), [a, c], `Available=${v}`);
      assert.deepEqual(await names({ friendlyName: a }), [a]);
      assert.deepEqual(await names({ friendlyName: a + 'x' }), []);
      assert.deepEqual(await names({ activityName: 'Break', available: 'true' }), [], 'filters combine');
      assert.deepEqual(await names({ activityName: 'Break', available: 'false' }), [a]);

      // One Worker a page: the filter travels in next_page_url.
      const from = srv.env.exchanges.length;
      assert.deepEqual(await names({ available: 'false', pageSize: 1 }), [a, c]);
      const pages = srv.env.exchanges.slice(from);
      assert.ok(pages.length >= 2, 'more than one page');
      for (const x of pages.slice(1)) {
        const q = new URL(x.uri).searchParams;
        assert.equal(q.get('Available'), 'false', `next_page_url keeps the filter: ${x.uri}`);
        assert.equal(q.get('PageSize'), '1');
      }
    });

    it('the Activity Workers are in cannot be deleted: 400/20001 saying how many; nothing changes', async () => {
      const acts2 = srv.client.taskrouter.v1.workspaces(ws.sid).activities;
      const err = await h.expectRestError(acts2(brk.sid).remove(), 400, 20001);
      assert.ok(err.message.includes(brk.sid), `the message names the Activity: ${err.message}`);
      assert.match(err.message, /\b1 Worker\b/, `the message says 1 Worker: ${err.message}`);
      assert.equal((await acts2(brk.sid).fetch()).friendlyName, 'Break', 'the Activity is still there');
      assertWorker(await workers()(created.sid).fetch(), expected);

      const bob = (await workers().list({ activityName: 'Available' }))[0];
      await workers()(bob.sid).update({ activitySid: brk.sid });
      const err2 = await h.expectRestError(acts2(brk.sid).remove(), 400, 20001);
      assert.match(err2.message, /\b2 Workers\b/, `the message says 2 Workers: ${err2.message}`);

      // One of the two leaves: still refused. Once the last one has left, it goes.
      await workers()(bob.sid).update({ activitySid: acts.Offline.sid });
      await h.expectRestError(acts2(brk.sid).remove(), 400, 20001);
      tick(1000);
      const { when } = await timed(() => workers()(created.sid).update({ activitySid: acts.Available.sid }));
      expected = { ...expected, activity: acts.Available, statusChanged: when, updated: when };
      assert.equal(await acts2(brk.sid).remove(), true, 'deleted once no Worker is in it');
      await h.expectRestError(acts2(brk.sid).fetch(), 404, 20404);
      assertWorker(await workers()(created.sid).fetch(), expected);
      await h.expectRestError(workers()(created.sid).update({ activitySid: brk.sid }), 400, 20001);
    });

    it('renaming an Activity shows at once in the activity_name of its Workers', async () => {
      const lunch = await srv.client.taskrouter.v1.workspaces(ws.sid).activities.create({ friendlyName: 'Lunch' });
      const carol = (await workers().list({ activityName: 'Offline' })).find((w) => w.friendlyName.startsWith('Carol'));
      await workers()(carol.sid).update({ activitySid: lunch.sid });
      await srv.client.taskrouter.v1.workspaces(ws.sid).activities(lunch.sid).update({ friendlyName: 'Long Lunch' });
      const w = await workers()(carol.sid).fetch();
      assert.equal(w.activityName, 'Long Lunch');
      assert.equal(w.activitySid, lunch.sid);
      assert.deepEqual((await workers().list({ activityName: 'Long Lunch' })).map((x) => x.sid), [carol.sid]);
      assert.deepEqual(await workers().list({ activityName: 'Lunch' }), []);
    });

    it('remove: 204, then gone from fetch, update, remove and list', async () => {
      assert.equal(await workers()(created.sid).remove(), true);
      const x = srv.env.lastExchange();
      assert.equal(x.statusCode, 204);
      assert.ok(x.body === '' || x.body === undefined || x.body === null, `204 has an empty body, got ${JSON.stringify(x.body)}`);
      const e = await h.expectRestError(workers()(created.sid).fetch(), 404, 20404);
      assert.equal(e.message, `The requested resource /v1/Workspaces/${ws.sid}/Workers/${created.sid} was not found`);
      await h.expectRestError(workers()(created.sid).update({ friendlyName: 'x' }), 404, 20404);
      await h.expectRestError(workers()(created.sid).remove(), 404, 20404);
      assert.ok(!(await workers().list()).some((w) => w.sid === created.sid));
      // Its name is free again.
      const again = await workers().create({ friendlyName: name.toUpperCase() });
      assert.notEqual(again.sid, created.sid);
    });
  });

  describe('attributes', () => {
    let ws;
    before(async () => {
      ({ ws } = await createWorkspace('worker-attributes'));
    });
    const workers = () => srv.client.taskrouter.v1.workspaces(ws.sid).workers;

    const CASES = [
      '{}',
      '{"email":"Bob@example.com","phone":"+5095551234"}',
      '{ "b" : 1 ,\n  "a" : [1, 2.50, true, null, {"x": {}}] }',
      '{"q":"a+b&c=d%20e f","text":"café ✓ 😀 \\u00e9","empty":""}',
      '{"contact_uri":"client:alice","routing":{"skills":["en","es"],"levels":{"en":10,"es":5}}}',
    ];

    it('come back exactly as sent, on create, fetch, list and update', async () => {
      for (let i = 0; i < CASES.length; i++) {
        const attributes = CASES[i];
        const w = await workers().create({ friendlyName: `attrs-${i}`, attributes });
        assert.equal(w.attributes, attributes, `create #${i}`);
        assert.equal((await workers()(w.sid).fetch()).attributes, attributes, `fetch #${i}`);
        assert.equal((await workers().list({ friendlyName: `attrs-${i}` }))[0].attributes, attributes, `list #${i}`);
        const next = CASES[(i + 1) % CASES.length];
        assert.equal((await workers()(w.sid).update({ attributes: next })).attributes, next, `update #${i}`);
        assert.equal((await workers()(w.sid).fetch()).attributes, next, `fetch after update #${i}`);
      }
    });

    it('an update without Attributes keeps them', async () => {
      const w = await workers().create({ friendlyName: 'keeps', attributes: CASES[2] });
      const u = await workers()(w.sid).update({ friendlyName: 'keeps-renamed' });
      assert.equal(u.attributes, CASES[2]);
      assert.equal(u.friendlyName, 'keeps-renamed');
    });
  });

  describe('Ordering', { skip: NEEDS_CLOCK }, () => {
    let ws;
    let acts;
    const sids = {};
    before(async () => {
      ({ ws, acts } = await createWorkspace('worker-ordering'));
      const workers = srv.client.taskrouter.v1.workspaces(ws.sid).workers;
      // Created a, b, c, d ten seconds apart; then c and a change Activity: by status change the
      // order is b, d, c, a.
      for (const n of ['a', 'b', 'c', 'd']) {
        tick(10000);
        sids[n] = (await workers.create({ friendlyName: `order-${n}` })).sid;
      }
      tick(10000);
      await workers(sids.c).update({ activitySid: acts.Available.sid });
      tick(10000);
      await workers(sids.a).update({ activitySid: acts.Unavailable.sid });
    });
    const order = async (params) =>
      (await srv.client.taskrouter.v1.workspaces(ws.sid).workers.list(params)).map((w) => w.friendlyName.slice(6)).join('');

    it('default: creation order', async () => {
      assert.equal(await order({}), 'abcd');
    });

    it('DateCreated:asc|desc and DateStatusChanged:asc|desc', async () => {
      assert.equal(await order({ ordering: 'DateCreated:asc' }), 'abcd');
      assert.equal(await order({ ordering: 'DateCreated:desc' }), 'dcba');
      assert.equal(await order({ ordering: 'DateStatusChanged:asc' }), 'bdca');
      assert.equal(await order({ ordering: 'DateStatusChanged:desc' }), 'acdb');
    });

    it('the order holds across pages', async () => {
      const from = srv.env.exchanges.length;
      assert.equal(await order({ ordering: 'DateStatusChanged:desc', pageSize: 3 }), 'acdb');
      assert.equal(await order({ ordering: 'DateCreated:desc', pageSize: 1 }), 'dcba');
      assert.equal(await order({ ordering: 'DateStatusChanged:asc', available: 'false', pageSize: 1 }), 'bda');
      for (const x of srv.env.exchanges.slice(from + 1)) {
        if (!new URL(x.uri).searchParams.get('PageToken')) continue;
        assert.ok(new URL(x.uri).searchParams.get('Ordering'), `next_page_url keeps Ordering: ${x.uri}`);
      }
    });
  });

  describe('ETag and If-Match', () => {
    let ws;
    before(async () => {
      ({ ws } = await createWorkspace('worker-etag'));
    });
    const workers = () => srv.client.taskrouter.v1.workspaces(ws.sid).workers;

    it('a stale If-Match on update or remove: 412 / 20412 and nothing changes; the current one works', async () => {
      const w = await workers().create({ friendlyName: 'versioned', attributes: '{"v":1}' });
      const v1 = lastEtag();
      await workers()(w.sid).fetch();
      assert.equal(lastEtag(), v1);

      const u = await workers()(w.sid).update({ attributes: '{"v":2}', ifMatch: v1 });
      assert.equal(u.attributes, '{"v":2}', 'the current version is accepted');
      const v2 = lastEtag();
      assert.ok(etagVersion(v2) > etagVersion(v1), `${v1} -> ${v2}`);

      await h.expectRestError(workers()(w.sid).update({ attributes: '{"v":3}', friendlyName: 'lost', ifMatch: v1 }), 412, 20412);
      let now = await workers()(w.sid).fetch();
      assert.equal(now.attributes, '{"v":2}', 'the refused update changed nothing');
      assert.equal(now.friendlyName, 'versioned');
      assert.equal(lastEtag(), v2);

      await h.expectRestError(workers()(w.sid).remove({ ifMatch: v1 }), 412, 20412);
      now = await workers()(w.sid).fetch();
      assert.equal(lastEtag(), v2, 'the refused remove changed nothing');

      assert.equal(await workers()(w.sid).remove({ ifMatch: v2 }), true);
      await h.expectRestError(workers()(w.sid).fetch(), 404, 20404);
    });

    it('ten concurrent updates with the same If-Match: exactly one wins, the others get 412 / 20412', async () => {
      const w = await workers().create({ friendlyName: 'contended', attributes: '{"n":-1}' });
      const v = lastEtag();
      const outcome = (p) => p.then(() => 'ok', (e) => (e instanceof h.twilio.RestException ? `${e.status}/${e.code}` : String(e)));
      const results = await Promise.all(Array.from({ length: 10 }, (_, n) =>
        outcome(workers()(w.sid).update({ attributes: `{"n":${n}}`, ifMatch: v }))));
      assert.deepEqual([...results].sort(), ['412/20412', '412/20412', '412/20412', '412/20412', '412/20412',
        '412/20412', '412/20412', '412/20412', '412/20412', 'ok']);
      const winner = results.indexOf('ok');
      assert.equal((await workers()(w.sid).fetch()).attributes, `{"n":${winner}}`, 'the winner\'s attributes are stored');
      assert.ok(etagVersion(lastEtag()) > etagVersion(v));
    });

    it('concurrent creates of one name in different cases: one Worker', async () => {
      const outcome = (p) => p.then(() => 'created', (e) => (e instanceof h.twilio.RestException ? `${e.status}/${e.code}` : String(e)));
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        outcome(workers().create({ friendlyName: i % 2 ? 'Racer' : 'RACER' }))));
      assert.deepEqual([...results].sort(), [...Array(9).fill('400/20001'), 'created']);
      const names = (await workers().list()).map((x) => x.friendlyName.toLowerCase()).filter((n) => n === 'racer');
      assert.equal(names.length, 1);
    });
  });

  describe('bad input', () => {
    let ws;
    let acts;
    let other;
    let alice;
    before(async () => {
      ({ ws, acts } = await createWorkspace('worker-errors'));
      other = await createWorkspace('worker-errors-other');
      alice = await srv.client.taskrouter.v1.workspaces(ws.sid).workers.create({ friendlyName: 'Alice', attributes: '{"a":1}' });
    });
    const workers = () => srv.client.taskrouter.v1.workspaces(ws.sid).workers;
    const names = async () => (await workers().list()).map((w) => w.friendlyName);

    function rawCreate(data) {
      return srv.client.taskrouter.v1.create({
        uri: `/Workspaces/${ws.sid}/Workers`,
        method: 'post',
        data,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    }

    it('missing or empty FriendlyName: 400 / 20001', { skip: h.EXTERNAL && 'Prism refuses the request itself (422)' }, async () => {
      const e1 = await h.expectRestError(rawCreate({ Attributes: '{}' }), 400, 20001);
      assert.match(e1.message, /FriendlyName/);
      const e2 = await h.expectRestError(rawCreate({ FriendlyName: '' }), 400, 20001);
      assert.match(e2.message, /FriendlyName/);
      assert.deepEqual(await names(), ['Alice']);
    });

    it('FriendlyName: 64 characters accepted, 65 refused with 400 / 20001', async () => {
      const ok = await workers().create({ friendlyName: 'é'.repeat(64) });
      assert.equal(ok.friendlyName, 'é'.repeat(64));
      await h.expectRestError(workers().create({ friendlyName: 'z'.repeat(65) }), 400, 20001);
      await h.expectRestError(workers()(alice.sid).update({ friendlyName: 'z'.repeat(65) }), 400, 20001);
      await ok.remove();
      assert.deepEqual(await names(), ['Alice']);
    });

    it('a FriendlyName taken in the Workspace, in any case: 400 / 20001 on create and rename', async () => {
      for (const n of ['Alice', 'alice', 'ALICE', 'aLiCe']) {
        const e = await h.expectRestError(workers().create({ friendlyName: n }), 400, 20001);
        assert.match(e.message, /alice/i, `the message names the Worker: ${e.message}`);
        assert.ok(e.message.includes(ws.sid), `the message names the Workspace: ${e.message}`);
      }
      const bob = await workers().create({ friendlyName: 'Bob' });
      await h.expectRestError(workers()(bob.sid).update({ friendlyName: 'ALICE' }), 400, 20001);
      assert.equal((await workers()(bob.sid).fetch()).friendlyName, 'Bob', 'the refused rename changed nothing');
      // Another Workspace may have its own Alice.
      const theirs = await srv.client.taskrouter.v1.workspaces(other.ws.sid).workers.create({ friendlyName: 'alice' });
      assert.equal(theirs.friendlyName, 'alice');
      await bob.remove();
      assert.deepEqual(await names(), ['Alice']);
    });

    it('Attributes that are not a JSON object: 400 / 20001 on create and update', async () => {
      const bad = ['[1,2]', '"text"', '42', 'null', 'true', 'not json', '{"a":1', '{"a":1} x', "{'a':1}", '{"a":1,}'];
      for (const attributes of bad) {
        const e = await h.expectRestError(workers().create({ friendlyName: 'attrs', attributes }), 400, 20001);
        assert.match(e.message, /Attributes/i, `message for ${attributes}: ${e.message}`);
        await h.expectRestError(workers()(alice.sid).update({ attributes }), 400, 20001);
      }
      assert.deepEqual(await names(), ['Alice'], 'nothing was created');
      assert.equal((await workers()(alice.sid).fetch()).attributes, '{"a":1}', 'nothing was changed');
    });

    it('an ActivitySid of another Workspace, or of no Activity: 400 / 20001 on create and update', async () => {
      for (const sid of [other.acts.Available.sid, h.randomSid('WA')]) {
        const e = await h.expectRestError(workers().create({ friendlyName: 'nowhere', activitySid: sid }), 400, 20001);
        assert.ok(e.message.includes(sid), `the message names ${sid}: ${e.message}`);
        await h.expectRestError(workers()(alice.sid).update({ activitySid: sid }), 400, 20001);
      }
      assert.deepEqual(await names(), ['Alice']);
      const a = await workers()(alice.sid).fetch();
      assert.equal(a.activitySid, acts.Offline.sid, 'Alice is still Offline');
    });

    it('an Ordering other than DateStatusChanged|DateCreated :asc|:desc: 400 / 20001', async () => {
      for (const ordering of ['DateCreated', 'DateCreated:up', 'FriendlyName:asc', 'DateUpdated:desc', 'asc']) {
        const e = await h.expectRestError(workers().list({ ordering }), 400, 20001);
        assert.match(e.message, /Ordering/, `message for ${ordering}: ${e.message}`);
      }
    });

    it('unknown Worker, or one of another Workspace: 404 / 20404', async () => {
      const sid = h.randomSid('WK');
      const e = await h.expectRestError(workers()(sid).fetch(), 404, 20404);
      assert.equal(e.message, `The requested resource /v1/Workspaces/${ws.sid}/Workers/${sid} was not found`);
      await h.expectRestError(workers()(sid).update({ friendlyName: 'x' }), 404, 20404);
      await h.expectRestError(workers()(sid).remove(), 404, 20404);
      const theirs = srv.client.taskrouter.v1.workspaces(other.ws.sid).workers(alice.sid);
      await h.expectRestError(theirs.fetch(), 404, 20404);
      await h.expectRestError(theirs.update({ friendlyName: 'x' }), 404, 20404);
      await h.expectRestError(theirs.remove(), 404, 20404);
      await h.expectRestError(srv.client.taskrouter.v1.workspaces(h.randomSid('WS')).workers.list(), 404, 20404);
      assert.equal((await workers()(alice.sid).fetch()).friendlyName, 'Alice');
    });
  });
});
