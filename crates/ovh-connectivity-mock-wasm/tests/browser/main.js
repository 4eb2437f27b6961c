// A frontend's page in development: MSW's service worker answers the OVH API with the
// package's handlers; the app calls the real URL with fetch and shows the offers.
import { setupWorker } from 'msw/browser';
import { createMock } from 'ovh-connectivity-mock';

const API = 'https://eu.api.ovh.com/1.0/connectivity/eligibility';
const show = (id, text) => {
  document.getElementById(id).textContent = text;
};

/** What the app does: re-send the identical request until the task is no longer pending. */
async function task(route, body) {
  for (let polls = 1; polls <= 5; polls += 1) {
    const response = await fetch(`${API}/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
    const answer = await response.json();
    if (answer.status !== 'pending') return { answer, polls };
  }
  throw new Error(`${route}: still pending`);
}

async function main() {
  const mock = await createMock();
  await setupWorker(...mock.handlers).start({ quiet: true, onUnhandledRequest: 'bypass' });
  show('status', 'worker started');
  const cities = await task('search/cities', { zipCode: '91400' });
  const [city] = cities.answer.result;
  show('city', `${city.locality} (${city.inseeCode}) after ${cities.polls} polls`);
  // The world answers what no fixture covers: an address in Lyon, down to its offers.
  const [lyon] = (await task('search/cities', { zipCode: '69003' })).answer.result;
  const streets = (await task('search/streets', { inseeCode: lyon.inseeCode })).answer.result;
  const { streetCode, streetName } = streets[0];
  const numbers = (await task('search/streetNumbers', { streetCode })).answer.result;
  const test = await task('test/address', { streetCode, streetNumber: numbers[0] });
  if (test.answer.status !== 'ok') throw new Error(`test/address: ${test.answer.error}`);
  for (const offer of test.answer.result.offers) {
    const item = document.createElement('li');
    item.textContent = `${offer.product.code}: ${offer.eligibility.eligible ? 'eligible' : 'not eligible'}`;
    document.getElementById('offers').append(item);
  }
  show('status', `done: ${numbers[0]} ${streetName}`);
}

main().catch((error) => show('status', `error: ${error.stack ?? error}`));
