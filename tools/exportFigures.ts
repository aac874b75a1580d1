/**
 * Export every figure of the executed notebooks to figures/: NN-name.png (the notebook's static
 * image), NN-name.svg (rendered again from the plotly JSON) and NN-name.html (interactive), where
 * NN is the notebook's number and name the figure's. Everything is written to a temporary folder
 * first and moved into place at the end, so a failed export leaves the previous figures intact.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closeRenderer, figurePage, renderStatic, type Figure } from '../src/figures/index';
import { replaceFolder } from '../src/cli/atomic';
import { REPOSITORY } from '../src/repository';

interface Output {
  data?: Record<string, unknown>;
  metadata?: { figure?: { name: string; width: number; height: number } };
}

/** The figures of one executed notebook, with their PNGs. */
export function figuresOf(notebook: string): Array<{ figure: Figure; png?: Buffer }> {
  const cells = JSON.parse(fs.readFileSync(notebook, 'utf8')).cells as Array<{ outputs?: Output[] }>;
  const prefix = path.basename(notebook).slice(0, 2);
  const found: Array<{ figure: Figure; png?: Buffer }> = [];
  for (const output of cells.flatMap((c) => c.outputs ?? [])) {
    const spec = output.data?.['application/vnd.plotly.v1+json'] as { data: Figure['data']; layout: Figure['layout'] } | undefined;
    const meta = output.metadata?.figure;
    if (!spec || !meta) continue;
    const png = typeof output.data?.['image/png'] === 'string' ? Buffer.from(output.data['image/png'] as string, 'base64') : undefined;
    found.push({
      figure: { name: `${prefix}-${meta.name}`, data: spec.data, layout: spec.layout, width: meta.width, height: meta.height },
      png,
    });
  }
  return found;
}

/**
 * Write the figures of `notebooks` into `outDir`; returns the files written. With `replaceAll`
 * (every notebook was run) the folder is replaced as a whole, dropping figures that no longer
 * exist; otherwise only these notebooks' files are replaced, one atomic rename each.
 */
export async function exportFigures(notebooks: string[], outDir = path.join(REPOSITORY, 'figures'), replaceAll = true): Promise<string[]> {
  const staging = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const written: string[] = [];
  try {
    for (const notebook of notebooks) {
      for (const { figure, png } of figuresOf(notebook)) {
        const image = png ?? ((await renderStatic(figure, 'png')) as Buffer);
        fs.writeFileSync(path.join(staging, `${figure.name}.png`), image);
        fs.writeFileSync(path.join(staging, `${figure.name}.svg`), (await renderStatic(figure, 'svg')) as string);
        fs.writeFileSync(path.join(staging, `${figure.name}.html`), figurePage(figure));
        written.push(...['png', 'svg', 'html'].map((ext) => path.join(outDir, `${figure.name}.${ext}`)));
      }
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await closeRenderer();
  }
  if (!replaceAll && fs.existsSync(outDir)) {
    for (const file of fs.readdirSync(staging)) fs.renameSync(path.join(staging, file), path.join(outDir, file));
    fs.rmSync(staging, { recursive: true, force: true });
    return written;
  }
  replaceFolder(staging, outDir);
  return written;
}
