/**
 * Make the browser cache that starts plotly.js quickly for static figures (src/figures/figureCache.ts),
 * unless the one in .setup/figure-cache already fits the installed plotly.js and browser. Run by
 * `npm run setup`; figures work without it, more slowly.
 *
 * Usage: node --import tsx scripts/makeFigureCache.ts
 */
import { makeFigureCache } from '../src/figures/renderStatic';

makeFigureCache().then(
  ({ made, bytes, seconds }) => {
    console.log(made ? `figure cache: made in ${seconds.toFixed(1)} s (${(bytes / 1e6).toFixed(1)} MB in .setup/figure-cache)` : 'figure cache: up to date');
    process.exit(0);
  },
  (error: Error) => {
    console.error(`figure cache: not made (${error.message}); static figures load plotly.js from node_modules, about 1 s more each time a browser starts`);
    process.exit(1);
  },
);
