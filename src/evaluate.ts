/**
 * Forecasts back in the data's units, the persistence baseline on the same windows, and one
 * results table with the models and the baseline side by side.
 */
import * as tf from '@tensorflow/tfjs';
import type { Windows } from './makeWindows';
import { metrics, type Metrics } from './metrics';
import type { Forecasting } from './Module';
import type { PreparedData } from './prepareData';

export type Part = 'train' | 'validation' | 'test';

/** Scaled forecasts of `model` for every window: [n, horizon] row-major. */
export function predict(model: Forecasting, windows: Windows, batchSize = 512): Float32Array {
  const { lookBack: L, numFeatures: F, horizon } = windows;
  const out = new Float32Array(windows.n * horizon);
  for (let from = 0; from < windows.n; from += batchSize) {
    const to = Math.min(windows.n, from + batchSize);
    const values = tf.tidy(() => model.forward(tf.tensor3d(windows.xs.subarray(from * L * F, to * L * F), [to - from, L, F])).dataSync());
    out.set(values, from * horizon);
  }
  return out;
}

export interface PriceSeries {
  /** Date of each window's first target. */
  dates: string[];
  /** Actual target values, [n, horizon] row-major, in the data's units. */
  actual: Float64Array;
  /** The last known target value before each window's targets, repeated per horizon step. */
  previous: Float64Array;
}

/** Actual targets and last known values of one part, in the data's units. */
export function priceSeries(data: PreparedData, part: Part = 'test'): PriceSeries {
  const windows = data[part];
  const values = data.table.columns[windows.target];
  const { horizon } = windows;
  const actual = new Float64Array(windows.n * horizon);
  const previous = new Float64Array(windows.n * horizon);
  for (let i = 0; i < windows.n; i++) {
    const t = windows.targetRows[i];
    for (let h = 0; h < horizon; h++) {
      actual[i * horizon + h] = values[t + h];
      previous[i * horizon + h] = values[t - 1];
    }
  }
  return { dates: windows.targetDates, actual, previous };
}

/** The model's forecasts for one part, inverse-scaled to the data's units. */
export function forecastPrices(model: Forecasting, data: PreparedData, part: Part = 'test'): Float64Array {
  const windows = data[part];
  return data.scaler.inverse(windows.target, predict(model, windows));
}

export interface WholeSeries extends PriceSeries {
  /** The part each window belongs to. */
  parts: Part[];
  /** Forecasts in the data's units, by model name, for every window of every part. */
  forecasts: Record<string, Float64Array>;
}

/** Actual values, last known values and every model's forecasts for all windows, in time order (train, validation, test). */
export function forecastSeries(models: Record<string, Forecasting>, data: PreparedData): WholeSeries {
  const order: Part[] = ['train', 'validation', 'test'];
  const series = order.map((part) => priceSeries(data, part));
  const concat = (arrays: Float64Array[]) => {
    const out = new Float64Array(arrays.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of arrays) { out.set(a, at); at += a.length; }
    return out;
  };
  const forecasts: Record<string, Float64Array> = {};
  for (const [name, model] of Object.entries(models)) forecasts[name] = concat(order.map((part) => forecastPrices(model, data, part)));
  return {
    dates: series.flatMap((s) => s.dates),
    parts: order.flatMap((part, i) => series[i].dates.map(() => part)),
    actual: concat(series.map((s) => s.actual)),
    previous: concat(series.map((s) => s.previous)),
    forecasts,
  };
}

export interface ResultRow extends Metrics {
  name: string;
}

export interface Evaluation extends PriceSeries {
  part: Part;
  /** Forecasts in the data's units, by model name, with "persistence" (next value = last value). */
  forecasts: Record<string, Float64Array>;
  /** One row per model, then the persistence baseline. */
  rows: ResultRow[];
}

/** Evaluate every model on one part (default: test), next to the persistence baseline. */
export function evaluate(models: Record<string, Forecasting>, data: PreparedData, part: Part = 'test'): Evaluation {
  const series = priceSeries(data, part);
  const forecasts: Record<string, Float64Array> = {};
  for (const [name, model] of Object.entries(models)) forecasts[name] = forecastPrices(model, data, part);
  forecasts.persistence = series.previous;
  const rows = Object.entries(forecasts).map(([name, predicted]) => ({ name, ...metrics(series.actual, predicted, series.previous) }));
  // Persistence never forecasts a move, so it has no direction to be right or wrong about.
  rows[rows.length - 1].directionalAccuracy = NaN;
  return { part, ...series, forecasts, rows };
}

/** The results as a text table: RMSE, MAE (data units), MAPE (%), directional accuracy (%; n/a for persistence). */
export function resultsTable(rows: ResultRow[], digits = 2): string {
  const width = Math.max(5, ...rows.map((r) => r.name.length));
  const head = `${'model'.padEnd(width)}  ${'RMSE'.padStart(10)}  ${'MAE'.padStart(10)}  ${'MAPE %'.padStart(8)}  ${'direction %'.padStart(11)}`;
  const lines = rows.map((r) =>
    `${r.name.padEnd(width)}  ${r.rmse.toFixed(digits).padStart(10)}  ${r.mae.toFixed(digits).padStart(10)}  ${r.mape.toFixed(2).padStart(8)}  ${(Number.isNaN(r.directionalAccuracy) ? 'n/a' : (100 * r.directionalAccuracy).toFixed(1)).padStart(11)}`);
  return [head, '-'.repeat(head.length), ...lines].join('\n');
}
