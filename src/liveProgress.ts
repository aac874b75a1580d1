/**
 * Training progress as one line that updates in place: in a notebook, a single display that each
 * epoch overwrites (not thousands of lines); elsewhere, a line every `every` epochs.
 */
import { updatableDisplay } from './notebookDisplay';
import type { EpochLog } from './train';

export function liveProgress(label: string, epochs: number, every = 25): (log: EpochLog) => void {
  const display = updatableDisplay();
  const started = performance.now();
  let lastShown = 0;
  return (log: EpochLog) => {
    const elapsed = (performance.now() - started) / 1000;
    const left = (elapsed / log.epoch) * (epochs - log.epoch);
    const line = `${label}: epoch ${log.epoch}/${epochs}  loss ${log.loss.toExponential(3)}${log.valLoss !== undefined ? `  val ${log.valLoss.toExponential(3)}` : ''}  ${elapsed.toFixed(1)} s, ~${left.toFixed(1)} s left`;
    const final = log.epoch === epochs;
    if (display) {
      // At most a few updates per second, and always the last one.
      if (final || performance.now() - lastShown > 250) {
        display.text(line);
        lastShown = performance.now();
      }
    } else if (final || log.epoch % every === 0 || log.epoch === 1) {
      console.log(line);
    }
  };
}
