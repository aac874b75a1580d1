/**
 * The static-image renderer's browser start, with a stand-in for Chromium (a shell script): it must
 * start at once, while this process computes, and a browser that fails says why and leaves nothing.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { lineFigure } from '../../../src/figures/lineFigure';
import { closeRenderer, renderStatic, warmRenderer } from '../../../src/figures/renderStatic';
import { temporaryFolder } from '../../helpers';

const figure = lineFigure({ name: 'probe', title: 'probe', xTitle: 'x', yTitle: 'y', x: [1, 2, 3], series: { y: [3, 1, 2] } });
const profiles = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`figure-chromium-${process.pid}-`));

describe('renderStatic with a browser that cannot start', () => {
  const saved = process.env.CHROMIUM;
  after(() => {
    if (saved === undefined) delete process.env.CHROMIUM;
    else process.env.CHROMIUM = saved;
  });

  it('starts the browser at once, while this process computes, and reports its failure with its message', async () => {
    const dir = temporaryFolder('render-static-test-');
    const marker = path.join(dir, 'started');
    const browser = path.join(dir, 'chromium');
    // Records that it ran and the temporary folder it was given (inside its profile), then fails as
    // a browser with no display would.
    // (Written aside and moved into place: the test reads the marker as soon as it exists.)
    fs.writeFileSync(browser, `#!/bin/sh\necho "$TMPDIR" > '${marker}.part' && mv '${marker}.part' '${marker}'\necho 'stand-in browser: cannot open display' >&2\nexit 3\n`, { mode: 0o755 });
    process.env.CHROMIUM = browser;

    warmRenderer();
    // A job computing after it warmed the renderer: this loop never yields to the event loop, so
    // the browser must already have been started by warmRenderer() itself.
    const until = Date.now() + 5000;
    while (!fs.existsSync(marker) && Date.now() < until) {
      // busy, as training is
    }
    assert.ok(fs.existsSync(marker), 'the browser was not started while the event loop was busy');
    const tmpdir = fs.readFileSync(marker, 'utf8').trim();
    assert.match(path.basename(tmpdir), new RegExp(`^figure-chromium-${process.pid}-`), 'the browser gets its own profile as its TMPDIR');

    await assert.rejects(renderStatic(figure, 'png'), (error: Error) => {
      assert.match(error.message, /chromium exited at start \(exit 3\): stand-in browser: cannot open display/);
      return true;
    });
    assert.deepEqual(profiles(), [], 'the failed browser\'s profile is removed');
    assert.equal(fs.existsSync(tmpdir), false);
    await closeRenderer();
  });

  it('stops a browser that is still starting when closed, without waiting for it', async () => {
    const dir = temporaryFolder('render-static-test-');
    const browser = path.join(dir, 'chromium');
    // Starts and never answers, as a browser still loading would not yet.
    fs.writeFileSync(browser, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    process.env.CHROMIUM = browser;
    warmRenderer();
    const begin = Date.now();
    await closeRenderer();
    assert.ok(Date.now() - begin < 3000, `closed after ${Date.now() - begin} ms`);
    assert.deepEqual(profiles(), []);
  });

  it('reports a browser that cannot be run at all', async () => {
    const dir = temporaryFolder('render-static-test-');
    const browser = path.join(dir, 'not-executable');
    fs.writeFileSync(browser, 'not a program\n', { mode: 0o644 });
    process.env.CHROMIUM = browser;
    await assert.rejects(renderStatic(figure, 'svg'), /not-executable did not start: spawn .*EACCES/);
    assert.deepEqual(profiles(), []);
    await closeRenderer();
  });
});
