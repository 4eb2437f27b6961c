// A TypeScript project's use of the package, checked by tsc --strict as its users' editors
// check it: the package's own types (index.d.ts) and the API's (the `/api` subpath).
import { createMock, DEFAULT_BASE_URL, MockOptionsError, type Fixture, type Mock, type MockOptions } from 'ovh-connectivity-mock';
import type { components, paths } from 'ovh-connectivity-mock/api';
import { setupServer } from 'msw/node';

type City = components['schemas']['connectivity.eligibility.City'];
type CitiesTask = components['schemas']['xdsl.AsyncTaskArray_connectivity.eligibility.City'];

const fixture: Fixture = {
  id: 'mine/cities',
  description: 'My answer.',
  request: { method: 'POST', path: '/connectivity/eligibility/search/cities', body: { zipCode: '75001' } },
  phases: [{ times: 1, body: { status: 'pending', result: null, error: null } }, { body: { status: 'ok', result: [], error: null } }],
  latencyMs: [10, 20],
};
const options: MockOptions = { baseUrl: DEFAULT_BASE_URL, pending: 2, latency: '100..300', worldSeed: 7n, fixtures: [fixture] };
const mock: Mock = await createMock(options);
const server = setupServer(...mock.handlers);
server.listen();

const response: Response | null = await mock.handle(new Request(`${mock.baseUrl}/connectivity/eligibility/search/cities`));
if (response !== null) {
  const task = (await response.json()) as CitiesTask;
  const cities: City[] = task.result ?? [];
  const names: string[] = cities.map((city) => city.locality ?? "");
  console.log(names, mock.fixtureCount.toFixed(0));
}
const settings = await mock.settings({ pending: 3, latency: [100, 400], fault: 503 });
const pending: number | null = settings.pending;
const [first] = await mock.tasks();
if (first !== undefined) await mock.forceTask(first.id, 'error', 'down');
await mock.reset();
console.log(pending, MockOptionsError.name);
type CitiesPath = paths['/connectivity/eligibility/search/cities'];
export type { CitiesPath };

// @ts-expect-error a misspelt option does not compile
await createMock({ pendin: 1 });
// @ts-expect-error a latency is milliseconds, a range or text, not a boolean
await createMock({ latency: true });
// @ts-expect-error a fault is drop, slow-body or a status
await mock.settings({ fault: true });
