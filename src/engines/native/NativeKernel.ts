/**
 * The native kernel: the same computation as the TypeScript kernel, in C++ (recurrent.cc, float32,
 * matrix products by OpenBLAS where the build found it, else by its own loops), compiled by
 * `npm run setup` (scripts/buildNative.sh). Optional: where it was not built (no C++ compiler),
 * 'auto' trains with the TypeScript kernel or tfjs (src/engines/createEngine.ts) and says so.
 */
import * as fs from 'node:fs';
import type { WindowArrays } from '../../data/Windows';
import { setupFiles } from '../../setupFiles';
import type { Kernel, KernelShape } from '../Kernel';
import { offsets, parameterLayout, type ParameterLayout } from '../parameterLayout';

/** An opaque kernel object for one model shape. */
export type NativeHandle = { readonly __nativeKernel: unique symbol };

/** The compiled module's functions (see recurrent.cc). */
export interface NativeModule {
  /** 'openblas' when the matrix products go to OpenBLAS, 'none' when the kernel's own loops do them. */
  readonly blas: string;
  /**
   * A kernel for one shape; `offsets` from parameterLayout.ts's offsets(). With `threads` > 1 (default 1)
   * each batch is cut into that many contiguous parts computed at once, their gradients combined.
   */
  create(options: {
    kind: string;
    nonlinearity: string;
    inputSize: number;
    hiddenSize: number;
    numLayers: number;
    seqLen: number;
    horizon: number;
    lastHead: boolean;
    offsets: Int32Array;
    threads?: number;
  }): NativeHandle;
  /** Reads window r's inputs from windows.inputs[r * inputStride] and its targets from windows.targets[r * targetStride]; a row outside either array throws. */
  lossAndGradient(
    kernel: NativeHandle,
    theta: Float64Array,
    grad: Float64Array,
    windows: WindowArrays,
    rows: Int32Array,
    dx: Float64Array | null,
  ): number;
  /** As lossAndGradient, without targets (`windows` needs only inputs and inputStride). */
  predict(
    kernel: NativeHandle,
    theta: Float64Array,
    windows: Pick<WindowArrays, 'inputs' | 'inputStride'>,
    rows: Int32Array,
    out: Float64Array,
  ): void;
  /** Frees the kernel's batch buffers now rather than when the collector finds the kernel. */
  release(kernel: NativeHandle): void;
}

export interface NativeKernelOptions {
  /** Threads a batch is split across (default 1). */
  threads?: number;
  /** The compiled module to use (default: the one setup built). */
  module?: NativeModule;
}

let loaded: { module?: NativeModule; error?: string } | undefined;

/**
 * The OpenBLAS kernel family to pin, from the CPU's feature flags (/proc/cpuinfo's `flags`).
 * OpenBLAS picks its sgemm kernels by CPU model, and kernels of different families sum in
 * different orders, so the same float32 training ends in different weights on different machines
 * (the RNN of notebook 03: a final loss of 6.390e-4 with SkylakeX's kernels, 5.046e-4 with Zen's
 * or Haswell's, on one machine). Pinning the family by the instructions the CPU has, not by its
 * model, gives every machine with AVX-512 the same numbers, and every machine with only AVX2 the
 * same as each other. The committed notebooks were run with SkylakeX's.
 */
export function openblasCoreType(flags: ReadonlySet<string>): 'SkylakeX' | 'Haswell' | undefined {
  if (['avx512f', 'avx512bw', 'avx512dq', 'avx512vl', 'avx512cd'].every((f) => flags.has(f))) {
    return 'SkylakeX';
  }
  if (flags.has('avx2') && flags.has('fma')) return 'Haswell';
  return undefined;
}

/**
 * Sets OPENBLAS_CORETYPE before OpenBLAS loads (Linux only). The pin replaces a value already in
 * the environment (some machines set one for all programs), since the project's numbers are
 * meant to be the same everywhere; `RECURRENT_OPENBLAS_CORETYPE` names another family, or `keep`
 * leaves the environment's or OpenBLAS's own choice.
 */
function pinOpenblasCoreType(): void {
  const wanted = process.env.RECURRENT_OPENBLAS_CORETYPE;
  if (wanted === 'keep' || process.platform !== 'linux') return;
  if (wanted) {
    process.env.OPENBLAS_CORETYPE = wanted;
    return;
  }
  let cpuinfo: string;
  try {
    cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return;
  }
  const line = /^flags\s*:(.*)$/m.exec(cpuinfo);
  if (!line) return;
  const coreType = openblasCoreType(new Set(line[1].trim().split(/\s+/)));
  if (coreType) process.env.OPENBLAS_CORETYPE = coreType;
}

/** The compiled module, or undefined where it was not built (the reason is in nativeProblem()). */
export function nativeModule(): NativeModule | undefined {
  if (!loaded) {
    const file = setupFiles.nativeKernel;
    if (!fs.existsSync(file)) {
      loaded = { error: `${file} was not built (npm run setup builds it where a C++ compiler is installed)` };
    } else {
      try {
        pinOpenblasCoreType();
        loaded = { module: require(file) as NativeModule };
      } catch (error) {
        loaded = { error: `${file} does not load: ${(error as Error).message}` };
      }
    }
  }
  return loaded.module;
}

/** Why nativeModule() is undefined, or undefined when it loaded. */
export function nativeProblem(): string | undefined {
  nativeModule();
  return loaded!.error;
}

export class NativeKernel implements Kernel {
  readonly name = 'native';
  readonly layout: ParameterLayout;
  private readonly module: NativeModule;
  private readonly handle: NativeHandle;
  private y = new Float64Array(0);

  readonly threads: number;

  constructor(
    readonly shape: KernelShape,
    options: NativeKernelOptions = {},
  ) {
    const module = options.module ?? nativeModule();
    if (!module) throw new Error(`the native kernel is not available: ${nativeProblem()}`);
    this.module = module;
    this.layout = parameterLayout(shape);
    this.threads = options.threads ?? 1;
    const { kind, nonlinearity, inputSize, hiddenSize, numLayers, head } = shape;
    this.handle = module.create({
      kind,
      nonlinearity,
      inputSize,
      hiddenSize,
      numLayers,
      seqLen: head.seqLen,
      horizon: head.horizon,
      lastHead: head.kind === 'last',
      offsets: offsets(this.layout),
      threads: this.threads,
    });
  }

  lossAndGradient(theta: Float64Array, grad: Float64Array, windows: WindowArrays, rows: Int32Array, dx?: Float64Array): number {
    return this.module.lossAndGradient(this.handle, theta, grad, windows, rows, dx ?? null);
  }

  predict(theta: Float64Array, windows: WindowArrays, rows: Int32Array): Float64Array {
    const size = rows.length * this.shape.head.horizon;
    if (this.y.length < size) this.y = new Float64Array(size);
    this.module.predict(this.handle, theta, windows, rows, this.y);
    return this.y;
  }

  release(): void {
    this.module.release(this.handle);
  }
}
