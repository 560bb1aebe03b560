'use strict';
// Workflows through the official `twilio` Node library: the calls of Twilio's Workflow page
// (create, fetch, list with its filter, update, remove) with every field checked, the events they
// raise, the TaskQueues a Workflow holds, and the errors.
//
// Locally the server runs on a clock file, so every date is checked to the second; through Prism
// (external mode) the real clock runs and the requests Prism itself refuses are skipped.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./server');

const SID_WW = /^WW[0-9a-f]{32}$/;
const PRISM_REFUSES = h.EXTERNAL && 'Prism refuses the request itself before the server sees it';
const WORKFLOW_KEYS = [
  'account_sid', 'assignment_callback_url', 'configuration', 'date_created', 'date_updated',
  'document_content_type', 'fallback_assignment_callback_url', 'friendly_name', 'links', 'sid',
  'task_reservation_timeout', 'url', 'workspace_sid',
];

// One filter for sales Tasks to `filterQueue`, everything else to `defaultQueue`.
function config(filterQueue, defaultQueue) {
  return JSON.stringify({
    task_routing: {
      filters: [{
        filter_friendly_name: 'Sales', expression: "type == 'sales'",
        targets: [{ queue: filterQueue, timeout: 30 }],
      }],
      default_filter: { queue: defaultQueue },
    },
  });
}

