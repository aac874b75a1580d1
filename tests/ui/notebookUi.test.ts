/**
 * The figures as a reader meets them: Jupyter started exactly as `npm run notebook` starts it
 * (whichever Jupyter `npm run setup` found or installed: Notebook 7 from the venv, or Debian's
 * classic Notebook 6), a notebook opened through its UI in headless Chromium, a cell run there.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { notebookUiCheck } from '../../tools/notebookUiCheck';
import { readTools } from '../../tools/tools';
import { figureFragment } from '../../src/figures/figureHtml';
import { lineFigure } from '../../src/figures/lineFigure';
import { closeRenderer, renderStatic } from '../../src/figures/renderStatic';
import { REPOSITORY, temporaryFolder } from '../helpers';

const predictions = path.join(REPOSITORY, 'notebooks', '03-predictions.ipynb');

/**
 * A notebook whose one figure is blank: plotly JSON without traces, its HTML and a static image of
 * the figure's size, as showFigure writes them (plotly's renderer draws the chart only once the mouse
 * enters the image, so the image must have the figure's size).
 */
async function blankFigureNotebook(): Promise<string> {
  const blank = lineFigure({ name: 'blank', title: 'nothing here', xTitle: 'x', yTitle: 'y', x: [], series: {} });
  const png = (await renderStatic(blank, 'png')) as Buffer;
  await closeRenderer();
  const output = {
    output_type: 'display_data',
    data: {
      'application/vnd.plotly.v1+json': { data: blank.data, layout: { height: blank.height, ...blank.layout } },
      'text/html': figureFragment(blank, png),
      'image/png': png.toString('base64'),
      'text/plain': '<Figure blank>',
    },
    metadata: { figure: { name: blank.name, width: blank.width, height: blank.height } },
  };
  const notebook = {
    cells: [{ cell_type: 'code', id: 'c1', metadata: {}, execution_count: null, source: 'showFigure(blank)', outputs: [output] }],
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript (tslab)', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  const file = path.join(temporaryFolder('ui-check-'), 'blank-figure.ipynb');
  fs.writeFileSync(file, JSON.stringify(notebook));
  return file;
}

function hasJupyterLab(): boolean {
  try {
    execFileSync(readTools().jupyter, ['lab', '--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('Jupyter started as `npm run notebook` starts it, in headless Chromium', { concurrency: 1 }, () => {
  it('notebook 03: its first code cell runs in the page, and every figure is a plotly chart with traces drawn and a value on hover; a blank figure fails', async () => {
    const started = Date.now();
    const [report, blank] = await notebookUiCheck({
      notebooks: [predictions, await blankFigureNotebook()],
      runCellTimeout: 240,
      env: { SMOKE: '1' },
    });
    console.log(
      `# ${report.frontEnd}: ${report.figures.length} of ${report.expected} figures interactive (drawn by: ${report.figures.map((f) => f.via).join(', ')}); ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    assert.deepEqual(report.problems, []);
    // The kernel answered: the cell trained both models for the smoke run's 3 epochs, in the page.
    assert.match(report.ranCell?.output ?? '', /^RNN: epoch 3\/3 .*\nLSTM: epoch 3\/3 /);
    assert.ok(report.expected >= 3, `notebook 03 shows ${report.expected} figures`);
    assert.equal(report.figures.length, report.expected);
    for (const figure of report.figures) {
      assert.ok(figure.drawnPaths > 0, `figure ${figure.index + 1} drew no traces`);
      assert.match(figure.hover, /\d/, `figure ${figure.index + 1}: no value on hover`);
    }

    // The same check in the same page fails a figure that draws nothing: the figure's own HTML (the
    // notebook is trusted, as the project's are) or plotly's renderer makes it a chart with no trace.
    assert.equal(blank.expected, 1);
    assert.equal(blank.figures[0]?.chart, true, 'the blank figure became a plotly chart');
    assert.equal(blank.figures[0]?.drawnPaths, 0);
    assert.match(blank.problems.join('\n'), /figure 1: no interactive plotly chart with traces drawn/);
  });

  it('JupyterLab (`npm run notebook -- --lab`): every figure of notebook 03 is interactive', {
    skip: !hasJupyterLab() && 'JupyterLab is not installed (Debian packages have classic Notebook only)',
  }, async () => {
    const started = Date.now();
    const [report] = await notebookUiCheck({ notebooks: [predictions], lab: true });
    console.log(
      `# ${report.frontEnd}: ${report.figures.length} of ${report.expected} figures interactive (drawn by: ${report.figures.map((f) => f.via).join(', ')}); ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    assert.match(report.frontEnd, /^JupyterLab/);
    assert.deepEqual(report.problems, []);
    assert.equal(report.figures.length, report.expected);
    assert.ok(report.figures.every((f) => f.drawnPaths > 0 && /\d/.test(f.hover)));
  });
});
