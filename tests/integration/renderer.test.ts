/** The shared browser that draws static images, with the real Chromium: one that died is replaced. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { after, describe, it } from 'node:test';
import { lineFigure } from '../../src/figures/lineFigure';
import { closeRenderer, renderStatic } from '../../src/figures/renderStatic';

const figure = lineFigure({ name: 'probe', title: 'probe', xTitle: 'x', yTitle: 'y', x: [1, 2, 3], series: { y: [3, 1, 2] } });
const profiles = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`figure-chromium-${process.pid}-`));

/** The process ids of the browser started on `profile` (its command line names the profile). */
function browserPids(profile: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes(`--user-data-dir=${profile}`))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe("the figures' browser", () => {
  after(closeRenderer);

  it('is replaced when it died between two figures, and its profile is removed', async () => {
    const first = (await renderStatic(figure, 'png')) as Buffer;
    const [profile] = profiles();
    assert.ok(profile, 'a profile while the browser runs');
    const pids = browserPids(`${os.tmpdir()}/${profile}`);
    assert.ok(pids.length > 0, 'the browser process is found');
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));

    const second = (await renderStatic(figure, 'png')) as Buffer;
    assert.ok(second.equals(first), 'the new browser draws the same image');
    assert.ok(!profiles().includes(profile), "the dead browser's profile is removed");
    await closeRenderer();
    assert.deepEqual(profiles(), []);
  });
});
