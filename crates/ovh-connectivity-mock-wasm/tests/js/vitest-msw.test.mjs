// Vitest 4 with MSW's setupServer, as a frontend's test suite is written: the same flows.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { BASE, behindMsw, flows, resetForgets } from './flows.mjs';

const { mock, call } = await behindMsw({ beforeAll, afterEach, afterAll });

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
