import assert from 'node:assert/strict';
import { it } from 'node:test';
import { check } from '../../../src/notebook/check';

it('check(name, assertion) prints "ok: name" when the assertion holds', (t) => {
  const log = t.mock.method(console, 'log', () => {});
  check('two is even', () => assert.equal(2 % 2, 0));
  assert.deepEqual(
    log.mock.calls.map((call) => call.arguments),
    [['ok: two is even']],
  );
});

it('check(name, assertion) throws an error that starts with the name when the assertion fails', (t) => {
  const log = t.mock.method(console, 'log', () => {});
  assert.throws(() => check('three is even', () => assert.equal(3 % 2, 0)), /^Error: check failed: three is even: /);
  assert.equal(log.mock.callCount(), 0);
});
