// The package's entry: createMock() builds the mock's core (WebAssembly, built from the Rust
// crate ovh-connectivity-mock-core by `cargo xtask npm`) and gives it three faces: handle()
// at the fetch API level, MSW handlers, and the admin API as functions.
//
// The WebAssembly travels inline (base64 in a JSON module), so that Node, Vitest, Jest, Vite
// and a plain <script type="module"> load it without any bundler configuration.

import init, { Core } from './core.js';
import payload from './core.wasm.json' with { type: 'json' };

/** The real API's base URL, what the official clients call by default (endpoint `ovh-eu`). */
export const DEFAULT_BASE_URL = 'https://eu.api.ovh.com/1.0';

let loading = null;

/** Compiles and instantiates the WebAssembly once per JavaScript realm. */
function load() {
  if (loading === null) {
    loading = init({ module_or_path: decodeBase64(payload) }).catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

function decodeBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  if (typeof globalThis.Buffer === 'function') return new Uint8Array(globalThis.Buffer.from(text, 'base64'));
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The options the core takes (the Rust binary's flags, camelCase); the rest are the glue's. */
const CORE_OPTIONS = new Set([
  'pending', 'latency', 'world', 'worldSeed', 'worldSecret', 'strict', 'only', 'auth', 'credentials',
  'tokenLifetimeSecs', 'corsOrigin', 'noCors', 'maxBodyBytes', 'taskTtlSecs', 'maxTasks', 'sessionHeader',
  'adminToken',
]);
const GLUE_OPTIONS = new Set(['baseUrl', 'fixtures', 'fixtureFiles', 'now']);

/** Thrown for options createMock() cannot use: unknown names, bad values, fixtures that do not load. */
export class MockOptionsError extends Error {
  constructor(message) {
    super(message);
    this.name = 'MockOptionsError';
  }
}

/**
 * Builds a mock. See index.d.ts for the options; each absent one takes the Rust binary's default.
 * @param {import('./index.js').MockOptions} [options]
 */
export async function createMock(options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    const got = options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options;
    throw new MockOptionsError(`createMock(options): expected an object of options, got ${got}`);
  }
  const unknown = Object.keys(options).filter((key) => !CORE_OPTIONS.has(key) && !GLUE_OPTIONS.has(key));
  if (unknown.length > 0) {
    const known = [...GLUE_OPTIONS, ...CORE_OPTIONS].filter((key) => key !== 'fixtureFiles').join(', ');
    throw new MockOptionsError(`createMock: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${known})`);
  }
  for (const [key, value] of Object.entries(options)) {
    const problem = value === undefined ? null : checkOption(key, value);
    if (problem) throw new MockOptionsError(`createMock: option ${key}: ${problem}, got ${shown(value)}`);
  }
  const core = {};
  for (const [key, value] of Object.entries(options)) {
    if (CORE_OPTIONS.has(key) && value !== undefined) core[key] = typeof value === 'bigint' ? value.toString() : value;
  }
  const base = baseUrlOf(options.baseUrl ?? DEFAULT_BASE_URL);
  const files = [...fixtureFiles(options.fixtures), ...(options.fixtureFiles ?? [])];
  // The wasm and msw load side by side; msw's own import is most of a cold start.
  const [, handlers] = await Promise.all([load(), mswHandlers()]);
  let inner;
  try {
    inner = new Core(JSON.stringify(core), files, globalThis.crypto.getRandomValues(new Uint8Array(64)));
  } catch (error) {
    throw new MockOptionsError(`createMock: ${error.message ?? error}`);
  }
  return new Mock(inner, base, options.now ?? defaultNow, handlers);
}

const wholeNumber = (value) => (Number.isSafeInteger(value) && value >= 0 ? null : 'expected a whole number, 0 or more');
const flag = (value) => (typeof value === 'boolean' ? null : 'expected true or false');
const text = (value) => (typeof value === 'string' ? null : 'expected a string');
const strings = (value) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? null : 'expected an array of strings');
/** What each option must be (the core checks the rest, such as a latency's range). */
const OPTION_TYPES = {
  pending: wholeNumber,
  latency: (value) =>
    wholeNumber(value) === null || typeof value === 'string' || (Array.isArray(value) && value.length === 2 && value.every((v) => wholeNumber(v) === null))
      ? null
      : 'expected milliseconds (300), [min, max] or "min..max"',
  world: flag,
  worldSeed: (value) =>
    wholeNumber(value) === null || typeof value === 'bigint' || (typeof value === 'string' && /^\d+$/.test(value))
      ? null
      : 'expected a whole number (a string or bigint above 2^53)',
  worldSecret: text,
  strict: flag,
  only: flag,
  auth: (value) => (value === 'off' || value === 'verify' ? null : "expected 'off' or 'verify'"),
  credentials: (value) => (Array.isArray(value) ? null : 'expected an array of credentials'),
  tokenLifetimeSecs: wholeNumber,
  corsOrigin: strings,
  noCors: flag,
  maxBodyBytes: wholeNumber,
  taskTtlSecs: wholeNumber,
  maxTasks: wholeNumber,
  sessionHeader: text,
  adminToken: text,
  baseUrl: text,
  fixtures: (value) => (typeof value === 'object' && value !== null ? null : 'expected an array of fixtures or an object of id → fixture'),
  fixtureFiles: strings,
  now: (value) => (typeof value === 'function' ? null : 'expected a function giving { unixMs, monotonicMs }'),
};

function checkOption(key, value) {
  return OPTION_TYPES[key]?.(value) ?? null;
}

function shown(value) {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function baseUrlOf(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new MockOptionsError(`baseUrl \`${text}\`: not an absolute URL (such as ${DEFAULT_BASE_URL})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MockOptionsError(`baseUrl \`${text}\`: expected an http:// or https:// URL, such as ${DEFAULT_BASE_URL} or http://localhost:5173/api/ovh`);
  }
  if (url.search || url.hash) {
    throw new MockOptionsError(`baseUrl \`${text}\`: no query or fragment, only an origin and a path`);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { origin: url.origin, path, url: url.origin + path };
}

/** Fixture objects as (name, JSON text) pairs: an array (each may carry its `id`) or an id → fixture map. */
function fixtureFiles(fixtures) {
  if (fixtures === undefined || fixtures === null) return [];
  const entries = Array.isArray(fixtures)
    ? fixtures.map((fixture, index) => [fixture?.id ?? `fixtures[${index}]`, fixture])
    : typeof fixtures === 'object'
      ? Object.entries(fixtures)
      : null;
  if (entries === null) throw new MockOptionsError('fixtures: expected an array of fixture objects or an object of id → fixture');
  const files = [];
  for (const [id, fixture] of entries) {
    if (fixture === null || typeof fixture !== 'object') throw new MockOptionsError(`fixtures: \`${id}\` is not a fixture object`);
    const { id: _id, ...rest } = fixture;
    files.push(String(id).replace(/\.json$/, '') + '.json', JSON.stringify(rest));
  }
  return files;
}

const startedAt = typeof performance !== 'undefined' ? performance.now() : 0;
function defaultNow() {
  return { unixMs: Date.now(), monotonicMs: typeof performance !== 'undefined' ? performance.now() - startedAt : Date.now() };
}

/** msw's `http` when msw is installed (a peer dependency): the handlers need it, handle() does not. */
async function mswHandlers() {
  try {
    return await import('msw');
  } catch (error) {
    return { missing: error };
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A mock: see index.d.ts. */
export class Mock {
  #core;
  #base;
  #now;
  #msw;
  #handlers = null;

  constructor(core, base, now, msw) {
    this.#core = core;
    this.#base = base;
    this.#now = now;
    this.#msw = msw;
  }

  /** The base URL the handlers answer under. */
  get baseUrl() {
    return this.#base.url;
  }

  /** How many fixtures are served. */
  get fixtureCount() {
    return this.#core.fixtureCount();
  }

  /**
   * The mock's answer to a fetch Request under its base URL (also `/v1`, the OAuth2 token URL
   * and the admin API at the base URL's origin), or null for a request that is not the mock's.
   * @param {Request} request
   * @returns {Promise<Response | null>}
   */
  async handle(request) {
    const target = this.#targetOf(request.url);
    if (target === null) return null;
    const headers = [];
    for (const [name, value] of request.headers) headers.push(name, value);
    const method = request.method;
    const limit = this.#core.bodyLimit(method, target, headers);
    let answer;
    if (limit < 0) {
      answer = this.#core.handle(method, target, headers, new Uint8Array(0), ...this.#clock());
    } else {
      const declared = Number(request.headers.get('content-length'));
      const body = declared > limit ? null : new Uint8Array(await request.arrayBuffer());
      answer = body === null || body.length > limit
        ? this.#core.unread(method, target, headers, 'too-large', 0, ...this.#clock())
        : this.#core.handle(method, target, headers, body, ...this.#clock());
    }
    return respond(answer);
  }

  /** MSW request handlers: the base URL (and `/v1`), the OAuth2 token URL, the admin API. */
  get handlers() {
    if (this.#handlers === null) {
      if (this.#msw.missing) {
        const why = this.#msw.missing?.message ?? String(this.#msw.missing);
        throw new Error(`mock.handlers needs msw (npm install --save-dev msw), which could not be imported: ${why}. mock.handle(request) works without it`);
      }
      const { http, passthrough } = this.#msw;
      const answer = async ({ request }) => (await this.handle(request)) ?? passthrough();
      const { origin, path } = this.#base;
      const prefix = path.endsWith('/1.0') ? path.slice(0, -4) : '';
      const under = [path, ...(path.endsWith('/1.0') ? [prefix + '/v1'] : [])];
      const patterns = under.flatMap((at) => [`${origin}${at}`, `${origin}${at}/*`]);
      for (const at of new Set([prefix, ''])) {
        patterns.push(`${origin}${at}/auth/oauth2/token`, `${origin}${at}/__admin`, `${origin}${at}/__admin/*`);
      }
      this.#handlers = patterns.map((pattern) => http.all(pattern, answer));
    }
    return this.#handlers;
  }

  /** The settings of the moment; with an argument, changes those it names first. */
  async settings(changes) {
    if (changes !== undefined) {
      if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) {
        throw new MockOptionsError(`mock.settings(changes): expected an object of settings, got ${shown(changes)}`);
      }
      // `latency` as createMock() names it; the admin API's name is `latencyMs`.
      const { latency, ...rest } = changes;
      const named = latency === undefined ? rest : { latencyMs: latency, ...rest };
      const { current } = await this.#admin('GET', '/settings');
      await this.#admin('PUT', '/settings', { ...current, ...named });
    }
    return (await this.#admin('GET', '/settings')).current;
  }

  /** The task states: id, key, fixture, polls so far, first seen, idle time. */
  async tasks() {
    return this.#admin('GET', '/tasks');
  }

  /** Ends a task now: `final` (its last phase) or `error` with a message. */
  async forceTask(id, outcome = 'final', message) {
    const body = outcome === 'error' ? { outcome, message: message ?? 'forced by the test' } : { outcome };
    return this.#admin('POST', `/tasks/${encodeURIComponent(id)}/force`, body);
  }

  /** The most recent requests, oldest first. */
  async requests() {
    return this.#admin('GET', '/requests');
  }

  /** Forgets every task state and goes back to the start-up settings. */
  async reset() {
    await this.#admin('DELETE', '/tasks');
    await this.#admin('POST', '/settings/reset');
  }

  /** The core itself, for hosts (the npx server). @internal */
  get core() {
    return this.#core;
  }

  /** Both clocks, for the core. @internal */
  clock() {
    return this.#clock();
  }

  #clock() {
    const { unixMs, monotonicMs } = this.#now();
    return [unixMs, monotonicMs];
  }

  #targetOf(url) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    if (parsed.origin !== this.#base.origin) return null;
    const { path } = this.#base;
    const { pathname, search } = parsed;
    const under = (prefix) => pathname === prefix || pathname.startsWith(prefix + '/');
    // A base path ending in /1.0 is where the core's /1.0 is, with /v1, the token URL and the
    // admin API beside it. Another base path stands for the core's /1.0.
    const root = path.endsWith('/1.0') ? path.slice(0, -4) : null;
    const beside = ['/auth/oauth2/token', '/__admin'];
    if (root !== null) {
      if ([...beside, '/1.0', '/v1'].some((at) => under(root + at))) return pathname.slice(root.length) + search;
    }
    if (beside.some(under)) return pathname + search;
    if (root === null && (path === '' || under(path))) return '/1.0' + pathname.slice(path.length) + search;
    return null;
  }

  async #admin(method, path, body) {
    const headers = ['content-type', 'application/json'];
    const token = this.#adminToken();
    if (token) headers.push('x-mock-admin-token', token);
    const bytes = body === undefined ? new Uint8Array(0) : new TextEncoder().encode(JSON.stringify(body));
    const answer = this.#core.handle(method, '/__admin' + path, headers, bytes, ...this.#clock());
    const text = new TextDecoder().decode(answer.takeBody());
    if (answer.status >= 400) {
      let message = text;
      try {
        message = JSON.parse(text).message ?? text;
      } catch {}
      throw new Error(`${method} /__admin${path}: ${answer.status} ${message}`);
    }
    return text === '' ? null : JSON.parse(text);
  }

  #adminToken() {
    return this.#core.adminToken() ?? null;
  }
}

/** A fetch Response acting out the core's answer: its delay, then whole, slow or dropped. */
async function respond(answer) {
  if (answer.delayMs > 0) await sleep(answer.delayMs);
  if (answer.kind === 'drop') return Response.error();
  const headers = new Headers();
  const pairs = answer.headers;
  for (let i = 0; i < pairs.length; i += 2) headers.append(pairs[i], pairs[i + 1]);
  const body = answer.takeBody();
  const nullBody = answer.status === 204 || answer.status === 304 || answer.status < 200;
  if (answer.kind === 'slow' && !nullBody) {
    const { chunk, pauseMs } = answer;
    let at = 0;
    const stream = new ReadableStream({
      async pull(controller) {
        if (at > 0) await sleep(pauseMs);
        controller.enqueue(body.slice(at, at + chunk));
        at += chunk;
        if (at >= body.length) controller.close();
      },
    });
    return new Response(stream, { status: answer.status, headers });
  }
  return new Response(nullBody ? null : body, { status: answer.status, headers });
}
