import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findChromium, plotlyPath } from '../src/figures/renderStatic';
(async () => {
  const t0 = performance.now(); const lap = (w: string) => console.log(w, ((performance.now() - t0) / 1000).toFixed(2));
  const puppeteer = await import('puppeteer-core'); lap('import');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chr-'));
  const browser = await puppeteer.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'], headless: true, pipe: true, userDataDir: dir }); lap('launch');
  const page = await browser.newPage(); lap('page');
  const html = path.join(dir, 'page.html');
  fs.writeFileSync(html, `<!doctype html><html><body><div id="figure"></div><script src="file://${plotlyPath()}"></script></body></html>`);
  await page.goto(`file://${html}`, { waitUntil: 'load' }); lap('goto+plotly');
  console.log(await page.evaluate(() => typeof (globalThis as any).Plotly));
  await browser.close(); lap('close');
  fs.rmSync(dir, { recursive: true, force: true });
})();
