/**
 * Show a figure in a tslab notebook as one output with three representations:
 *  - application/vnd.plotly.v1+json: interactive in VS Code, and in Notebook 7 and JupyterLab with plotly's
 *    renderer (which shows the static image until the mouse enters it, then the chart);
 *  - text/html: the static image, upgraded to an interactive chart where scripts run and plotly.js is found
 *    (classic Notebook with the notebook trusted, nbconvert HTML inside the repository);
 *  - image/png: what GitHub, nbconvert PDF and other places without JavaScript show.
 * Without Chromium the static image is skipped, and the output says so.
 */
import type { Figure } from '../figures/Figure';
import { figureFragment } from '../figures/figureHtml';
import { displayWriter } from './display';
import { renderStatic } from '../figures/renderStatic';

/** Display `figure` (see the module comment). */
export async function showFigure(figure: Figure): Promise<void> {
  let png: Buffer | undefined;
  let skipped = '';
  try {
    png = (await renderStatic(figure, 'png')) as Buffer;
  } catch (error) {
    skipped = `static image of "${figure.name}" skipped: ${(error as Error).message}`;
  }
  const title = String((figure.layout.title as { text?: string } | undefined)?.text ?? figure.name);
  const data: Record<string, unknown> = {
    // The height of the static image, so that a renderer that swaps the image for the chart keeps the layout.
    'application/vnd.plotly.v1+json': { data: figure.data, layout: { height: figure.height, ...figure.layout } },
    'text/html': figureFragment(figure, png),
    'text/plain': `<Figure ${figure.name}: ${title}>`,
  };
  if (png) data['image/png'] = png.toString('base64');
  const write = displayWriter();
  if (write) {
    // The figure's name and size travel in the metadata, for the export of figures/ from executed notebooks.
    const metadata: Record<string, unknown> = { figure: { name: figure.name, width: figure.width, height: figure.height } };
    if (png) metadata['image/png'] = { width: figure.width, height: figure.height };
    write({ data, metadata, transient: {} }, false);
  } else {
    console.log(data['text/plain']);
  }
  if (skipped) console.log(skipped);
}
