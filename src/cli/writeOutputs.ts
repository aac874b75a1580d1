import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  type AheadResult,
  closeRenderer,
  aheadFanFigure,
  type Table,
  exportStateDict,
  figurePage,
  forecastSeries,
  lineFigure,
  lossFigure,
  overlayFigure,
  renderImages,
  stepOf,
  type Figure,
  type WalkForwardResult,
} from '../index';
import { forecastProgress } from './forecastProgress';
import { writeCsv } from './writeCsv';

/** A figure as interactive HTML and, with `images`, PNG and SVG; a browser that fails leaves a note and the HTML. */
export async function writeFigure(dir: string, figure: Figure, notes: string[], images: boolean): Promise<void> {
  fs.writeFileSync(path.join(dir, `${figure.name}.html`), figurePage(figure));
  if (!images) return;
  try {
    const { png, svg } = await renderImages(figure);
    fs.writeFileSync(path.join(dir, `${figure.name}.png`), png);
    fs.writeFileSync(path.join(dir, `${figure.name}.svg`), svg);
  } catch (error) {
    const note = `static images skipped (${(error as Error).message}); the HTML figures are written`;
    if (!notes.includes(note)) notes.push(note);
  }
}

/** Figures, predictions, walk-forward forecasts and state dicts of the last fold's first-seed networks. */
export async function writeOutputs(dir: string, result: WalkForwardResult, notes: string[], images: boolean): Promise<void> {
  const { data, models, training, linear } = result.last;
  const horizon = data.options.horizon;
  // The files first and the figures last, so that a browser still starting (it shares the cores
  // with training) gets the time the files take.
  const whole = forecastSeries({ ...models, linear }, data, { onProgress: forecastProgress() });
  const firstStep = (values: Float64Array) => stepOf(values, horizon, 0);
  const forecasts = Object.fromEntries(Object.entries(whole.forecasts).map(([name, values]) => [name, firstStep(values)]));
  const { targetRows, partAt } = whole;
  const tableDates = data.table.dates;
  const actual = firstStep(whole.actual);
  const previous = firstStep(whole.previous);
  const columns = Object.values(forecasts);
  writeCsv(
    path.join(dir, 'predictions.csv'),
    ['date', 'part', 'actual', ...Object.keys(forecasts), 'persistence'],
    targetRows.length,
    (i, cell) => {
      cell(tableDates[targetRows[i]]);
      cell(partAt(i));
      cell(actual[i]);
      for (const f of columns) cell(f[i]);
      cell(previous[i]);
    },
  );

  const names = result.names;
  const tested = result.folds.reduce((n, fold) => n + fold.targetRows.length, 0);
  // Rows come in order, fold by fold: window w of the whole file is window w - start of fold `f`.
  let f = 0;
  let start = 0;
  // Each model's forecast, then its conformal interval at each level.
  const { levels } = result.options;
  const header = [
    'date',
    'fold',
    'step',
    'actual',
    ...names,
    ...names.flatMap((name) => levels.flatMap((l) => [`${name} lo${l}`, `${name} hi${l}`])),
  ];
  writeCsv(path.join(dir, 'walk-forward.csv'), header, tested * horizon, (k, cell) => {
    const w = Math.floor(k / horizon);
    while (w - start >= result.folds[f].targetRows.length) start += result.folds[f++].targetRows.length;
    const fold = result.folds[f];
    const i = w - start;
    const row = fold.targetRows[i];
    const h = k % horizon;
    const at = i * horizon + h;
    cell(tableDates[row + h]);
    cell(fold.fold);
    cell(h + 1);
    cell(fold.actual[at]);
    for (const name of names) cell(fold.forecasts[name][at]);
    for (const name of names) {
      for (const widths of fold.halfWidths[name]) {
        cell(fold.forecasts[name][at] - widths[h]);
        cell(fold.forecasts[name][at] + widths[h]);
      }
    }
  });
  for (const [kind, model] of Object.entries(models))
    fs.writeFileSync(path.join(dir, `model-${kind}.json`), JSON.stringify(exportStateDict(model)));

  await writeFigure(dir, lossFigure(Object.fromEntries(Object.entries(training).map(([k, r]) => [k, r.history]))), notes, images);
  await writeFigure(
    dir,
    overlayFigure({
      name: 'overlay',
      title: `${data.train.target}: actual and forecast${horizon > 1 ? ' one step ahead' : ''}${result.folds.length > 1 ? ' (last fold)' : ''}`,
      yTitle: data.train.target,
      actual: { name: 'actual', dates: whole.dates, values: actual },
      forecasts: Object.entries(forecasts).map(([name, values]) => ({ name, dates: whole.dates, values })),
      boundaries: [
        { date: data.validation.targetDates[0] ?? data.test.targetDates[0], label: ' validation' },
        { date: data.test.targetDates[0], label: ' test' },
      ],
    }),
    notes,
    images,
  );
  if (horizon > 1) {
    await writeFigure(
      dir,
      lineFigure({
        name: 'horizon',
        title: 'Error against the step ahead (all folds)',
        xTitle: 'steps ahead',
        yTitle: `RMSE (${data.train.target})`,
        x: Array.from({ length: horizon }, (_, h) => h + 1),
        series: result.stepRmse,
        references: ['persistence'],
      }),
      notes,
      images,
    );
  }
  await closeRenderer();
}

/** forecast.csv: a row per model and step after the last row, with each level's interval. */
function writeAheadCsv(file: string, ahead: AheadResult): void {
  const steps = ahead.dates.length;
  const header = ['date', 'model', 'step', 'forecast', ...ahead.levels.flatMap((level) => [`lo${level}`, `hi${level}`])];
  writeCsv(file, header, ahead.forecasts.length * steps, (k, cell) => {
    const f = ahead.forecasts[Math.floor(k / steps)];
    const h = k % steps;
    cell(ahead.dates[h]);
    cell(f.model);
    cell(h + 1);
    cell(f.forecast[h]);
    for (const band of f.intervals) {
      cell(band.lo[h]);
      cell(band.hi[h]);
    }
  });
}

/** With --ahead: forecast.csv and the fan figure. */
export async function writeAheadOutputs(
  dir: string,
  ahead: AheadResult,
  table: Table,
  first: string,
  notes: string[],
  images: boolean,
): Promise<void> {
  writeAheadCsv(path.join(dir, 'forecast.csv'), ahead);
  await writeFigure(dir, aheadFanFigure(ahead, table, { first }), notes, images);
}
