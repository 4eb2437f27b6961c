// A project with the package and no msw (a Playwright user's): handle() works, and handlers
// says what is missing and why, naming handle() as the way without it.
import assert from 'node:assert/strict';
import { createMock } from 'ovh-connectivity-mock';

const mock = await createMock();
const answer = await mock.handle(new Request('https://eu.api.ovh.com/1.0/auth/time'));
assert.equal(answer.status, 200);
assert.throws(() => mock.handlers, /mock\.handlers needs msw \(npm install --save-dev msw\), which could not be imported: .*msw.*mock\.handle\(request\) works without it/s);
console.log('without msw: ok');
