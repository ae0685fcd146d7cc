// Measures the school's keyboard journey (issue 14): screens, key presses and
// seconds for one referral from the start page to a saved, signed pack, as a
// keyboard user goes: Tab to each field in turn, type, arrow keys for radios,
// Enter on buttons and links. The same scripted shape runs on any version of
// the service, so a before and an after compare like for like:
//
//   1. from the start page to a new draft;
//   2. every page "Save and continue" leads to, answered from one referral
//      (issue 14's scenario: a Year 10 pupil with anxiety, 20 days absent, a
//      CAMHS letter and an EHCP), with one answer typed wrong at first;
//   3. at Check your answers, that answer put right through its "Change" link;
//   4. whatever the service then asks before it signs: the signing key,
//      parental consent in the service (the parent's part played by the
//      esma-referral CLI, not counted), and again if consent was voided;
//   5. sign and save the pack.
//
// Usage: BASE_URL=http://127.0.0.1:8080/ node tests/e2e/measure-journey.mjs
//        node tests/e2e/measure-journey.mjs --dir path/to/dist   (serves it)
// Prints one JSON line with the figures. Not a test: no assertion about them.
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdtempSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize } from 'node:path';
import { spawnSync } from 'node:child_process';
import { launch, newContext, chooseFiles } from './lib.mjs';
import { CLI, FIXTURES_AS_OF, fixtureFile, valueAt } from './referral.mjs';
import { journeyReferral } from './journey-data.mjs';

const TYPED_WRONG = { 'health.likelyDuration': '6 weeks, as CAMHS says.' };
const CORRECTED = 'health.likelyDuration';
const DRAFT_NAME = 'SE-Y10';

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json', '.ico': 'image/x-icon', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.txt': 'text/plain', '.webmanifest': 'application/manifest+json',
};

// Serves a built copy of the site (e.g. main's dist, kept aside) on a free port.
function serve(dir) {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
      let file = join(dir, path || 'index.html');
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(readFileSync(file));
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

const args = process.argv.slice(2);
const dirArg = args.indexOf('--dir');
let server;
let base = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
if (dirArg >= 0) {
  ({ server, url: base } = await serve(normalize(args[dirArg + 1]).replace(/\/?$/, '/')));
}

const referral = journeyReferral();
const work = mkdtempSync(join(tmpdir(), 'esma-journey-'));

class Bot {
  constructor(page) {
    this.page = page;
    this.navKeys = 0;
    this.typed = 0;
    this.screens = [];
    this.bodyFocus = 0;
    this.rounds = 0;
    this.evidenceAdded = 0;
    this.corrected = false;
    this.intent = null;
    this.response = null;
    this.parentMs = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.screens.push(frame.url().replace(/^.*?\/([^/]*)$/, '$1'));
    });
  }

  async press(key) { this.navKeys++; await this.page.keyboard.press(key); }
  async type(text) { this.typed += [...text].length; await this.page.keyboard.type(text); }

  active() {
    return this.page.evaluate(() => {
      const e = document.activeElement;
      if (!e) return null;
      return {
        tag: e.tagName.toLowerCase(), id: e.id, type: e.getAttribute('type'), name: e.getAttribute('name'),
        text: (e.innerText || e.textContent || e.value || '').trim().replace(/\s+/g, ' '),
        field: e.closest('[data-field]')?.getAttribute('data-field') ?? null,
      };
    });
  }

  // Tab until the focused element matches; throws if it never does.
  async tabTo(matches, what) {
    for (let i = 0; i < 400; i++) {
      const a = await this.active();
      if (a && matches(a)) return a;
      await this.press('Tab');
    }
    throw new Error(`never reached ${what} by Tab on ${this.page.url()}`);
  }

  async settle() {
    await this.page.waitForSelector('html[data-app-ready="true"]', { state: 'attached' });
    await this.page.waitForFunction(() => !document.querySelector('main [role=status]')?.textContent?.match(/^(Opening|Looking for)/));
    await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (await this.page.evaluate(() => document.activeElement === document.body || !document.activeElement)) {
      this.bodyFocus++;
    }
  }

  // Presses Enter on what is focused, and waits for the address to change.
  async enterAndGo() {
    const before = this.page.url();
    await this.press('Enter');
    await this.page.waitForURL((u) => u.href !== before, { waitUntil: 'commit' });
    await this.settle();
  }

  h1() { return this.page.locator('main h1').first().innerText().catch(() => ''); }
  has(selector) { return this.page.locator(selector).count().then((n) => n > 0); }
}

