/**
 * The static-image renderer's browser start, with stand-ins for Chromium (shell scripts): it starts
 * while a job trains (training yields once per epoch), and a browser that fails says why and leaves nothing.
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

/** A stand-in browser: `script` as an executable shell script, set as $CHROMIUM. */
function standIn(script: string, mode = 0o755): string {
  const browser = path.join(temporaryFolder('render-static-test-'), 'chromium');
  fs.writeFileSync(browser, script, { mode });
  process.env.CHROMIUM = browser;
  return browser;
}

describe('renderStatic with a browser that cannot start', () => {
  const saved = process.env.CHROMIUM;
  after(() => {
    if (saved === undefined) delete process.env.CHROMIUM;
    else process.env.CHROMIUM = saved;
  });

  it('starts the browser while a job computes and yields between epochs, and reports its failure with its message', async () => {
    const marker = path.join(temporaryFolder('render-static-test-'), 'started');
    // Records that it ran and the temporary folder it was given (its profile), then fails as a
    // browser with no display would. (Written aside and moved into place: the test reads it as soon as it exists.)
    standIn(
      `#!/bin/sh\necho "$TMPDIR" > '${marker}.part' && mv '${marker}.part' '${marker}'\necho 'stand-in browser: cannot open display' >&2\nexit 3\n`,
    );

    warmRenderer();
    // A job training after it warmed the renderer: busy epochs of 20 ms, the event loop let run
    // once between them, as train() does.
    const until = Date.now() + 10_000;
    while (!fs.existsSync(marker) && Date.now() < until) {
      const epochEnd = Date.now() + 20;
      while (Date.now() < epochEnd) {
        // busy, as training is
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(fs.existsSync(marker), 'the browser was not started while the job yielded between epochs');
    const tmpdir = fs.readFileSync(marker, 'utf8').trim();
    assert.match(path.basename(tmpdir), new RegExp(`^figure-chromium-${process.pid}-`), 'the browser gets its own profile as its TMPDIR');

    await assert.rejects(renderStatic(figure, 'png'), (error: Error) => {
      assert.match(error.message, /chromium did not start: exited at start \(exit 3\): stand-in browser: cannot open display/);
      return true;
    });
    assert.deepEqual(profiles(), [], "the failed browser's profile is removed");
    assert.equal(fs.existsSync(tmpdir), false);
    await closeRenderer();
  });

  it('stops a browser that is still starting when closed, without waiting for it', async () => {
    // Starts and never answers, as a browser still loading would not yet.
    const marker = path.join(temporaryFolder('render-static-test-'), 'pid');
    standIn(`#!/bin/sh\necho $$ > '${marker}'\nexec sleep 60\n`);
    warmRenderer();
    const until = Date.now() + 5000;
    while (!fs.existsSync(marker) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.ok(fs.existsSync(marker), 'the stand-in started');
    const begin = Date.now();
    await closeRenderer();
    assert.ok(Date.now() - begin < 3000, `closed after ${Date.now() - begin} ms`);
    assert.deepEqual(profiles(), []);
    const pid = Number(fs.readFileSync(marker, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the stand-in browser is stopped');
  });

  it('reports a browser that cannot be run at all', async () => {
    standIn('not a program\n', 0o644);
    await assert.rejects(renderStatic(figure, 'svg'), /chromium did not start: it cannot be run \(EACCES\)/);
    assert.deepEqual(profiles(), []);
    await closeRenderer();
  });
});
