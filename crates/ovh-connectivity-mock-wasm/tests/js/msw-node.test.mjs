// MSW in Node, as a frontend's test suite uses it: setupServer(...mock.handlers), plain fetch.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, behindMsw, flows, resetForgets } from './flows.mjs';

const { mock, call } = await behindMsw({ beforeAll: before, afterEach, afterAll: after });

for (const [name, flow] of Object.entries(flows)) test(name, () => flow(call));

test('reset', () => resetForgets(call, mock));

test('the /v1 base and the OAuth2 token URL are served too', async () => {
  const time = await fetch('https://eu.api.ovh.com/v1/auth/time');
  assert.equal(time.status, 200);
  assert.match(await time.text(), /^\d+$/);
  const token = await fetch('https://eu.api.ovh.com/auth/oauth2/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=x&client_secret=y&scope=all',
  });
  assert.equal(token.headers.get('content-type')?.startsWith('application/json'), true);
});

test('a request outside the mock is left to MSW (unhandled: an error here)', async () => {
  await assert.rejects(fetch('https://example.invalid/elsewhere'));
});

test('a dropped connection is a network error, as from a real server', async () => {
  await assert.rejects(fetch(BASE + '/connectivity/eligibility/search/cities', { method: 'POST', headers: { 'content-type': 'application/json', 'x-mock-fault': 'drop' }, body: '{"zipCode":"91400"}' }), TypeError);
});
