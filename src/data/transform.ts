/**
 * What a model is asked to predict, and the way back to the data's units.
 *
 * - 'level':      the next values themselves (the tutorial's set-up);
 * - 'change':     every column enters as its change from the row before, x[r] - x[r - 1];
 * - 'log-return': every column enters as log(x[r] / x[r - 1]).
 *
 * With 'change' or 'log-return' a model predicts the next `horizon` one-step changes of the target,
 * and its forecast of the target `h` steps ahead is the last known value plus the changes up to
 * step h (multiplied by their exponentials for log-returns). A forecast of zero change is
 * persistence, so the model never has to reach a level it has not seen.
 */
import { DataError } from '../errors';
import type { Table } from './Table';

export type TargetTransform = 'level' | 'change' | 'log-return';

export const TARGET_TRANSFORMS: readonly TargetTransform[] = ['level', 'change', 'log-return'];

/**
 * Rows lost at the start: row 0 has no previous row to take a change from (its value is NaN).
 * Windows of transformed columns start their inputs at row `firstRow(predict)`.
 */
export function firstRow(predict: TargetTransform): number {
  return predict === 'level' ? 0 : 1;
}

/** One column as `predict` sees it: unchanged, its changes, or its log-returns (row 0 NaN for the last two). */
export function transformColumn(
  values: ArrayLike<number>,
  predict: TargetTransform,
  where: { source: string; column: string; dates: readonly string[] },
): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (predict === 'level') {
    out.set(values as ArrayLike<number>);
    return out;
  }
  out[0] = NaN;
  if (predict === 'log-return') {
    for (let r = 0; r < n; r++) {
      if (!(values[r] > 0)) {
        throw new DataError(
          `${where.source}, row ${r + 2} (${where.dates[r]}), column "${where.column}": log-returns need positive values, got ${values[r]}; use --predict change, or leave this column out`,
        );
      }
    }
    for (let r = 1; r < n; r++) out[r] = Math.log(values[r] / values[r - 1]);
  } else {
    for (let r = 1; r < n; r++) {
      out[r] = values[r] - values[r - 1];
      if (!Number.isFinite(out[r])) {
        throw new DataError(
          `${where.source}, row ${r + 2} (${where.dates[r]}), column "${where.column}": the change from ${values[r - 1]} to ${values[r]} overflows a 64-bit float; rescale the column or leave it out`,
        );
      }
    }
  }
  return out;
}

/**
 * Every named column of `table` transformed; the other columns are left out. For 'level' the columns
 * are the table's own arrays (nothing to transform, so nothing is copied).
 */
export function transformTable(table: Table, columns: readonly string[], predict: TargetTransform): Table {
  const transformed: Record<string, Float64Array> = {};
  for (const name of columns) {
    transformed[name] =
      predict === 'level'
        ? table.columns[name]
        : transformColumn(table.columns[name], predict, { source: table.source, column: name, dates: table.dates });
  }
  return { ...table, names: [...columns], columns: transformed };
}

/**
 * Forecasts in the data's units from forecasts of what was predicted (already inverse-scaled).
 * `predicted` is [n, horizon] row-major; `last` holds each window's last known target value.
 */
export function toLevels(predicted: ArrayLike<number>, last: ArrayLike<number>, horizon: number, predict: TargetTransform): Float64Array {
  const n = last.length;
  if (predicted.length !== n * horizon) throw new Error(`toLevels: ${predicted.length} forecasts for ${n} windows of horizon ${horizon}`);
  const out = new Float64Array(n * horizon);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let h = 0; h < horizon; h++) {
      const at = i * horizon + h;
      sum += predicted[at];
      out[at] = predict === 'level' ? predicted[at] : predict === 'change' ? last[i] + sum : last[i] * Math.exp(sum);
    }
  }
  return out;
}
