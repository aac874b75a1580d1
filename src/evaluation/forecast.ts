/** A model's forecasts mapped back to the data's units: for one part, or for the whole series in time order. */
import type { PreparedData } from '../data/prepareData';
import { predict } from '../engines/predict';
import { toLevels } from '../data/transform';
import { concat } from './concat';
import type { WindowPredictor } from '../models/LinearAutoregression';
import type { WindowModel } from '../models/Module';
import { targetSeries, type Part, type TargetSeries } from './targetSeries';

/** A network (forecasts through its tfjs forward pass) or a model that predicts by itself (the linear baseline). */
export type AnyWindowModel = WindowModel | WindowPredictor;

/** Scaled forecasts of any model for every window, [n, horizon] row-major. */
export function predictScaled(model: AnyWindowModel, windows: PreparedData['test']): Float32Array {
  return 'forward' in model ? predict(model, windows) : model.predict(windows);
}

/**
 * The model's forecasts for one part's windows, [n, horizon] row-major, in the data's units:
 * inverse-scaled, and for changes or log-returns added to each window's last known value.
 */
export function forecast(model: AnyWindowModel, data: PreparedData, part: Part = 'test'): Float64Array {
  const windows = data[part];
  const predicted = data.scaler.inverse(windows.target, predictScaled(model, windows));
  const values = data.table.columns[windows.target];
  const last = Float64Array.from(windows.targetRows, (t) => values[t - 1]);
  return toLevels(predicted, last, windows.horizon, data.options.predict);
}

export interface WholeSeries extends TargetSeries {
  /** The part each window belongs to. */
  parts: Part[];
  /** Forecasts in the data's units, by model name, for every window of every part. */
  forecasts: Record<string, Float64Array>;
}

/** Actual values, last known values and every model's forecasts for all windows, in time order (train, validation, test). */
export function forecastSeries(models: Record<string, AnyWindowModel>, data: PreparedData): WholeSeries {
  const order: Part[] = ['train', 'validation', 'test'];
  const series = order.map((part) => targetSeries(data, part));
  const forecasts: Record<string, Float64Array> = {};
  for (const [name, model] of Object.entries(models)) forecasts[name] = concat(order.map((part) => forecast(model, data, part)));
  return {
    dates: series.flatMap((s) => s.dates),
    parts: order.flatMap((part, i) => series[i].dates.map(() => part)),
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
