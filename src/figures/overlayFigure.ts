import { baseLayout, COLORS, rounded, type Figure } from './Figure';

export interface OverlaySeries {
  name: string;
  dates: string[];
  values: ArrayLike<number>;
}

/** Every `stride`-th point of a series (all of them when stride is 1), read by index: nothing of the length of the series is copied. */
function thin(series: OverlaySeries, stride: number): { x: string[]; y: number[] } {
  const x: string[] = [];
  const y: number[] = [];
  for (let i = 0; i < series.dates.length; i += stride) x.push(series.dates[i]);
  for (let i = 0; i < series.values.length; i += stride) y.push(series.values[i]);
  return { x, y: rounded(y, 3) };
}

/**
 * Actual values and forecasts on one date axis, with a dashed line at each named boundary.
 * Series longer than `maxPoints` are thinned to every n-th point (said in the title), which keeps
 * a 20-year daily chart small enough to embed without changing how it looks.
 */
export function overlayFigure(options: {
  name: string;
  title: string;
  yTitle: string;
  actual: OverlaySeries;
  forecasts: OverlaySeries[];
  boundaries?: Array<{ date: string; label: string }>;
  maxPoints?: number;
}): Figure {
  const color = (name: string) => (COLORS as Record<string, string>)[name.toLowerCase()] ?? undefined;
  const longest = Math.max(options.actual.dates.length, ...options.forecasts.map((f) => f.dates.length));
  const stride = Math.max(1, Math.ceil(longest / (options.maxPoints ?? 1500)));
  const data: Array<Record<string, unknown>> = [
    {
      type: 'scatter',
      mode: 'lines',
      name: options.actual.name,
      ...thin(options.actual, stride),
      line: { color: COLORS.actual, width: 1.5 },
    },
    ...options.forecasts.map((f) => ({
      type: 'scatter',
      mode: 'lines',
      name: f.name,
      ...thin(f, stride),
      line: { color: color(f.name), width: 1.2, dash: f.name === 'persistence' ? 'dot' : undefined },
    })),
  ];
  const title = stride > 1 ? `${options.title} (every ${stride}th day shown)` : options.title;
  const boundaries = options.boundaries ?? [];
  return {
    name: options.name,
    data,
    layout: baseLayout(title, 'date', options.yTitle, {
      shapes: boundaries.map((b) => ({
        type: 'line',
        xref: 'x',
        yref: 'paper',
        x0: b.date,
        x1: b.date,
        y0: 0,
        y1: 1,
        line: { color: COLORS.boundary, dash: 'dash', width: 1.5 },
      })),
      annotations: boundaries.map((b) => ({
        x: b.date,
        y: 1,
        xref: 'x',
        yref: 'paper',
        text: b.label,
        showarrow: false,
        xanchor: 'left',
        yanchor: 'top',
        font: { color: '#555555' },
      })),
    }),
    width: 950,
    height: 450,
  };
}
