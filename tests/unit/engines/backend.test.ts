import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import {
  BACKEND_ORDER,
  BACKEND_WORDS,
  backendLine,
  describeBackend,
  selectBackend,
  skippedBackends,
} from '../../../src/engines/tfjs/backend';

const notInstalled = "Cannot find module 'tfjs-node-native'";

it('backendLine names the backend in plain words, without the skipped ones unless asked', () => {
  const skipped = { tensorflow: notInstalled };
  assert.equal(backendLine({ version: '4.22.0', active: 'wasm', skipped }), 'tfjs 4.22.0 on WebAssembly');
  assert.equal(backendLine({ version: '4.22.0', active: 'cpu', skipped: {} }), 'tfjs 4.22.0 on plain JavaScript');
  assert.equal(backendLine({ version: '4.22.0', active: 'tensorflow', skipped: {} }), 'tfjs 4.22.0 on native TensorFlow');
  assert.equal(
    backendLine({ version: '4.22.0', active: 'wasm', skipped, reasons: true }),
    `tfjs 4.22.0 on WebAssembly (native TensorFlow skipped: ${notInstalled})`,
  );
  assert.equal(
    backendLine({ version: '4.22.0', active: 'cpu', skipped: { tensorflow: notInstalled, wasm: 'failed to initialise' }, reasons: true }),
    `tfjs 4.22.0 on plain JavaScript (native TensorFlow skipped: ${notInstalled}; WebAssembly skipped: failed to initialise)`,
  );
  assert.equal(backendLine({ version: '4.22.0', active: 'webgl', skipped: {} }), 'tfjs 4.22.0 on the "webgl" backend');
});

describe('selectBackend on every backend', () => {
  const forced = process.env.TF_BACKEND;
  before(() => delete process.env.TF_BACKEND);
  after(async () => {
    if (forced !== undefined) process.env.TF_BACKEND = forced;
    await selectBackend();
  });

  for (const name of BACKEND_ORDER) {
    it(`${name}: computes when it loads, and is named in plain words with nothing skipped; else says why not`, async () => {
      let selected: string | undefined;
      let failure: Error | undefined;
      try {
        selected = await selectBackend([name]);
      } catch (error) {
        failure = error as Error;
      }
      if (failure) {
        // Only native TensorFlow is optional (tfjs-node may not install); the others ship with tfjs.
        assert.equal(name, 'tensorflow', `${name} did not load: ${failure.message}`);
        assert.match(failure.message, /no tfjs backend could be started \(tried tensorflow\)/);
        assert.ok(skippedBackends.tensorflow, 'the reason is kept');
        assert.match(describeBackend({ reasons: true }), /native TensorFlow skipped: .+/);
        return;
      }
      assert.equal(selected, name);
      assert.equal(tf.getBackend(), name);
      assert.deepEqual(Array.from(tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).dataSync()), [4, 6]);
      const line = describeBackend();
      assert.equal(line, `tfjs ${tf.version_core} on ${BACKEND_WORDS[name]}`);
      assert.doesNotMatch(line, /Cannot find|Error|skipped/);
    });
  }

  it('the default order: the first line a notebook prints has no error message, the reasons come on request', async () => {
    const name = await selectBackend();
    const line = describeBackend();
    assert.equal(line, `tfjs ${tf.version_core} on ${BACKEND_WORDS[name]}`);
    const detailed = describeBackend({ reasons: true });
    assert.ok(detailed.startsWith(line));
    // Every backend before the chosen one in the order was skipped, and says why.
    for (const earlier of BACKEND_ORDER.slice(0, BACKEND_ORDER.indexOf(name))) {
      assert.match(detailed, new RegExp(`${BACKEND_WORDS[earlier]} skipped: .+`));
    }
  });
});
