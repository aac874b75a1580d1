/** A model's forecasts mapped back to the data's units: for one part, or for the whole series in time order. */
import type { PreparedData } from '../data/prepareData';
import type { Windows } from '../data/Windows';
import { predict } from '../engines/predict';
import { toLevels } from '../data/transform';
import { concat } from './concat';
import type { WindowForecaster } from '../models/WindowForecaster';
import type { Network } from '../models/Module';
import { targetSeries, type Part, type TargetSeries } from './targetSeries';

/** Told of forecasting progress: windows done so far, of `total`. */
export type ForecastProgress = (done: number, total: number) => void;

/** Scaled forecasts for every window, [n, horizon] row-major: a network's on the engines (see predict), a WindowForecaster's its own. */
export function predictScaled(model: Network | WindowForecaster, windows: Windows, onProgress?: ForecastProgress): Float32Array {
  if ('forward' in model) return predict(model, windows, { onProgress });
  const out = model.predict(windows);
  onProgress?.(windows.n, windows.n);
  return out;
}

/**
 * The model's forecasts for one part's windows, [n, horizon] row-major, in the data's units:
 * inverse-scaled, and for changes or log-returns added to each window's last known value.
 */
export function forecast(
  model: Network | WindowForecaster,
  data: PreparedData,
  part: Part = 'test',
  onProgress?: ForecastProgress,
): Float64Array {
  const windows = data[part];
  const predicted = data.scaler.inverse(windows.target, predictScaled(model, windows, onProgress));
  const values = data.table.columns[windows.target];
  const last = Float64Array.from(windows.targetRows, (t) => values[t - 1]);
  return toLevels(predicted, last, windows.horizon, data.options.predict);
}

export interface WholeSeries extends TargetSeries {
  /** Row of each window's first target, in time order. */
  targetRows: Int32Array;
  /** The part each window belongs to (made when first read; partAt(i) makes nothing). */
  readonly parts: Part[];
  /** The part window i belongs to. */
  partAt(i: number): Part;
  /** Forecasts in the data's units, by model name, for every window of every part. */
  forecasts: Record<string, Float64Array>;
}

/**
 * Actual values, last known values and every model's forecasts for all windows, in time order (train,
 * validation, test); `onProgress` hears each model's windows done of its total over the three parts.
 * Dates and parts are looked up when first read: at millions of windows, arrays of them cost more than the forecasts.
 */
export function forecastSeries(
  models: Record<string, Network | WindowForecaster>,
  data: PreparedData,
  options: { onProgress?: (model: string, done: number, total: number) => void } = {},
): WholeSeries {
  const order: Part[] = ['train', 'validation', 'test'];
  const series = order.map((part) => targetSeries(data, part));
  const total = order.reduce((n, part) => n + data[part].n, 0);
  const forecasts: Record<string, Float64Array> = {};
  for (const [name, model] of Object.entries(models)) {
    let before = 0;
    forecasts[name] = concat(
      order.map((part) => {
        const values = forecast(model, data, part, options.onProgress && ((done) => options.onProgress!(name, before + done, total)));
        before += data[part].n;
        return values;
      }),
    );
  }
  const targetRows = new Int32Array(total);
  let at = 0;
  for (const part of order) {
    targetRows.set(data[part].targetRows, at);
    at += data[part].n;
  }
  const trainEnd = data.train.n;
  const validationEnd = trainEnd + data.validation.n;
  const partAt = (i: number): Part => (i < trainEnd ? 'train' : i < validationEnd ? 'validation' : 'test');
  const { dates: tableDates } = data.table;
  let dates: string[] | undefined;
  let parts: Part[] | undefined;
  return {
    targetRows,
    partAt,
    get dates() {
      dates ??= Array.from(targetRows, (row) => tableDates[row]);
      return dates;
    },
    get parts() {
      parts ??= Array.from(targetRows, (_, i) => partAt(i));
      return parts;
    },
    actual: concat(series.map((s) => s.actual)),
    previous: concat(series.map((s) => s.previous)),
    forecasts,
  };
}

/** One step of [n, horizon] row-major forecasts: values[i * horizon + h] for every window i. */
export function stepOf(values: Float64Array, horizon: number, h: number): Float64Array {
  if (horizon === 1) return values;
  return Float64Array.from({ length: values.length / horizon }, (_, i) => values[i * horizon + h]);
}
