#!/usr/bin/env node
'use strict';
// The five Activity calls of Twilio's TaskRouter documentation (create, fetch, list, update,
// remove), made with Twilio's official `twilio` Node library against a running taskrouterd.
//
// Run:
//   (cd sdk-tests && npm ci)             # once: installs the pinned `twilio` package
//   TASKROUTER_ACCOUNT_SID=AC... TASKROUTER_AUTH_TOKEN=... build/taskrouterd \
//       --listen 127.0.0.1:8080 --data-dir /tmp/taskrouterd-data &
//   TASKROUTER_URL=http://127.0.0.1:8080 TASKROUTER_ACCOUNT_SID=AC... TASKROUTER_AUTH_TOKEN=... \
//       node examples/activities.js
//
// It creates a Workspace of its own first and removes it at the end. The only change from code
// written for Twilio's cloud is the line that sets `client.taskrouter.baseUrl`.

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

function show(title, activity) {
  console.log(`\n${title}`);
  console.log(`  sid            ${activity.sid}`);
  console.log(`  friendlyName   ${activity.friendlyName}`);
  console.log(`  available      ${activity.available}`);
  console.log(`  workspaceSid   ${activity.workspaceSid}`);
  console.log(`  accountSid     ${activity.accountSid}`);
  console.log(`  dateCreated    ${activity.dateCreated.toISOString()}`);
  console.log(`  dateUpdated    ${activity.dateUpdated.toISOString()}`);
  console.log(`  url            ${activity.url}`);
  console.log(`  links          ${JSON.stringify(activity.links)}`);
}

async function main() {
  const client = twilio(env('TASKROUTER_ACCOUNT_SID'), env('TASKROUTER_AUTH_TOKEN'));
  client.taskrouter.baseUrl = env('TASKROUTER_URL');

  const workspace = await client.taskrouter.v1.workspaces.create({
    friendlyName: `activities example ${new Date().toISOString()}`,
  });
  console.log(`Workspace ${workspace.sid} "${workspace.friendlyName}" ` +
    `(default activity: ${workspace.defaultActivityName})`);
  const activities = client.taskrouter.v1.workspaces(workspace.sid).activities;

  try {
    // 1. Create
    const activity = await activities.create({ available: true, friendlyName: 'NewAvailableActivity' });
    show('1. created', activity);

    // 2. Fetch
    show('2. fetched', await activities(activity.sid).fetch());

    // 3. List
    const list = await activities.list({ limit: 20 });
    console.log(`\n3. listed ${list.length} activities`);
    for (const a of list) {
      console.log(`  ${a.sid}  ${a.available ? 'available  ' : 'unavailable'}  ${a.friendlyName}`);
    }

    // 4. Update
    show('4. updated', await activities(activity.sid).update({ friendlyName: 'another_name' }));

    // 5. Remove
    const removed = await activities(activity.sid).remove();
    console.log(`\n5. removed: ${removed}`);
  } finally {
    await client.taskrouter.v1.workspaces(workspace.sid).remove();
    console.log(`\nWorkspace ${workspace.sid} removed`);
  }
}

main().catch((err) => {
  if (err instanceof twilio.RestException) {
    console.error(`HTTP ${err.status}, Twilio error ${err.code}: ${err.message} (${err.moreInfo})`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
