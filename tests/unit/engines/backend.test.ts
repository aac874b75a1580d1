import assert from 'node:assert/strict';
import { it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { backendLine, describeBackend, selectBackend } from '../../../src/engines/tfjs/backend';

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

it('describeBackend() after selectBackend: the first line a notebook prints has no error message in it', async () => {
  const name = await selectBackend();
  const line = describeBackend();
  assert.equal(
    line,
    `tfjs ${tf.version_core} on ${{ tensorflow: 'native TensorFlow', wasm: 'WebAssembly', cpu: 'plain JavaScript' }[name]}`,
  );
  assert.doesNotMatch(line, /Cannot find|Error|skipped/);
  // The reasons are there on request: on a machine without tfjs-node, why native TensorFlow was skipped.
  const detailed = describeBackend({ reasons: true });
  assert.ok(detailed.startsWith(line));
  if (name !== 'tensorflow' && !process.env.TF_BACKEND) assert.match(detailed, /\(native TensorFlow skipped: .+\)$/);
});
