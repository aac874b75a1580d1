/**
 * What windows are: supervised examples for forecasting, `seqLen` rows of feature columns in and
 * the next `horizon` values of the target out, and where their numbers are kept.
 */

/** Supervised examples as arrays: what models, engines and the training loop read. */
export interface Windows {
  /**
   * Inputs, [n, seqLen, inputSize] row-major (scaled when cut from a scaled table). For windows
   * cut from a table, a packed copy made when first read: engines read `arrays` (see windowArrays).
   */
  xs: Float32Array;
  /** Targets, [n, horizon] row-major; for windows cut from a table, made when first read (for horizon 1 a view, not a copy). */
  ys: Float32Array;
  n: number;
  seqLen: number;
  inputSize: number;
  horizon: number;
  /** Where the numbers are, with strides (windows cut from a table: views on one scaled matrix); absent for packed windows built by hand. */
  arrays?: WindowArrays;
}

/** Windows cut from a table, with where they came from: the columns, and each target's row and date. */
export interface TableWindows extends Windows {
  /** Canonical feature and target names, as in the table's header. */
  features: string[];
  target: string;
  /** Row index of each window's first target (its inputs are rows targetRows[i] - seqLen .. targetRows[i] - 1). */
  targetRows: Int32Array;
  /** Date of each window's first target, for plotting (made from targetRows when first read). */
  targetDates: string[];
}

/**
 * Where a sequence of windows keeps its numbers: an input array and a target array, each with a
 * stride from one window to the next. Windows cut from a table are views on one scaled matrix
 * [rows, inputSize] (stride inputSize: consecutive windows share seqLen - 1 rows) and one
 * scaled target column (stride 1); packed windows, [n, seqLen, inputSize] and [n, horizon],
 * are the case of strides seqLen * inputSize and horizon.
 */
export interface WindowArrays {
  /** Window i's inputs are the seqLen * inputSize floats from inputs[i * inputStride], [seqLen, inputSize] row-major. */
  inputs: Float32Array;
  /** Floats from one window's inputs to the next's: inputSize for views on a matrix, seqLen * inputSize when packed. */
  inputStride: number;
  /** Window i's targets are the horizon floats from targets[i * targetStride]. */
  targets: Float32Array;
  /** Floats from one window's targets to the next's: 1 for views on a target column, horizon when packed. */
  targetStride: number;
}
