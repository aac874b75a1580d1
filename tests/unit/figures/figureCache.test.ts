/** The figure cache's files: when it fits, what copying puts into a profile, and saving it whole or not at all. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { copyFigureCache, figureCacheFits, figureCacheKey, saveFigureCache } from '../../../src/figures/figureCache';
import { temporaryFolder } from '../../helpers';

/** A stand-in plotly.js and browser, and a profile that "loaded" the page with `codeBytes` of compiled code. */
function setting(codeBytes: number) {
  const dir = temporaryFolder('figure-cache-test-');
  const plotly = path.join(dir, 'plotly.js');
  const chromium = path.join(dir, 'chromium');
  fs.writeFileSync(plotly, 'var Plotly = {};');
  fs.writeFileSync(chromium, '#!/bin/sh\n');
  const profile = path.join(dir, 'profile');
  fs.mkdirSync(path.join(profile, 'Default', 'Cache', 'Cache_Data'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'Default', 'Cache', 'Cache_Data', 'entry'), 'the page and plotly.js');
  fs.mkdirSync(path.join(profile, 'Default', 'Code Cache', 'js'), { recursive: true });
  fs.writeFileSync(path.join(profile, 'Default', 'Code Cache', 'js', 'entry'), Buffer.alloc(codeBytes, 1));
  return { dir, plotly, chromium, profile, folder: path.join(dir, 'figure-cache') };
}

describe('figure cache', () => {
  it('is saved from a profile and copied into a new one while plotly.js and the browser are unchanged', () => {
    const { dir, plotly, chromium, profile, folder } = setting(2_000_000);
    assert.equal(figureCacheFits(plotly, chromium, folder), false);
    const { bytes } = saveFigureCache(profile, plotly, chromium, folder);
    assert.equal(bytes, 2_000_000 + 'the page and plotly.js'.length);
    assert.equal(fs.readFileSync(path.join(folder, 'key.json'), 'utf8'), figureCacheKey(plotly, chromium));
    assert.ok(figureCacheFits(plotly, chromium, folder));

    const fresh = path.join(dir, 'fresh');
    fs.mkdirSync(fresh);
    assert.ok(copyFigureCache(fresh, plotly, chromium, folder));
    assert.equal(fs.readFileSync(path.join(fresh, 'Default', 'Cache', 'Cache_Data', 'entry'), 'utf8'), 'the page and plotly.js');
    assert.equal(fs.statSync(path.join(fresh, 'Default', 'Code Cache', 'js', 'entry')).size, 2_000_000);
  });

  it('is not used once plotly.js or the browser changed', () => {
    const { dir, plotly, chromium, profile, folder } = setting(2_000_000);
    saveFigureCache(profile, plotly, chromium, folder);
    fs.appendFileSync(plotly, '\n// another version\n');
    assert.equal(figureCacheFits(plotly, chromium, folder), false);
    const fresh = path.join(dir, 'fresh');
    fs.mkdirSync(fresh);
    assert.equal(copyFigureCache(fresh, plotly, chromium, folder), false);
    assert.deepEqual(fs.readdirSync(fresh), [], 'nothing copied');

    const { plotly: plotly2, chromium: chromium2, profile: profile2, folder: folder2 } = setting(2_000_000);
    saveFigureCache(profile2, plotly2, chromium2, folder2);
    fs.utimesSync(chromium2, new Date(2020, 0, 1), new Date(2020, 0, 1));
    assert.equal(figureCacheFits(plotly2, chromium2, folder2), false);
  });

  it('is not made from a profile without compiled plotly.js, and a failed save keeps the old cache', () => {
    const { plotly, chromium, profile, folder } = setting(2_000_000);
    saveFigureCache(profile, plotly, chromium, folder);
    const { profile: cold } = setting(10_000);
    assert.throws(() => saveFigureCache(cold, plotly, chromium, folder), /kept 10000 bytes of compiled code after loading plotly\.js twice \(expected over 1000000\); no cache was made/);
    assert.ok(figureCacheFits(plotly, chromium, folder), 'the old cache is still there');
    assert.equal(fs.statSync(path.join(folder, 'Code Cache', 'js', 'entry')).size, 2_000_000);
    assert.deepEqual(fs.readdirSync(path.dirname(folder)).filter((name) => name.includes('.tmp-')), [], 'no staging folder left');
  });
});
