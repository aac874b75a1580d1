/** One progress line per epoch, shared by the notebooks' live display and the command line's bar. */
import type { EpochLog } from './train';

/** A text bar `width` characters wide, filled to `share` (0 to 1): "############............". */
export function progressBar(share: number, width: number): string {
  const filled = Math.round(width * Math.min(1, Math.max(0, share)));
  return `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
}

/**
 * A formatter for `epochs` epochs of the model `label`, timed from its creation:
 *   "LSTM [############............] epoch 100/201  loss 4.123e-4  val 3.912e-2  12.3 s, ~12.4 s left"
 * The bar (`barWidth` characters) is left out when barWidth is 0.
 */
export function progressFormatter(label: string, epochs: number, barWidth = 0): (log: EpochLog) => string {
  const started = performance.now();
  return (log) => {
    const elapsed = (performance.now() - started) / 1000;
    const left = (elapsed / log.epoch) * (epochs - log.epoch);
    const bar = barWidth > 0 ? ` [${progressBar(log.epoch / epochs, barWidth)}]` : '';
    const val = log.valLoss !== undefined ? `  val ${log.valLoss.toExponential(3)}` : '';
    return `${label}${bar} epoch ${log.epoch}/${epochs}  loss ${log.loss.toExponential(3)}${val}  ${elapsed.toFixed(1)} s, ~${left.toFixed(1)} s left`;
  };
}
