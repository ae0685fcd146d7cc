// The parent's page: "Review a referral as a parent or carer", end to end in
// Chromium. The school's consent request is made with the native CLI
// (`esma-referral consent-request`; the xtask passes its path in
// ESMA_REFERRAL), the parent reviews it and decides by keyboard alone, and
// the response the browser signs is checked by an independent JOSE library
// and by the CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as jose from 'jose';
import {
  launch, newContext, openApp, waitForReady, expectNoAxeViolations, expectNoProblems, ukTime, ukDay,
} from './lib.mjs';
import { CLI, exampleFiles, fingerprintOf } from './referral.mjs';


let browser;
let dir;
let requestPath;
let request; // the request file's JSON
let manifest; // its signed content
let fingerprint; // the school key's, as the CLI prints it
let files; // name -> bytes of the referral's attachments

function cli(...args) {
  return execFileSync(CLI, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const fromB64url = (s) => Buffer.from(s, 'base64url');
// The pupil's initials, as the service names the files of a referral.
const initials = () => manifest.referral.pupil.firstName[0] + manifest.referral.pupil.lastName[0];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'esma-parent-'));
  cli('example', '--dir', 'D');
  const publicJwk = JSON.parse(cli('keygen', '--out', 'K.jwk'));
  cli('consent-request', 'D/referral.json', '--key', 'K.jwk', '--out', 'R.esma-consent-request.json');
  requestPath = join(dir, 'R.esma-consent-request.json');
  request = JSON.parse(readFileSync(requestPath, 'utf8'));
  manifest = JSON.parse(fromB64url(request.signed.payload).toString('utf8'));
  const { crv, kty, x, y } = publicJwk;
  fingerprint = fingerprintOf({ crv, kty, x, y });
  files = exampleFiles(join(dir, 'D'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function device() {
  return newContext(browser, { acceptDownloads: true });
}

// Chooses a request file and waits for its result (opened or refused).
async function openRequest(page, file) {
  const before = await page.evaluate(() => document.querySelector('[data-shown]')?.dataset.shown ?? '0');
  await page.locator('#request-file').setInputFiles(file);
  await page.waitForFunction((prev) => {
    const shown = document.querySelector('#opened, #refusal');
    return shown && shown.dataset.shown !== prev;
  }, before);
}

const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? '');

// Presses Tab until the element with this id has focus (keyboard only).
async function tabTo(page, id, { max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await activeId(page) === id) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached #${id}; focus is on #${await activeId(page)}`);
}

// Presses Tab until the focused element's text is this (a link with
// visually hidden words, say).
async function tabToText(page, text, { max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(() => document.activeElement?.textContent ?? '') === text) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached "${text}"`);
}

// Each page's heading, to know it has rendered (the address changes first).
const HEADINGS = {
  '#/': 'Review a referral as a parent or carer',
  '#/child': 'Your child, their school and their absence',
  '#/decide': 'Give or refuse consent',
  '#/check': 'Check your answer before you save it',
};

// Waits for the page at this hash route (a query, such as the field to
// focus, may follow it) to have rendered: its heading is showing.
async function arrive(page, hash, heading = HEADINGS[hash]) {
  await page.waitForFunction(([h, title]) => (location.hash === h || location.hash.startsWith(`${h}?`))
    && document.querySelector('h1')?.textContent === title, [hash, heading]);
}

// After any action, focus is on something: never dropped to the page's body.
async function focusIsKept(page, where) {
  const tag = await page.evaluate(() => document.activeElement?.tagName ?? 'BODY');
  assert.notEqual(tag, 'BODY', `focus dropped to <body> ${where}`);
}

// The school's key check code: the first 4 groups of its fingerprint.
const checkCodeOf = (f) => f.split(' ').slice(0, 4).join(' ');

function writeJson(name, value) {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}

function flipChar(text) {
  const i = Math.floor(text.length / 2);
  const c = text[i] === 'A' ? 'B' : 'A';
  return text.slice(0, i) + c + text.slice(i + 1);
}

// Walks the review pages by keyboard, from the first to the decision,
// checking each with axe; returns the hashes visited, the terms explained
// on each, and the words before the decision. No paragraph or list item is
// said on two pages.
async function reviewByKeyboard(page, context) {
  const seen = [];
  const terms = {};
  const said = new Map();
  let words = 0;
  let heading = null;
  for (let i = 0; i < 20; i++) {
    const hash = await page.evaluate(() => location.hash);
    if (hash === '#/decide') return { seen, terms, words };
    seen.push(hash);
    // The address changes before the new page renders: read the page only once
    // its heading is no longer the last page's (the caller arrived at the first).
    if (heading !== null) {
      await page.waitForFunction((last) => {
        const h1 = document.querySelector('h1');
        return h1 && h1.textContent !== last;
      }, heading);
    }
    heading = await page.locator('h1').first().textContent();
    await focusIsKept(page, `on arriving at ${hash}`);
    terms[hash] = await page.locator('[data-term] > details').evaluateAll((ds) => ds.map((d) => d.parentElement.dataset.term));
    assert.equal(new Set(terms[hash]).size, terms[hash].length, `a term explained twice on ${hash}`);
    assert.equal(await page.locator('#review-progress').innerText(), `Before you decide: page ${seen.length} of 6`);
    for (const text of await page.locator('main p, main li').allInnerTexts()) {
      if (text.length < 40) continue;
      assert.ok(!said.has(text) || said.get(text) === hash, `said on ${said.get(text)} and again on ${hash}: ${text}`);
      said.set(text, hash);
    }
    words += (await page.locator('main').innerText()).split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
    await expectNoAxeViolations(page, `review page ${hash}`);
    if (hash === '#/documents') await openDocuments(page, context);
    await tabTo(page, 'continue');
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => location.hash !== h, hash);
  }
  assert.fail('the review never reached the decision');
}

// Each document opens in a new tab with exactly the school's bytes.
async function openDocuments(page, context) {
  const items = page.locator('#documents li');
  assert.equal(await items.count(), Object.keys(files).length);
  for (let i = 0; i < await items.count(); i++) {
    const item = items.nth(i);
    const name = (await item.locator('h2').innerText()).trim();
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      item.getByRole('button', { name: /^Open/ }).click(),
    ]);
    await popup.waitForLoadState();
    const text = await popup.evaluate(() => document.querySelector('pre')?.textContent ?? document.body.textContent);
    assert.ok(Buffer.from(text, 'utf8').equals(files[name]), `${name} opened with other bytes`);
    await popup.close();
  }
}

async function checkResponse(text, expected) {
  const response = JSON.parse(text);
  assert.equal(response.format, 'esma-consent-response');
  // An independent JOSE library verifies it with the one-off key in its header.
  const header = JSON.parse(fromB64url(response.signed.protected).toString('utf8'));
  assert.equal(header.alg, 'ES256');
  assert.equal(header.jwk.d, undefined, 'no private key in the file');
  const key = await jose.importJWK(header.jwk, 'ES256');
  const { payload } = await jose.flattenedVerify(response.signed, key, { algorithms: ['ES256'] });
  const p = JSON.parse(new TextDecoder().decode(payload));
  assert.equal(p.requestId, manifest.requestId);
  assert.equal(p.reviewedContentSha256, manifest.contentSha256);
  assert.equal(p.noticeSha256, manifest.notice.sha256);
  assert.equal(p.noticeVersion, manifest.notice.version);
  for (const [k, v] of Object.entries(expected)) assert.deepEqual(p[k], v, k);
  return { response, header, payload: p };
}

test('a parent opens the request, reviews it in 6 pages, checks and saves their consent by keyboard alone', async () => {
  const { context, problems } = await device();
  const page = await openApp(context, 'parent.html#/');
  assert.match(await page.locator('main').innerText(), /nothing is kept on this device/);
  // The hint names the file as the school's app and the CLI name it.
  assert.match(await page.locator('#request-file-hint').innerText(), /Its name ends \.esma-consent-request\.json$/);
  await expectNoAxeViolations(page, 'the open page');
  await openRequest(page, requestPath);
  // Focus moves to the result, and the live region says it.
  assert.equal(await activeId(page), 'request-result');
  assert.equal(await page.locator('#checking-status').innerText(), 'The file is complete and unchanged');
  assert.equal(await page.locator('#checking-status').getAttribute('role'), 'status');
  const opened = await page.locator('#opened').innerText();
  assert.ok(opened.includes(manifest.school.name), 'the school is named');
  // When it was made, in UK local time.
  assert.ok(opened.includes(ukTime(manifest.createdAt)), `made on ${ukTime(manifest.createdAt)}`);
  // A short code to compare by phone, with the whole fingerprint to hand.
  assert.equal(await page.locator('#school-check-code').innerText(), checkCodeOf(fingerprint));
  assert.equal(await page.locator('#school-fingerprint').textContent(), fingerprint);
  assert.match(opened, /cannot tell whether this key belongs to the school: if in doubt, phone the school and ask them to read you their check code/);
  await expectNoAxeViolations(page, 'an opened request');

  // From here on, the keyboard only.
  await tabTo(page, 'continue');
  await page.keyboard.press('Enter');
  await arrive(page, '#/child');
  const { seen: visited, terms, words } = await reviewByKeyboard(page, context);
  assert.deepEqual(visited, ['#/child', '#/health', '#/support', '#/safety', '#/documents', '#/notice']);
  // Fewer words before deciding than the 11 pages had for this referral
  // (2,262; 1,737 in 6 pages on 30 November 2026).
  assert.ok(words < 2000, `${words} words before the decision`);
  // Terms are explained where they appear; the notice spells out ISL itself.
  for (const [hash, term] of [['#/child', 'UPN'], ['#/child', 'URN'],
    ['#/support', 'APDR'], ['#/support', 'EHCP']]) {
    assert.ok(terms[hash]?.includes(term), `${term} is not explained on ${hash}: ${terms[hash]}`);
  }
  await arrive(page, '#/decide');
  await expectNoAxeViolations(page, 'the decision');
  // The agreement's summary is on the page where it is asked about, whole.
  assert.match(await page.locator('#sla-summary').innerText(), /It asks parents and carers to:/);
  assert.equal(await page.locator('#sla-summary').evaluate((e) => e.closest('details')), null, 'not hidden in a details');

  // Moving through the questions shows no error: they show only on submit.
  await tabTo(page, 'continue');
  assert.equal(await page.locator('.govuk-error-message').count(), 0, 'no error before submit');
  // Nothing chosen: the summary lists each question and takes focus.
  await page.keyboard.press('Enter');
  await page.locator('#error-summary').waitFor();
  assert.equal(await activeId(page), 'error-summary');
  assert.deepEqual(await page.locator('#error-summary a').allInnerTexts(), [
    'Select whether you give your consent',
    'Select yes if you have read the summary of the agreement',
    'Enter your full name',
    'Enter your relationship to the child',
  ]);
  assert.equal(await page.locator('.govuk-error-message').count(), 4);
  await expectNoAxeViolations(page, 'the decision with errors');
  // Each summary link moves focus to its question.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  assert.equal(await activeId(page), 'consent-given');
  await page.keyboard.press('Space');
  await tabTo(page, 'sla-yes');
  await page.keyboard.press('Space');
  await tabTo(page, 'full-name');
  await page.keyboard.type('Sam Parnet');
  await tabTo(page, 'relationship');
  await page.keyboard.type('Mother');
  // The canvas is not in the tab order: the next stop is its Clear button.
  await page.keyboard.press('Tab');
  assert.equal(await activeId(page), 'signature-clear');
  await tabTo(page, 'continue');
  await page.keyboard.press('Enter');

  // Check the answer before it is saved.
  await arrive(page, '#/check');
  await focusIsKept(page, 'on the check page');
  await expectNoAxeViolations(page, 'checking the answer');
  const summary = () => page.locator('#answer-summary').innerText();
  assert.match(await summary(), /Yes, I give my consent/);
  assert.match(await summary(), /I have read it/);
  assert.match(await summary(), /Sam Parnet/);
  assert.match(await summary(), /Mother/);
  // "Change" goes back to that question, with the answer kept; continuing
  // returns here.
  await tabToText(page, 'Change your full name');
  await page.keyboard.press('Enter');
  await arrive(page, '#/decide');
  await page.waitForFunction(() => document.activeElement?.id === 'full-name');
  assert.equal(await page.locator('#full-name').inputValue(), 'Sam Parnet');
  assert.equal(await page.locator('#consent-given').isChecked(), true);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Sam Parent');
  await tabTo(page, 'continue');
  await page.keyboard.press('Enter');
  await arrive(page, '#/check');
  assert.match(await summary(), /Sam Parent\b/);

  await tabTo(page, 'save-answer');
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const responseText = readFileSync(await file.path(), 'utf8');
  // Named as the school names its files: the pupil's initials and the UK day it was made.
  const { decidedAt } = JSON.parse(Buffer.from(JSON.parse(responseText).signed.payload, 'base64url'));
  assert.equal(file.suggestedFilename(), `${initials()}-${ukDay(decidedAt)}.esma-consent-response.json`);
  await arrive(page, '#/done', 'Consent given');
  // Focus is on the outcome.
  await page.waitForFunction(() => document.activeElement?.id === 'confirmation');
  assert.match(await page.locator('#confirmation').innerText(), /Consent given/);
  assert.match(await page.locator('main').innerText(), /Send this file to/);
  await expectNoAxeViolations(page, 'the confirmation');

  // Nothing was kept on the device.
  assert.deepEqual(await page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name),
    local: localStorage.length,
    session: sessionStorage.length,
  })), { databases: [], local: 0, session: 0 });

  await checkResponse(responseText, {
    decision: 'given', name: 'Sam Parent', relationship: 'Mother', slaAcknowledged: true, drawnSignature: null,
  });
  // The CLI applies it to the referral the request was made from.
  const responsePath = writeJson('given.esma-consent-response.json', responseText);
  const applied = spawnSync(CLI, ['consent-apply', 'D/referral.json', responsePath, '--request', requestPath, '--out', 'applied.json'], { cwd: dir });
  assert.equal(applied.status, 0, applied.stdout.toString() + applied.stderr.toString());
  expectNoProblems(problems);
  await context.close();
});

test('a parent refuses, with a drawn signature: the check page shows it, it is kept when changing, and the response carries it', async () => {
  const { context, problems } = await device();
  const page = await openApp(context, 'parent.html#/');
  await openRequest(page, requestPath);
  await page.evaluate(() => { location.hash = '#/decide'; });
  await page.reload();
  await waitForReady(page);
  // A new page load keeps nothing: the request must be opened again.
  await page.locator('#start-again').waitFor();
  await expectNoAxeViolations(page, 'a later page with no request open');
  await page.locator('#start-again').click();
  await arrive(page, '#/');
  await openRequest(page, requestPath);
  // The old one-section pages are gone; unknown addresses are not found.
  for (const hash of ['#/shared/pupil', '#/shared/eligibility', '#/who', '#/nowhere']) {
    await page.evaluate((h) => { location.hash = h; }, hash);
    await page.locator('h1', { hasText: 'Page not found' }).waitFor();
  }
  // The check page before the decision sends the parent back to it.
  await page.evaluate(() => { location.hash = '#/check'; });
  await page.locator('#to-decision').waitFor();
  await expectNoAxeViolations(page, 'the check page before a decision');
  await page.evaluate(() => { location.hash = '#/'; });
  await arrive(page, '#/');
  await page.getByRole('button', { name: 'Continue' }).click();
  await arrive(page, '#/child');
  let pages = 0;
  while (await page.evaluate(() => location.hash) !== '#/decide') {
    const hash = await page.evaluate(() => location.hash);
    // Exams are asked about only from Year 10: this pupil is in Year 8.
    if (hash === '#/support') assert.equal(await page.locator('main h2', { hasText: /^Exams$/ }).count(), 0);
    pages += 1;
    const heading = await page.locator('h1').textContent();
    await page.locator('#continue').click();
    // The next page has rendered (its address changes first).
    await page.waitForFunction((last) => document.querySelector('h1')?.textContent !== last, heading);
  }
  assert.equal(pages, 6);
  await arrive(page, '#/decide');
  await page.locator('#consent-refused').check();
  await page.locator('#sla-no').check();
  await page.fill('#full-name', '  Chris Carer ');
  await page.fill('#relationship', 'Foster carer');
  await page.locator('#signature').scrollIntoViewIfNeeded();
  const box = await page.locator('#signature').boundingBox();
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + 20 + (i % 3) * 15);
  await page.mouse.up();
  await page.locator('#signature[aria-label="Your drawn signature"]').waitFor();
  await expectNoAxeViolations(page, 'a drawn signature');
  await page.locator('#continue').click();
  await arrive(page, '#/check');
  assert.match(await page.locator('#answer-summary').innerText(), /No, I do not give my consent/);
  assert.match(await page.locator('#answer-summary').innerText(), /I have not read it/);
  const drawn = await page.locator('#answer-summary img').getAttribute('src');
  assert.match(drawn, /^data:image\/png;base64,/);
  // Changing the signature shows the drawing kept, with Clear to draw again.
  await page.getByRole('link', { name: 'Change your drawn signature' }).click();
  await arrive(page, '#/decide');
  await page.waitForFunction(() => document.activeElement?.id === 'signature-clear');
  assert.equal(await page.locator('img#signature').getAttribute('src'), drawn);
  await expectNoAxeViolations(page, 'a kept drawing');
  await page.locator('#continue').click();
  await arrive(page, '#/check');
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save my answer as a file' }).click()]);
  assert.match(file.suggestedFilename(), new RegExp(`^${initials()}-\\d{4}-\\d{2}-\\d{2}\\.esma-consent-response\\.json$`));
  await arrive(page, '#/done', 'Consent refused');
  assert.match(await page.locator('#confirmation').innerText(), /Consent refused/);
  assert.match(await page.locator('main').innerText(), /It is fine to say no/);
  const { payload } = await checkResponse(readFileSync(await file.path(), 'utf8'), {
    decision: 'refused', name: 'Chris Carer', relationship: 'Foster carer', slaAcknowledged: false,
  });
  assert.equal(payload.drawnSignature, drawn);
  expectNoProblems(problems);
  await context.close();
});

test('a changed or broken request is refused with a plain message', async () => {
  const original = JSON.parse(readFileSync(requestPath, 'utf8'));
  const fileData = Buffer.from(original.files[0].data, 'base64');
  fileData[Math.floor(fileData.length / 2)] ^= 0x01;
  const cases = [
    ['payload', { ...original, signed: { ...original.signed, payload: flipChar(original.signed.payload) } }, /changed or damaged/],
    ['signature', { ...original, signed: { ...original.signed, signature: flipChar(original.signed.signature) } }, /changed or damaged/],
    ['file', { ...original, files: [{ ...original.files[0], data: fileData.toString('base64') }, ...original.files.slice(1)] }, /changed or damaged/],
    ['not a request', '{"hello": "world"}', /not a consent request|changed or damaged/],
    ['not JSON', 'this is not a request', /not a consent request/],
  ];
  const { context, problems } = await device();
  const page = await openApp(context, 'parent.html#/');
  for (const [name, content, title] of cases) {
    await openRequest(page, writeJson(`tampered-${name.replace(/ /g, '-')}.json`, content));
    assert.equal(await page.locator('#opened').count(), 0, name);
    assert.match(await page.locator('#request-result .govuk-error-summary__title').innerText(), title, name);
    assert.equal(await activeId(page), 'request-result', name);
    assert.ok((await page.locator('#refusal .govuk-error-summary__list li').count()) >= 1, name);
    await expectNoAxeViolations(page, `a refused request (${name})`);
  }
  // The good file opens again afterwards.
  await openRequest(page, requestPath);
  assert.equal(await page.locator('#refusal').count(), 0);
  expectNoProblems(problems);
  await context.close();
});
