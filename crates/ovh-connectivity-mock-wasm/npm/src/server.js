#!/usr/bin/env node
// `npx ovh-connectivity-mock`: the mock on node:http, running the same WebAssembly core as
// createMock(). The flags are the Rust binary's, with the same names and defaults, for
// everything the core decides; the IO (sockets, body limits and timeouts, delays, slow bodies,
// dropped connections, the log) is done here, as the Rust host does it.

import http from 'node:http';
import net from 'node:net';
import dns from 'node:dns/promises';
import { readFile, readdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { createMock } from './index.js';

const NAME = 'ovh-connectivity-mock';
const VERSION = '__VERSION__';
const USAGE = `A mock of the OVHcloud /connectivity API (the npm build of the Rust ${NAME}): the documented
exchanges replayed, async tasks answering \`pending\` then their result, a seeded world of every French
address and line, CORS on, OVH-shaped errors, an admin API and dashboard at /__admin.

Usage: ${NAME} [OPTIONS]

Options:
      --addr <HOST:PORT>            Address to listen on (repeatable). \`localhost\` is both loopbacks,
                                    127.0.0.1 and [::1]. Port 0: one free port [default: localhost:8080]
      --fixtures <DIR>              A folder of your own fixtures, laid over the built-in set
      --only                        Serve only the --fixtures folder, without the built-in set
      --pending <N>                 Answer \`pending\` this many times before every task's final answer
      --strict                      404 to requests no fixture covers. Implies --world off
      --world <on|off>              The world answers what no fixture covers [default: on]
      --world-seed <N>              The world's seed [default: 0]
      --world-secret <TEXT>         The secret eligibility references are signed with
      --auth <MODE>                 Signature checks: off or verify (needs --credentials) [default: off]
      --credentials <FILE>          JSON file of accepted credentials for --auth verify
      --token-lifetime-secs <SECS>  Seconds an OAuth2 access token lives [default: 3599]
      --latency <MS|MIN..MAX>       Latency added to every answer
      --cors-origin <ORIGIN>        Allow only this browser origin (repeatable). Default: any origin
      --no-cors                     No CORS headers at all
      --max-body-bytes <N>          Largest accepted request body, in bytes [default: 65536]
      --task-ttl-secs <N>           Seconds an idle task state is kept [default: 600]
      --max-tasks <N>               Most task states kept at once [default: 10000]
      --session-header <NAME>       Request header whose value keeps task states apart [default: x-mock-session]
      --admin-token <TOKEN>         The token admin routes that change state require (X-Mock-Admin-Token).
                                    Made up and printed when --addr is beyond loopback
  -h, --help                        Print help
  -V, --version                     Print version
`;

/** How long a client may take to send its headers, and its body (the Rust host's defaults). */
const HEADER_READ_TIMEOUT_MS = 10_000;
const BODY_READ_TIMEOUT_MS = 10_000;

class UsageError extends Error {}

/** The Rust binary's flags for forwarding to the real API and recording, not in this build. */
const RUST_ONLY = ['proxy', 'proxy-all', 'record', 'record-keep', 'record-pending', 'redact', 'upstream-ca', 'upstream-credentials', 'upstream-timeout', 'upstream-token-url', 'watch'];

function parse(argv) {
  const rustOnly = argv.map((arg) => /^--([\w-]+)/.exec(arg)?.[1]).find((name) => RUST_ONLY.includes(name));
  if (rustOnly) {
    throw new UsageError(
      `--${rustOnly} is the Rust binary's: forwarding to the real API, recording and --watch are not in the npm build (cargo run -p ovh-connectivity-mock -- --${rustOnly} ...)`,
    );
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        addr: { type: 'string', multiple: true },
        fixtures: { type: 'string' },
        only: { type: 'boolean' },
        pending: { type: 'string' },
        strict: { type: 'boolean' },
        world: { type: 'string' },
        'world-seed': { type: 'string' },
        'world-secret': { type: 'string' },
        auth: { type: 'string' },
        credentials: { type: 'string' },
        'token-lifetime-secs': { type: 'string' },
        latency: { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'no-cors': { type: 'boolean' },
        'max-body-bytes': { type: 'string' },
        'task-ttl-secs': { type: 'string' },
        'max-tasks': { type: 'string' },
        'session-header': { type: 'string' },
        'admin-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    throw new UsageError(error.message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  return parsed.values;
}

function whole(flag, text, max = Number.MAX_SAFE_INTEGER) {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > max) {
    throw new UsageError(`invalid value '${text}' for '--${flag} <N>': expected a whole number from 0 to ${max}`);
  }
  return Number(text);
}

function seed(text) {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`invalid value '${text}' for '--world-seed <N>': expected a whole number from 0 to 2^64-1`);
  return text;
}

function oneOf(flag, text, allowed) {
  if (text === undefined || allowed.includes(text)) return text;
  throw new UsageError(`invalid value '${text}' for '--${flag}': possible values: ${allowed.join(', ')}`);
}

/** The socket addresses HOST:PORT names, as the Rust binary resolves them. */
async function resolve(text) {
  const colon = text.lastIndexOf(':');
  if (colon < 0) throw new UsageError(`--addr \`${text}\`: expected HOST:PORT, such as localhost:8080`);
  const host = text.slice(0, colon).replace(/^\[|\]$/g, '');
  const at = port(text, text.slice(colon + 1));
  if (net.isIP(host) !== 0) return [{ host, port: at }];
  if (host.toLowerCase() === 'localhost') {
    return (await ipv6Works()) ? [{ host: '127.0.0.1', port: at }, { host: '::1', port: at }] : [{ host: '127.0.0.1', port: at }];
  }
  let found;
  try {
    found = await dns.lookup(host, { all: true });
  } catch (error) {
    throw new UsageError(`--addr \`${text}\`: cannot resolve \`${host}\`: ${error.code ?? error.message}`);
  }
  if (found.length === 0) throw new UsageError(`--addr \`${text}\`: \`${host}\` resolves to no address`);
  return found.map(({ address }) => ({ host: address, port: at }));
}

function port(text, digits) {
  if (!/^\d+$/.test(digits) || Number(digits) > 65535) {
    throw new UsageError(`--addr \`${text}\`: \`${digits}\` is not a port number (0 to 65535)`);
  }
  return Number(digits);
}

function ipv6Works() {
  return new Promise((done) => {
    const probe = net.createServer();
    probe.once('error', () => done(false));
    probe.listen({ host: '::1', port: 0, ipv6Only: true }, () => probe.close(() => done(true)));
  });
}

const isLoopback = (host) => host === '::1' || host.startsWith('127.');

/** Every fixture file of a folder, as (relative name, text) pairs, in name order. */
async function readFixtureDir(dir) {
  const files = [];
  async function walk(folder) {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      throw new UsageError(`${folder}: ${error.code === 'ENOENT' ? 'no such folder' : error.message}`);
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.json')) files.push(relative(dir, path).split(sep).join('/'), await readFile(path, 'utf8'));
    }
  }
  await walk(dir);
  return files;
}

