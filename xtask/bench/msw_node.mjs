// cargo xtask bench --only npm: MSW in Node. The time per request of the package's handlers
// (`mock.handlers` with setupServer and fetch) beside an MSW handler that returns the same
// answer bytes statically: the floor of MSW itself. Run in the project where the package and
// msw are installed. Rounds alternate mock and floor; prints one line of medians,
// `mockMs=… floorMs=… answerBytes=… rounds=…`.
//
// Usage: node msw_node.mjs REQUESTS ROUNDS
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createMock } from 'ovh-connectivity-mock';

const [requests, rounds] = process.argv.slice(2).map(Number);
const url = 'https://eu.api.ovh.com/1.0/connectivity/eligibility/test/line';
const init = () => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: '{"lineNumber":"0123456789","status":"active"}',
});

const mock = await createMock({ pending: 0 });
const first = await mock.handle(new Request(url, init()));
if (first.status !== 200) throw new Error(`the mock answered ${first.status}`);
const bytes = new Uint8Array(await first.arrayBuffer());
const contentType = first.headers.get('content-type');
const floor = [http.post(url, () => new HttpResponse(bytes, { status: 200, headers: { 'content-type': contentType } }))];

/** Milliseconds per request through `handlers`, sequential fetches, after a warm-up. */
async function perRequest(handlers) {
  const server = setupServer(...handlers);
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const once = async () => {
      const answer = await fetch(url, init());
      const body = new Uint8Array(await answer.arrayBuffer());
      if (answer.status !== 200 || body.length !== bytes.length) throw new Error(`answer ${answer.status}, ${body.length} bytes`);
    };
    for (let i = 0; i < Math.min(200, requests); i += 1) await once();
    const started = performance.now();
    for (let i = 0; i < requests; i += 1) await once();
    return (performance.now() - started) / requests;
  } finally {
    server.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const times = { mock: [], floor: [] };
for (let round = 0; round < rounds; round += 1) {
  times.mock.push(await perRequest(mock.handlers));
  times.floor.push(await perRequest(floor));
}
console.log(`mockMs=${median(times.mock)} floorMs=${median(times.floor)} answerBytes=${bytes.length} rounds=${rounds}`);
