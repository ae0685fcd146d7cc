import { launch, newContext, openApp } from './lib.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
const H = '/work/main/target/bench-inputs/hostile/';
const browser = await launch(['--enable-precise-memory-info']);
async function pids() {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  return processInfo.filter((p) => p.type === 'browser' || p.type === 'renderer').map((p) => p.id);
}
const kb = (pid, f) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${f}:\\s+(\\d+) kB`))[1]) / 1024;
async function phase(label, page, fn) {
  const ps = await pids();
  const start = new Map(ps.map((p) => { writeFileSync(`/proc/${p}/clear_refs`, '5'); return [p, kb(p, 'VmRSS')]; }));
  await fn();
  const per = ps.map((p) => [p, (kb(p, 'VmHWM') - start.get(p)).toFixed(1)]);
  const wasm = await page.evaluate(() => window.__wasm.memory.buffer.byteLength / 1e6);
  const js = await page.evaluate(() => performance.memory.usedJSHeapSize / 1e6);
  console.log(label, JSON.stringify(per), 'jsheap', js.toFixed(1), 'wasm now', wasm.toFixed(1));
}
for (const file of (process.argv[2] ?? 'limits-full.esma-pack.json').split(',')) {
  const { context } = await newContext(browser);
  await context.addInitScript(() => { addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; }); });
  await context.route('**/trusted-keys.json', (route) => route.fulfill({ status: 404, body: '' }));
  const page = await openApp(context, 'council.html#/');
  await page.locator('#keys-file-hint').filter({ hasNotText: 'Looking for' }).waitFor();
  console.log('wasm before', await page.evaluate(() => (window.__wasm.memory.buffer.byteLength / 1e6).toFixed(1)));
  await phase(`${file} open+rules`, page, async () => { await page.locator('#pack-file').setInputFiles(H + file); await page.locator('#result').waitFor({ timeout: 300000 });
    if (await page.locator('#result').getAttribute('data-verdict') === 'valid-unknown-signer') { await page.locator('#run-rules').click(); await page.locator('#what-blocks').waitFor({ timeout: 300000 }); } });
  console.log(' verdict', await page.locator('#result').getAttribute('data-verdict'), 'DOM nodes', await page.evaluate(() => document.getElementsByTagName('*').length));
  if (false) {
    await phase(`${file} rules`, page, async () => { await page.locator('#run-rules').click(); await page.locator('#what-blocks').waitFor({ timeout: 300000 }); });
    console.log(' DOM nodes', await page.evaluate(() => document.getElementsByTagName('*').length), 'text KB', await page.evaluate(() => (document.body.innerText.length / 1024).toFixed(0)));
  }
  await context.close();
}
await browser.close();
