/** Every model's errors on one part, in the data's units, next to the persistence baseline on the same windows. */
import type { PreparedData } from '../data/prepareData';
import { OptionError } from '../errors';
import type { Network } from '../models/Module';
import type { WindowForecaster } from '../models/WindowForecaster';
import { forecast } from './forecast';
import { metrics, type Metrics } from './metrics';
import { targetSeries, type Part, type TargetSeries } from './targetSeries';

export interface ResultRow extends Metrics {
  name: string;
}

export interface Evaluation extends TargetSeries {
  part: Part;
  /** Forecasts in the data's units, by model name, with "persistence" (next value = last value). */
  forecasts: Record<string, Float64Array>;
  /** One row per model, then the persistence baseline. */
  rows: ResultRow[];
}

/** Evaluate every model on one part (default: test), next to the persistence baseline. */
export function evaluate(models: Record<string, Network | WindowForecaster>, data: PreparedData, part: Part = 'test'): Evaluation {
  if ('persistence' in models) throw new OptionError('"persistence" is the baseline\'s name in the results; give the model another name');
  const series = targetSeries(data, part);
  const forecasts: Record<string, Float64Array> = {};
  for (const [name, model] of Object.entries(models)) forecasts[name] = forecast(model, data, part);
  forecasts.persistence = series.previous;
  const rows = Object.entries(forecasts).map(([name, predicted]) => ({ name, ...metrics(series.actual, predicted, series.previous) }));
  // Persistence never forecasts a move, so it has no direction to be right or wrong about.
  rows[rows.length - 1].directionalAccuracy = NaN;
  return { part, ...series, forecasts, rows };
}
