/** A plotly figure as plain data: what Plotly.newPlot takes, and what the notebooks and the export render. */

export interface Figure {
  /** Stable name (e.g. "overlay"); the export of a notebook's figures prefixes its number: figures/03-overlay.png. */
  name: string;
  data: Array<Record<string, unknown>>;
  layout: Record<string, unknown>;
  /** Pixel size of static images. */
  width: number;
  height: number;
}

/** Colours used for the same thing in every figure. */
export const COLORS = {
  actual: '#222222',
  lstm: '#1f77b4',
  rnn: '#d62728',
  gru: '#ff7f0e',
  persistence: '#7f7f7f',
  linear: '#9467bd',
  drift: '#8c564b',
  'seasonal-naive': '#e377c2',
  validation: '#2ca02c',
  boundary: '#999999',
} as const;

/** The shared look: white background, title, axis titles, legend on top. */
export function baseLayout(title: string, xTitle: string, yTitle: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: { text: title, x: 0.02, xanchor: 'left' },
    xaxis: { title: { text: xTitle }, gridcolor: '#eeeeee' },
    yaxis: { title: { text: yTitle }, gridcolor: '#eeeeee' },
    legend: { orientation: 'h', y: -0.2 },
    margin: { l: 70, r: 20, t: 50, b: 80 },
    paper_bgcolor: 'white',
    plot_bgcolor: 'white',
    font: { family: 'Arial, Helvetica, sans-serif', size: 13 },
    ...extra,
  };
}

/** Round the numbers of a series so that notebooks stay small and regenerations stable. */
export function rounded(values: ArrayLike<number>, digits = 4): number[] {
  return Array.from(values, (v) => Number(v.toPrecision(digits + 2)));
}
