// Sends a list of requests (a JSON file: method, target, headers, body in base64) to
// mock.handle() in order, and prints each answer's status and body bytes (base64); status 0
// for a dropped connection, 999 for a request outside the mock's URLs (null). The parity test sends the same list to the native mock and the
// npx server.
import { readFileSync } from 'node:fs';
import { createMock } from 'ovh-connectivity-mock';

const requests = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const mock = await createMock();
const answers = [];
for (const { method, target, headers, body } of requests) {
  const init = { method, headers };
  if (body !== null) init.body = Buffer.from(body, 'base64');
  const response = await mock.handle(new Request('https://eu.api.ovh.com' + target, init));
  if (response === null) {
    answers.push({ status: 999, body: '' }); // not the mock's: outside its base URL
    continue;
  }
  answers.push(
    response.type === 'error'
      ? { status: 0, body: '' }
      : { status: response.status, body: Buffer.from(await response.arrayBuffer()).toString('base64') },
  );
}
process.stdout.write(JSON.stringify(answers));
