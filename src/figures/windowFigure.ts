import type { TableWindows } from '../data/Windows';
import { windowArrays } from '../data/WindowArrays';
import { baseLayout, COLORS, type Figure } from './Figure';

/** One window: its seqLen days of scaled features, and the target it is asked to forecast. */
export function windowFigure(windows: TableWindows, index: number, inputDates: string[]): Figure {
  const { seqLen: L, inputSize: F, features, target } = windows;
  const { inputs, inputStride, targets, targetStride } = windowArrays(windows);
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2'];
  const data: Array<Record<string, unknown>> = features.map((name, f) => ({
    type: 'scatter',
    mode: 'lines+markers',
    name: `${name} (input)`,
    x: inputDates,
    y: Array.from({ length: L }, (_, j) => Number(inputs[index * inputStride + j * F + f].toFixed(5))),
    line: { color: palette[f % palette.length] },
  }));
  data.push({
    type: 'scatter',
    mode: 'markers',
    name: `${target} (target)`,
    x: [windows.targetDates[index]],
    y: [Number(targets[index * targetStride].toFixed(5))],
    marker: { color: COLORS.actual, size: 14, symbol: 'star' },
  });
  return {
    name: 'window',
    data,
    layout: baseLayout(
      `Window ${index}: ${L} days of ${features.join(', ')} -> next ${target}`,
      'date',
      'scaled value (training rows: 0 to 1)',
      {
        xaxis: { type: 'category', title: { text: 'date' } },
      },
    ),
    width: 800,
    height: 400,
  };
}
