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
}): Figure {
  const palette = ['#2ca02c', '#9467bd', '#8c564b', '#e377c2'];
  let next = 0;
  const style = (name: string) => {
    if (options.references?.includes(name)) return { color: COLORS.persistence, dash: 'dash' };
    return { color: (COLORS as Record<string, string>)[name.toLowerCase()] ?? palette[next++ % palette.length] };
  };
  return {
    name: options.name,
    data: Object.entries(options.series).map(([name, y]) => {
      const line = style(name);
      return { type: 'scatter', mode: options.mode ?? 'lines+markers', name, x: Array.from(options.x), y: rounded(y), line, marker: { color: line.color } };
    }),
    layout: baseLayout(options.title, options.xTitle, options.yTitle, options.logY ? { yaxis: { type: 'log', exponentformat: 'power', title: { text: options.yTitle }, gridcolor: '#eeeeee' } } : {}),
    width: 800,
    height: 420,
  };
}
