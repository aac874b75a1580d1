import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { browserCheck, type BrowserReport } from '../../tools/browserCheck';
import { figureFragment } from '../../src/figures/figureHtml';
import { lineFigure } from '../../src/figures/lineFigure';
import type { Figure } from '../../src/figures/Figure';
import { renderStatic, closeRenderer } from '../../src/figures/renderStatic';
import { REPOSITORY } from '../helpers';

const dir = path.join(REPOSITORY, 'notebooks');
const notebooks = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ipynb'))
  .sort();

/** Folders notebookWith() made, removed after the tests. */
const made: string[] = [];
after(() => made.forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

/** A one-cell notebook whose output displays `figure` the way showFigure does. */
function notebookWith(figure: Figure, png: Buffer): string {
  const output = {
    output_type: 'display_data',
    data: {
      'application/vnd.plotly.v1+json': { data: figure.data, layout: figure.layout },
      'text/html': figureFragment(figure, png),
      'image/png': png.toString('base64'),
      'text/plain': `<Figure ${figure.name}>`,
    },
    metadata: { figure: { name: figure.name, width: figure.width, height: figure.height } },
  };
  const notebook = {
    cells: [{ cell_type: 'code', id: 'c1', metadata: {}, execution_count: 1, source: 'showFigure(figure)', outputs: [output] }],
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript (tslab)', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'browser-check-'));
  made.push(folder);
  const file = path.join(folder, `${figure.name}.ipynb`);
  fs.writeFileSync(file, JSON.stringify(notebook));
  return file;
}

describe('a real browser shows every figure', { concurrency: 1 }, () => {
  // One browser and one nbconvert run for all the notebooks; each test reads its notebook's report.
  let reports: Promise<BrowserReport[]> | undefined;
  const reportOf = async (name: string) => {
    reports ??= browserCheck(notebooks.map((n) => path.join(dir, n)));
    return (await reports).find((r) => path.basename(r.notebook) === name)!;
  };
  for (const name of notebooks) {
    it(`${name}: every plotly figure draws its traces and every static image is a real image of its size`, async () => {
      const report = await reportOf(name);
      assert.deepEqual(report.problems, []);
      assert.ok(report.figures.length > 0 && report.figures.every((f) => f.drawnPaths > 0));
      assert.equal(report.images.length, report.figures.length);
    });
  }

  it('a planted blank figure fails the check (no traces drawn, a blank static image), and a working figure in the same harness passes', async () => {
    const blank = lineFigure({ name: 'blank', title: 'nothing here', xTitle: 'x', yTitle: 'y', x: [], series: {} });
    // The static image of the planted figure: all white, of the right size.
    const white = (await renderStatic(
      {
        ...blank,
        data: [],
        layout: { paper_bgcolor: 'white', plot_bgcolor: 'white', xaxis: { visible: false }, yaxis: { visible: false } },
      },
      'png',
    )) as Buffer;
    const figure = lineFigure({ name: 'line', title: 'a line', xTitle: 'x', yTitle: 'y', x: [1, 2, 3], series: { lstm: [1, 3, 2] } });
    const png = (await renderStatic(figure, 'png')) as Buffer;
    await closeRenderer();
    const [blankReport, lineReport] = await browserCheck([notebookWith(blank, white), notebookWith(figure, png)]);
    assert.equal(blankReport.figures.length, 1);
    assert.match(blankReport.problems.join('\n'), /no plotly traces in the page/);
    assert.match(blankReport.problems.join('\n'), /blank: static image is blank/);
    assert.deepEqual(lineReport.problems, [], 'the working figure, so the failure above is the blank figure');
  });
});
