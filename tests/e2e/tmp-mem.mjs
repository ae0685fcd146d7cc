import { readFileSync, writeFileSync } from 'node:fs';
import { launch, newContext, openApp } from './lib.mjs';
const file = process.argv[2];
const browser = await launch(['--enable-precise-memory-info']);
const st = (pid, f) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${f}:\\s+(\\d+) kB`))[1]) / 1024;
async function procs() {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  return processInfo.filter((p) => p.type === 'browser' || p.type === 'renderer').map((p) => [p.id, p.type + (readFileSync(`/proc/${p.id}/cmdline`, 'utf8').includes('top-chrome-webui') ? '(ui)' : '')]);
}
for (let i = 0; i < 4; i++) {
  const { context } = await newContext(browser, process.env.BLOCK ? { serviceWorkers: 'block' } : {});
  await context.route('**/trusted-keys.json', (r) => r.fulfill({ status: 404, body: '' }));
  const page = await openApp(context, 'council.html#/');
  await page.locator('#keys-file-hint').filter({ hasNotText: 'Looking for' }).waitFor();
  if (process.env.WAIT) await page.waitForTimeout(Number(process.env.WAIT));
  const ps = await procs();
  const r1 = new Map(ps.map(([p]) => { writeFileSync(`/proc/${p}/clear_refs`, '5'); return [p, st(p, 'VmRSS')]; }));
  await page.locator('#pack-file').setInputFiles(file);
  await page.locator('#result').waitFor();
  if (await page.locator('#run-rules').count()) { await page.locator('#run-rules').click(); await page.locator('#what-blocks').waitFor(); }
  console.log(ps.map(([p, t]) => `${t}:+${(st(p, 'VmHWM') - r1.get(p)).toFixed(1)}`).join(' '));
  await context.close();
}
await browser.close();
