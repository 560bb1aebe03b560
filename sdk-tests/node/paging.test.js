'use strict';
// Paging through more than one page of Activities with the official `twilio` Node library: the
// SDK asks for the first page and then follows `next_page_url` verbatim.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

// Activities created on top of the three defaults: more than one default page (50), within the
// limit of 100 Activities per Workspace.
const EXTRA = 90;
const TOTAL = EXTRA + 3;

describe('paging through Activities', () => {
  let env;
  let client;
  let ws;
  let expectedNames; // in creation order
  let expectedSids;

  before(async () => {
    env = await h.start();
    client = env.client();
    ws = await client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('paging') });
    const acts = client.taskrouter.v1.workspaces(ws.sid).activities;
    expectedNames = ['Offline', 'Unavailable', 'Available'];
    // Names deliberately not in SID or alphabetical order: the list order is creation order.
    for (let i = 0; i < EXTRA; i++) {
      const name = `act-${String((i * 37) % EXTRA).padStart(3, '0')}-${i}`;
      await acts.create({ friendlyName: name, available: i % 2 === 0 });
      expectedNames.push(name);
    }
    expectedSids = (await acts.list({ pageSize: 1000 })).map((a) => a.sid);
    assert.equal(expectedSids.length, TOTAL);
  });

  after(async () => {
    if (!env) return;
    if (env.external && ws) await client.taskrouter.v1.workspaces(ws.sid).remove().catch(() => {});
    const status = await env.stop();
    if (!env.external) assert.deepEqual(status, { code: 0, signal: null }, 'taskrouterd must exit 0 on SIGTERM');
  });

  const listUrl = () => `${env.baseUrl}/v1/Workspaces/${ws.sid}/Activities`;
  const activities = () => client.taskrouter.v1.workspaces(ws.sid).activities;

  it('list() with no limit returns all Activities in creation order, pages of the default 50', async () => {
    const from = env.exchanges.length;
    const list = await activities().list();
    assert.deepEqual(list.map((a) => a.friendlyName), expectedNames);
    assert.deepEqual(list.map((a) => a.sid), expectedSids);
    assert.equal(new Set(list.map((a) => a.sid)).size, TOTAL, 'no duplicates');

    const calls = env.exchanges.slice(from);
    assert.equal(calls.length, 2, 'two pages: 50 + 43');
    assert.deepEqual(calls.map((x) => h.jsonBody(x).activities.length), [50, 43]);
    assert.deepEqual(calls.map((x) => h.jsonBody(x).meta.page), [0, 1]);
    assert.deepEqual(calls.map((x) => h.jsonBody(x).meta.page_size), [50, 50]);
    assert.equal(calls[0].params.PageSize, undefined, 'the SDK sends no PageSize without a limit');
    for (const x of calls.slice(1)) {
      assert.ok(x.uri.startsWith(listUrl() + '?'), `later pages follow next_page_url: ${x.uri}`);
    }
    assert.equal(h.jsonBody(calls[1]).meta.next_page_url, null, 'next_page_url is null on the last page');
  });

  it('page({pageSize: 7}) and nextPage() chain through every page', async () => {
    let page = await activities().page({ pageSize: 7 });
    const seen = [];
    const metas = [];
    for (;;) {
      seen.push(...page.instances.map((a) => a.sid));
      metas.push(h.jsonBody(env.lastExchange()).meta);
      if (!page.nextPageUrl) break;
      assert.ok(page.nextPageUrl.startsWith(listUrl() + '?'), `absolute next_page_url: ${page.nextPageUrl}`);
      const next = new URL(page.nextPageUrl).searchParams;
      assert.equal(next.get('PageSize'), '7');
      assert.equal(next.get('Page'), String(metas.length));
      assert.ok(next.get('PageToken'), 'next_page_url carries a PageToken');
      page = await page.nextPage();
    }
    assert.deepEqual(seen, expectedSids, 'every Activity once, in order');
    assert.equal(metas.length, Math.ceil(TOTAL / 7));
    metas.forEach((m, i) => {
      assert.equal(m.page, i);
      assert.equal(m.page_size, 7);
      assert.equal(m.key, 'activities');
      assert.ok(m.first_page_url.startsWith(listUrl() + '?'), m.first_page_url);
      assert.equal(new URL(m.first_page_url).searchParams.get('PageSize'), '7');
      assert.equal(new URL(m.first_page_url).searchParams.get('PageToken'), null, 'first_page_url has no token');
    });
    assert.equal(metas[0].previous_page_url, null, 'no previous page before the first');
    assert.ok(metas[1].previous_page_url, 'page 1 has a previous_page_url');
  });

  it('previousPage() goes back to the same items', async () => {
    const p0 = await activities().page({ pageSize: 7 });
    const p1 = await p0.nextPage();
    const p2 = await p1.nextPage();
    const back = await p2.previousPage();
    assert.deepEqual(back.instances.map((a) => a.sid), p1.instances.map((a) => a.sid));
    assert.deepEqual(p2.instances.map((a) => a.sid), expectedSids.slice(14, 21));
  });

  it('each() visits every Activity once, in order', async () => {
    const seen = [];
    await activities().each({ pageSize: 20 }, (a) => seen.push(a.sid));
    assert.deepEqual(seen, expectedSids);
  });

  it('each() and list() honour limit across pages', async () => {
    const seen = [];
    await activities().each({ pageSize: 20, limit: 45 }, (a) => seen.push(a.sid));
    assert.deepEqual(seen, expectedSids.slice(0, 45));
    const list = await activities().list({ limit: 61 });
    assert.deepEqual(list.map((a) => a.sid), expectedSids.slice(0, 61));
  });

  it('filters are kept in next_page_url', async () => {
    const list = await activities().list({ available: 'true', pageSize: 10 });
    const expected = expectedSids.filter((_, i) => i === 2 || (i >= 3 && (i - 3) % 2 === 0));
    assert.deepEqual(list.map((a) => a.sid), expected);
    assert.ok(list.every((a) => a.available === true));
  });

  it('the cursor neither skips nor repeats when items are created or deleted between pages', async () => {
    const acts = activities();
    const p0 = await acts.page({ pageSize: 10 });
    assert.deepEqual(p0.instances.map((a) => a.sid), expectedSids.slice(0, 10));
    // Delete one item of the page already read and one of the next page, then add a new one.
    const goneSeen = expectedSids[5];
    const goneAhead = expectedSids[12];
    await acts(goneSeen).remove();
    await acts(goneAhead).remove();
    const added = await acts.create({ friendlyName: h.uniqueName('late') });

    const rest = [];
    for (let p = await p0.nextPage(); p; p = p.nextPageUrl ? await p.nextPage() : null) {
      rest.push(...p.instances.map((a) => a.sid));
    }
    const want = [...expectedSids.slice(10).filter((s) => s !== goneAhead), added.sid];
    assert.deepEqual(rest, want);
  });

  it('PageSize bounds: 1000 allowed; 0 and 1001 refused with 400', async () => {
    const big = await activities().page({ pageSize: 1000 });
    assert.equal(big.instances.length, expectedSids.length - 1, 'everything (one was deleted above)');
    assert.equal(big.nextPageUrl, undefined);
    if (env.external) return; // Prism itself refuses out-of-range values before the server sees them.
    for (const size of [0, 1001]) {
      await h.expectRestError(activities().page({ pageSize: size }), 400);
    }
  });

  it('an invalid PageToken is refused with code 21481, never a 500', async () => {
    await h.expectRestError(activities().page({ pageSize: 5, pageNumber: 1, pageToken: 'PAnot-a-token' }), null, 21481);
  });

  it('Page=N without a PageToken on Workspaces gets a sane 200 answer', async () => {
    const page = await client.taskrouter.v1.workspaces.page({ pageSize: 2, pageNumber: 3 });
    assert.ok(Array.isArray(page.instances));
    assert.equal(env.lastExchange().statusCode, 200);
    assert.equal(h.jsonBody(env.lastExchange()).meta.key, 'workspaces');
  });
});
