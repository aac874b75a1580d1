import { baseLayout, COLORS, rounded, type Figure } from './Figure';

/** Several named series against a shared numeric x axis (gradient norms per step, error against distance, residuals). */
export function lineFigure(options: {
  name: string;
  title: string;
  xTitle: string;
  yTitle: string;
  x: ArrayLike<number | string>;
  series: Record<string, ArrayLike<number>>;
  logY?: boolean;
  mode?: 'lines' | 'lines+markers' | 'markers';
  /** Series drawn as grey dashed reference lines (a baseline, chance level). */
  references?: string[];
  /** Per series, the low and high end of a range drawn as error bars around each point (e.g. min and max over seeds). */
  ranges?: Record<string, { low: ArrayLike<number>; high: ArrayLike<number> }>;
}): Figure {
  const known = COLORS as Record<string, string>;
  // A recursive variant of a model (lstm-recursive) takes its model's colour, dotted.
  const variantOf = (name: string) => {
    const base = name.toLowerCase().replace(/-recursive$/, '');
    return base !== name.toLowerCase() && base in known ? base : undefined;
  };
  // Colours no named series of this figure uses, for the others.
  const taken = new Set(Object.keys(options.series).map((name) => known[variantOf(name) ?? name.toLowerCase()]));
  const palette = ['#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22'].filter((color) => !taken.has(color));
  let next = 0;
  const style = (name: string): { color: string; dash?: string } => {
    if (options.references?.includes(name)) return { color: COLORS.persistence, dash: 'dash' };
    const variant = variantOf(name);
    if (variant) return { color: known[variant], dash: 'dot' };
    return { color: known[name.toLowerCase()] ?? palette[next++ % palette.length] };
  };
  return {
    name: options.name,
    data: Object.entries(options.series).map(([name, y]) => {
      const line = style(name);
      const trace: Record<string, unknown> = {
        type: 'scatter',
        mode: options.mode ?? 'lines+markers',
        name,
        x: Array.from(options.x),
        y: rounded(y),
        line,
        marker: { color: line.color },
      };
      const range = options.ranges?.[name];
      if (range) {
        const values = Array.from(y);
        trace.error_y = {
          type: 'data',
          symmetric: false,
          array: rounded(values.map((v, i) => range.high[i] - v)),
          arrayminus: rounded(values.map((v, i) => v - range.low[i])),
          color: line.color,
          thickness: 1,
          width: 3,
        };
      }
      return trace;
    }),
    layout: baseLayout(
      options.title,
      options.xTitle,
      options.yTitle,
      options.logY ? { yaxis: { type: 'log', exponentformat: 'power', title: { text: options.yTitle }, gridcolor: '#eeeeee' } } : {},
    ),
    width: 800,
    height: 420,
  };
}
