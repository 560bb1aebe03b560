#!/usr/bin/env node
'use strict';
// A Task routed to a Worker, with Twilio's official `twilio` Node library against a running
// taskrouterd: the Worker is reserved, accepts, and completes the Task, and its Activity is
// printed after each step.
//
// Run (after `scripts/setup.sh`, which installs the pinned `twilio` package in sdk-tests/):
//   TASKROUTER_URL=http://127.0.0.1:8080 TASKROUTER_ACCOUNT_SID=AC... TASKROUTER_AUTH_TOKEN=... \
//       node examples/routing.js
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

async function main() {
  const client = twilio(env('TASKROUTER_ACCOUNT_SID'), env('TASKROUTER_AUTH_TOKEN'));
  client.taskrouter.baseUrl = env('TASKROUTER_URL');

  // Single-tasking: a Worker takes one Task at a time, and the TaskQueue's Activities show it.
  const created = await client.taskrouter.v1.workspaces.create({
    friendlyName: `routing example ${new Date().toISOString()}`,
    multiTaskEnabled: false,
  });
  const workspace = client.taskrouter.v1.workspaces(created.sid);
  try {
    const activities = Object.fromEntries((await workspace.activities.list()).map((a) => [a.friendlyName, a.sid]));
    const reserved = await workspace.activities.create({ friendlyName: 'Reserved', available: false });
    const busy = await workspace.activities.create({ friendlyName: 'Busy', available: false });

    // A reserved Worker moves to Reserved, one who accepts to Busy.
    const queue = await workspace.taskQueues.create({
      friendlyName: 'Support',
      targetWorkers: "skills HAS 'support'",
      reservationActivitySid: reserved.sid,
      assignmentActivitySid: busy.sid,
    });
    // Every support Task goes to that queue; a Reservation not answered in 60 s times out.
    const workflow = await workspace.workflows.create({
      friendlyName: 'Inbound',
      taskReservationTimeout: 60,
      configuration: JSON.stringify({
        task_routing: { filters: [{ expression: "type == 'support'", targets: [{ queue: queue.sid }] }] },
      }),
    });
    const worker = await workspace.workers.create({
      friendlyName: 'Alice',
      attributes: JSON.stringify({ skills: ['support'] }),
      activitySid: activities.Available,
    });
    const showWorker = async (step) => {
      const w = await workspace.workers(worker.sid).fetch();
      console.log(`  ${step.padEnd(9)} Worker ${w.friendlyName}: ${w.activityName} (available: ${w.available})`);
    };
    console.log(`Worker ${worker.sid} in TaskQueue ${queue.friendlyName}, Workflow ${workflow.friendlyName}`);
    await showWorker('created');

    // The Task is routed as it is created: Alice is available, so she gets a Reservation.
    const task = await workspace.tasks.create({
      workflowSid: workflow.sid,
      attributes: JSON.stringify({ type: 'support', customer: 'Bob' }),
    });
    const [reservation] = await workspace.tasks(task.sid).reservations.list();
    console.log(`Task ${task.sid}: ${task.assignmentStatus} in ${task.taskQueueFriendlyName}; ` +
      `Reservation ${reservation.sid} for ${reservation.workerName}: ${reservation.reservationStatus}`);
    await showWorker('reserved');

    // Alice accepts (the same Reservation is also at /Workers/{Sid}/Reservations/{Sid}).
    const accepted = await workspace.workers(worker.sid).reservations(reservation.sid)
      .update({ reservationStatus: 'accepted' });
    const assigned = await workspace.tasks(task.sid).fetch();
    console.log(`Reservation ${accepted.reservationStatus}; Task ${assigned.assignmentStatus}`);
    await showWorker('accepted');

    // The work is done. Completing a Task does not move the Worker: she stays Busy until she
    // (or your application) changes her Activity.
    const completed = await workspace.tasks(task.sid).update({ assignmentStatus: 'completed', reason: 'resolved' });
    console.log(`Task ${completed.assignmentStatus} (reason: ${completed.reason})`);
    await showWorker('completed');
    await workspace.workers(worker.sid).update({ activitySid: activities.Available });
    await showWorker('back');
  } finally {
    await workspace.remove();
    console.log(`Workspace ${created.sid} removed`);
  }
}

main().catch((err) => {
  console.error(err instanceof twilio.RestException ? `${err.status} ${err.code} ${err.message}` : err);
  process.exit(1);
});
