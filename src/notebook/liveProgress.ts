/**
 * Training progress as one line that updates in place: in a notebook, a single display that each
 * epoch overwrites (not thousands of lines); elsewhere, a line every `every` epochs.
 */
import { progressFormatter } from '../training/progress';
import type { EpochLog } from '../training/train';
import { updatableDisplay } from './display';

export function liveProgress(label: string, epochs: number, every = 25): (log: EpochLog) => void {
  const display = updatableDisplay();
  const format = progressFormatter(`${label}:`, epochs);
  let lastShown = 0;
  return (log: EpochLog) => {
    const final = log.epoch === epochs;
    if (display) {
      // At most a few updates per second, and always the last one.
      if (final || performance.now() - lastShown > 250) {
        display.text(format(log));
        lastShown = performance.now();
      }
    } else if (final || log.epoch % every === 0 || log.epoch === 1) {
      console.log(format(log));
    }
  };
}
