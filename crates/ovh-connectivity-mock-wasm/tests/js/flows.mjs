// The flows a frontend runs against the API, written once and run through each face of the
// package: MSW's setupServer with plain fetch, and mock.handle() without MSW. Each flow takes
// `call(path, init)` (a fetch under the base URL) and checks what a frontend would read.

import assert from 'node:assert/strict';
import { setupServer } from 'msw/node';
import { createMock } from 'ovh-connectivity-mock';

export const BASE = 'https://eu.api.ovh.com/1.0';
const ELIGIBILITY = '/connectivity/eligibility';

export function post(body, headers = {}) {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Re-sends the identical request until the task leaves `pending`; the answers seen. */
export async function poll(call, path, init, most = 10) {
  const seen = [];
  for (let i = 0; i < most; i += 1) {
    const response = await call(path, init);
    assert.equal(response.status, 200, `${path}: ${response.status}`);
    const body = await response.json();
    seen.push(body);
    if (body.status !== 'pending') return seen;
  }
  throw new Error(`${path}: still pending after ${most} polls`);
}

export const flows = {
  /** The guide's cities of 91400, pending once then ok. */
  async guideCities(call) {
    const seen = await poll(call, `${ELIGIBILITY}/search/cities`, post({ zipCode: '91400' }, { 'x-mock-session': 'guide-cities' }));
    assert.deepEqual(seen.map((body) => body.status), ['pending', 'ok']);
    assert.deepEqual([...new Set(seen[1].result.map((city) => city.locality))].sort(), ['ORSAY', 'ORSIGNY', 'SACLAY']);
  },

  /** The guide's line test, pending twice then its offers. */
  async guideLine(call) {
    const seen = await poll(
      call,
      `${ELIGIBILITY}/test/line`,
      post({ lineNumber: '0123456789', status: 'active' }, { 'x-mock-session': 'guide-line' }),
    );
    assert.deepEqual(seen.map((body) => body.status), ['pending', 'pending', 'ok']);
    assert.ok(seen[2].result.offers.length > 0, 'offers');
  },

  /** A task that ends in error, in the API's words. */
  async errorTask(call) {
    const seen = await poll(
      call,
      `${ELIGIBILITY}/test/line`,
      post({ lineNumber: '0987654321', status: 'inactive' }, { 'x-mock-session': 'error-task' }),
    );
    const last = seen.at(-1);
    assert.equal(last.status, 'error');
    assert.equal(last.result, null);
    assert.match(last.error, /inactive line/i);
  },

  /** The world: a zip code no fixture covers, to a city, a street, a number, then offers. */
  async worldToOffers(call) {
    const headers = { 'x-mock-session': 'world' };
    const [city] = (await poll(call, `${ELIGIBILITY}/search/cities`, post({ zipCode: '69003' }, headers))).at(-1).result;
    assert.equal(city.zipCode, '69003');
    const streets = (await poll(call, `${ELIGIBILITY}/search/streets`, post({ inseeCode: city.inseeCode }, headers))).at(-1).result;
    assert.ok(streets.length > 0, 'streets');
    const { streetCode } = streets[0];
    const numbers = (await poll(call, `${ELIGIBILITY}/search/streetNumbers`, post({ streetCode }, headers))).at(-1).result;
    assert.ok(numbers.length > 0, 'street numbers');
    const test = (await poll(call, `${ELIGIBILITY}/test/address`, post({ streetCode, streetNumber: numbers[0] }, headers))).at(-1);
    assert.equal(test.status, 'ok');
    assert.ok(test.result.offers.length > 0, 'offers');
    for (const offer of test.result.offers) assert.equal(typeof offer.eligibility.eligible, 'boolean');
  },

  /** Bad JSON is an OVH-shaped 400 that says why. */
  async badJson(call) {
    const response = await call(`${ELIGIBILITY}/search/cities`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"zipCode":' });
    assert.equal(response.status, 400);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    const body = await response.json();
    assert.equal(body.class, 'Client::BadRequest');
    assert.match(body.message, /Invalid JSON/);
  },

  /** Two sessions see the same task from its start, each on its own. */
  async sessionsApart(call) {
    const ask = (session) => call(`${ELIGIBILITY}/search/cities`, post({ zipCode: '91400' }, { 'x-mock-session': session }));
    assert.equal((await (await ask('tab-a')).json()).status, 'pending');
    assert.equal((await (await ask('tab-a')).json()).status, 'ok');
    assert.equal((await (await ask('tab-b')).json()).status, 'pending', 'tab-b starts from pending');
  },
};

/** reset() forgets the task states: the next identical request is pending again. */
export async function resetForgets(call, mock) {
  const init = post({ zipCode: '91400' }, { 'x-mock-session': 'reset' });
  const path = `${ELIGIBILITY}/search/cities`;
  assert.equal((await (await call(path, init)).json()).status, 'pending');
  assert.equal((await (await call(path, init)).json()).status, 'ok');
  assert.ok((await mock.tasks()).length > 0, 'a task state before reset');
  await mock.settings({ pending: 3 });
  await mock.reset();
  assert.equal((await mock.tasks()).length, 0, 'no task state after reset');
  assert.equal((await mock.settings()).pending, null, 'settings back to start-up');
  assert.equal((await (await call(path, init)).json()).status, 'pending', 'pending again after reset');
}

/**
 * The set-up the README shows, for any runner's hooks: one mock behind MSW's setupServer for
 * the file, its task states and settings reset after each test. Gives the mock and `call`,
 * a fetch under the base URL.
 */
export async function behindMsw({ beforeAll, afterEach, afterAll }) {
  const mock = await createMock();
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => mock.reset());
  afterAll(() => server.close());
  return { mock, call: (path, init) => fetch(BASE + path, init) };
}
