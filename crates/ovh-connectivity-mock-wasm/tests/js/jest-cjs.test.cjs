// Jest 30 with its default setup (CommonJS, the node environment): the package's CommonJS
// entry, through mock.handle() (msw 2.15 cannot be require()d under Jest before Node 24.9:
// its dependency rettime is ESM only; jest-esm.test.mjs runs MSW in Jest's ESM mode).
const { createMock } = require('ovh-connectivity-mock');

const BASE = 'https://eu.api.ovh.com/1.0/connectivity/eligibility';
let mock;

beforeAll(async () => {
  mock = await createMock();
});
afterEach(() => mock.reset());

async function post(path, body, session) {
  const request = new Request(BASE + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mock-session': session },
    body: JSON.stringify(body),
  });
  return mock.handle(request);
}

test('the guide line test answers pending twice, then offers', async () => {
  const statuses = [];
  let body;
  do {
    body = await (await post('/test/line', { lineNumber: '0123456789', status: 'active' }, 'jest')).json();
    statuses.push(body.status);
  } while (body.status === 'pending' && statuses.length < 5);
  expect(statuses).toEqual(['pending', 'pending', 'ok']);
  expect(body.result.offers.length).toBeGreaterThan(0);
});

test('the world answers a zip code no fixture covers', async () => {
  await post('/search/cities', { zipCode: '33000' }, 'jest-world');
  const body = await (await post('/search/cities', { zipCode: '33000' }, 'jest-world')).json();
  expect(body.status).toBe('ok');
  expect(body.result.map((city) => city.city)).toContain('BORDEAUX');
});

test('bad JSON is an OVH-shaped 400', async () => {
  const response = await mock.handle(new Request(BASE + '/search/cities', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }));
  expect(response.status).toBe(400);
  expect((await response.json()).class).toBe('Client::BadRequest');
});

test('reset() forgets the task states', async () => {
  await post('/search/cities', { zipCode: '91400' }, 'jest-reset');
  expect((await mock.tasks()).length).toBe(1);
  await mock.reset();
  expect(await mock.tasks()).toEqual([]);
});