describe('Workflow resource', () => {
  const srv = h.lifecycle({ clock: true });
  const { cleanup, tick, timed } = srv;
  let ws;
  let sales;
  let support;
  let created;
  let createdWhen;
  const workflows = () => srv.client.taskrouter.v1.workspaces(ws.sid).workflows;
  const wsUrl = () => `${srv.env.baseUrl}/v1/Workspaces/${ws.sid}`;

  // Checks every field of a Workflow; `e`: {sid?, name, configuration, timeout, assignment,
  // fallback (URLs or null), created, updated}.
  function assertWorkflow(w, e) {
    assert.equal(w.accountSid, srv.env.accountSid, 'accountSid');
    assert.equal(w.workspaceSid, ws.sid, 'workspaceSid');
    assert.match(w.sid, SID_WW);
    if (e.sid) assert.equal(w.sid, e.sid, 'sid');
    assert.equal(w.friendlyName, e.name, 'friendlyName');
    assert.equal(w.configuration, e.configuration, 'configuration');
    assert.equal(w.taskReservationTimeout, e.timeout, 'taskReservationTimeout');
    assert.equal(w.assignmentCallbackUrl, e.assignment, 'assignmentCallbackUrl');
    assert.equal(w.fallbackAssignmentCallbackUrl, e.fallback, 'fallbackAssignmentCallbackUrl');
    assert.equal(w.documentContentType, null, 'documentContentType');
    h.assertServerDate(srv.env, w.dateCreated, ...e.created, 'dateCreated');
    h.assertServerDate(srv.env, w.dateUpdated, ...e.updated, 'dateUpdated');
    const url = `${wsUrl()}/Workflows/${w.sid}`;
    assert.equal(w.url, url, 'url');
    assert.deepEqual(w.links, {
      statistics: `${url}/Statistics`,
      real_time_statistics: `${url}/RealTimeStatistics`,
      cumulative_statistics: `${url}/CumulativeStatistics`,
    }, 'links');
  }

  before(async () => {
    ws = await srv.client.taskrouter.v1.workspaces.create({ friendlyName: h.uniqueName('workflows') });
    cleanup.push(ws.sid);
    const queues = srv.client.taskrouter.v1.workspaces(ws.sid).taskQueues;
    sales = (await queues.create({ friendlyName: 'Sales' })).sid;
    support = (await queues.create({ friendlyName: 'Support' })).sid;
    tick(60000);
  });

  it('create a Workflow with the defaults', async () => {
    ({ result: created, when: createdWhen } = await timed(() => workflows().create({
      friendlyName: 'Inbound', configuration: config(sales, support),
      assignmentCallbackUrl: 'https://example.com/assign',
    })));
    assertWorkflow(created, {
      name: 'Inbound', configuration: config(sales, support), timeout: 120,
      assignment: 'https://example.com/assign', fallback: null, created: createdWhen, updated: createdWhen,
    });
    const x = srv.env.lastExchange();
    assert.equal(x.statusCode, 201);
    assert.deepEqual(Object.keys(h.jsonBody(x)).sort(), WORKFLOW_KEYS);
  });

  it('fetch it', async () => {
    const w = await workflows()(created.sid).fetch();
    assertWorkflow(w, {
      sid: created.sid, name: 'Inbound', configuration: config(sales, support), timeout: 120,
      assignment: 'https://example.com/assign', fallback: null, created: createdWhen, updated: createdWhen,
    });
  });

  it('update every field', async () => {
    tick(5000);
    const { result: w, when } = await timed(() => workflows()(created.sid).update({
      friendlyName: 'Calls', configuration: config(support, sales), taskReservationTimeout: 86400,
      assignmentCallbackUrl: 'https://example.com/assign2',
      fallbackAssignmentCallbackUrl: 'https://example.com/fallback', reEvaluateTasks: 'true',
    }));
    assertWorkflow(w, {
      sid: created.sid, name: 'Calls', configuration: config(support, sales), timeout: 86400,
      assignment: 'https://example.com/assign2', fallback: 'https://example.com/fallback',
      created: createdWhen, updated: when,
    });
    const again = await workflows()(created.sid).fetch();
    assert.equal(again.friendlyName, 'Calls', 'the update is stored');
  });

  it('list with FriendlyName, following next_page_url', async () => {
    await workflows().create({ friendlyName: 'Outbound', configuration: config(sales, sales) });
    await workflows().create({ friendlyName: 'Calls', configuration: config(sales, sales), taskReservationTimeout: 30 });
    const names = async (params) => (await workflows().list(params)).map((w) => w.friendlyName);
    assert.deepEqual(await names({}), ['Calls', 'Outbound', 'Calls']);
    const raw = h.jsonBody(srv.env.lastExchange());
    assert.equal(raw.meta.key, 'workflows');
    assert.deepEqual(Object.keys(raw.workflows[0]).sort(), WORKFLOW_KEYS);
    const calls = await workflows().list({ friendlyName: 'Calls' });
    assert.deepEqual(calls.map((w) => w.taskReservationTimeout), [86400, 30]);
    assert.deepEqual(await names({ friendlyName: 'calls' }), []);
    assert.deepEqual(await names({ pageSize: 1 }), ['Calls', 'Outbound', 'Calls'], 'list follows next_page_url');
  });

  it('refuses a bad Configuration, a timeout outside 1..86400 and unknown Workflows', async () => {
    let err = await h.expectRestError(workflows().create({
      friendlyName: 'X', configuration: config(sales, h.randomSid('WQ')),
    }), 400, 20001);
    assert.match(err.message,
      /^Invalid Configuration: task_routing\.default_filter\.queue: WQ[0-9a-f]{32} is not a TaskQueue of this Workspace$/);
    err = await h.expectRestError(workflows()(created.sid).update({ configuration: '{"task_routing":{}}' }), 400, 20001);
    assert.match(err.message, /Invalid Configuration: task_routing: needs at least one filter or a default_filter/);
    err = await h.expectRestError(workflows()(created.sid).update({ taskReservationTimeout: 86401 }), 400, 20001);
    assert.match(err.message, /TaskReservationTimeout must be between 1 and 86400 seconds, not 86401/);
    await h.expectRestError(workflows()(h.randomSid('WW')).fetch(), 404, 20404);
    await h.expectRestError(workflows()(h.randomSid('WW')).update({ friendlyName: 'X' }), 404, 20404);
    assert.equal((await workflows().list()).length, 3, 'nothing was created');
    assert.equal((await workflows()(created.sid).fetch()).taskReservationTimeout, 86400, 'nothing changed');
  });

  it('refuses a callback URL that is not absolute', { skip: PRISM_REFUSES }, async () => {
    const err = await h.expectRestError(workflows()(created.sid).update({ fallbackAssignmentCallbackUrl: 'example.com' }), 400, 20001);
    assert.match(err.message, /FallbackAssignmentCallbackUrl 'example.com' is not an absolute http or https URL/);
  });

  it('a TaskQueue a Workflow routes to cannot be removed', async () => {
    const err = await h.expectRestError(
      srv.client.taskrouter.v1.workspaces(ws.sid).taskQueues(support).remove(), 400, 20001);
    assert.match(err.message,
      new RegExp(`TaskQueue ${support} cannot be deleted: Workflow ${created.sid} \\(Calls\\) routes Tasks to it`));
  });

  it('remove it, with the events of its life', async () => {
    assert.equal(await workflows()(created.sid).remove(), true);
    assert.equal(srv.env.lastExchange().statusCode, 204);
    await h.expectRestError(workflows()(created.sid).fetch(), 404, 20404);
    assert.deepEqual((await workflows().list()).map((w) => w.friendlyName), ['Outbound', 'Calls']);
    const events = await srv.client.taskrouter.v1.workspaces(ws.sid).events.list({ workflowSid: created.sid });
    assert.deepEqual(events.map((e) => [e.eventType, e.resourceType, e.eventData.workflow_name]).sort(), [
      ['workflow.created', 'workflow', 'Inbound'],
      ['workflow.deleted', 'workflow', 'Calls'],
      ['workflow.updated', 'workflow', 'Calls'],
    ]);
  });
});
