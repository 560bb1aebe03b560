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

// Starts `taskrouterd` and resolves once it printed its ready line.
function spawnServer({ dataDir, accountSid, authToken, publicUrl }) {
  const args = ['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--log-level', 'info'];
  if (publicUrl) args.push('--public-url', publicUrl);
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

// Starts (or connects to) a server. Returns an environment:
// { baseUrl, accountSid, authToken, dataDir, external, client(), clientFor(u, p, opts),
//   exchanges, lastExchange(), createApiKey(), createOtherAccount(), stop() }
async function start() {
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
  } else {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskrouterd-sdk-'));
    const accountSid = randomSid('AC');
    const authToken = randomHex(16);
    const server = spawnServer({ dataDir, accountSid, authToken });
    let baseUrl;
    try {
      baseUrl = await server.ready;
    } catch (err) {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
    env = {
      baseUrl,
      accountSid,
      authToken,
      dataDir,
      external: false,
      server,
      // Stops the server; resolves to {code, signal} of its exit.
      async stop() {
        const status = await server.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
        return status;
      },
    };
  }

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
  EXTERNAL,
  ISO_SECONDS,
  assertRecentDate,
  createAccount,
  createApiKey,
  expectRestError,
  jsonBody,
  randomHex,
  randomSid,
  spawnServer,
  start,
  twilio,
  uniqueName,
};
