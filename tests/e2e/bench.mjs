// Browser benchmarks for `cargo xtask bench`: prints one JSON line per figure.
// Timings come from the app's own code paths where it can (performance
// measures `esma-validate` and `esma-sha256` around validation and hashing).
// The peer form (bench/peer-surveyjs, served at PEER_URL) is measured in the
// same run, so the ratios hold on a loaded machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, newContext, firstLoad, firstVisit, openApp, waitForOffline, waitForReady, BASE_URL } from './lib.mjs';
import { draftFile, draftFileOf, fixture, seedDrafts, waitForSaved } from './referral.mjs';

const COLD_LOADS = 7;
// Cold loads of the school page and the peer, taken in turn. Eleven, not
// five: with five, the ratio of the medians moved 0.31–0.38 between runs of
// one build; with 21 it was 0.335, and eleven keeps the run short.
const SIDE_BY_SIDE_LOADS = 11;
const JOURNEYS = ['school', 'parent', 'council'];
const PEER_URL = process.env.PEER_URL;
// The hostile files `cargo xtask bench` made for the command line's figures
// (crates/esma-cli/examples/bench_inputs.rs).
const BENCH_INPUTS = process.env.BENCH_INPUTS_DIR;
const KEYSTROKES = 100;
const HASH_BYTES = 20_000_000;

