/**
 * A recurrent layer unrolled over time, as a diagram: one box per step, all the same cell with the
 * same weights; the input x_t enters from below, the hidden state h_{t-1} from the left, and h_t
 * leaves to the right (to the next step) and upwards (the layer's output at step t). The labels are
 * a text trace, the boxes a line trace, the arrows annotations.
 */
import type { Figure } from './Figure';

/** The diagram for `steps` steps (2 to 8), the cell's name written in every box (e.g. "RNN cell"). */
export function unrolledFigure(options: { steps: number; cell: string }): Figure {
  const { steps, cell } = options;
  if (!(Number.isInteger(steps) && steps >= 2 && steps <= 8)) {
    throw new RangeError(`unrolledFigure: steps must be a whole number from 2 to 8, got ${steps}`);
  }
  const gap = 2; // x distance between the centres of two boxes
  const half = 0.55; // half the width and height of a box
  const centre = (t: number) => t * gap; // t = 1..steps
  // The boxes are one closed-line trace (null separates them), drawn as paths like any data.
  const boxes = { x: [] as Array<number | null>, y: [] as Array<number | null> };
  const annotations: Array<Record<string, unknown>> = [];
  // The labels are one text trace (so the figure has data to draw); the arrows are annotations.
  const labels = { x: [] as number[], y: [] as number[], text: [] as string[], size: [] as number[] };
  const label = (x: number, y: number, text: string, size = 14) => {
    labels.x.push(x);
    labels.y.push(y);
    labels.text.push(text);
    labels.size.push(size);
  };
  const arrow = (from: [number, number], to: [number, number]) =>
    annotations.push({
      x: to[0],
      y: to[1],
      ax: from[0],
      ay: from[1],
      xref: 'x',
      yref: 'y',
      axref: 'x',
      ayref: 'y',
      text: '',
      showarrow: true,
      arrowhead: 2,
      arrowsize: 1.2,
      arrowwidth: 1.5,
      arrowcolor: '#444444',
    });
  for (let t = 1; t <= steps; t++) {
    const x = centre(t);
    boxes.x.push(x - half, x + half, x + half, x - half, x - half, null);
    boxes.y.push(1 - half, 1 - half, 1 + half, 1 + half, 1 - half, null);
    label(x, 1, cell, 12);
    label(x, -0.45, `x<sub>${t}</sub>`);
    arrow([x, -0.2], [x, 1 - half]);
    label(x, 2.45, `h<sub>${t}</sub>`);
    arrow([x, 1 + half], [x, 2.2]);
    // h_{t-1} flows in from the left: from h_0 for the first step, from the previous box otherwise.
    const from = t === 1 ? centre(0) + 0.25 : centre(t - 1) + half;
    arrow([from, 1], [x - half, 1]);
    if (t > 1) label((from + x - half) / 2, 1.25, `h<sub>${t - 1}</sub>`, 12);
  }
  label(centre(0), 1, 'h<sub>0</sub>');
  const axis = { visible: false, fixedrange: true };
  return {
    name: 'unrolled',
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'cells',
        x: boxes.x,
        y: boxes.y,
        fill: 'toself',
        line: { color: '#1f77b4', width: 2 },
        fillcolor: '#e8f1fa',
        hoverinfo: 'skip',
        showlegend: false,
      },
      {
        type: 'scatter',
        mode: 'text',
        name: 'labels',
        x: labels.x,
        y: labels.y,
        text: labels.text,
        textfont: { size: labels.size, color: '#222222' },
        hoverinfo: 'skip',
        showlegend: false,
      },
    ],
    layout: {
      title: { text: `A recurrent layer unrolled over ${steps} steps: one cell, the same weights at every step`, x: 0.02, xanchor: 'left' },
      xaxis: { ...axis, range: [centre(0) - 0.6, centre(steps) + 0.9] },
      yaxis: { ...axis, range: [-0.8, 2.8] },
      annotations,
      showlegend: false,
      margin: { l: 20, r: 20, t: 50, b: 20 },
      paper_bgcolor: 'white',
      plot_bgcolor: 'white',
      font: { family: 'Arial, Helvetica, sans-serif', size: 13 },
    },
    width: 800,
    height: 300,
  };
}
