import { findChromium, plotlyPath } from '../src/figures/renderStatic';
(async () => {
  const t0 = performance.now(); const lap = (w: string) => console.log(w, ((performance.now() - t0) / 1000).toFixed(2));
  const puppeteer = await import('puppeteer-core'); lap('import');
  const browser = await puppeteer.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'], headless: true, pipe: true }); lap('launch');
  const page = await browser.newPage(); lap('page');
  await page.setContent('<!doctype html><html><body><div id="figure"></div></body></html>'); lap('content');
  await page.addScriptTag({ path: plotlyPath() }); lap('plotly');
  await browser.close(); lap('close');
})();
