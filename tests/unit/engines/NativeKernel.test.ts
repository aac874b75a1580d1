/**
 * The native kernel (src/engines/native/recurrent.cc) against the TypeScript kernel, which is
 * itself tested against PyTorch and the tfjs path (tests/unit/parity, TypeScriptKernel.test.ts);
 * PyTorch's 5-epoch tutorial losses on the native engine are in tests/unit/parity. Shapes small
 * enough for the kernel's own loops and large enough for its BLAS calls are both covered.
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
import { windowArrays } from '../../../src/data/WindowArrays';
import type { WindowArrays } from '../../../src/data/Windows';
import { kernelShape } from '../../../src/engines/Kernel';
import { sumSquaredError } from '../../../src/engines/kernelEngine';
import { NativeKernel, nativeModule, nativeProblem, openblasCoreType, type NativeModule } from '../../../src/engines/native/NativeKernel';
import { offsets, parameterLayout, readParameters } from '../../../src/engines/parameterLayout';
import { TypeScriptKernel } from '../../../src/engines/typescript/TypeScriptKernel';
import { Forecaster, type ForecasterOptions } from '../../../src/models/Forecaster';
import { disposeModule } from '../../../src/models/Module';
import { createRandom } from '../../../src/random';
import { recordedTools, setupFiles } from '../../../src/setupFiles';
import { train } from '../../../src/training/train';
import { assertAllClose, packedArrays, REPOSITORY, temporaryFolder, viewAndPackedWindows } from '../../helpers';

const built = recordedTools()?.native;
const skip = !built && !nativeModule() ? `the native kernel was not built here: ${nativeProblem()}` : false;

const configs: Array<ForecasterOptions & { batch: number }> = [
  { kind: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, seqLen: 4, horizon: 3, head: 'last', batch: 5 },
  { kind: 'lstm', inputSize: 2, hiddenSize: 4, numLayers: 1, seqLen: 6, horizon: 2, head: 'flatten', batch: 5 },
  { kind: 'rnn', inputSize: 3, hiddenSize: 4, numLayers: 3, seqLen: 5, horizon: 1, head: 'flatten', nonlinearity: 'relu', batch: 5 },
  { kind: 'rnn', inputSize: 1, hiddenSize: 6, numLayers: 2, seqLen: 3, horizon: 2, head: 'last', nonlinearity: 'tanh', batch: 5 },
  // Large enough that every matrix product goes to BLAS (at least 1024 multiply-adds).
  { kind: 'lstm', inputSize: 4, hiddenSize: 32, numLayers: 2, seqLen: 12, horizon: 1, head: 'flatten', batch: 24 },
  { kind: 'lstm', inputSize: 4, hiddenSize: 24, numLayers: 3, seqLen: 9, horizon: 2, head: 'last', batch: 17 },
  { kind: 'rnn', inputSize: 4, hiddenSize: 64, numLayers: 2, seqLen: 10, horizon: 1, head: 'flatten', nonlinearity: 'tanh', batch: 20 },
  { kind: 'rnn', inputSize: 4, hiddenSize: 64, numLayers: 2, seqLen: 10, horizon: 1, head: 'last', nonlinearity: 'relu', batch: 20 },
  { kind: 'gru', inputSize: 3, hiddenSize: 5, numLayers: 2, seqLen: 4, horizon: 2, head: 'flatten', batch: 5 },
  { kind: 'gru', inputSize: 2, hiddenSize: 1, numLayers: 3, seqLen: 6, horizon: 1, head: 'last', batch: 4 },
  { kind: 'gru', inputSize: 3, hiddenSize: 4, numLayers: 2, seqLen: 1, horizon: 2, head: 'flatten', batch: 3 },
  { kind: 'gru', inputSize: 4, hiddenSize: 32, numLayers: 2, seqLen: 12, horizon: 1, head: 'flatten', batch: 24 },
];

/** Native against the TypeScript kernel, within `tolerance` relative to max(1, |value|). */
const assertClose = (actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string) =>
  assertAllClose(actual, expected, tolerance, what, 'TypeScript kernel');

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
      const windows = packedArrays(xs, ys, { seqLen: T, inputSize: I, horizon: P });
      // Rows out of order and with gaps, as a shuffled batch has them.
      const rows = Int32Array.from({ length: batch }, (_, b) => (b * 5 + 3) % n);

      const js = new TypeScriptKernel(kernelShape(model));
      const native = new NativeKernel(kernelShape(model));
      const theta = readParameters(model, js.layout);
      const gradJs = new Float64Array(theta.length);
      const gradNative = new Float64Array(theta.length);
      const dxJs = new Float64Array(batch * T * I);
      const dxNative = new Float64Array(batch * T * I);
      const sumJs = js.lossAndGradient(theta, gradJs, windows, rows, dxJs);
      const sumNative = native.lossAndGradient(theta, gradNative, windows, rows, dxNative);
      assert.ok(Math.abs(sumNative - sumJs) <= 1e-5 * Math.max(1, sumJs), `summed squared error: native ${sumNative} vs ${sumJs}`);
      assertClose(gradNative, gradJs, 1e-5, 'parameter gradient');
      assertClose(dxNative, dxJs, 1e-5, 'input gradient');
      assert.ok(
        gradNative.some((g) => g !== 0),
        'the gradient is not all zeros',
      );
      assertClose(native.predict(theta, windows, rows), js.predict(theta, windows, rows), 1e-5, 'forecasts');
      assert.ok(
        Math.abs(sumSquaredError(native, theta, windows, n, 4) - sumSquaredError(js, theta, windows, n, 4)) <= 1e-5 * Math.max(1, sumJs),
        'sumSquaredError over chunks',
      );
      disposeModule(model);
    });

    it(`views on a matrix (strides inputSize, 1) give the same loss, gradients and forecasts as packed windows, bit for bit, on 1 and 3 threads: ${name}`, () => {
      const model = new Forecaster({ ...options, seed: 6 });
      const { seqLen: T, inputSize: I } = options;
      const P = options.horizon!;
      const n = batch + 6;
      const { views, packed } = viewAndPackedWindows({ n, seqLen: T, inputSize: I, horizon: P, seed: 17 });
      const strided = windowArrays(views);
      const contiguous = windowArrays(packed);
      assert.equal(strided.inputStride, I);
      assert.equal(contiguous.inputStride, T * I);
      const rows = Int32Array.from({ length: batch }, (_, b) => (b * 5 + 4) % n);
      for (const threads of [1, 3]) {
        const kernel = new NativeKernel(kernelShape(model), { threads });
        const theta = readParameters(model, kernel.layout);
        const run = (windows: WindowArrays) => {
          const grad = new Float64Array(theta.length);
          const dx = new Float64Array(batch * T * I);
          const sum = kernel.lossAndGradient(theta, grad, windows, rows, dx);
          return {
            sum,
            grad,
            dx,
            forecasts: Float64Array.from(kernel.predict(theta, windows, rows).subarray(0, batch * P)),
            all: sumSquaredError(kernel, theta, windows, n, 4),
          };
        };
        const fromViews = run(strided);
        assert.deepEqual(fromViews, run(contiguous), `${threads} threads`);
        assert.ok(
          fromViews.grad.some((g) => g !== 0),
          'the gradient is not all zeros',
        );
        kernel.release();
      }
      disposeModule(model);
    });

    it(`split across 3 threads (parts of unequal size), the same within 1e-5, and again after release: ${name}`, () => {
      const model = new Forecaster({ ...options, seed: 4 });
      const random = createRandom(13);
      const { seqLen: T, inputSize: I } = options;
      const P = options.horizon!;
      const n = batch + 3;
      const xs = Float32Array.from({ length: n * T * I }, () => random.uniform(-1, 1));
      const ys = Float32Array.from({ length: n * P }, () => random.uniform(-1, 1));
      const windows = packedArrays(xs, ys, { seqLen: T, inputSize: I, horizon: P });
      const rows = Int32Array.from({ length: batch }, (_, b) => (b * 3 + 2) % n);
      const one = new NativeKernel(kernelShape(model));
      const three = new NativeKernel(kernelShape(model), { threads: 3 });
      const theta = readParameters(model, one.layout);
      const [gradOne, gradThree] = [new Float64Array(theta.length), new Float64Array(theta.length)];
      const [dxOne, dxThree] = [new Float64Array(batch * T * I), new Float64Array(batch * T * I)];
      const sumOne = one.lossAndGradient(theta, gradOne, windows, rows, dxOne);
      for (let round = 0; round < 2; round++) {
        const sumThree = three.lossAndGradient(theta, gradThree, windows, rows, dxThree);
        assert.ok(
          Math.abs(sumThree - sumOne) <= 1e-5 * Math.max(1, sumOne),
          `summed squared error: 3 threads ${sumThree} vs 1 thread ${sumOne}`,
        );
        assertAllClose(gradThree, gradOne, 1e-5, 'parameter gradient, 3 threads', 'one thread');
        assertAllClose(dxThree, dxOne, 1e-5, 'input gradient, 3 threads', 'one thread');
        assertAllClose(
          three.predict(theta, windows, rows).subarray(0, batch * P),
          one.predict(theta, windows, rows).subarray(0, batch * P),
          1e-5,
          'forecasts, 3 threads',
          'one thread',
        );
        three.release();
      }
      disposeModule(model);
    });
  }

  it('trains the tutorial configuration to the same losses as the TypeScript kernel, within 1e-4 relative over 3 epochs', async () => {
    const random = createRandom(2);
    const n = 300;
    const xs = Float32Array.from({ length: n * 5 * 4 }, () => random.uniform(0, 1));
    const ys = Float32Array.from({ length: n }, (_, i) => xs[i * 20 + 16] * 0.5 + 0.2);
    const windows = { xs, ys, n, seqLen: 5, inputSize: 4, horizon: 1 };
    const losses: Record<string, number[]> = {};
    for (const engine of ['native', 'typescript'] as const) {
      const model = new Forecaster({ kind: 'lstm', inputSize: 4, hiddenSize: 8, numLayers: 2, seqLen: 5, seed: 1 });
      const result = await train(model, { train: windows }, { epochs: 3, shuffle: true, seed: 4, engine });
      assert.equal(result.engine, engine);
      losses[engine] = result.history.map((h) => h.loss);
      disposeModule(model);
    }
    assertClose(
      losses.native.map((l, i) => l / losses.typescript[i]),
      losses.typescript.map(() => 1),
      1e-4,
      'epoch loss ratio',
    );
    assert.ok(losses.native[2] < losses.native[0], `the loss falls: ${losses.native.join(', ')}`);
  });

  it('takes its parameter layout from parameterLayout.ts, and rejects offsets that do not fit', () => {
    const module = nativeModule()!;
    const shape = {
      kind: 'lstm',
      nonlinearity: 'tanh',
      inputSize: 2,
      hiddenSize: 3,
      numLayers: 1,
      seqLen: 4,
      horizon: 1,
      lastHead: false,
    } as const;
    const layout = parameterLayout({
      kind: 'lstm',
      inputSize: 2,
      hiddenSize: 3,
      numLayers: 1,
      head: { kind: 'flatten', seqLen: 4, horizon: 1 },
    });
    const given = offsets(layout);
    assert.deepEqual(Array.from(given), [0, 24, 60, 72, 84, 96, 97]);
    // Blocks swapped (fc.bias before fc.weight): the kernel reads theta where the layout says.
    const swapped = Int32Array.from([0, 24, 60, 72, 85, 84, 97]);
    const theta = new Float64Array(97);
    theta[84] = 0.5; // fc.weight[0] in the usual layout, fc.bias in the swapped one
    const xs = new Float32Array(4 * 2);
    const out = new Float64Array(1);
    module.predict(module.create({ ...shape, offsets: given }), theta, { inputs: xs, inputStride: 8 }, Int32Array.of(0), out);
    assert.equal(out[0], 0, 'all-zero inputs and weights: fc.weight does not matter, the bias is 0');
    module.predict(module.create({ ...shape, offsets: swapped }), theta, { inputs: xs, inputStride: 8 }, Int32Array.of(0), out);
    assert.equal(out[0], 0.5, 'with the swapped layout, theta[84] is the bias');
    assert.throws(
      () => module.create({ ...shape, offsets: Int32Array.from([0, 24, 60, 72, 84, 96, 90]) }),
      /options.offsets do not fit the shape/,
    );
    assert.throws(
      () => module.create({ ...shape, offsets: Int32Array.from([0, 20, 60, 72, 84, 96, 97]) }),
      /options.offsets do not fit the shape/,
    );
    assert.throws(
      () => module.create({ ...shape, offsets: Int32Array.from([0, 24, 60]) }),
      /options.offsets has 3 values, expected 4 \* numLayers \+ 3 = 7/,
    );
  });

  it('rejects bad arguments with messages that name them', () => {
    const module = nativeModule()!;
    const shape = {
      kind: 'lstm',
      nonlinearity: 'tanh',
      inputSize: 2,
      hiddenSize: 3,
      numLayers: 1,
      seqLen: 4,
      horizon: 1,
      lastHead: false,
    } as const;
    const layout = offsets(
      parameterLayout({ kind: 'lstm', inputSize: 2, hiddenSize: 3, numLayers: 1, head: { kind: 'flatten', seqLen: 4, horizon: 1 } }),
    );
    const handle = module.create({ ...shape, offsets: layout });
    const size = 4 * 3 * 2 + 4 * 3 * 3 + 2 * 12 + 3 * 4 + 1;
    const theta = new Float64Array(size);
    const grad = new Float64Array(size);
    const xs = new Float32Array(3 * 4 * 2);
    const ys = new Float32Array(3);
    const windows = { inputs: xs, inputStride: 8, targets: ys, targetStride: 1 };
    assert.throws(
      () => module.lossAndGradient(handle, new Float64Array(size - 1), new Float64Array(size - 1), windows, Int32Array.of(0), null),
      /theta has 96 values, the model 97/,
    );
    assert.throws(
      () => module.lossAndGradient(handle, theta, grad, windows, Int32Array.of(0, 3), null),
      /rows\[1\] = 3 is outside the 3 windows of windows.inputs \(24 values, a window every 8, seqLen \* inputSize = 8 each\)/,
    );
    assert.throws(
      () => module.lossAndGradient(handle, theta, grad, { ...windows, inputs: new Float32Array(7) }, Int32Array.of(0), null),
      /rows\[0\] = 0 is outside the 0 windows of windows.inputs \(7 values/,
    );
    assert.throws(
      () =>
        module.lossAndGradient(
          handle,
          theta,
          grad,
          { ...windows, inputs: new Float64Array(24) as unknown as Float32Array },
          Int32Array.of(0),
          null,
        ),
      /windows.inputs must be a Float32Array/,
    );
    assert.throws(
      () => module.lossAndGradient(handle, theta, grad, { ...windows, targets: undefined as never }, Int32Array.of(0), null),
      /windows.targets must be a typed array/,
    );
    assert.throws(
      () => module.lossAndGradient(handle, theta, grad, xs as never, Int32Array.of(0), null),
      /windows.inputs must be a typed array/,
    );
    assert.throws(
      () => module.lossAndGradient(handle, theta, grad, { ...windows, inputStride: 0 }, Int32Array.of(0), null),
      /windows.inputStride must be a whole number of at least 1, got 0$/,
    );
    assert.throws(
      () => module.lossAndGradient(handle, theta, grad, { ...windows, targetStride: 1.5 }, Int32Array.of(0), null),
      /windows.targetStride must be a whole number of at least 1, got 1.5$/,
    );
    // Views on a matrix of 2 features (stride 2): 24 values hold windows 0..8 (each 8 values); 3 targets, windows 0..2.
    const views = { inputs: xs, inputStride: 2, targets: ys, targetStride: 1 };
    assert.equal(module.lossAndGradient(handle, theta, grad, views, Int32Array.of(2, 0), null), 0, 'rows inside both arrays');
    assert.throws(
      () => module.lossAndGradient(handle, theta, grad, views, Int32Array.of(0, 9), null),
      /rows\[1\] = 9 is outside the 9 windows of windows.inputs \(24 values, a window every 2, seqLen \* inputSize = 8 each\)/,
    );
    assert.throws(
      () => module.lossAndGradient(handle, theta, grad, views, Int32Array.of(3), null),
      /rows\[0\] = 3 is outside the 3 windows of windows.targets \(3 values, a window every 1, horizon = 1 each\)/,
    );
    assert.throws(
      () => module.lossAndGradient(handle, theta, grad, views, Int32Array.of(-1), null),
      /rows\[0\] = -1 is outside the 9 windows/,
    );
    const out = new Float64Array(2);
    module.predict(handle, theta, { inputs: xs, inputStride: 2 }, Int32Array.of(8, 0), out);
    assert.throws(
      () => module.predict(handle, theta, { inputs: xs, inputStride: 2 }, Int32Array.of(9), out),
      /rows\[0\] = 9 is outside the 9 windows of windows.inputs/,
    );
    assert.throws(
      () => module.create({ ...shape, kind: 'transformer', offsets: layout }),
      /options.kind must be one of "lstm", "rnn", "gru", got "transformer"/,
    );
    assert.throws(
      () => module.create({ ...shape, nonlinearity: 'sigmoid', offsets: layout }),
      /options.nonlinearity must be one of "tanh", "relu", got "sigmoid"/,
    );
    assert.throws(
      () => module.create({ ...shape, hiddenSize: 0, offsets: layout }),
      /options.hiddenSize must be a whole number of at least 1, got 0$/,
    );
    assert.throws(
      () => module.create({ ...shape, seqLen: 2.5, offsets: layout }),
      /options.seqLen must be a whole number of at least 1, got 2.5$/,
    );
    assert.throws(() => module.create({ ...shape, lastHead: undefined as never, offsets: layout }), /options.lastHead must be a boolean/);
    assert.throws(
      () => module.predict({} as never, theta, windows, Int32Array.of(0), new Float64Array(1)),
      /must be a kernel from create\(\)/,
    );
    assert.equal(
      module.lossAndGradient(handle, theta, grad, windows, Int32Array.of(0, 2), null),
      0,
      'all-zero weights and targets: zero loss',
    );
  });
});

