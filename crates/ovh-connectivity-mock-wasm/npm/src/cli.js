// The npx server's command line: the Rust binary's flags (same names, same defaults), read
// into createMock()'s options, the addresses to listen on and the admin token.

import net from 'node:net';
import dns from 'node:dns/promises';
import { readFile, readdir } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';

export const NAME = 'ovh-connectivity-mock';
export const VERSION = '__VERSION__';
export const USAGE = `A mock of the OVHcloud /connectivity API (the npm build of the Rust ${NAME}): the documented
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

/** A mistake on the command line: exit 2 with its message, as the Rust binary's clap does. */
export class UsageError extends Error {}

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

/**
 * The command line read: `{ help }`, `{ version }`, or the addresses to listen on, the admin
 * token (made up beyond loopback) and createMock()'s options. Throws a UsageError.
 */
export async function commandLine(argv) {
  const flags = parse(argv);
  if (flags.help || flags.version) return { help: flags.help, version: flags.version };
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
  const options = {
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
    };
  return { addrs, adminToken, options };
}