function wanted(path) {
  if (path === 'screener.hasMedicalEvidence') return true;
  if (path.startsWith('consent.')) return undefined; // consent is asked in the service, not on paper
  if (path === 'additionalInformation') return referral.additionalInformation;
  return valueAt(referral, path);
}

// Answers one question by keyboard, if its answer is not already there.
async function answer(bot, path, value) {
  const page = bot.page;
  const group = page.locator(`main [data-field="${path}"]`);
  const id = await group.evaluate((g) => g.querySelector('input, select, textarea')?.id ?? null);
  const inField = (a) => a.field === path;
  if (await group.locator('input[type=file]').count()) {
    if (typeof value !== 'string') return;
    const file = referral.attachments.find((a) => a.id === value);
    await bot.tabTo((a) => inField(a) && a.type === 'file', path);
    await chooseFiles(page, () => bot.press('Space'), fixtureFile(file.name));
    await group.locator('button', { hasText: 'View' }).waitFor();
    return;
  }
  if (await group.locator('input[type=file]').count() === 0 && await group.locator('button', { hasText: 'View' }).count()) return;
  if (Array.isArray(value)) {
    for (const v of value) {
      const box = group.locator(`input[type=checkbox][value="${v}"]`);
      if (await box.isChecked()) continue;
      const boxId = await box.getAttribute('id');
      await bot.tabTo((a) => a.id === boxId, `${path} ${v}`);
      await bot.press('Space');
    }
    return;
  }
  const radios = group.locator('input[type=radio]');
  if (await radios.count()) {
    const values = await radios.evaluateAll((rs) => rs.map((r) => r.value));
    const target = values.indexOf(String(value));
    if (await radios.nth(target).isChecked()) return;
    const a = await bot.tabTo((x) => inField(x) && x.type === 'radio', path);
    let at = values.indexOf(a.id === id ? values[0] : String(await page.evaluate(() => document.activeElement.value)));
    const checked = await page.evaluate(() => document.activeElement.checked);
    if (!checked && at === target) { await bot.press('Space'); return; }
    while (at < target) { await bot.press('ArrowDown'); at++; }
    while (at > target) { await bot.press('ArrowUp'); at--; }
    return;
  }
  if (await group.locator('select').count()) {
    const select = group.locator('select');
    const options = await select.evaluate((s) => [...s.options].map((o) => o.value));
    if ((await select.inputValue()) === String(value)) return;
    await bot.tabTo((a) => a.id === id, path);
    let at = options.indexOf(await select.inputValue());
    const target = options.indexOf(String(value));
    while (at < target) { await bot.press('ArrowDown'); at++; }
    while (at > target) { await bot.press('ArrowUp'); at--; }
    return;
  }
  if (await group.locator('.govuk-date-input').count()) {
    const [year, month, day] = String(value).split('-').map((p) => String(Number(p)));
    const inputs = group.locator('input');
    const now = [await inputs.nth(0).inputValue(), await inputs.nth(1).inputValue(), await inputs.nth(2).inputValue()];
    if (now.join('/') === [day, month, year].join('/')) return;
    await bot.tabTo((a) => a.id === id, path);
    await bot.type(day); await bot.press('Tab'); await bot.type(month); await bot.press('Tab'); await bot.type(year);
    return;
  }
  const box = group.locator('textarea, input').first();
  const text = String(!bot.corrected && TYPED_WRONG[path] !== undefined ? TYPED_WRONG[path] : value);
  if ((await box.inputValue()) === text) return;
  await bot.tabTo((a) => a.id === id, path);
  if (await box.inputValue()) await bot.press('Control+A');
  await bot.type(text);
}

// Answers every question on the page, follow-ups included, in page order.
async function fillPage(bot) {
  const done = new Set();
  for (let pass = 0; pass < 6; pass++) {
    const paths = await bot.page.locator('main [data-field]').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-field')));
    const todo = paths.filter((p) => !done.has(p));
    if (todo.length === 0) return;
    for (const path of todo) {
      done.add(path);
      const value = wanted(path);
      if (value === undefined || value === null) continue;
      await answer(bot, path, value);
    }
  }
}

const SUBMIT = (a) => (a.tag === 'button' || a.type === 'submit') && /^(Save and continue|Continue)$/.test(a.text);

async function submitPage(bot) {
  await bot.tabTo(SUBMIT, 'Save and continue');
  const before = bot.page.url();
  await bot.press('Enter');
  await bot.page.waitForFunction((u) => location.href !== u || document.querySelector('.govuk-error-summary'), before);
  await bot.settle();
  if (bot.page.url() === before) throw new Error(`the page did not go on: ${await bot.page.locator('.govuk-error-summary').innerText()}`);
}

