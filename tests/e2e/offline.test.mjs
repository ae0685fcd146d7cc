// Offline use: the service worker keeps the site on the device after the
// first visit, and a new version waits until the user chooses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  launch, newContext, openApp, expectNoAxeViolations, expectNoProblems, waitForReady,
} from './lib.mjs';
import { CLI, FIXTURES_AS_OF, startDraft, waitForSaved } from './referral.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Resolves once the service worker controls the page (it claims the page
// that first registered it).
function controlled(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
    return navigator.serviceWorker.controller.scriptURL;
  });
}

async function startOnPupilPage(page, name) {
  await startDraft(page, name);
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: 'Pupil and school' }).click();
}

test('after the first visit every page works with no network, and drafts are kept', async () => {
  const { context, problems } = await newContext(browser);
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const page = await openApp(context, '');
  assert.match(await controlled(page), /sw\.js$/);
  await context.setOffline(true);

  const site = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
  for (const [path, heading] of [
    ['school.html#/', 'Refer a pupil'],
    ['parent.html#/', 'Review a referral as a parent or carer'],
    ['council.html#/', 'Check a referral pack'],
    ['', 'Refer a pupil to the ESMA Teaching Service'],
  ]) {
    await page.goto(new URL(path, site).href);
    await waitForReady(page);
    await page.locator('h1', { hasText: heading }).first().waitFor();
    // The council's settings came from the device, not the built-in defaults.
    assert.equal(await page.locator('#settings-problem-title').count(), 0, `settings missing offline on ${path}`);
  }

  await page.goto(new URL('school.html#/', site).href);
  await waitForReady(page);
  await startOnPupilPage(page, 'Offline draft');
  await page.locator('#f-pupil-firstName').fill('Robin');
  await waitForSaved(page);
  await page.reload();
  await waitForReady(page);
  assert.equal(await page.locator('#f-pupil-firstName').inputValue(), 'Robin');
  await expectNoAxeViolations(page, 'a question page, offline');
  expectNoProblems(problems);
  await context.close();
});

test('offline, the council is told its trusted keys are the copy on the device, and from when', async () => {
  // A school's key on the council's list, and a pack it signed.
  const dir = mkdtempSync(join(tmpdir(), 'esma-offline-keys-'));
  const cli = (...args) => execFileSync(CLI, args, { cwd: dir, encoding: 'utf8' });
  cli('example', '--dir', 'D');
  const keys = JSON.stringify({ keys: [JSON.parse(cli('keygen', '--out', 'K.jwk'))] });
  cli('sign', 'D/referral.json', '--key', 'K.jwk', '--out', 'P.esma-pack.json');
  const { context, problems } = await newContext(browser);
  try {
    // The host's list, served on 28 November 2026 (its Date header). A
    // route answers even offline, so it fails then, as the network would.
    let offline = false;
    await context.route('**/trusted-keys.json', (route) => (offline
      ? route.abort('internetdisconnected')
      : route.fulfill({
        status: 200, contentType: 'application/json', body: keys,
        headers: { date: 'Sat, 28 Nov 2026 10:00:00 GMT' },
      })));
    const page = await openApp(context, 'council.html#/');
    await controlled(page);
    const hint = page.locator('#keys-file-hint');
    await hint.filter({ hasNotText: 'Looking for' }).waitFor();
    const banner = page.getByRole('region', { name: 'This device is offline' });
    assert.equal(await banner.count(), 0, 'online, the list is the host\'s own');

    await context.setOffline(true);
    offline = true;
    await page.reload();
    await waitForReady(page);
    await hint.filter({ hasNotText: 'Looking for' }).waitFor();
    assert.match(await banner.innerText(),
      /The council's list of trusted keys is the copy saved on this device on 28 November 2026\.\s+A school key the council has taken off its list since then still shows as trusted here/);
    assert.match(await hint.innerText(), /offline, so it is using the copy .* saved on this device on 28 November 2026: 1 key\./);
    await page.locator('#pack-file').setInputFiles(join(dir, 'P.esma-pack.json'));
    await page.locator('#result[data-verdict="trusted"]').waitFor();
    assert.match(await page.locator('#offline-keys-warning').innerText(),
      /This device is offline: the trusted list checked is the copy saved on this device on 28 November 2026\. Check the pack again online/);
    await expectNoAxeViolations(page, 'the council page with offline keys');

    // Back online: the host's list again, and no warning.
    await context.setOffline(false);
    offline = false;
    await page.reload();
    await waitForReady(page);
    await hint.filter({ hasText: 'from this site' }).waitFor();
    assert.equal(await banner.count(), 0);
    expectNoProblems(problems);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// A copy of the built site on its own port, so the test can deploy a "new
// version" into it.
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.png': 'image/png', '.svg': 'image/svg+xml',
};

async function serveCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'esma-site-'));
  cpSync(DIST, dir, { recursive: true, filter: (f) => !/\.(gz|br)$/.test(f) });
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    try {
      const body = readFileSync(join(dir, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { dir, url, close: () => { server.close(); rmSync(dir, { recursive: true, force: true }); } };
}

// What the council's next deploy would change: a page and the worker's version.
function deployNewVersion(dir) {
  const school = join(dir, 'school.html');
  writeFileSync(school, readFileSync(school, 'utf8').replace('<head>', '<head><meta name="esma-build" content="next">'));
  const sw = join(dir, 'sw.js');
  writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const VERSION = '([0-9a-f]+)'/, "const VERSION = '$1-next'"));
}

test('a new version waits for the user, who loses nothing by switching', async () => {
  const site = await serveCopy();
  const { context, problems } = await newContext(browser, { origin: new URL(site.url).origin });
  try {
    await context.clock.setFixedTime(FIXTURES_AS_OF);
    const page = await context.newPage();
    await page.goto(`${site.url}school.html#/`);
    await waitForReady(page);
    await controlled(page);
    await startOnPupilPage(page, 'Update test');
    await page.locator('#f-pupil-firstName').fill('Robin');
    await page.evaluate(() => { window.esmaSamePage = true; });

    deployNewVersion(site.dir);
    // The app looks for a new version whenever the user comes back to the tab.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const banner = page.getByRole('region', { name: 'New version' });
    await banner.waitFor();
    assert.match(await banner.innerText(), /A new version of this service is ready/);
    // Nothing was reloaded under the user: same page, same answers, and they can carry on.
    assert.equal(await page.evaluate(() => window.esmaSamePage), true);
    assert.equal(await page.locator('#f-pupil-firstName').inputValue(), 'Robin');
    await expectNoAxeViolations(page, 'the new version banner');
    await page.locator('#f-pupil-lastName').fill('Ashby');

    // Switch by keyboard; the page reloads into the new version.
    await banner.getByRole('button', { name: 'Use the new version' }).focus();
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await waitForReady(page);
    assert.equal(await page.locator('meta[name="esma-build"]').count(), 1, 'the new version is running');
    assert.equal(await page.evaluate(() => window.esmaSamePage), undefined);
    await page.locator('#f-pupil-firstName').waitFor();
    assert.equal(await page.locator('#f-pupil-firstName').inputValue(), 'Robin');
    assert.equal(await page.locator('#f-pupil-lastName').inputValue(), 'Ashby');
    assert.equal(await banner.count(), 0);
    // Only the new version's files are kept.
    const caches = await page.evaluate(() => caches.keys());
    assert.equal(caches.length, 1);
    assert.match(caches[0], /-next$/);
    expectNoProblems(problems);
  } finally {
    await context.close();
    site.close();
  }
});
