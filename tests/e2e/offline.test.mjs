// Offline use: once a page of the service has been opened, the service
// worker keeps that page's journey on the device, and only that journey; a
// new version waits until the user chooses it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launch, newContext, openApp, expectNoAxeViolations, expectNoProblems, serveFolder, waitForOffline,
  waitForReady, BASE_URL, DIST,
} from './lib.mjs';
import { CLI, FIXTURES_AS_OF, startDraft, waitForSaved } from './referral.mjs';

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

// The wasm files the worker's caches hold, by binary: ['parent', 'school'].
function keptBinaries(page) {
  return page.evaluate(async () => {
    const kept = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) {
        const wasm = request.url.match(/\/([a-z-]+)-[0-9a-f]{8,16}_bg\.wasm$/);
        if (wasm) kept.push(wasm[1]);
      }
    }
    return kept.sort();
  });
}

async function opensOffline(page, path, heading) {
  await page.goto(new URL(path, BASE_URL).href);
  await waitForReady(page);
  await page.locator('h1', { hasText: heading }).first().waitFor();
  // The council's settings came from the device, not the built-in defaults.
  assert.equal(await page.locator('#settings-problem-title').count(), 0, `settings missing offline on ${path}`);
}

test('the journey opened works with no network and keeps drafts; another is kept once opened, and only then', async () => {
  const { context, problems } = await newContext(browser);
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const page = await openApp(context, 'school.html#/');
  await waitForOffline(page);
  assert.match(await controlled(page), /sw\.js$/);
  assert.deepEqual(await keptBinaries(page), ['school'], 'only the school journey is kept');

  await context.setOffline(true);
  await opensOffline(page, 'school.html#/', 'Refer a pupil');
  await startOnPupilPage(page, 'Offline draft');
  await page.locator('#f-pupil-firstName').fill('Robin');
  await waitForSaved(page);
  await page.reload();
  await waitForReady(page);
  assert.equal(await page.locator('#f-pupil-firstName').inputValue(), 'Robin');
  await expectNoAxeViolations(page, 'a question page, offline');

  // Online again, the parent page is opened: its journey is kept too.
  await context.setOffline(false);
  await page.goto(new URL('parent.html#/', BASE_URL).href);
  await waitForReady(page);
  await waitForOffline(page);
  assert.deepEqual(await keptBinaries(page), ['parent', 'school']);
  await context.setOffline(true);
  await opensOffline(page, 'parent.html#/', 'Review a referral as a parent or carer');
  await opensOffline(page, 'school.html#/', 'Refer a pupil');
  expectNoProblems(problems);

  // The council's page was never opened on this device: it is not there offline.
  await assert.rejects(page.goto(new URL('council.html#/', BASE_URL).href), /ERR_/);
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
    await waitForOffline(page);
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
async function serveCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'esma-site-'));
  cpSync(DIST, dir, { recursive: true, filter: (f) => !/\.(gz|br)$/.test(f) });
  const server = await serveFolder(dir);
  return {
    dir,
    url: server.url,
    close: async () => { await server.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

// What the council's next deploy would change: a page and the worker's version.
function deployNewVersion(dir) {
  const school = join(dir, 'school.html');
  writeFileSync(school, readFileSync(school, 'utf8').replace('<head>', '<head><meta name="esma-build" content="next">'));
  const sw = join(dir, 'sw.js');
  const worker = readFileSync(sw, 'utf8');
  const next = worker.replace(/const VERSION ?= ?(["'])([0-9a-f]+)\1/, 'const VERSION="$2-next"');
  assert.notEqual(next, worker, 'sw.js names its VERSION');
  writeFileSync(sw, next);
}

test('a new version waits for the user, who loses nothing by switching', async () => {
  const site = await serveCopy();
  const { context, problems } = await newContext(browser, { origin: new URL(site.url).origin });
  try {
    await context.clock.setFixedTime(FIXTURES_AS_OF);
    const page = await context.newPage();
    await page.goto(`${site.url}school.html#/`);
    await waitForReady(page);
    await waitForOffline(page);
    await startOnPupilPage(page, 'Update test');
    await page.locator('#f-pupil-firstName').fill('Robin');
    await page.evaluate(() => { window.esmaSamePage = true; });

    deployNewVersion(site.dir);
    // The app looks for a new version whenever the user comes back to the tab.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    const banner = page.getByRole('region', { name: 'New version' });
    await banner.waitFor();
    assert.match(await banner.innerText(), /A new version of this service is ready/);
    // The waiting version has already kept the journey this device kept, so
    // offline use carries on after switching.
    const kept = await page.evaluate(async () => {
      const next = (await caches.keys()).find((name) => name.endsWith('-next'));
      return (await (await caches.open(next)).match('school.html'))?.text();
    });
    assert.match(kept ?? '', /<meta name="esma-build" content="next">/);
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
    await site.close();
  }
});
