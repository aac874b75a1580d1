/**
 * The native training kernel (src/native/recurrent.cc), compiled by `npm run setup`
 * (scripts/buildNative.sh) into .setup/native/recurrent.node. Optional: where it was not built
 * (no C++ compiler), `train` uses the TypeScript kernels and says so in its `engine`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Cell } from './FusedRecurrent';

/** An opaque kernel object for one model shape. */
export type NativeHandle = { readonly __nativeKernel: unique symbol };

export interface NativeKernelShape {
  cell: Cell;
  inputSize: number;
  hiddenSize: number;
  numLayers: number;
  seqLen: number;
  horizon: number;
  lastHead: boolean;
}

export interface NativeKernel {
  /** 'openblas' when the matrix products go to OpenBLAS, 'none' when the kernel's own loops do them. */
  readonly blas: string;
  /** A kernel for one model shape; lastHead: the head reads the last step only (else all steps, flattened). */
  create(options: NativeKernelShape): NativeHandle;
  /** Forward, MSE and backward on the windows `rows`; fills grad (and dx, [B, seqLen, inputSize], if given); returns the summed squared error. */
  lossAndGradient(kernel: NativeHandle, theta: Float64Array, grad: Float64Array, xs: Float32Array, ys: Float32Array, rows: Int32Array, dx: Float64Array | null): number;
  /** Forecasts of the windows `rows` into out [B, horizon]. */
  predict(kernel: NativeHandle, theta: Float64Array, xs: Float32Array, rows: Int32Array, out: Float64Array): void;
}

/** Where scripts/buildNative.sh puts the compiled kernel. */
export const NATIVE_KERNEL_PATH = path.resolve(__dirname, '..', '.setup', 'native', 'recurrent.node');

let loaded: { kernel?: NativeKernel; error?: string } | undefined;

/** The native kernel, or undefined where it was not built (the reason is in nativeKernelProblem()). */
export function nativeKernel(): NativeKernel | undefined {
  if (!loaded) {
    if (!fs.existsSync(NATIVE_KERNEL_PATH)) {
      loaded = { error: `${NATIVE_KERNEL_PATH} was not built (npm run setup builds it where a C++ compiler is installed)` };
    } else {
      try {
        loaded = { kernel: require(NATIVE_KERNEL_PATH) as NativeKernel };
      } catch (error) {
        loaded = { error: `${NATIVE_KERNEL_PATH} does not load: ${(error as Error).message}` };
      }
    }
  }
  return loaded.kernel;
}

/** Why nativeKernel() is undefined, or undefined when it loaded. */
export function nativeKernelProblem(): string | undefined {
  nativeKernel();
  return loaded!.error;
}

/** One line for logs: whether training runs on the native kernel, and with which BLAS. */
export function describeNativeKernel(): string {
  const kernel = nativeKernel();
  if (kernel) return `training: native kernel (C++, matrix products by ${kernel.blas === 'none' ? 'its own loops' : kernel.blas})`;
  return `training: TypeScript kernels; ${nativeKernelProblem()}`;
}
