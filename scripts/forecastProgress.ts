/**
 * Progress of forecasting every window of a large series for the command line, on stderr like the
 * loading's and the training's: a bar per model redrawn in place on a terminal, a line per quarter
 * elsewhere (logs, pipes), nothing below `minWindows` (those take well under a second).
 *
 *   forecast lstm   [############............] 1,000,000 of 2,000,000 windows  0.9 s
 */
export interface ForecastProgressOptions {
  /** Series with at least this many windows show their progress (default 200,000). */
  minWindows?: number;
  /** Where the text goes (default: stderr). */
  write?: (text: string) => void;
  /** Draw a bar redrawn in place (default: when stderr is a terminal). */
  tty?: boolean;
}

/** An onProgress callback for forecastSeries. */
export function forecastProgress(options: ForecastProgressOptions = {}): (model: string, done: number, total: number) => void {
  const { minWindows = 200_000, write = (text: string) => process.stderr.write(text), tty = process.stderr.isTTY === true } = options;
  let current: { model: string; started: number; quarter: number; finished: boolean } | undefined;
  return (model, done, total) => {
    if (total < minWindows) return;
    if (current?.model !== model) current = { model, started: performance.now(), quarter: 0, finished: false };
    if (current.finished) return;
    current.finished = done >= total;
    const share = Math.min(1, done / total);
    const status = `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} windows  ${((performance.now() - current.started) / 1000).toFixed(1)} s`;
    if (tty) {
      const filled = Math.round(24 * share);
      write(`\rforecast ${model.padEnd(6)} [${'#'.repeat(filled)}${'.'.repeat(24 - filled)}] ${status}${current.finished ? '\n' : ''}`);
    } else if (Math.floor(share * 4) > current.quarter || current.finished) {
      current.quarter = Math.floor(share * 4);
      write(`forecast ${model}: ${status}\n`);
    }
  };
}