/** One log line, in the Rust binary's shape: time, level, message, fields. */
function log(level, message, fields = {}) {
  const parts = [new Date().toISOString().replace(/Z$/, '000Z'), level.toUpperCase().padStart(6), message];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    parts.push(`${key}=${typeof value === 'string' && !/^[\w./:-]+$/.test(value) ? JSON.stringify(value) : value}`);
  }
  process.stderr.write(parts.join(' ').replace(/^(\S+) +/, '$1 ') + '\n');
}

function logAnswer(record) {
  const entry = JSON.parse(record);
  const { kind, method, path, status, note } = entry;
  const fixture = entry.fixture ?? '-';
  switch (kind) {
    case 'preflight':
      return log('info', 'preflight', { method, path, status });
    case 'refused-fault':
      return log('info', note, { method, path, status });
    case 'dropped':
      return log('info', `${note}: dropping the connection`, { method, path, fixture });
    case 'dropped-on-request':
      return log('info', `${note}: dropping the connection`, { method, path });
    case 'admin-read':
      return undefined;
    default:
      return log('info', note, { query_id: entry.queryId, method, path, status, fixture, elapsed_ms: entry.elapsedMs });
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Reads the body within `limit` bytes and the body timeout: the bytes, or why not. */
function readBody(req, limit) {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.resolve({ why: 'too-large' });
  return new Promise((done) => {
    const chunks = [];
    let length = 0;
    let settled = false;
    const finish = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(result);
    };
    const timer = setTimeout(() => finish({ why: 'timed-out', after: BODY_READ_TIMEOUT_MS }), BODY_READ_TIMEOUT_MS);
    req.on('data', (chunk) => {
      length += chunk.length;
      if (length > limit) {
        finish({ why: 'too-large' });
        req.pause();
      } else chunks.push(chunk);
    });
    req.on('end', () => finish({ body: new Uint8Array(Buffer.concat(chunks, length)) }));
    req.on('error', (error) => finish({ why: error.message }));
    req.on('aborted', () => finish({ why: 'the client closed the connection' }));
  });
}

/**
 * Answers what node:http could not parse as a request (no request reached the core): headers
 * not received in time (408), too large (431), or malformed (400); OVH-shaped, then closed.
 */
function refuseUnparsed(error, socket) {
  const [status, reason, kind, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', 'RequestTimeout', `Request headers not received within ${HEADER_READ_TIMEOUT_MS / 1000} s`]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', 'RequestHeaderFieldsTooLarge', 'Request headers too large']
        : [400, 'Bad Request', 'BadRequest', `Malformed HTTP request: ${error.reason ?? error.code ?? error.message}`];
  if (!socket.writable || socket.destroyed || error.code === 'ECONNRESET') return socket.destroy(); // gone: no 400
  log('info', 'unparsed request', { status, error: error.code ?? error.message });
  const body = JSON.stringify({ class: `Client::${kind}`, message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
  return undefined;
}

function badRequest(res, message) {
  const body = JSON.stringify({ class: 'Client::BadRequest', message });
  res.writeHead(400, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

async function answer(mock, req, res) {
  const core = mock.core;
  const headers = req.rawHeaders;
  const { method, url: target } = req;
  let result;
  try {
    const limit = core.bodyLimit(method, target, headers);
    if (limit < 0) {
      req.resume();
      result = core.handle(method, target, headers, new Uint8Array(0), ...mock.clock());
    } else {
      const read = await readBody(req, limit);
      result = read.body
        ? core.handle(method, target, headers, read.body, ...mock.clock())
        : core.unread(method, target, headers, read.why, read.after ?? 0, ...mock.clock());
      if (!read.body) res.shouldKeepAlive = false;
    }
  } catch (error) {
    log('info', `bad request: ${error.message ?? error}`, { method, path: target.split('?')[0], status: 400 });
    return badRequest(res, String(error.message ?? error));
  }
  if (result.delayMs > 0) await sleep(result.delayMs);
  logAnswer(result.log);
  if (result.kind === 'drop') {
    req.socket.destroy();
    return undefined;
  }
  const [body, fields] = [result.takeBody(), result.headers];
  // A whole answer says its length, as the Rust host's does (HEAD's comes from the core).
  const sized = result.kind === 'slow' || fields.some((name, at) => at % 2 === 0 && name.toLowerCase() === 'content-length');
  res.writeHead(result.status, sized ? fields : [...fields, 'content-length', String(body.length)]);
  if (result.kind === 'slow' && body.length > 0) {
    for (let at = 0; at < body.length; at += result.chunk) {
      if (at > 0) await sleep(result.pauseMs);
      if (res.destroyed) return undefined;
      res.write(body.subarray(at, at + result.chunk));
    }
    res.end();
  } else {
    res.end(body);
  }
  return undefined;
}

function listen(server, host, at) {
  return new Promise((done, fail) => {
    const onError = (error) => fail(error);
    server.once('error', onError);
    server.listen({ host, port: at, ipv6Only: host.includes(':') }, () => {
      server.off('error', onError);
      done(server.address());
    });
  });
}

const url = ({ family, address, port: at }) => (family === 'IPv6' || family === 6 ? `http://[${address}]:${at}` : `http://${address}:${at}`);

async function main(argv) {
  const flags = parse(argv);
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (flags.version) {
    process.stdout.write(`${NAME} ${VERSION}\n`);
    return 0;
  }
  if (flags.only && !flags.fixtures) throw new UsageError("the argument '--only' requires '--fixtures <DIR>'");
  if (flags['no-cors'] && flags['cors-origin']) throw new UsageError("the argument '--no-cors' cannot be used with '--cors-origin <ORIGIN>'");
  const auth = oneOf('auth', flags.auth, ['off', 'verify']) ?? 'off';
  let credentials;
  if (auth === 'verify') {
    if (!flags.credentials) throw new UsageError('--auth verify needs --credentials FILE');
    const text = await readFile(flags.credentials, 'utf8').catch((error) => {
      throw new UsageError(`${flags.credentials}: ${error.message}`);
    });
    try {
      credentials = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${flags.credentials}: not a credentials file: ${error.message}`);
    }
  }
  const addrs = [];
  for (const text of flags.addr ?? ['localhost:8080']) {
    for (const addr of await resolve(text)) {
      if (!addrs.some((known) => known.host === addr.host && known.port === addr.port)) addrs.push(addr);
    }
  }
  const adminToken = flags['admin-token'] ?? (addrs.some(({ host }) => !isLoopback(host)) ? randomBytes(16).toString('hex') : undefined);
  if (adminToken === '') throw new UsageError('--admin-token is empty');
  let mock;
  try {
    mock = await createMock({
      baseUrl: 'http://mock.invalid/1.0',
      pending: whole('pending', flags.pending, 2 ** 32 - 1),
      strict: flags.strict ?? false,
      world: (oneOf('world', flags.world, ['on', 'off']) ?? 'on') === 'on',
      worldSeed: seed(flags['world-seed']),
      worldSecret: flags['world-secret'],
      only: flags.only ?? false,
      auth,
      credentials,
      tokenLifetimeSecs: whole('token-lifetime-secs', flags['token-lifetime-secs']),
      latency: flags.latency,
      corsOrigin: flags['cors-origin'],
      noCors: flags['no-cors'] ?? false,
      maxBodyBytes: whole('max-body-bytes', flags['max-body-bytes']),
      taskTtlSecs: whole('task-ttl-secs', flags['task-ttl-secs']),
      maxTasks: whole('max-tasks', flags['max-tasks']),
      sessionHeader: flags['session-header'],
      adminToken,
      fixtureFiles: flags.fixtures ? await readFixtureDir(flags.fixtures) : [],
    });
  } catch (error) {
    throw new UsageError(error.message.replace(/^createMock: /, ''));
  }

  const servers = [];
  const bound = [];
  // Every open connection, and those with an answer under way: on shutdown the others close
  // at once (a kept-alive or silent connection must not keep the process), these after it.
  const sockets = new Set();
  const busy = new Set();
  let stopping = false;
  let chosenPort = null;
  for (const { host, port: wanted } of addrs) {
    const server = http.createServer({
      headersTimeout: HEADER_READ_TIMEOUT_MS,
      requestTimeout: 0,
      keepAliveTimeout: 5_000,
      // headersTimeout is checked this often (Node's default, 30 s, would let a stalled client
      // hold its connection for up to 40 s).
      connectionsCheckingInterval: 1_000,
    }, (req, res) => {
      busy.add(req.socket);
      res.once('close', () => {
        busy.delete(req.socket);
        if (stopping) req.socket.end();
      });
      answer(mock, req, res).catch((error) => {
        log('error', `answering: ${error.stack ?? error}`);
        if (!res.headersSent) badRequest(res, 'the mock could not answer this request');
        else res.destroy();
      });
    });
    server.on('clientError', refuseUnparsed);
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    try {
      const address = await listen(server, host, wanted === 0 && chosenPort !== null ? chosenPort : wanted);
      chosenPort ??= address.port;
      servers.push(server);
      bound.push(address);
    } catch (error) {
      for (const open of servers) open.close();
      log('error', `cannot listen on ${host.includes(':') ? `[${host}]` : host}:${wanted}: ${error.message}`);
      return 1;
    }
  }
  const roots = bound.map(url);
  log('info', `serving the Connectivity API at ${roots.map((root) => `${root}/1.0`).join(' and ')} (also under /v1); dashboard at ${roots[0]}/__admin/`, {
    fixtures: mock.fixtureCount,
  });
  for (const root of roots) process.stdout.write(`listening on ${root}\n`);
  if (adminToken) {
    process.stdout.write(`admin token (X-Mock-Admin-Token): ${adminToken}\n`);
    process.stdout.write(`dashboard: ${roots[0]}/__admin/#token=${adminToken}\n`);
  }
  await new Promise((done) => {
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
    // Under `npx`, a SIGTERM stops npm's process but is not passed on: when the parent that
    // started this server is gone, the server stops too instead of serving on, orphaned.
    if (process.env.npm_command === 'exec') {
      const parent = process.ppid;
      setInterval(() => process.ppid !== parent && done(), 500).unref();
    }
  });
  log('info', 'shutting down');
  stopping = true;
  const closed = Promise.all(servers.map((server) => new Promise((done) => server.close(() => done()))));
  for (const socket of sockets) if (!busy.has(socket)) socket.destroy();
  // An answer still under way (a latency, a slow body) gets 5 s to end.
  setTimeout(() => servers.forEach((server) => server.closeAllConnections()), 5_000).unref();
  await closed;
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof UsageError) {
      process.stderr.write(`error: ${error.message}\n\nFor more information, try '--help'.\n`);
      process.exit(2);
    }
    process.stderr.write(`${NAME}: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
