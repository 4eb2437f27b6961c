// Types of the package `ovh-connectivity-mock`. The API's own types (requests and answers of
// /connectivity) are in the subpath `ovh-connectivity-mock/api`, generated from the mock's
// OpenAPI document by openapi-typescript.

// msw is an optional peer dependency: without it, `handlers` is typed loosely rather than
// failing every TypeScript build that uses handle() alone.
// @ts-ignore: msw may not be installed
import type { RequestHandler } from 'msw';

/** The real API's base URL, what the official clients call by default (endpoint `ovh-eu`). */
export declare const DEFAULT_BASE_URL: 'https://eu.api.ovh.com/1.0';

/** A fixture, as the files of the mock's `fixtures/` folder hold it (see its README). */
export interface Fixture {
  /** Its id (`my-tests/cities-75001`); absent: `fixtures[INDEX]`. A fixture with the id of a built-in one replaces it. */
  id?: string;
  /** What the exchange shows, one sentence. */
  description: string;
  /** Where it comes from. */
  source?: string;
  request: {
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    /** Relative to the API base, without the query: `/connectivity/eligibility/search/cities`. */
    path: string;
    query?: Record<string, string>;
    body?: unknown;
  };
  /** The answers in order; the last answers every later request. */
  phases: Array<{
    /** How many consecutive requests get this answer (default 1). */
    times?: number;
    /** HTTP status (default 200). */
    status?: number;
    body?: unknown;
    fault?: 'drop' | 'slow-body';
  }>;
  /** Extra latency in milliseconds, or `[min, max]`. */
  latencyMs?: number | [number, number];
}

/** A credential the mock accepts with `auth: 'verify'`: an application key or a service account. */
export type Credential =
  | { applicationKey: string; applicationSecret: string; consumerKey: string }
  | { clientId: string; clientSecret: string };

/** createMock's options. Each absent one takes the Rust binary's default (its flag named in brackets). */
export interface MockOptions {
  /** Where the handlers answer (default `https://eu.api.ovh.com/1.0`; `/v1` beside it is served too). */
  baseUrl?: string;
  /** `pending` answers before every task's final answer (`--pending`; default: the fixture's, else 1). */
  pending?: number;
  /** Latency of every answer: milliseconds, `[min, max]`, or `"100..800"` (`--latency`; default none). */
  latency?: number | [number, number] | string;
  /** The seeded world answers what no fixture covers (`--world`; default true). */
  world?: boolean;
  /** The world's seed: the same seed, the same world (`--world-seed`; default 0). Above 2^53, a string or bigint. */
  worldSeed?: number | string | bigint;
  /** The secret eligibility references are signed with (`--world-secret`). */
  worldSecret?: string;
  /** 404 to what no fixture covers, naming the closest fixture (`--strict`; default false). */
  strict?: boolean;
  /** Fixtures laid over the built-in set: an array, or an object of id → fixture. */
  fixtures?: Fixture[] | Record<string, Fixture>;
  /** Serve only `fixtures`, without the built-in set (`--only`). */
  only?: boolean;
  /** Signature checks: `off` (default) or `verify` (`--auth`). */
  auth?: 'off' | 'verify';
  /** Accepted credentials with `auth: 'verify'` (`--credentials`). */
  credentials?: Credential[];
  /** Seconds an OAuth2 access token lives (`--token-lifetime-secs`; default 3599). */
  tokenLifetimeSecs?: number;
  /** Allowed browser origins (`--cors-origin`; default any). */
  corsOrigin?: string[];
  /** No CORS headers (`--no-cors`). */
  noCors?: boolean;
  /** Largest accepted request body in bytes (`--max-body-bytes`; default 65536). */
  maxBodyBytes?: number;
  /** Seconds an idle task state is kept (`--task-ttl-secs`; default 600). */
  taskTtlSecs?: number;
  /** Most task states kept (`--max-tasks`; default 10000). */
  maxTasks?: number;
  /** Header keeping task states apart (`--session-header`; default `x-mock-session`; `""`: none). */
  sessionHeader?: string;
  /** Token the admin routes that change state require (`--admin-token`). */
  adminToken?: string;
  /** The clocks the mock reads (tests that fix time): wall clock and a monotonic clock, in milliseconds. */
  now?: () => { unixMs: number; monotonicMs: number };
}

/** The run-time settings (the dashboard's, `GET /__admin/settings`). */
export interface Settings {
  /** Latency of every answer: milliseconds or `[min, max]`. */
  latencyMs: number | [number, number] | null;
  /** `pending` answers before every task's final answer; `null`: each fixture's own. */
  pending: number | null;
  /** A fault for every request: `drop`, `slow-body`, or an error status from 400 to 599. */
  fault: 'drop' | 'slow-body' | number | null;
  /** The share of requests the fault hits, 0 to 100. */
  faultPercent: number;
  /** 404 to what no fixture covers. */
  strict: boolean;
  /** The world answers what no fixture covers (unless `strict`). */
  world: boolean;
}

/** Settings to change: any of them, and `latency` as createMock() names it. */
export type SettingsChanges = Partial<Settings> & { latency?: number | [number, number] | string };

/** A task state (`GET /__admin/tasks`). */
export interface TaskState {
  /** Its id, for forceTask(). */
  id: number;
  /** The request key, without the session. */
  key: string;
  /** The session header's value, if the request had one. */
  session: string | null;
  /** The fixture that answers it, if one does. */
  fixture: string | null;
  /** What the last answer was: `pending`, `ok`, `error`. */
  phase: string;
  polls: number;
  firstSeenUnix: number;
  ageMs: number;
  idleMs: number;
  /** How the task was forced, if it was. */
  forced: string | null;
}

/** A mock: its fixtures, settings, task states, request log and world. */
export interface Mock {
  /** The base URL the handlers answer under. */
  readonly baseUrl: string;
  /** How many fixtures are served. */
  readonly fixtureCount: number;
  /**
   * The answer to a `fetch` Request, as the Rust mock gives it (status, headers, body bytes),
   * after the latency; `Response.error()` for a dropped connection. `null` for a request that
   * is not the mock's (another origin, or outside the base URL, `/v1`, `/auth/oauth2/token`
   * and `/__admin`).
   */
  handle(request: Request): Promise<Response | null>;
  /** MSW handlers for `setupServer` / `setupWorker` (needs msw ^2.15 or ^3). */
  readonly handlers: RequestHandler[];
  /** The settings of the moment; with an argument, changes those it names first. */
  settings(changes?: SettingsChanges): Promise<Settings>;
  /** The task states. */
  tasks(): Promise<TaskState[]>;
  /** Ends a task now: `final` (its last phase) or `error` with a message. */
  forceTask(id: number | string, outcome?: 'final' | 'error', message?: string): Promise<unknown>;
  /** The most recent requests, oldest first. */
  requests(): Promise<unknown[]>;
  /** Forgets every task state and goes back to the start-up settings. */
  reset(): Promise<void>;
}

/** Thrown by createMock for options it cannot use: unknown names, bad values, fixtures that do not load. */
export declare class MockOptionsError extends Error {}

/** Builds a mock (the first call in a realm also compiles the WebAssembly). */
export declare function createMock(options?: MockOptions): Promise<Mock>;
