/**
 * The native kernel (src/native/recurrent.cc) against the TypeScript fused kernel, which is itself
 * tested against PyTorch and the tfjs path (parity.test.ts, FusedForecaster.test.ts); PyTorch's
 * 5-epoch tutorial losses on the native engine are in parity.test.ts. Shapes small enough for the
 * kernel's own loops and large enough for its BLAS calls are both covered.
 *
 * Where setup did not build the kernel (no C++ compiler), these tests are skipped; where setup
 * recorded a built kernel in .setup/tools.json, a kernel that does not load fails them.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Forecaster, type ForecasterOptions } from '../src/Forecaster';
import { FusedForecaster } from '../src/FusedForecaster';
import { disposeModule } from '../src/Module';
import * as os from 'node:os';
import { NATIVE_KERNEL_PATH, nativeKernel, nativeKernelProblem, type NativeKernel } from '../src/native';
import { createRandom } from '../src/random';
import { train } from '../src/train';
import { assertAllClose } from './helpers';

const toolsFile = path.join(__dirname, '..', '.setup', 'tools.json');
const built = fs.existsSync(toolsFile) && JSON.parse(fs.readFileSync(toolsFile, 'utf8')).native;
const skip = !built && !nativeKernel() ? `the native kernel was not built here: ${nativeKernelProblem()}` : false;

const configs: Array<ForecasterOptions & { batch: number }> = [
  { kind: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, seqLen: 4, horizon: 3, head: 'last', batch: 5 },
  { kind: 'lstm', inputSize: 2, hiddenSize: 4, numLayers: 1, seqLen: 6, horizon: 2, head: 'flatten', batch: 5 },
  { kind: 'rnn', inputSize: 3, hiddenSize: 4, numLayers: 3, seqLen: 5, horizon: 1, head: 'flatten', nonlinearity: 'relu', batch: 5 },
  { kind: 'rnn', inputSize: 1, hiddenSize: 6, numLayers: 2, seqLen: 3, horizon: 2, head: 'last', nonlinearity: 'tanh', batch: 5 },
  // Large enough that every matrix product goes to BLAS (at least 4096 multiply-adds).
  { kind: 'lstm', inputSize: 4, hiddenSize: 32, numLayers: 2, seqLen: 12, horizon: 1, head: 'flatten', batch: 24 },
  { kind: 'lstm', inputSize: 4, hiddenSize: 24, numLayers: 3, seqLen: 9, horizon: 2, head: 'last', batch: 17 },
  { kind: 'rnn', inputSize: 4, hiddenSize: 64, numLayers: 2, seqLen: 10, horizon: 1, head: 'flatten', nonlinearity: 'tanh', batch: 20 },
  { kind: 'rnn', inputSize: 4, hiddenSize: 64, numLayers: 2, seqLen: 10, horizon: 1, head: 'last', nonlinearity: 'relu', batch: 20 },
];

/** Native against the TypeScript kernel, within `tolerance` relative to max(1, |value|). */
const assertClose = (actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string) => assertAllClose(actual, expected, tolerance, what, 'TypeScript kernel');