describe('scripts/buildNative.sh', { skip }, () => {
  it('the variant without BLAS (a C++ compiler but no OpenBLAS) computes the same loss and gradients', () => {
    const dir = temporaryFolder('native-noblas-');
    {
      const run = spawnSync('bash', [path.join(REPOSITORY, 'scripts', 'buildNative.sh')], {
        env: { ...process.env, NATIVE_OUT_DIR: dir, NATIVE_BLAS: 'none' },
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stdout + run.stderr);
      const plain = require(path.join(dir, 'recurrent.node')) as NativeModule;
      assert.equal(plain.blas, 'none');
      // Large enough that the BLAS build would hand every product to OpenBLAS.
      const model = new Forecaster({
        kind: 'lstm',
        inputSize: 4,
        hiddenSize: 32,
        numLayers: 2,
        seqLen: 12,
        horizon: 1,
        head: 'flatten',
        seed: 8,
      });
      const random = createRandom(12);
      const n = 30,
        B = 24;
      const xs = Float32Array.from({ length: n * 12 * 4 }, () => random.uniform(-1, 1));
      const ys = Float32Array.from({ length: n }, () => random.uniform(-1, 1));
      const rows = Int32Array.from({ length: B }, (_, b) => (b * 7 + 1) % n);
      const windows = packedArrays(xs, ys, { seqLen: 12, inputSize: 4, horizon: 1 });
      const js = new TypeScriptKernel(kernelShape(model));
      const theta = readParameters(model, js.layout);
      const gradJs = new Float64Array(theta.length);
      const sumJs = js.lossAndGradient(theta, gradJs, windows, rows);
      const grad = new Float64Array(theta.length);
      const sum = new NativeKernel(kernelShape(model), { module: plain }).lossAndGradient(theta, grad, windows, rows);
      assert.ok(Math.abs(sum - sumJs) <= 1e-5 * Math.max(1, sumJs), `summed squared error: ${sum} vs ${sumJs}`);
      assertClose(grad, gradJs, 1e-5, 'parameter gradient without BLAS');
      disposeModule(model);
    }
  });

  it('a build that fails (here: a compiler that always fails) exits 1, says so and leaves the built kernel as it was', () => {
    const digest = () => crypto.createHash('sha256').update(fs.readFileSync(setupFiles.nativeKernel)).digest('hex');
    const before = digest();
    const run = spawnSync('bash', [path.join(REPOSITORY, 'scripts', 'buildNative.sh')], {
      env: { ...process.env, CXX: 'false' },
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    assert.match(run.stdout, /native kernel: compilation failed/);
    assert.equal(digest(), before);
    assert.ok(!fs.readdirSync(path.dirname(setupFiles.nativeKernel)).some((f) => f.includes('tmp')), 'no temporary file left behind');
  });
});

describe("the OpenBLAS kernel family is pinned by the CPU's instructions", () => {
  it('AVX-512 (F, BW, DQ, VL, CD) pins SkylakeX, AVX2 with FMA Haswell, anything less nothing', () => {
    const avx512 = ['avx2', 'fma', 'avx512f', 'avx512bw', 'avx512dq', 'avx512vl', 'avx512cd'];
    assert.equal(openblasCoreType(new Set(avx512)), 'SkylakeX');
    assert.equal(openblasCoreType(new Set(avx512.filter((f) => f !== 'avx512bw'))), 'Haswell');
    assert.equal(openblasCoreType(new Set(['avx2', 'fma'])), 'Haswell');
    assert.equal(openblasCoreType(new Set(['avx2'])), undefined);
    assert.equal(openblasCoreType(new Set(['sse2'])), undefined);
  });

  it('loading the kernel replaces OPENBLAS_CORETYPE from the environment, unless asked to keep it', { skip }, () => {
    const flags = /^flags\s*:(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1].trim().split(/\s+/);
    const expected = openblasCoreType(new Set(flags));
    const other = expected === 'SkylakeX' ? 'Haswell' : 'Prescott';
    const load = (extra: Record<string, string>) => {
      const script = `const n = require(${JSON.stringify(path.join(REPOSITORY, 'src/engines/native/NativeKernel.ts'))});
        if (!n.nativeModule()) throw new Error(n.nativeProblem()); console.log('pinned', process.env.OPENBLAS_CORETYPE);`;
      const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
        env: { ...process.env, OPENBLAS_CORETYPE: other, OPENBLAS_VERBOSE: '2', ...extra },
        encoding: 'utf8',
      });
      assert.equal(run.status, 0, run.stderr);
      return run.stdout + run.stderr; // OpenBLAS reports its core on one of them
    };
    if (expected) {
      const pinned = load({});
      assert.match(pinned, new RegExp(`Core: ${expected}`));
      assert.match(pinned, new RegExp(`pinned ${expected}`));
    }
    assert.match(load({ RECURRENT_OPENBLAS_CORETYPE: 'keep' }), new RegExp(`Core: ${other}`));
  });
});
