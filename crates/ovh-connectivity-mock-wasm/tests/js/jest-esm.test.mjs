// Jest 30 in its ESM mode (NODE_OPTIONS=--experimental-vm-modules), as the README shows it for
// MSW: setupServer(...mock.handlers) and plain fetch.
import { afterAll, afterEach, beforeAll, expect, test } from '@jest/globals';
import { behindMsw, flows } from './flows.mjs';

const { mock, call } = await behindMsw({ beforeAll, afterEach, afterAll });

for (const [name, flow] of Object.entries(flows)) test(name, () => flow(call));

test('the mock answers under MSW in Jest', async () => {
  const response = await call('/connectivity/eligibility/search/cities', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mock-session': 'jest-esm' },
    body: JSON.stringify({ zipCode: '91400' }),
  });
  expect(await response.json()).toEqual({ status: 'pending', result: null, error: null });
});
