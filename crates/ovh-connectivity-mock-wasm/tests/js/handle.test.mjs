// mock.handle() without MSW: the fetch-level face that Playwright's page.route, Cypress or a
// service worker plug into. The same flows as through MSW.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMock, MockOptionsError } from 'ovh-connectivity-mock';
import { BASE, flows, post, resetForgets } from './flows.mjs';

const mock = await createMock();
const call = async (path, init) => {
  const response = await mock.handle(new Request(BASE + path, init));
  assert.ok(response !== null, `${path}: the mock's`);
  return response;
};

for (const [name, flow] of Object.entries(flows)) test(name, () => flow(call));

test('reset', () => resetForgets(call, mock));

test('a request that is not the mock\'s gets null', async () => {
  assert.equal(await mock.handle(new Request('https://example.com/1.0/connectivity/eligibility/search/cities')), null);
});

test('a custom base URL stands for /1.0', async () => {
  const local = await createMock({ baseUrl: 'http://localhost:5173/api/ovh/' });
  const answer = await local.handle(new Request('http://localhost:5173/api/ovh/connectivity/eligibility/search/cities', post({ zipCode: '91400' })));
  assert.equal(answer.status, 200);
  assert.equal((await answer.json()).status, 'pending');
  assert.equal(await local.handle(new Request('http://localhost:5173/elsewhere')), null, 'outside the base path');
  assert.equal((await local.handle(new Request('http://localhost:5173/__admin/health'))).status, 200, 'the admin API at the origin');
});

test('fixtures given as objects are laid over the built-in set', async () => {
  const custom = await createMock({
    pending: 0,
    fixtures: [
      {
        id: 'mine/cities-91400',
        description: 'My own answer for 91400.',
        request: { method: 'POST', path: '/connectivity/eligibility/search/cities', body: { zipCode: '91400' } },
        phases: [{ body: { status: 'ok', result: [{ inseeCode: '91471', zipCode: '91400', locality: 'MINE', city: 'MINE' }], error: null } }],
      },
    ],
  });
  const body = await (await custom.handle(new Request(BASE + '/connectivity/eligibility/search/cities', post({ zipCode: '91400' })))).json();
  assert.deepEqual(body.result.map((city) => city.locality), ['MINE']);
  assert.equal(custom.fixtureCount, mock.fixtureCount, 'replaced, not added');
});

test('bad options are a MockOptionsError naming what is wrong', async () => {
  const cases = [
    [{ pendin: 1 }, /unknown option pendin/],
    [{ latency: '800..100' }, /minimum is above the maximum/],
    [{ latency: 'fast' }, /latency/],
    [{ worldSeed: '-1' }, /worldSeed/],
    [{ auth: 'maybe' }, /option auth: expected .off. or .verify./],
    [{ auth: 'verify' }, /needs credentials/],
    [{ baseUrl: 'eu.api.ovh.com' }, /baseUrl/],
    [{ sessionHeader: 'bad header' }, /sessionHeader/],
    [{ fixtures: [{ id: 'broken', description: 'x', request: { method: 'POST', path: '/nowhere' }, phases: [] }] }, /broken/],
    [{ fixtures: 'nope' }, /fixtures/],
  ];
  for (const [options, message] of cases) {
    await assert.rejects(createMock(options), (error) => error instanceof MockOptionsError && message.test(error.message), JSON.stringify(options));
  }
});

test('a body over the limit is a 413, without reading it whole', async () => {
  const small = await createMock({ maxBodyBytes: 64 });
  const answer = await small.handle(new Request(BASE + '/connectivity/eligibility/search/cities', post({ zipCode: '9'.repeat(100) })));
  assert.equal(answer.status, 413);
  assert.equal((await answer.json()).class, 'Client::RequestEntityTooLarge');
});

test('latency is waited before the answer', async () => {
  const slow = await createMock({ latency: 150 });
  const start = performance.now();
  await slow.handle(new Request(BASE + '/connectivity/eligibility/search/cities', post({ zipCode: '91400' })));
  assert.ok(performance.now() - start >= 140, 'waited');
});

test('the clocks can be fixed', async () => {
  const fixed = await createMock({ now: () => ({ unixMs: 1_700_000_000_000, monotonicMs: 0 }) });
  assert.equal(await (await fixed.handle(new Request(BASE + '/auth/time'))).text(), '1700000000');
});

test('options of the wrong type are refused, naming the option (a newcomer\'s mistakes)', async () => {
  const cases = [
    [{ pending: '2' }, /option pending: expected a whole number/],
    [{ corsOrigin: 'http://x' }, /option corsOrigin: expected an array of strings/],
    [{ worldSeed: 1.5 }, /option worldSeed: expected a whole number/],
    [{ now: 5 }, /option now: expected a function/],
    [{ baseUrl: 'localhost:5173' }, /baseUrl `localhost:5173`: expected an http:\/\/ or https:\/\/ URL/],
  ];
  for (const [options, message] of cases) {
    await assert.rejects(createMock(options), (error) => error instanceof MockOptionsError && message.test(error.message), JSON.stringify(options));
  }
  await assert.rejects(createMock(null), /expected an object of options, got null/);
});

test('settings() takes latency as createMock() names it, and the admin API\'s names', async () => {
  const local = await createMock();
  const changed = await local.settings({ pending: 3, latency: [100, 400], fault: 503 });
  assert.deepEqual([changed.pending, changed.latencyMs, changed.fault], [3, [100, 400], 503]);
  assert.deepEqual((await local.settings({ latencyMs: 50 })).latencyMs, 50);
  await assert.rejects(local.settings({ fault: 'server-error' }), /a fault is "drop", "slow-body" or an error status/);
  await assert.rejects(local.settings('fast'), /expected an object of settings/);
});
