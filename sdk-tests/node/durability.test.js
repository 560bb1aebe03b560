'use strict';
// What the SDK saw acknowledged survives a crash: SIGKILL the server, start it again on the same
// data dir, and every Workspace and Activity reads back exactly as before.

const { describe, it, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const h = require('./server');

describe('durability', { skip: h.EXTERNAL && 'needs a server of its own to kill' }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskrouterd-durability-'));
  const accountSid = h.randomSid('AC');
  const authToken = h.randomHex(16);
  let server;

  after(async () => {
    if (server) await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function startClient() {
    server = h.spawnServer({ dataDir, accountSid, authToken });
    const baseUrl = await server.ready;
    const client = h.twilio(accountSid, authToken);
    client.taskrouter.baseUrl = baseUrl;
    return { client, baseUrl };
  }

  // Everything the account has, as plain JSON, with URLs made relative to the server.
  async function snapshot(client, baseUrl) {
    const strip = (v) => JSON.parse(JSON.stringify(v).split(baseUrl).join('BASE'));
    const out = [];
    for (const w of await client.taskrouter.v1.workspaces.list()) {
      const acts = await client.taskrouter.v1.workspaces(w.sid).activities.list();
      out.push({ workspace: strip(w.toJSON()), activities: acts.map((a) => strip(a.toJSON())) });
    }
    return out;
  }

  it('acknowledged writes survive SIGKILL and a restart', async () => {
    let { client, baseUrl } = await startClient();
    const ws = await client.taskrouter.v1.workspaces.create({ friendlyName: 'durable', prioritizeQueueOrder: 'LIFO' });
    const acts = client.taskrouter.v1.workspaces(ws.sid).activities;
    const made = [];
    for (let i = 0; i < 20; i++) made.push(await acts.create({ friendlyName: `d-${i}`, available: i % 3 === 0 }));
    await acts(made[3].sid).update({ friendlyName: 'renamed' });
    await acts(made[4].sid).remove();
    await client.taskrouter.v1.workspaces(ws.sid).update({ defaultActivitySid: made[0].sid, eventsFilter: 'task.created' });
    const gone = await client.taskrouter.v1.workspaces.create({ friendlyName: 'deleted' });
    await client.taskrouter.v1.workspaces(gone.sid).remove();
    const before = await snapshot(client, baseUrl);
    assert.equal(before.length, 1);
    assert.equal(before[0].activities.length, 3 + 19);

    const status = await server.kill('SIGKILL');
    assert.equal(status.signal, 'SIGKILL');

    ({ client, baseUrl } = await startClient());
    assert.deepEqual(await snapshot(client, baseUrl), before);
    // And the restarted server goes on from there: SIDs and names stay unique.
    const again = await client.taskrouter.v1.workspaces(ws.sid).activities.create({ friendlyName: 'after-restart' });
    assert.ok(!made.some((a) => a.sid === again.sid));
    await h.expectRestError(client.taskrouter.v1.workspaces(ws.sid).activities.create({ friendlyName: 'D-1' }), 400, 20001);
  });
});
