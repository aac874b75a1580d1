import { formatTable } from '../formatTable';
import type { AheadResult } from './forecastAhead';
import type { IntervalRow } from './foldIntervals';
import { minimumCalibration } from './intervals';
import type { Spread, WalkForwardResult } from './walkForward';

/** Enough decimals for three significant digits of the run's smallest RMSE, at least two. */
function errorDecimals(result: WalkForwardResult): number {
  const smallest = Math.min(...result.summary.map((s) => s.rmse.mean).filter((v) => v > 0));
  return Math.max(2, 2 - Math.floor(Math.log10(smallest)));
}

/**
 * The walk-forward summary as a text table: RMSE and MAE in the data's units (mean ± sd over seeds
 * for the networks), skill against persistence, MASE, directional accuracy with its base rate, and
 * the Diebold-Mariano p-value against persistence. `digits`: decimals of RMSE and MAE (default:
 * three significant digits of the smallest RMSE, at least two).
 */
export function summaryTable(result: WalkForwardResult, digits?: number): string {
  const decimals = digits ?? errorDecimals(result);
  const seeds = result.options.seeds.length > 1;
  const spread = (s: Spread, fixed: number, scale = 1) =>
    Number.isNaN(s.mean) ? 'n/a' : `${(scale * s.mean).toFixed(fixed)}${seeds && s.sd > 0 ? ` ± ${(scale * s.sd).toFixed(fixed)}` : ''}`;
  const pValue = (p: number | null) => (p === null ? '' : p < 1e-4 ? p.toExponential(1) : p.toFixed(4));
  const rows = result.summary.map((s) => [
    s.model,
    spread(s.rmse, decimals),
    spread(s.mae, decimals),
    spread(s.skill, 3),
    spread(s.mase, 3),
    spread(s.directionalAccuracy, 1, 100),
    pValue(s.dmPValue),
  ]);
  const { folds } = result;
  const last = folds[folds.length - 1];
  const horizon = result.options.data.horizon;
  const origins = folds.reduce((n, f) => n + f.dates.length, 0);
  const table = [
    `${origins} forecasts${horizon > 1 ? ` of ${horizon} steps` : ''} from ${folds[0].dates[0]} to ${last.dates[last.dates.length - 1]}, in ${folds.length === 1 ? 'one test block' : `${folds.length} folds of ${folds.map((f) => f.dates.length).join(', ')}`}; errors in the data's units${seeds ? ` (networks: mean ± sd over ${result.options.seeds.length} seeds)` : ''}:`,
    '',
    formatTable({ columns: ['model', 'RMSE', 'MAE', 'skill', 'MASE', 'direction %', 'DM p'], rows }),
  ];
  table.push(
    '',
    `skill: 1 - MSE / MSE of persistence. MASE: MAE / in-sample MAE of the ${result.options.season ? `seasonal naive forecast (season ${result.options.season})` : 'naive forecast'}.`,
  );
  table.push(`direction: share of moves called right; "always up" scores ${(100 * result.upShare).toFixed(1)}% (the share of up moves).`);
  table.push(
    'DM p: Diebold-Mariano test against persistence on squared errors (two-sided); small p: a difference this large would be rare if both were equally accurate.',
  );
  return table.join('\n');
}

/**
 * The walk-forward run's conformal intervals as a text table: per model and level, the share of
 * test values covered next to the nominal level, and the mean width (all steps pooled: every step
 * has as many forecasts). `digits`: decimals of the widths (default as summaryTable's errors).
 */
