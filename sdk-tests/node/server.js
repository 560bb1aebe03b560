'use strict';
// Shared helper for the Node SDK suites.
//
// Two modes:
// - local (default): every test file starts its own taskrouterd on 127.0.0.1:0 in a fresh temp
//   data dir, with a fresh random account, and stops it (SIGTERM) at the end.
// - external: when TASKROUTER_BASE_URL is set (the contract run through Prism), the tests talk to
//   that URL with TASKROUTER_ACCOUNT_SID / TASKROUTER_AUTH_TOKEN; TASKROUTER_DATA_DIR names the
//   running server's data dir so that API keys can be created for it.
//
// Every SDK client made here records each HTTP exchange (see `exchanges`), and, when Prism
// answers with an `sl-violations` header, checks it: the only violation tolerated is Prism's
// warning that an error status (4xx) is not in the OpenAPI file, which documents success
// responses only. Anything else throws, so the test that made the call fails.

const assert = require('node:assert/strict');
const { spawn, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const test = require('node:test');

// A proxy from the environment must never see requests to the local server.
for (const k of ['NO_PROXY', 'no_proxy']) {
  process.env[k] = ['127.0.0.1', 'localhost', process.env[k]].filter(Boolean).join(',');
}

const twilio = require('twilio');

const BIN = process.env.TASKROUTERD_BIN || path.resolve(__dirname, '..', '..', 'build', 'taskrouterd');
const EXTERNAL = Boolean(process.env.TASKROUTER_BASE_URL);
const READY_TIMEOUT_MS = 30000;
const STATUS_NOT_IN_SPEC = 'Unable to match the returned status code with those defined in the document';

function randomHex(bytes) {
  return crypto.randomBytes(bytes).toString('hex');
}

function randomSid(prefix) {
  return prefix + randomHex(16);
}

// A name no other test (or test file sharing the same server) uses.
function uniqueName(base) {
  return `${base}-${randomHex(4)}`;
}

// Starts `taskrouterd` and resolves once it printed its ready line. `listen` defaults to
// 127.0.0.1:0; `extraArgs` (e.g. ['--clock-file', f]) go after the usual ones.
function spawnServer({ dataDir, accountSid, authToken, publicUrl, listen, extraArgs }) {
  const args = ['--listen', listen || '127.0.0.1:0', '--data-dir', dataDir, '--log-level', 'info'];
  if (publicUrl) args.push('--public-url', publicUrl);
  if (extraArgs) args.push(...extraArgs);
  const env = { ...process.env, TASKROUTER_ACCOUNT_SID: accountSid, TASKROUTER_AUTH_TOKEN: authToken };
  const child = spawn(BIN, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => resolve({ code: null, signal: null, error })); // e.g. no binary
  });

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`taskrouterd not ready after ${READY_TIMEOUT_MS} ms; stderr:\n${log}`));
    }, READY_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${BIN}: ${err.message}`));
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      log = (log + chunk).slice(-20000); // keep draining; keep the tail for diagnostics
      const m = /ready on (http:\/\/127\.0\.0\.1:(\d+))/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`taskrouterd exited early (code ${code}, signal ${signal}); stderr:\n${log}`));
    });
  });

  return {
    ready,
    stderr: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    // Sends `signal` (e.g. SIGKILL) and resolves to {code, signal} of the exit.
    async kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

// Runs `taskrouterd api-key create` and returns {sid, secret}.
function createApiKey(dataDir, accountSid) {
  const out = execFileSync(BIN, ['api-key', 'create', '--data-dir', dataDir, '--account', accountSid], {
    encoding: 'utf8',
    env: process.env,
  });
  const sid = /^sid=(SK[0-9a-f]{32})$/m.exec(out);
  const secret = /^secret=(\S+)$/m.exec(out);
  assert.ok(sid && secret, `unexpected output of api-key create:\n${out}`);
  return { sid: sid[1], secret: secret[1] };
}

// Runs `taskrouterd account create` for a new random account; returns its credentials.
function createAccount(dataDir) {
  const sid = randomSid('AC');
  const token = randomHex(16);
  const out = execFileSync(BIN, ['account', 'create', '--data-dir', dataDir, '--sid', sid, '--auth-token', token], {
    encoding: 'utf8',
    env: process.env,
  });
  assert.match(out, new RegExp(`^sid=${sid}$`, 'm'), `unexpected output of account create:\n${out}`);
  assert.match(out, new RegExp(`^auth_token=${token}$`, 'm'), `unexpected output of account create:\n${out}`);
  return { accountSid: sid, username: sid, password: token };
}

function checkViolations(entry) {
  const header = entry.headers && entry.headers['sl-violations'];
  if (!header) return;
  const violations = JSON.parse(header);
  entry.violations = violations;
  const tolerated = violations.every(
    (v) => entry.statusCode >= 400 && entry.statusCode < 500 && v.severity === 'Warning' &&
      String(v.message).startsWith(STATUS_NOT_IN_SPEC),
  );
  if (process.env.TASKROUTER_VIOLATIONS_FILE) {
    const line = JSON.stringify({ method: entry.method, uri: entry.uri, status: entry.statusCode, tolerated, violations });
    fs.appendFileSync(process.env.TASKROUTER_VIOLATIONS_FILE, line + '\n');
  }
  if (!tolerated) {
    throw new Error(`Prism reports contract violations for ${entry.method.toUpperCase()} ${entry.uri} ` +
      `(HTTP ${entry.statusCode}): ${header}`);
  }
}

// An SDK HTTP client that records every exchange.
class RecordingClient extends twilio.RequestClient {
  constructor(exchanges) {
    super({ keepAlive: true });
    this.exchanges = exchanges;
  }

  async request(opts) {
    const res = await super.request(opts);
    const entry = {
      method: opts.method,
      uri: opts.uri,
      username: opts.username,
      params: opts.params,
      data: opts.data,
      statusCode: res.statusCode,
      headers: res.headers,
      body: res.body,
    };
    this.exchanges.push(entry);
    checkViolations(entry);
    return res;
  }
}

// The fixed time a clock file starts at: 2023-11-14T22:13:20.000Z.
const CLOCK_START = 1700000000000;

// A clock file for `--clock-file`: decimal milliseconds since the epoch, which the server re-reads
// on every use. Written through a rename, so the server never reads half a number.
function makeClock(file, startMs = CLOCK_START) {
  let current;
  const clock = {
    file,
    now: () => current,
    set(ms) {
      assert.ok(Number.isSafeInteger(ms) && ms >= 0, `clock time must be whole milliseconds, got ${ms}`);
      const tmp = `${file}.tmp`;
      fs.writeFileSync(tmp, `${ms}\n`);
      fs.renameSync(tmp, file);
      current = ms;
      return ms;
    },
    advance(ms) {
      return clock.set(current + ms);
    },
  };
  clock.set(startMs);
  return clock;
}

// Starts (or connects to) a server. Returns an environment:
// { baseUrl, accountSid, authToken, dataDir, external, client(), clientFor(u, p, opts),
//   exchanges, lastExchange(), createApiKey(), createOtherAccount(), stop() }
// Options (local mode only; an external server has none of them, and env.clock is null there):
// - clock: true starts the server with `--clock-file` at CLOCK_START; env.clock (and the
//   shortcuts env.now(), env.setTime(ms), env.advance(ms)) move it. Without a clock, env.now()
//   is Date.now().
// - callbackRetryMs: N passes `--callback-retry-ms N`.
// - args: more arguments for the server.
// In local mode env.restart({signal}) stops the server (SIGTERM by default, or e.g. SIGKILL) and
// starts it again on the same data dir, clock file and arguments; it resolves to {status, baseUrl}
// (clients made before keep the old base URL: make new ones with env.client()).
async function start(opts = {}) {
  let env;
  if (EXTERNAL) {
    for (const k of ['TASKROUTER_ACCOUNT_SID', 'TASKROUTER_AUTH_TOKEN']) {
      assert.ok(process.env[k], `${k} must be set with TASKROUTER_BASE_URL`);
    }
    env = {
      baseUrl: process.env.TASKROUTER_BASE_URL.replace(/\/+$/, ''),
      accountSid: process.env.TASKROUTER_ACCOUNT_SID,
      authToken: process.env.TASKROUTER_AUTH_TOKEN,
      dataDir: process.env.TASKROUTER_DATA_DIR || null,
      external: true,
      async stop() {},
    };
    env.clock = null;
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskrouterd-sdk-'));
    const accountSid = randomSid('AC');
    const authToken = randomHex(16);
    const extraArgs = [...(opts.args || [])];
    const clock = opts.clock ? makeClock(path.join(dataDir, 'test-clock')) : null;
    if (clock) extraArgs.push('--clock-file', clock.file);
    if (opts.callbackRetryMs !== undefined) extraArgs.push('--callback-retry-ms', String(opts.callbackRetryMs));
    const launch = async () => {
      const server = spawnServer({ dataDir, accountSid, authToken, extraArgs });
      try {
        return { server, baseUrl: await server.ready };
      } catch (err) {
        await server.stop();
        throw err;
      }
    };
    let first;
    try {
      first = await launch();
    } catch (err) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
    env = {
      baseUrl: first.baseUrl,
      accountSid,
      authToken,
      dataDir,
      external: false,
      server: first.server,
      clock,
      // Stops the server; resolves to {code, signal} of its exit.
      async stop() {
        const status = await env.server.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
        return status;
      },
      // Stops the server with `signal` and starts it again on the same data dir; resolves to
      // {status, baseUrl}: the old process's {code, signal} and the new base URL.
      async restart({ signal = 'SIGTERM' } = {}) {
        const status = await env.server.kill(signal);
        const next = await launch();
        env.server = next.server;
        env.baseUrl = next.baseUrl;
        return { status, baseUrl: next.baseUrl };
      },
    };
  }
  env.now = () => (env.clock ? env.clock.now() : Date.now());
  env.setTime = (ms) => {
    assert.ok(env.clock, 'setTime needs a server started with {clock: true}');
    return env.clock.set(ms);
  };
  env.advance = (ms) => {
    assert.ok(env.clock, 'advance needs a server started with {clock: true}');
    return env.clock.advance(ms);
  };

  env.exchanges = [];
  env.clientFor = (username, password, opts = {}) => {
    const c = twilio(username, password, { ...opts, httpClient: new RecordingClient(env.exchanges) });
    c.taskrouter.baseUrl = env.baseUrl;
    return c;
  };
  env.client = () => env.clientFor(env.accountSid, env.authToken);
  env.createApiKey = () => {
    assert.ok(env.dataDir, 'TASKROUTER_DATA_DIR must be set to create API keys against an external server');
    return createApiKey(env.dataDir, env.accountSid);
  };
  env.createOtherAccount = () => {
    assert.ok(env.dataDir, 'TASKROUTER_DATA_DIR must be set to create accounts against an external server');
    return createAccount(env.dataDir);
  };
  env.lastExchange = () => env.exchanges[env.exchanges.length - 1];
  return env;
}

// The usual lifecycle of a test file's server, for a `describe` body: registers a `before` that
// starts the server with start(opts) and makes a client, and an `after` that removes the
// Workspaces listed in `cleanup` when the server is external (a local one goes with its data dir)
// and, for a local server, asserts that it exits 0 on SIGTERM. Returns
// { env, client, cleanup, tick(ms), timed(fn) }: env and client are getters, set once the `before`
// ran; tick(ms) moves the server's clock when there is one, and does nothing with the real clock.
function lifecycle(opts = {}) {
  let env;
  let client;
  const cleanup = [];
  test.before(async () => {
    env = await start(opts);
    client = env.client();
  });
  test.after(async () => {
    if (!env) return;
    if (env.external) {
      for (const sid of cleanup) await client.taskrouter.v1.workspaces(sid).remove().catch(() => {});
    }
    const status = await env.stop();
    if (!env.external) assert.deepEqual(status, { code: 0, signal: null }, 'taskrouterd must exit 0 on SIGTERM');
  });
  return {
    get env() {
      return env;
    },
    get client() {
      return client;
    },
    cleanup,
    tick(ms) {
      if (env.clock) env.advance(ms);
    },
    // Runs `fn` and returns {result, when: [before, after]} in server time.
    async timed(fn) {
      const before = env.now();
      const result = await fn();
      return { result, when: [before, env.now()] };
    },
  };
}

// Asserts that `promise` rejects with a Twilio RestException carrying `status` (null: any 4xx)
// and `code` (undefined: not checked).
// Returns the exception for further checks.
async function expectRestError(promise, status, code) {
  let caught;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  assert.ok(caught, `expected HTTP ${status} / ${code}, but the call succeeded`);
  assert.ok(caught instanceof twilio.RestException,
    `expected a RestException, got ${caught && caught.constructor && caught.constructor.name}: ${caught && caught.stack}`);
  if (status === null) {
    assert.ok(caught.status >= 400 && caught.status < 500, `expected a 4xx status, got ${caught.status}: ${caught.message}`);
  } else {
    assert.equal(caught.status, status, `status (message: ${caught.message})`);
  }
  if (code !== undefined) assert.equal(caught.code, code, `code (message: ${caught.message})`);
  assert.equal(typeof caught.message, 'string');
  assert.ok(caught.message.length > 0, 'error message must not be empty');
  assert.notEqual(caught.message, `[HTTP ${status}] Failed to execute request`, 'error body must be Twilio error JSON');
  assert.equal(caught.moreInfo, `https://www.twilio.com/docs/errors/${caught.code}`);
  return caught;
}

