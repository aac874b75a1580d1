/**
 * Progress of forecasting every window of a large series for the command line, on stderr like the
 * loading's and the training's: a bar per model redrawn in place on a terminal, a line per quarter
 * elsewhere (logs, pipes), nothing below `minWindows` (those take well under a second).
 *
 *   forecast lstm   [############............] 1,000,000 of 2,000,000 windows  0.9 s
 */
import { stageProgress, type StageProgressOptions } from './stageProgress';

export interface ForecastProgressOptions extends StageProgressOptions {
  /** Series with at least this many windows show their progress (default 200,000). */
  minWindows?: number;
}

/** An onProgress callback for forecastSeries: one stage per model. */
export function forecastProgress(options: ForecastProgressOptions = {}): (model: string, done: number, total: number) => void {
  const { minWindows = 200_000 } = options;
  let current: { model: string; started: number; report: (share: number, status: string) => void } | undefined;
  return (model, done, total) => {
    if (total < minWindows) return;
    if (current?.model !== model)
      current = { model, started: performance.now(), report: stageProgress(`forecast ${model.padEnd(6)}`, `forecast ${model}`, options) };
    current.report(
      done / total,
      `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} windows  ${((performance.now() - current.started) / 1000).toFixed(1)} s`,
    );
  };
}
