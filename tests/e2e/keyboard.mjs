// A keyboard user's journey through the school's pages, scripted once for
// any version of the service: Tab to each field in turn, type, arrow keys
// for radios and selects, Space on a file input, Enter on buttons and
// links. It counts what it does (screens, keys), so that
// measure-journey.mjs can compare versions, and offers hooks so that
// journey.test.mjs can assert what a person relies on at each step.
//
// The journey: from the start page to a new draft; every page "Save and
// continue" leads to, answered from one referral, with one answer typed
// wrong at first; at Check your answers that answer put right through its
// "Change" link; whatever the service then asks before it signs (the key,
// parental consent, and consent again if it was voided); then sign and
// save the pack. The parent's part is `respond(bot, requestPath)`.
import { writeFileSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseFiles } from './lib.mjs';
import { fixtureFile, valueAt } from './referral.mjs';

export const TYPED_WRONG = { 'health.likelyDuration': '6 weeks, as CAMHS says.' };
export const CORRECTED = 'health.likelyDuration';
export const DRAFT_NAME = 'SE-Y10';

export class Bot {
  // `referral`: the answers; `respond(bot, requestPath)`: the parent's part,
  // giving the response file's path; `hooks`: { beforeSubmit(bot), afterTurn(bot) }.
  constructor(page, { referral, respond, hooks = {} }) {
    this.page = page;
    this.referral = referral;
    this.respond = respond;
    this.hooks = hooks;
    this.work = mkdtempSync(join(tmpdir(), 'esma-journey-'));
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
      if (frame === page.mainFrame()) {
        const url = new URL(frame.url());
        this.screens.push(`${url.pathname.replace(/^.*\//, '')}${url.hash.replace(/\?.*$/, '')}`);
      }
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
    // Focus left on the body counts only within one document: a page just
    // loaded (the start page's link, or school.html to school-device.html
    // and back) rightly starts with focus on its body, as any web page does.
    const { lost, sameDocument } = await this.page.evaluate(() => {
      const seen = window.esmaBotSawThisDocument === true;
      window.esmaBotSawThisDocument = true;
      return { lost: document.activeElement === document.body || !document.activeElement, sameDocument: seen };
    });
    if (lost && sameDocument) {
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

function wanted(bot, path) {
  if (path === 'screener.hasMedicalEvidence') return true;
  if (path.startsWith('consent.')) return undefined; // consent is asked in the service, not on paper
  return valueAt(bot.referral, path);
}

// Answers one question by keyboard, if its answer is not already there.
async function answer(bot, path, value) {
  const page = bot.page;
  const group = page.locator(`main [data-field="${path}"]`);
  const id = await group.evaluate((g) => g.querySelector('input, select, textarea')?.id ?? null);
  const inField = (a) => a.field === path;
  if (await group.locator('input[type=file]').count()) {
    if (typeof value !== 'string') return;
    const file = bot.referral.attachments.find((a) => a.id === value);
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
      const value = wanted(bot, path);
      if (value === undefined || value === null) continue;
      await answer(bot, path, value);
    }
  }
}

const SUBMIT = (a) => (a.tag === 'button' || a.type === 'submit') && /^(Save and continue|Continue)$/.test(a.text);

async function submitPage(bot) {
  await bot.tabTo(SUBMIT, 'Save and continue');
  await bot.hooks.beforeSubmit?.(bot);
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

const CONSENT_GIVEN = /gave consent/;

async function consentPage(bot) {
  const page = bot.page;
  const main = () => page.locator('main').innerText();
  if (bot.response === null && CONSENT_GIVEN.test(await main()) && !/referral has changed since|What changed since/.test(await main())) {
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
  const saved = join(bot.work, file.suggestedFilename());
  writeFileSync(saved, readFileSync(await file.path()));
  bot.requestName = file.suggestedFilename();
  const started = Date.now();
  bot.response = await bot.respond(bot, saved);
  bot.parentMs += Date.now() - started;
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

export async function turn(bot) {
  const page = bot.page;
  const h1 = await bot.h1();
  if (process.env.JOURNEY_DEBUG) console.error(`turn: ${h1} | ${page.url()} | keys ${bot.navKeys}+${bot.typed}`);
  if (h1 === 'Refer a pupil to the ESMA Teaching Service') {
    await bot.tabTo((a) => a.tag === 'a' && /^Start a referral/.test(a.text), 'Start a referral');
    return bot.enterAndGo();
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
  if (await add.count() && bot.evidenceAdded < bot.referral.medicalEvidence.length) {
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


// Runs the whole journey on `page` from the start page at `base`.
export async function runJourney(page, base, options) {
  const bot = new Bot(page, options);
  const started = Date.now();
  await page.goto(base);
  await bot.settle();
  for (let i = 0; i < 300 && !bot.done; i++) {
    await turn(bot);
    await bot.hooks.afterTurn?.(bot);
  }
  if (!bot.done) throw new Error('the journey did not end with a saved pack');
  bot.seconds = (Date.now() - started - bot.parentMs) / 1000;
  return bot;
}