// The raw JSON body of an exchange.
function jsonBody(exchange) {
  return typeof exchange.body === 'string' ? JSON.parse(exchange.body) : exchange.body;
}

const ISO_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

// `ms` as the server writes dates: ISO 8601 UTC in whole seconds.
function isoSeconds(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

// Asserts a date the server stamped between `before` and `after` (env.now() values): with a clock
// file both are the same instant, and the date must be exactly that instant in whole seconds;
// with the real clock it must lie within [before - 1 s, after + 1 s] (see assertRecentDate).
function assertServerDate(env, value, before, after, what) {
  if (env.clock) {
    assert.ok(value instanceof Date, `${what} must parse to a Date, got ${JSON.stringify(value)}`);
    assert.equal(value.toISOString(), new Date(Math.floor(before / 1000) * 1000).toISOString(), what);
  } else {
    assertRecentDate(value, before, after, what);
  }
}

// Polls `probe` (sync or async) every `intervalMs` until it returns a truthy value, which it
// resolves to; fails after `timeoutMs` with `what()` (or `what`) in the message.
async function waitFor(probe, { timeoutMs = 20000, intervalMs = 20, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() >= deadline) {
      const detail = typeof what === 'function' ? what() : what;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// Asserts that `value` is a Date of whole seconds within [before - 1 s, after + 1 s].
function assertRecentDate(value, before, after, what) {
  assert.ok(value instanceof Date, `${what} must parse to a Date, got ${JSON.stringify(value)}`);
  assert.ok(!Number.isNaN(value.getTime()), `${what} is an invalid Date`);
  assert.equal(value.getTime() % 1000, 0, `${what} must have whole seconds`);
  assert.ok(value.getTime() >= Math.floor(before / 1000) * 1000 - 1000 && value.getTime() <= after + 1000,
    `${what} ${value.toISOString()} is not between ${new Date(before).toISOString()} and ${new Date(after).toISOString()}`);
}

module.exports = {
  BIN,
  CLOCK_START,
  EXTERNAL,
  ISO_SECONDS,
  assertRecentDate,
  assertServerDate,
  isoSeconds,
  makeClock,
  waitFor,
  createAccount,
  createApiKey,
  expectRestError,
  jsonBody,
  lifecycle,
  randomHex,
  randomSid,
  spawnServer,
  start,
  twilio,
  uniqueName,
};