export function intervalTable(result: WalkForwardResult, digits?: number): string {
  const decimals = digits ?? errorDecimals(result);
  const { levels } = result.options;
  const horizon = result.options.data.horizon;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const rowOf = (name: string, method: IntervalRow['method']) => [
    method === 'conformal' ? name : `${name} (textbook)`,
    ...levels.flatMap((level) => {
      const at = result.intervals.filter((r) => r.model === name && r.method === method && r.level === level);
      const covered = mean(at.map((r) => r.coverage));
      return Number.isNaN(covered) ? ['n/a', 'n/a'] : [`${(100 * covered).toFixed(1)}%`, mean(at.map((r) => r.width)).toFixed(decimals)];
    }),
  ];
  const textbook = result.names.filter((name) => result.intervals.some((r) => r.model === name && r.method === 'textbook'));
  const rows = [...result.names.map((name) => rowOf(name, 'conformal')), ...textbook.map((name) => rowOf(name, 'textbook'))];
  const calibration = Math.min(...result.intervals.flatMap((r) => (r.calibration === null ? [] : [r.calibration])));
  return [
    `conformal intervals, calibrated on each fold's ${calibration} or more validation forecasts and scored on its test block${horizon > 1 ? ` (all ${horizon} steps pooled)` : ''}:`,
    '',
    formatTable({ columns: ['model', ...levels.flatMap((level) => [`${level}%: covered`, 'width'])], rows }),
    ...(result.intervals.some((r) => Number.isNaN(r.coverage))
      ? [
          '',
          `n/a: too few validation forecasts for that level (${levels.map((l) => `${l}% needs ${minimumCalibration(l)}`).join(', ')} a step).`,
        ]
      : []),
    ...(textbook.length > 0
      ? ['', "(textbook): the method's normal interval from its residuals on the training rows (FPP3 5.5), for comparison."]
      : []),
  ].join('\n');
}

/** Forecasts past the last row as a text table: each model's first and last step, with its widest interval. */
export function aheadTable(ahead: AheadResult, digits = 2): string {
  const level = ahead.levels[ahead.levels.length - 1];
  const steps = [...new Set([0, ahead.dates.length - 1])];
  const cell = (f: AheadResult['forecasts'][number], h: number) => {
    const band = f.intervals[f.intervals.length - 1];
    return `${f.forecast[h].toFixed(digits)} [${band.lo[h].toFixed(digits)}, ${band.hi[h].toFixed(digits)}]`;
  };
  return [
    `forecasts after ${ahead.origin} (${ahead.dates.length} step${ahead.dates.length > 1 ? 's' : ''} on ${ahead.calendar}), with ${level}% conformal intervals from ${ahead.calibration} validation forecasts a step:`,
    '',
    formatTable({
      columns: ['model', ...steps.map((h) => `${ahead.dates[h]} (step ${h + 1})`)],
      rows: ahead.forecasts.map((f) => [f.model, ...steps.map((h) => cell(f, h))]),
    }),
  ].join('\n');
}

/**
 * RMSE by step ahead, a row per step and a column per model (networks: the mean over seeds of each
 * seed's RMSE). Horizons over 12 show step 1, every tenth of the way and the last step.
 * `digits`: decimals (default as summaryTable's).
 */
export function stepTable(result: WalkForwardResult, digits?: number): string {
  const decimals = digits ?? errorDecimals(result);
  const horizon = result.options.data.horizon;
  const every = Math.ceil(horizon / 10);
  const steps = Array.from({ length: horizon }, (_, h) => h).filter(
    (h) => horizon <= 12 || h === 0 || h === horizon - 1 || (h + 1) % every === 0,
  );
  const lines = [
    `RMSE by step ahead${result.options.seeds.length > 1 ? ' (networks: mean over seeds)' : ''}:`,
    '',
    formatTable({
      columns: ['step', ...result.names],
      rows: steps.map((h) => [String(h + 1), ...result.names.map((name) => result.stepRmse[name][h].toFixed(decimals))]),
    }),
  ];
  if (result.options.recursive) {
    lines.push(
      '',
      `-recursive: fitted for one step and fed its own forecasts; linear and the cells without it forecast all ${horizon} steps at once (direct).`,
    );
  }
  return lines.join('\n');
}