async function makeKey(bot) {
  await bot.tabTo((a) => a.id === 'key-school', 'school name');
  await bot.type('Example Park School');
  await bot.tabTo((a) => a.id === 'key-referrer', 'your name');
  await bot.type('Alex Smith');
  await bot.press('Enter');
  await bot.page.locator('#key-fingerprint').waitFor();
  await bot.settle();
}

// The parent's part, on their own device: the CLI answers the request.
function parentResponds(bot, request) {
  const started = Date.now();
  const out = join(work, `response-${bot.rounds}.esma-consent-response.json`);
  const run = spawnSync(CLI, ['consent-respond', request, '--decision', 'given', '--name', 'Chris Taylor',
    '--relationship', 'Parent', '--sla-acknowledged', '--out', out]);
  if (run.status !== 0) throw new Error(`consent-respond: ${run.stdout}${run.stderr}`);
  bot.parentMs += Date.now() - started;
  return out;
}

const CONSENT_GIVEN = /gave consent/;

async function consentPage(bot) {
  const page = bot.page;
  const main = () => page.locator('main').innerText();
  if (bot.response === null && CONSENT_GIVEN.test(await main()) && !/changed since/i.test(await main())) {
    // Given, and still current: go on.
    await bot.tabTo((a) => SUBMIT(a) || /^Continue/.test(a.text), 'continue');
    return bot.enterAndGo();
  }
  if (bot.response) {
    const response = bot.response;
    bot.response = null;
    await bot.tabTo((a) => a.id === 'consent-response' && a.type === 'file', 'the response upload');
    await chooseFiles(page, () => bot.press('Space'), response);
    await page.waitForFunction(() => /gave consent|not recorded|There is a problem/.test(document.querySelector('main').innerText));
    await bot.settle();
    return;
  }
  const request = page.locator('main button', { hasText: /consent request/ });
  if (await request.count() === 0 || await request.isDisabled() || /signing key first/.test(await main())) {
    // No key yet: go and make one.
    await bot.tabTo((a) => a.tag === 'a' && /signing key/i.test(a.text), 'the signing key link');
    return bot.enterAndGo();
  }
  await bot.tabTo((a) => a.tag === 'button' && /consent request/.test(a.text), 'the consent request button');
  const downloaded = page.waitForEvent('download', { timeout: 15000 }).catch(() => null);
  await bot.press('Enter');
  const outcome = await Promise.race([
    downloaded,
    page.waitForFunction(() => /signing key first|Make your school's signing key/i.test(document.querySelector('main').innerText), null, { timeout: 15000 }).then(() => null),
  ]);
  await bot.settle();
  const file = outcome ?? await Promise.race([downloaded, new Promise((r) => setTimeout(() => r(null), 200))]);
  if (!file) return; // asked for a key: the next turn follows its link
  bot.rounds++;
  const request_ = join(work, `request-${bot.rounds}.json`);
  writeFileSync(request_, readFileSync(await file.path()));
  bot.requestName = file.suggestedFilename();
  bot.response = parentResponds(bot, request_);
}

async function checkAnswers(bot) {
  const page = bot.page;
  if (!bot.corrected) {
    bot.intent = 'correct';
    await bot.tabTo((a) => a.tag === 'a' && /^Change/.test(a.text) && a.text.includes('how long is the absence likely to last'), 'its Change link');
    return bot.enterAndGo();
  }
  const sign = page.getByRole('button', { name: 'Sign and save the referral pack' });
  if (await sign.count()) {
    await bot.tabTo((a) => a.tag === 'button' && a.text === 'Sign and save the referral pack', 'Sign');
    const [file] = await Promise.all([page.waitForEvent('download'), bot.press('Enter')]);
    bot.packName = file.suggestedFilename();
    await page.locator('#pack-saved').waitFor();
    await bot.settle();
    bot.done = true;
    return;
  }
  const consentLink = (a) => (a.tag === 'a' || a.tag === 'button') && /^(Go to parental consent|Ask (a|the) parent or carer for consent|Parental consent)$/.test(a.text);
  const keyLink = (a) => a.tag === 'a' && /^Make your school's signing key$/.test(a.text);
  const text = await page.locator('main').innerText();
  if (/Make your school's signing key/.test(text) && !/consent/i.test(await page.locator('.app-send').innerText().catch(() => ''))) {
    await bot.tabTo(keyLink, 'the key link');
  } else {
    await bot.tabTo(consentLink, 'the way to consent');
  }
  return bot.enterAndGo();
}

async function turn(bot) {
  const page = bot.page;
  const h1 = await bot.h1();
  if (process.env.JOURNEY_DEBUG) console.error(`turn: ${h1} | ${page.url()} | keys ${bot.navKeys}+${bot.typed}`);
  if (h1 === 'Refer a pupil to the ESMA Teaching Service') {
    await bot.tabTo((a) => a.tag === 'a' && /^Start a referral/.test(a.text), 'Start a referral');
    await bot.enterAndGo();
    bot.bodyFocus = 0; // a page just loaded has focus on its body
    return;
  }
  if (h1 === 'Refer a pupil') {
    if (!bot.started) {
      bot.started = true;
      await bot.tabTo((a) => a.id === 'new-draft-name', 'the draft name');
      await bot.type(DRAFT_NAME);
      return bot.enterAndGo();
    }
    await bot.tabTo((a) => a.tag === 'a' && (a.text === DRAFT_NAME || a.text.startsWith(`${DRAFT_NAME},`)), 'the draft');
    return bot.enterAndGo();
  }
  if (h1 === "Your school's signing key") {
    if (!(await bot.has('#key-fingerprint'))) await makeKey(bot);
    bot.intent = 'consent';
    const back = (a) => a.tag === 'a' && (/^(Continue|Back to|Return to)/.test(a.text) || a.text === 'Your drafts' || a.text === 'Back');
    await bot.tabTo(back, 'the way back');
    return bot.enterAndGo();
  }
  if (h1 === 'Check your answers') return checkAnswers(bot);
  if (await bot.has('.govuk-task-list')) {
    const target = bot.intent === 'consent' ? /^Parental consent$/ : /^Check your answers$/;
    await bot.tabTo((a) => a.tag === 'a' && target.test(a.text), String(target));
    bot.intent = null;
    return bot.enterAndGo();
  }
  if (await bot.has('#consent-response') || await page.locator('main button', { hasText: /consent request/ }).count()
      || /consent/i.test(h1) && !(await bot.has('main [data-field]'))) {
    return consentPage(bot);
  }
  // A question page.
  if (bot.intent === 'correct' && await bot.has(`main [data-field="${CORRECTED}"]`)) {
    bot.corrected = true;
    bot.intent = 'check';
  }
  const add = page.locator('main button', { hasText: /^Add (another item of )?medical evidence$|^Add (an item of )?medical evidence$/ });
  if (await add.count() && bot.evidenceAdded < referral.medicalEvidence.length) {
    bot.evidenceAdded++;
    const before = page.url();
    await bot.tabTo((a) => a.tag === 'button' && /medical evidence$/.test(a.text) && /^Add/.test(a.text), 'Add medical evidence');
    await bot.press('Enter');
    await page.waitForFunction((n) => location.href !== n.url
      || document.querySelector(`[data-field="medicalEvidence[${n.i}].professionalName"]`), { url: before, i: bot.evidenceAdded - 1 });
    await bot.settle();
    return;
  }
  await fillPage(bot);
  await submitPage(bot);
  if (bot.intent === 'check' && (await bot.h1()) !== 'Check your answers') {
    // "Change" led on to the next section: go back to Check your answers.
    await bot.tabTo((a) => a.tag === 'a' && /Back to your referral|Return to your referral/.test(a.text), 'back to the task list');
    return bot.enterAndGo();
  }
}

const browser = await launch();
try {
  const { context } = await newContext(browser, { origin: new URL(base).origin, acceptDownloads: true });
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const page = await context.newPage();
  const bot = new Bot(page);
  const started = Date.now();
  await page.goto(base);
  await bot.settle();
  bot.bodyFocus = 0; // a page just opened has focus on its body
  for (let i = 0; i < 300 && !bot.done; i++) await turn(bot);
  if (!bot.done) throw new Error('the journey did not end with a saved pack');
  const seconds = (Date.now() - started - bot.parentMs) / 1000;
  const distinct = new Set(bot.screens.map((s) => s.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, '<draft>').replace(/\?.*$/, '')));
  console.log(JSON.stringify({
    base, screens: bot.screens.length, distinctPages: distinct.size, keyPresses: bot.navKeys + bot.typed,
    navigationKeys: bot.navKeys, charactersTyped: bot.typed, seconds: Math.round(seconds * 10) / 10,
    consentRounds: bot.rounds, focusOnBodyAfterAction: bot.bodyFocus,
    consentRequestFile: bot.requestName, packFile: bot.packName,
  }));
  if (process.env.JOURNEY_SCREENS) console.error(bot.screens.join('\n'));
  await context.close();
} finally {
  await browser.close();
  server?.close();
}
