import type { EpochLog } from '../training/train';
import { baseLayout, COLORS, rounded, type Figure } from './Figure';

/** Training and validation loss per epoch of several models, on a log axis. */
export function lossFigure(histories: Record<string, EpochLog[]>): Figure {
  const data: Array<Record<string, unknown>> = [];
  for (const [name, history] of Object.entries(histories)) {
    const color = (COLORS as Record<string, string>)[name.toLowerCase()] ?? undefined;
    const epochs = history.map((h) => h.epoch);
    data.push({
      type: 'scatter',
      mode: 'lines',
      name: `${name} train`,
      x: epochs,
      y: rounded(history.map((h) => h.loss)),
      line: { color },
    });
    if (history.some((h) => h.valLoss !== undefined)) {
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `${name} validation`,
        x: epochs,
        y: rounded(history.map((h) => h.valLoss ?? NaN)),
        line: { color, dash: 'dot' },
      });
    }
  }
  return {
    name: 'loss',
    data,
    layout: baseLayout('Loss per epoch (MSE on scaled values)', 'epoch', 'MSE (log scale)', {
      yaxis: { type: 'log', exponentformat: 'power', title: { text: 'MSE (log scale)' }, gridcolor: '#eeeeee' },
    }),
    width: 800,
    height: 450,
  };
}