function figure(metric, value, unit) {
  console.log(JSON.stringify({ metric, value, unit }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const round = (x, places) => Math.round(x * 10 ** places) / 10 ** places;

// Not a faked clock: Playwright's fake clock replaces `performance`, and the
// measures below come from it. The fixtures used here hold on any date for
// what is measured.
async function device(browser) {
  const { context } = await newContext(browser);
  return context;
}

async function importDraft(page, name) {
  await page.locator('#import-draft').setInputFiles(draftFile(name));
  await page.locator('.govuk-task-list').waitFor();
}

// A parent's consent given in the app (its signature is not what is measured).
function withInAppConsent(referral) {
  return {
    ...referral,
    consent: { record: { decision: 'given', name: 'Chris Taylor', relationship: 'Mother', response: '{}' } },
  };
}

// The peer form is ready when SurveyJS has put `.sd-root-modern` in the page.
const waitForPeer = (page) => page.waitForSelector('.sd-root-modern', { state: 'attached' });

// Marks `peer-ready` the moment the peer is ready: installed before the
// page's scripts, as the app's own `app-ready` mark is made by its code.
function markPeerReady() {
  new MutationObserver((_, observer) => {
    if (document.querySelector('.sd-root-modern')) {
      performance.mark('peer-ready');
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

// One cold load (a new context: empty caches) of `url`, in ms from navigation
// to ready: the app's `app-ready` mark or the peer's `peer-ready`. Requests
// to other origins are blocked (the peer's web font), so nothing waits on
// them. Service workers are blocked: the app's starts after ready anyway.
async function readyTime(browser, url, { peer = false } = {}) {
  const { context } = await newContext(browser, { origin: new URL(url).origin, serviceWorkers: 'block' });
  if (peer) await context.addInitScript(markPeerReady);
  const page = await context.newPage();
  await page.goto(url);
  await (peer ? waitForPeer(page) : waitForReady(page));
  const ms = await page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime,
    peer ? 'peer-ready' : 'app-ready');
  await context.close();
  return ms;
}

// The peak growth of the browser's memory while `action` runs: the
// resident memory of the browser process and of every renderer, read from
// Linux's /proc (VmHWM, which writing 5 to clear_refs resets to the present
// size), so the JS heap, the wasm memory, a file's bytes and blobs all
// count. A sum of each process's peak: if anything, an overestimate.
// Not counted: the renderer of Chromium's own interface (`--top-chrome-webui`,
// its address bar's pop-up, which headless Chromium runs too). It shows no
// page of ours, yet it grew by up to 26 MB while a check ran, and by as much
// while the page did nothing but fill an array: counted, it made the worst
// file's figure swing between 1.0 and 1.5 from run to run.
async function peakGrowth(browser, action) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  // Chromium rewrites its processes' titles: the arguments are separated by
  // spaces in /proc, not by NULs.
  const chromiumsOwn = (pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/).includes('--top-chrome-webui');
  const pids = processInfo
    .filter((p) => p.type === 'browser' || (p.type === 'renderer' && !chromiumsOwn(p.id)))
    .map((p) => p.id);
  const bytes = (pid, field) => 1024 * Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`))[1]);
  const start = new Map(pids.map((pid) => {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return [pid, bytes(pid, 'VmRSS')];
  }));
  await action();
  return pids.reduce((sum, pid) => sum + Math.max(0, bytes(pid, 'VmHWM') - start.get(pid)), 0);
}

// Opens a hostile file on the page that reads its kind, and waits for the
// page's answer (for a valid pack from an unknown key, after asking for
// today's rules too): the council's page for packs, the parent's for
// consent requests, the school's draft import for anything else.
async function openHostile(browser, entry, path) {
  const { context } = await newContext(browser);
  const [where, input, answer] = entry.file.endsWith('.esma-pack.json')
    ? ['council.html#/', '#pack-file', '#result']
    : entry.file.endsWith('.esma-consent-request.json')
      ? ['parent.html#/', '#request-file', '#opened, #refusal']
      : ['school.html#/', '#import-draft', '.govuk-error-summary, .govuk-task-list'];
  const page = await openApp(context, where);
  if (where.startsWith('council')) await page.locator('#keys-file-hint').filter({ hasNotText: 'Looking for' }).waitFor();
  // The worker keeps the journey for offline use once the page is idle: a
  // cost of the first visit whatever file is then opened (8-18 MB more in
  // the page's process when it ran during the check), so it is done first.
  await waitForOffline(page);
  let outcome = '';
  let ms = 0;
  const grown = await peakGrowth(browser, async () => {
    const started = performance.now();
    await page.locator(input).setInputFiles(path);
    await page.locator(answer).first().waitFor({ timeout: 300_000 });
    if (where.startsWith('council')) {
      outcome = await page.locator('#result').getAttribute('data-verdict');
      if (outcome === 'valid-unknown-signer') {
        await page.locator('#run-rules').click();
        await page.locator('#what-blocks').waitFor({ timeout: 300_000 });
        outcome += ', rules run';
      }
    } else {
      outcome = await page.locator(answer).first().evaluate((e) => e.id || e.className);
    }
    ms = performance.now() - started;
  });
  await context.close();
  return { where: where.split('.')[0], outcome, ms, grown };
}

// Precise heap figures for export_peak_memory_ratio.
const browser = await launch(['--enable-precise-memory-info']);
try {
  // The page's own first load (service workers blocked), then everything a
  // first visit transfers, the worker's fetches included.
  const firstLoads = {};
  const { gzipBytes } = await firstLoad(browser);
  figure('first_load_gzip_bytes', gzipBytes, 'bytes');
  for (const journey of JOURNEYS) {
    firstLoads[journey] = (await firstLoad(browser, `${journey}.html#/`)).gzipBytes;
    figure(`${journey}_first_load_gzip_bytes`, firstLoads[journey], 'bytes');
  }
  // The school's pages about the device (passphrase, signing key, deleting
  // everything), a page of their own so school.html need not carry them.
  figure('school_device_first_load_gzip_bytes', (await firstLoad(browser, 'school-device.html#/key')).gzipBytes, 'bytes');
  const firstVisits = {};
  for (const [journey, path] of [['start', ''], ...JOURNEYS.map((j) => [j, `${j}.html#/`])]) {
    firstVisits[journey] = (await firstVisit(browser, path)).gzipBytes;
    figure(`${journey}_first_visit_total_gzip_bytes`, firstVisits[journey], 'bytes');
  }
  figure('school_device_first_visit_total_gzip_bytes', (await firstVisit(browser, 'school-device.html#/key')).gzipBytes, 'bytes');

  // Cold loads: a new context each time has an empty cache. The app marks
  // `app-ready` once mounted; its start time is measured from navigation.
  const times = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    times.push(await readyTime(browser, BASE_URL));
  }
  figure('first_render_ms', round(median(times), 1), 'ms');

  // The school page beside the peer form: sizes, and cold loads in turn.
  if (PEER_URL) {
    const peer = await firstLoad(browser, '', { base: PEER_URL, ready: waitForPeer });
    figure('peer_first_load_gzip_bytes', peer.gzipBytes, 'bytes');
    const school = [];
    const peerTimes = [];
    for (let i = 0; i < SIDE_BY_SIDE_LOADS; i++) {
      school.push(await readyTime(browser, new URL('school.html#/', BASE_URL).href));
      peerTimes.push(await readyTime(browser, PEER_URL, { peer: true }));
    }
    figure('school_ready_ms', round(median(school), 1), 'ms');
    figure('peer_ready_ms', round(median(peerTimes), 1), 'ms');
    for (const journey of JOURNEYS) {
      figure(`${journey}_vs_peer_first_load_ratio`, round(firstLoads[journey] / peer.gzipBytes, 3), 'ratio');
    }
    for (const journey of ['start', ...JOURNEYS]) {
      figure(`${journey}_vs_peer_first_visit_ratio`, round(firstVisits[journey] / peer.gzipBytes, 3), 'ratio');
    }
    figure('school_vs_peer_ready_ratio', round(median(school) / median(peerTimes), 3), 'ratio');
  } else {
    console.error('PEER_URL is not set: no figures for the peer form, and no ratios.');
  }

  // Validation of a complete referral, as it runs on every keystroke; then
  // the same referral carrying a parent's in-app consent, when validation
  // also hashes the referral's content to check the consent still matches.
  for (const [metric, referral] of [
    ['validate_full_wasm_ms', fixture('complete')],
    ['validate_with_consent_wasm_ms', withInAppConsent(fixture('complete'))],
  ]) {
    const context = await device(browser);
    const page = await openApp(context, 'school.html#/');
    await page.locator('#import-draft').setInputFiles(draftFileOf(metric, referral));
    await page.locator('.govuk-task-list').waitFor();
    await page.getByRole('link', { name: 'Baseline and the pupil\'s voice' }).click();
    const field = page.locator('#f-baseline-pupilVoice');
    await field.focus();
    await page.keyboard.press('End');
    for (let i = 0; i < KEYSTROKES; i++) await page.keyboard.type('x');
    await waitForSaved(page);
    const durations = await page.evaluate(() =>
      performance.getEntriesByName('esma-validate').map((e) => e.duration));
    // The browser's clock ticks in 0.1 ms steps here (no cross-origin
    // isolation), finer than one validation: the mean over many keystrokes
    // is the honest figure.
    const mean = durations.reduce((a, b) => a + b, 0) / durations.length;
    figure(metric, round(mean, 3), 'ms');
    await context.close();
  }

  // Keystroke to the updated message on screen: each keystroke makes the
  // funding statement's error message go (a letter typed) or come back
  // (deleted), and the time runs from keydown to the next frame after the change.
  // The statement holds two words, one short of the council's minimum
  // (answerChecks.descriptionMinWords, 3), so a letter typed makes the third.
  {
    const context = await device(browser);
    const page = await openApp(context, 'school.html#/');
    await importDraft(page, 'missing-medical-evidence-and-funding-statement');
    await page.getByRole('link', { name: 'Funding', exact: true }).click();
    await page.getByRole('button', { name: 'Save and continue' }).click();
    const path = 'funding.pupilPremiumGrant.statement';
    await page.locator(`[data-field="${path}"] .govuk-error-message`).waitFor();
    const statement = page.locator('#f-funding-pupilPremiumGrant-statement');
    await statement.focus();
    await page.keyboard.type('Funds mentoring ');
    await waitForSaved(page);
    await page.locator(`[data-field="${path}"] .govuk-error-message`).waitFor();
    await page.evaluate((path) => {
      window.__latencies = [];
      let keydownAt = 0;
      document.addEventListener('keydown', () => { keydownAt = performance.now(); }, true);
      const group = () => document.querySelector(`[data-field="${path}"]`);
      let shown = true;
      new MutationObserver(() => {
        const now = !!group()?.querySelector('.govuk-error-message');
        if (now !== shown) {
          shown = now;
          requestAnimationFrame(() => window.__latencies.push(performance.now() - keydownAt));
        }
      }).observe(document.querySelector('main'), { childList: true, subtree: true });
    }, path);
    for (let i = 0; i < KEYSTROKES / 5; i++) {
      await page.keyboard.press('x');
      await page.waitForFunction((n) => window.__latencies.length >= n, 2 * i + 1);
      await page.keyboard.press('Backspace');
      await page.waitForFunction((n) => window.__latencies.length >= n, 2 * i + 2);
    }
    const latencies = await page.evaluate(() => window.__latencies);
    figure('keystroke_to_message_ms', round(median(latencies), 2), 'ms');
    await context.close();
  }

  // Hashing a 20 MB attachment with WebCrypto, as the upload does.
  {
    const context = await device(browser);
    const page = await openApp(context, 'school.html#/');
    await page.fill('#new-draft-name', 'Bench');
    await page.getByRole('button', { name: 'Start a new referral' }).click();
    await page.locator('h1', { hasText: 'Check the pupil can be referred' }).waitFor();
    await page.goto(page.url().replace(/eligibility$/, 'support'));
    await page.locator('[data-field="support.apdr.attachmentId"] input[type=file]').setInputFiles({
      name: 'big.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(HASH_BYTES, 7),
    });
    await page.locator('[data-field="support.apdr.attachmentId"] button:has-text("View")').waitFor({ timeout: 60_000 });
    const [ms] = await page.evaluate(() => performance.getEntriesByName('esma-sha256').map((e) => e.duration));
    figure('sha256_mb_per_s', round(HASH_BYTES / 1e6 / (ms / 1000), 1), 'MB/s');
    await context.close();
  }

  // Sign and export a referral carrying 20 MB of attachments: the time, and
  // the peak memory growth (JS heap plus the wasm's linear memory, which only
  // grows, so its size is its high-water mark) over the attachments' size.
  {
    const { context } = await newContext(browser, { acceptDownloads: true });
    await context.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
    });
    const page = await openApp(context, 'school-device.html#/key');
    await page.fill('#key-school', 'Bench School');
    await page.fill('#key-referrer', 'Bench');
    await page.getByRole('button', { name: 'Make a signing key' }).click();
    await page.locator('#key-fingerprint').waitFor();
    await page.goto(new URL('school.html#/', page.url()).href);
    await waitForReady(page);
    await importDraft(page, 'complete');
    await page.getByRole('link', { name: 'Attachments and other information' }).click();
    // With the fixture's small files, 20 MB of attachments in all.
    const extra = HASH_BYTES - fixture('complete').attachments.reduce((sum, a) => sum + a.size, 0);
    await page.locator('[data-field="attachments"] input[type=file]').setInputFiles({
      name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(extra, 3),
    });
    await page.locator('#f-attachments-6').waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Back to your referral' }).click();
    await page.getByRole('link', { name: 'Check your answers' }).click();
    const sign = page.getByRole('button', { name: 'Sign and save the referral pack' }).first();
    await sign.waitFor();
    const attachmentBytes = extra + fixture('complete').attachments.reduce((sum, a) => sum + a.size, 0);
    await page.evaluate(() => {
      window.__heapStart = performance.memory.usedJSHeapSize;
      window.__wasmStart = window.__wasm.memory.buffer.byteLength;
      window.__heapPeak = window.__heapStart;
      window.__sampler = setInterval(() => {
        window.__heapPeak = Math.max(window.__heapPeak, performance.memory.usedJSHeapSize);
      }, 1);
    });
    await Promise.all([page.waitForEvent('download'), sign.click()]);
    await page.locator('#pack-saved').waitFor();
    const result = await page.evaluate(() => {
      clearInterval(window.__sampler);
      const heapPeak = Math.max(window.__heapPeak, performance.memory.usedJSHeapSize);
      return {
        ms: performance.getEntriesByName('esma-sign-export').at(-1).duration,
        grown: (heapPeak - window.__heapStart) + (window.__wasm.memory.buffer.byteLength - window.__wasmStart),
      };
    });
    figure('sign_export_20mb_ms', round(result.ms, 1), 'ms');
    figure('export_peak_memory_ratio', round(result.grown / attachmentBytes, 2), 'ratio');
    await context.close();
  }

  // 200 drafts on one device: listing them plain, then protected with a
  // passphrase (each draft decrypted), and unlocking (PBKDF2 at 600,000
  // iterations, then unwrapping the drafts key).
  {
    const context = await device(browser);
    const page = await openApp(context, 'school.html#/');
    await page.fill('#new-draft-name', 'Draft 1');
    await page.getByRole('button', { name: 'Start a new referral' }).click();
    await waitForSaved(page);
    await seedDrafts(page, 200);
    const listed = async () => {
      await page.getByRole('link', { name: 'Draft 200', exact: true }).waitFor();
      return page.evaluate(() => performance.getEntriesByName('esma-list-drafts').at(-1).duration);
    };
    await page.goto(new URL('school.html#/', page.url()).href);
    await page.reload();
    figure('list_200_drafts_ms', round(await listed(), 1), 'ms');
    await page.goto(new URL('school-device.html#/protect', page.url()).href);
    await page.locator('#new-passphrase').fill('kettle orange bicycle');
    await page.locator('#confirm-passphrase').fill('kettle orange bicycle');
    const started = Date.now();
    await page.getByRole('button', { name: 'Protect my drafts' }).click();
    await page.getByText('Your drafts are now protected with the passphrase').waitFor();
    figure('protect_200_drafts_ms', Date.now() - started, 'ms');
    await page.goto(new URL('school.html#/', page.url()).href);
    await page.reload();
    await page.locator('#passphrase').fill('kettle orange bicycle');
    await page.keyboard.press('Enter');
    figure('list_200_protected_drafts_ms', round(await listed(), 1), 'ms');
    const unlock = await page.evaluate(() => performance.getEntriesByName('esma-unlock').at(-1).duration);
    figure('unlock_passphrase_ms', round(unlock, 1), 'ms');
    await context.close();
  }

  // Issue 12's budget in the browser: every hostile file is refused or
  // checked with peak memory at most 3 x its size + 50 MB, in at most 1 s
  // per 10 MB (and 1 s for anything smaller). Reported as the share of the
  // budget used, the worst over all files; each file's figures too.
  if (BENCH_INPUTS) {
    const dir = join(BENCH_INPUTS, 'hostile');
    let worstMemory = 0;
    let worstTime = 0;
    for (const entry of JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'))) {
      const r = await openHostile(browser, entry, join(dir, entry.file));
      const memory = r.grown / (3 * entry.bytes + 50e6);
      const time = r.ms / 1000 / Math.max(1, entry.bytes / 10e6);
      worstMemory = Math.max(worstMemory, memory);
      worstTime = Math.max(worstTime, time);
      console.error(`  ${r.where} page, ${entry.file}: ${entry.bytes} bytes, ${r.outcome}, ${Math.round(r.ms)} ms, peak growth ${(r.grown / 1e6).toFixed(1)} MB (${memory.toFixed(2)} of the memory budget, ${time.toFixed(2)} of the time budget)`);
      const name = `browser_hostile_${entry.file.replace(/\.json$/, '').replace(/[^a-z0-9]/gi, '_')}`;
      figure(`${name}_ms`, round(r.ms, 1), 'ms');
      figure(`${name}_peak_mb`, round(r.grown / 1e6, 1), 'MB');
    }
    figure('browser_hostile_worst_memory_ratio', round(worstMemory, 3), 'ratio');
    figure('browser_hostile_worst_time_ratio', round(worstTime, 3), 'ratio');
  } else {
    console.error('BENCH_INPUTS_DIR is not set: no figures for hostile files in the browser.');
  }
} finally {
  await browser.close();
}
