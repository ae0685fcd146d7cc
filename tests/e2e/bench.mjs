// Browser benchmarks for `cargo xtask bench`: prints one JSON line per figure.
import { launch, newContext, firstLoad, waitForReady, BASE_URL } from './lib.mjs';

const COLD_LOADS = 7;

function figure(metric, value, unit) {
  console.log(JSON.stringify({ metric, value, unit }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const browser = await launch();
try {
  const { gzipBytes } = await firstLoad(browser);
  figure('first_load_gzip_bytes', gzipBytes, 'bytes');

  // Cold loads: a new context each time has an empty cache. The app marks
  // `app-ready` once mounted; its start time is measured from navigation.
  const times = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const { context } = await newContext(browser);
    const page = await context.newPage();
    await page.goto(BASE_URL);
    await waitForReady(page);
    times.push(await page.evaluate(() => performance.getEntriesByName('app-ready')[0].startTime));
    await context.close();
  }
  figure('first_render_ms', Math.round(median(times) * 10) / 10, 'ms');
} finally {
  await browser.close();
}
