/**
 * HTML for a figure: its static image (when there is one) upgraded to an interactive plotly chart
 * wherever scripts run and plotly.js can be found: next to node_modules (an exported figure or an
 * nbconvert HTML file inside the repository), or through a Jupyter server started in the repository.
 * Nothing is loaded from the network.
 */
import type { Figure } from './Figure';

/** Where the page looks for plotly.js, relative to its own folder (notebooks/ or figures/). */
const PLOTLY_RELATIVE = '../node_modules/plotly.js-dist/plotly.js';

/** Ids issued in this process, so that the same figure shown twice still gets distinct ids. */
const issued = new Map<string, number>();

/** FNV-1a hash of a string, as 8 hex digits: element ids that stay the same when a notebook is regenerated. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** A <div> (with the PNG inside when given) and the script that draws the interactive figure into it. */
export function figureFragment(figure: Figure, png?: Buffer): string {
  const title = String((figure.layout.title as { text?: string } | undefined)?.text ?? figure.name).replace(/"/g, '&quot;');
  const image = png
    ? `<img src="data:image/png;base64,${png.toString('base64')}" width="${figure.width}" alt="${title}" style="max-width:100%">`
    : '';
  const spec = JSON.stringify({
    data: figure.data,
    layout: { ...figure.layout, width: undefined, autosize: true, height: figure.height },
  }).replace(/</g, '\\u003c');
  const base = `figure-${figure.name}-${hash(spec)}`;
  const seen = issued.get(base) ?? 0;
  issued.set(base, seen + 1);
  const id = seen === 0 ? base : `${base}-${seen + 1}`;
  return `<div id="${id}" class="plotly-figure" style="width:100%;max-width:${figure.width}px">${image}</div>
<script>
(function () {
  var el = document.getElementById(${JSON.stringify(id)});
  var spec = ${spec};
  function draw() { el.innerHTML = ''; window.Plotly.newPlot(el, spec.data, spec.layout, { responsive: true }); }
  if (window.Plotly) { draw(); return; }
  var base = (document.body && document.body.getAttribute('data-base-url')) || '/';
  var candidates = [${JSON.stringify(PLOTLY_RELATIVE)}, base + 'files/node_modules/plotly.js-dist/plotly.js'];
  if (!window.__plotlyLoading) {
    window.__plotlyLoading = new Promise(function (resolve, reject) {
      (function next(i) {
        if (i >= candidates.length) { reject(new Error('plotly.js not found')); return; }
        // Pages with require.js (classic Notebook, nbconvert's classic template) must load plotly.js as an AMD module.
        if (typeof window.requirejs === 'function') {
          window.requirejs.config({ paths: { ['plotly-' + i]: candidates[i].slice(0, -3) } });
          window.requirejs(['plotly-' + i], function (Plotly) { if (Plotly) window.Plotly = Plotly; window.Plotly ? resolve() : next(i + 1); }, function () { next(i + 1); });
          return;
        }
        var script = document.createElement('script');
        script.src = candidates[i];
        script.onload = function () { window.Plotly ? resolve() : next(i + 1); };
        script.onerror = function () { next(i + 1); };
        document.head.appendChild(script);
      })(0);
    });
  }
  window.__plotlyLoading.then(draw, function () { /* no plotly.js here: the static image stays */ });
})();
</script>`;
}

/** A standalone HTML page of one figure (figures/NAME.html). */
export function figurePage(figure: Figure): string {
  const title = String((figure.layout.title as { text?: string } | undefined)?.text ?? figure.name);
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title.replace(/</g, '&lt;')}</title></head>
<body>
${figureFragment(figure)}
</body></html>
`;
}
