#!/usr/bin/env node
// `npx ovh-connectivity-mock`: the mock on node:http, running the same WebAssembly core as
// createMock(). The flags are the Rust binary's, with the same names and defaults, for
// everything the core decides; the IO (sockets, body limits and timeouts, delays, slow bodies,
// dropped connections, the log) is done here, as the Rust host does it.

import http from 'node:http';
import { NAME, USAGE, UsageError, VERSION, commandLine } from './cli.js';
import { createMock } from './index.js';

/** How long a client may take to send its headers, and its body (the Rust host's defaults). */
const HEADER_READ_TIMEOUT_MS = 10_000;
const BODY_READ_TIMEOUT_MS = 10_000;

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
  const command = await commandLine(argv);
  if (command.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.version) {
    process.stdout.write(`${NAME} ${VERSION}\n`);
    return 0;
  }
  const { addrs, adminToken } = command;
  let mock;
  try {
    mock = await createMock(command.options);
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
