#!/usr/bin/env node
'use strict';
// A Worker changing Activity, and the real-time statistics that follow, with Twilio's official
// `twilio` Node library against a running taskrouterd.
//
// Run (after `scripts/setup.sh`, which installs the pinned `twilio` package in sdk-tests/):
//   TASKROUTER_URL=http://127.0.0.1:8080 TASKROUTER_ACCOUNT_SID=AC... TASKROUTER_AUTH_TOKEN=... \
//       node examples/workers.js
//
// It creates a Workspace of its own and removes it at the end.

const path = require('node:path');
const twilio = require(path.join(__dirname, '..', 'sdk-tests', 'node_modules', 'twilio'));

function env(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`set ${name} (see the comment at the top of ${path.basename(__filename)})`);
    process.exit(2);
  }
  return value;
}

async function showStatistics(workspace) {
  const stats = await workspace.workers.realTimeStatistics().fetch();
  const counts = stats.activityStatistics.map((a) => `${a.friendly_name}=${a.workers}`);
  console.log(`  real-time: total_workers=${stats.totalWorkers}  ${counts.join('  ')}`);
}

async function main() {
  const client = twilio(env('TASKROUTER_ACCOUNT_SID'), env('TASKROUTER_AUTH_TOKEN'));
  client.taskrouter.baseUrl = env('TASKROUTER_URL');

  const created = await client.taskrouter.v1.workspaces.create({
    friendlyName: `workers example ${new Date().toISOString()}`,
  });
  const workspace = client.taskrouter.v1.workspaces(created.sid);
  try {
    const activities = await workspace.activities.list();
    const bySid = Object.fromEntries(activities.map((a) => [a.friendlyName, a.sid]));
    const lunch = await workspace.activities.create({ friendlyName: 'Lunch', available: false });

    let worker = await workspace.workers.create({
      friendlyName: 'Alice',
      attributes: JSON.stringify({ skills: ['support'], languages: ['en', 'fr'] }),
    });
    console.log(`Worker ${worker.sid} ${worker.friendlyName}: ${worker.activityName} ` +
      `(available: ${worker.available})`);
    await showStatistics(workspace);

    for (const activitySid of [bySid.Available, lunch.sid]) {
      worker = await workspace.workers(worker.sid).update({ activitySid });
      console.log(`moved to ${worker.activityName} (available: ${worker.available}, ` +
        `status changed ${worker.dateStatusChanged.toISOString()})`);
      await showStatistics(workspace);
    }

    try {
      await workspace.activities(lunch.sid).remove();
    } catch (err) {
      console.log(`removing Lunch refused: ${err.status} ${err.code} ${err.message}`);
    }

    const available = await workspace.workers.list({ available: 'true' });
    console.log(`available workers: ${available.length}`);
    const events = await workspace.events.list({ workerSid: worker.sid });
    console.log(`events of ${worker.friendlyName}: ${events.map((e) => e.eventType).join(', ')}`);
  } finally {
    await workspace.remove();
    console.log(`Workspace ${created.sid} removed`);
  }
}

main().catch((err) => {
  console.error(err instanceof twilio.RestException ? `${err.status} ${err.code} ${err.message}` : err);
  process.exit(1);
});
