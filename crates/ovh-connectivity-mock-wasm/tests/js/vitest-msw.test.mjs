// Vitest 4 with MSW's setupServer, as a frontend's test suite is written: the same flows.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { setupServer } from 'msw/node';
import { createMock } from 'ovh-connectivity-mock';
import { BASE, flows, resetForgets } from './flows.mjs';

const mock = await createMock();
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const call = (path, init) => fetch(BASE + path, init);

for (const [name, flow] of Object.entries(flows)) test(name, () => flow(call));

test('reset', () => resetForgets(call, mock));

test('types and values an app reads', async () => {
  const response = await fetch(BASE + '/connectivity/eligibility/search/cities', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mock-session': 'vitest' },
    body: JSON.stringify({ zipCode: '91400' }),
  });
  expect(response.headers.get('x-ovh-queryid')).toMatch(/^MOCK\.[0-9a-f]+\.[0-9a-f]+$/);
  expect(await response.json()).toEqual({ status: 'pending', result: null, error: null });
});