describe('the native kernel', { skip }, () => {
  for (const { batch, ...options } of configs) {
    const name = `${options.kind}${options.nonlinearity ? `-${options.nonlinearity}` : ''}, hidden ${options.hiddenSize}, ${options.numLayers} layers, seqLen ${options.seqLen}, ${options.head} head, horizon ${options.horizon}, batch ${batch}`;
    it(`loss, parameter and input gradients and forecasts equal the TypeScript kernel's within 1e-5: ${name}`, () => {
      const model = new Forecaster({ ...options, seed: 3 });
      const random = createRandom(11);
      const { seqLen: T, inputSize: I } = options;
      const P = options.horizon!;
      const n = batch + 7;
      const xs = Float32Array.from({ length: n * T * I }, () => random.uniform(-1, 1));
      const ys = Float32Array.from({ length: n * P }, () => random.uniform(-1, 1));
      // Rows out of order and with gaps, as a shuffled batch has them.
      const rows = Int32Array.from({ length: batch }, (_, b) => (b * 5 + 3) % n);

      const js = new FusedForecaster(model, 'js');
      const native = new FusedForecaster(model, 'native');
      const dxJs = new Float64Array(batch * T * I);
      const dxNative = new Float64Array(batch * T * I);
      const sumJs = js.lossAndGradient(xs, ys, rows, dxJs);
      const sumNative = native.lossAndGradient(xs, ys, rows, dxNative);
      assert.ok(Math.abs(sumNative - sumJs) <= 1e-5 * Math.max(1, sumJs), `summed squared error: native ${sumNative} vs ${sumJs}`);
      assertClose(native.grad, js.grad, 1e-5, 'parameter gradient');
      assertClose(dxNative, dxJs, 1e-5, 'input gradient');
      assert.ok(native.grad.some((g) => g !== 0), 'the gradient is not all zeros');
      assertClose(native.predict(xs, rows), js.predict(xs, rows), 1e-5, 'forecasts');
      assert.ok(Math.abs(native.sumSquaredError(xs, ys, n, 4) - js.sumSquaredError(xs, ys, n, 4)) <= 1e-5 * Math.max(1, sumJs), 'sumSquaredError over chunks');
      disposeModule(model);
    });
  }

  it('trains the tutorial configuration to the same losses as the TypeScript kernel, within 1e-4 relative over 3 epochs', async () => {
    const random = createRandom(2);
    const n = 300;
    const xs = Float32Array.from({ length: n * 5 * 4 }, () => random.uniform(0, 1));
    const ys = Float32Array.from({ length: n }, (_, i) => xs[i * 20 + 16] * 0.5 + 0.2);
    const windows = { xs, ys, n, lookBack: 5, numFeatures: 4, horizon: 1, features: ['a', 'b', 'c', 'd'], target: 'y', targetRows: new Int32Array(n), targetDates: [] };
    const losses: Record<string, number[]> = {};
    for (const engine of ['native', 'fused'] as const) {
      const model = new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5, seed: 1 });
      const result = await train(model, { train: windows }, { epochs: 3, shuffle: true, seed: 4, engine });
      assert.equal(result.engine, engine);
      losses[engine] = result.history.map((h) => h.loss);
      disposeModule(model);
    }
    assertClose(losses.native.map((l, i) => l / losses.fused[i]), losses.fused.map(() => 1), 1e-4, 'epoch loss ratio');
    assert.ok(losses.native[2] < losses.native[0], `the loss falls: ${losses.native.join(', ')}`);
  });

  it('rejects bad arguments with messages that name them', () => {
    const kernel = nativeKernel()!;
    const handle = kernel.create({ cell: 'lstm', inputSize: 2, hiddenSize: 3, numLayers: 1, seqLen: 4, horizon: 1, lastHead: false });
    const size = 4 * 3 * 2 + 4 * 3 * 3 + 2 * 12 + 3 * 4 + 1;
    const theta = new Float64Array(size);
    const grad = new Float64Array(size);
    const xs = new Float32Array(3 * 4 * 2);
    const ys = new Float32Array(3);
    assert.throws(() => kernel.lossAndGradient(handle, new Float64Array(size - 1), new Float64Array(size - 1), xs, ys, Int32Array.of(0), null), /theta has 96 values, the model 97/);
    assert.throws(() => kernel.lossAndGradient(handle, theta, grad, xs, ys, Int32Array.of(0, 3), null), /rows\[1\] = 3 is outside the 3 windows/);
    assert.throws(() => kernel.lossAndGradient(handle, theta, grad, new Float32Array(7), ys, Int32Array.of(0), null), /xs has 7 values, not a multiple of seqLen \* inputSize = 8/);
    assert.throws(() => kernel.lossAndGradient(handle, theta, grad, new Float64Array(24) as unknown as Float32Array, ys, Int32Array.of(0), null), /xs must be a Float32Array/);
    const shape = { cell: 'lstm', inputSize: 2, hiddenSize: 3, numLayers: 1, seqLen: 4, horizon: 1, lastHead: false } as const;
    assert.throws(() => kernel.create({ ...shape, cell: 'gru' as never }), /options.cell must be "lstm", "rnn-tanh" or "rnn-relu", got "gru"/);
    assert.throws(() => kernel.create({ ...shape, hiddenSize: 0 }), /options.hiddenSize must be a whole number of at least 1, got 0$/);
    assert.throws(() => kernel.create({ ...shape, seqLen: 2.5 }), /options.seqLen must be a whole number of at least 1, got 2.5$/);
    assert.throws(() => kernel.create({ ...shape, lastHead: undefined as never }), /options.lastHead must be a boolean/);
    assert.throws(() => kernel.predict({} as never, theta, xs, Int32Array.of(0), new Float64Array(1)), /must be a kernel from create\(\)/);
    assert.equal(kernel.lossAndGradient(handle, theta, grad, xs, ys, Int32Array.of(0, 2), null), 0, 'all-zero weights and targets: zero loss');
  });
});

describe('scripts/buildNative.sh', { skip }, () => {
  it('the variant without BLAS (a C++ compiler but no OpenBLAS) computes the same loss and gradients', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'native-noblas-'));
    try {
      const run = spawnSync('bash', [path.join(__dirname, '..', 'scripts', 'buildNative.sh')], { env: { ...process.env, NATIVE_OUT_DIR: dir, NATIVE_BLAS: 'none' }, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      const plain = require(path.join(dir, 'recurrent.node')) as NativeKernel;
      assert.equal(plain.blas, 'none');
      // Large enough that the BLAS build would hand every product to OpenBLAS.
      const model = new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 32, numLayers: 2, seqLen: 12, horizon: 1, head: 'flatten', seed: 8 });
      const random = createRandom(12);
      const n = 30, B = 24;
      const xs = Float32Array.from({ length: n * 12 * 4 }, () => random.uniform(-1, 1));
      const ys = Float32Array.from({ length: n }, () => random.uniform(-1, 1));
      const rows = Int32Array.from({ length: B }, (_, b) => (b * 7 + 1) % n);
      const js = new FusedForecaster(model, 'js');
      const sumJs = js.lossAndGradient(xs, ys, rows);
      const grad = new Float64Array(js.theta.length);
      const handle = plain.create({ cell: 'lstm', inputSize: 4, hiddenSize: 32, numLayers: 2, seqLen: 12, horizon: 1, lastHead: false });
      const sum = plain.lossAndGradient(handle, js.theta, grad, xs, ys, rows, null);
      assert.ok(Math.abs(sum - sumJs) <= 1e-5 * Math.max(1, sumJs), `summed squared error: ${sum} vs ${sumJs}`);
      assertClose(grad, js.grad, 1e-5, 'parameter gradient without BLAS');
      disposeModule(model);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a build that fails (here: a compiler that always fails) exits 1, says so and leaves the built kernel as it was', () => {
    const digest = () => crypto.createHash('sha256').update(fs.readFileSync(NATIVE_KERNEL_PATH)).digest('hex');
    const before = digest();
    const run = spawnSync('bash', [path.join(__dirname, '..', 'scripts', 'buildNative.sh')], { env: { ...process.env, CXX: 'false' }, encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /native kernel: compilation failed/);
    assert.equal(digest(), before);
    assert.ok(!fs.readdirSync(path.dirname(NATIVE_KERNEL_PATH)).some((f) => f.includes('tmp')), 'no temporary file left behind');
  });
});
