/**
 * The figure cache with the real browser: setup made it (scripts/makeFigureCache.ts, which setup
 * runs, is this test's maker), figures start from it, and it changes no image.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { figureCacheFits } from '../../src/figures/figureCache';
import { lineFigure } from '../../src/figures/lineFigure';
import { closeRenderer, findChromium, makeFigureCache, plotlyPath, plotlySource, renderStatic } from '../../src/figures/renderStatic';
import { temporaryFolder } from '../helpers';

const figure = lineFigure({
  name: 'cache-probe', title: 'The same image from either plotly.js', xTitle: 'x', yTitle: 'y',
  x: Array.from({ length: 200 }, (_, i) => i), series: { sine: Array.from({ length: 200 }, (_, i) => Math.sin(i / 10)), cosine: Array.from({ length: 200 }, (_, i) => Math.cos(i / 10)) },
});

describe('figure cache', () => {
  const saved = process.env.CHROMIUM;
  after(async () => {
    await closeRenderer();
    if (saved === undefined) delete process.env.CHROMIUM;
    else process.env.CHROMIUM = saved;
  });

  it('was made by setup, figures start from it, and their images are those made from node_modules', async () => {
    const chromium = findChromium();
    assert.ok(chromium, 'Chromium is set up');
    assert.ok(figureCacheFits(plotlyPath(), chromium), 'npm run setup made the figure cache for this plotly.js and Chromium');
    // What setup does on its next run: nothing, the cache fits.
    assert.deepEqual(await makeFigureCache(), { made: false, bytes: 0, seconds: 0 });
    assert.equal(await plotlySource(), 'figure cache');
    const cached = { png: await renderStatic(figure, 'png'), svg: await renderStatic(figure, 'svg') };
    await closeRenderer();

    // The same browser under another name does not fit the cache: plotly.js from node_modules.
    const other = path.join(temporaryFolder('figure-cache-test-'), 'chromium');
    fs.symlinkSync(fs.realpathSync(chromium), other);
    process.env.CHROMIUM = other;
    assert.equal(await plotlySource(), 'node_modules');
    const plain = { png: await renderStatic(figure, 'png'), svg: await renderStatic(figure, 'svg') };
    await closeRenderer();
    assert.ok(Buffer.isBuffer(cached.png) && cached.png.length > 1000);
    assert.ok(cached.png.equals(plain.png as Buffer), 'the same PNG');
    assert.equal(cached.svg, plain.svg, 'the same SVG');
  });
});
