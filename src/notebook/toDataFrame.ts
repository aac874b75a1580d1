/** A danfojs DataFrame of a Table, for previews and summaries in notebooks (date column first). */
import type { DataFrame } from 'danfojs-node';
import type { Table } from '../data/Table';
import type { AheadResult } from '../evaluation/forecastAhead';

/** Build a DataFrame with the date column and every numeric column of `table`, in the data's units. */
export function toDataFrame(table: Table): DataFrame {
  // Loaded here rather than at the top: danfojs-node takes about a second to load.
  const dfd = require('danfojs-node') as typeof import('danfojs-node');
  const data: Record<string, unknown[]> = { [table.dateColumn]: table.dates };
  for (const name of table.names) data[name] = Array.from(table.columns[name]);
  return new dfd.DataFrame(data);
}

/**
 * Forecasts past the last row as a DataFrame: a row per model and step (date, model, step, forecast,
 * then lo and hi per level), as forecast.csv has them; with `digits`, the numbers rounded for display.
 */
export function aheadToDataFrame(ahead: AheadResult, digits?: number): DataFrame {
  const dfd = require('danfojs-node') as typeof import('danfojs-node');
  const steps = ahead.dates.length;
  const rows = ahead.forecasts.flatMap((f) => Array.from({ length: steps }, (_, h) => ({ f, h })));
  const round = (value: number) => (digits === undefined ? value : Number(value.toFixed(digits)));
  const data: Record<string, unknown[]> = {
    date: rows.map(({ h }) => ahead.dates[h]),
    model: rows.map(({ f }) => f.model),
    step: rows.map(({ h }) => h + 1),
    forecast: rows.map(({ f, h }) => round(f.forecast[h])),
  };
  for (const [l, level] of ahead.levels.entries()) {
    data[`lo${level}`] = rows.map(({ f, h }) => round(f.intervals[l].lo[h]));
    data[`hi${level}`] = rows.map(({ f, h }) => round(f.intervals[l].hi[h]));
  }
  return new dfd.DataFrame(data);
}
