// Helpers for the school journey: the fixture referrals, filling the wizard
// from one by field path (as the rules name fields), and draft files.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { newContext, waitForReady, BASE_URL } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures/referrals/');

// The council's command-line program (`cargo xtask test` builds it and says where).
export const CLI = process.env.ESMA_REFERRAL ?? join(ROOT, 'target/debug/esma-referral');
// The maker of hostile inputs (crates/esma-cli/examples/bench_inputs.rs), built beside it.
export const BENCH_INPUTS = process.env.ESMA_BENCH_INPUTS ?? join(ROOT, 'target/debug/examples/bench_inputs');

// A public JWK's fingerprint as the app and the CLI show it: the RFC 7638
// thumbprint in upper-case hex, in groups of four.
export function fingerprintOf({ crv, kty, x, y }) {
  const thumbprint = createHash('sha256').update(JSON.stringify({ crv, kty, x, y })).digest('hex');
  return thumbprint.toUpperCase().match(/.{4}/g).join(' ');
}

// The attachment files `esma-referral example --dir D` wrote beside D/referral.json.
export function exampleFiles(exampleDir) {
  return Object.fromEntries(readdirSync(exampleDir)
    .filter((n) => n !== 'referral.json')
    .map((n) => [n, readFileSync(join(exampleDir, n))]));
}

// Every fixture's outcome holds on this date (fixtures/README.md).
export const FIXTURES_AS_OF = new Date('2026-11-28T10:00:00Z');

// A fresh school device (see lib.mjs's newContext) with its clock at the
// fixtures' date.
export async function schoolDevice(browser, options = {}) {
  const { context, problems } = await newContext(browser, options);
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  return { context, problems };
}

export function fixture(name) {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

export function fixtureFile(name) {
  return join(FIXTURES, 'files', name);
}

// The value at a field path such as `medicalEvidence[0].date`.
export function valueAt(referral, path) {
  let value = referral;
  for (const part of path.split('.')) {
    const [, key, index] = part.match(/^([^[]+)(?:\[(\d+)\])?$/) ?? [];
    value = value?.[key];
    if (index !== undefined) value = value?.[Number(index)];
  }
  return value;
}

// Answers every question on the current section page from the referral,
// including follow-up questions that appear once their parent is answered.
export async function fillPage(page, referral) {
  const done = new Set();
  for (let pass = 0; pass < 5; pass++) {
    const fields = await page.locator('main [data-field]').evaluateAll((groups) =>
      groups.map((g) => g.getAttribute('data-field')));
    const todo = fields.filter((f) => !done.has(f));
    if (todo.length === 0) return;
    for (const path of todo) {
      done.add(path);
      await fillField(page, referral, path);
    }
  }
}

async function fillField(page, referral, path) {
  const group = page.locator(`main [data-field="${path}"]`);
  let value = path === 'screener.hasMedicalEvidence' ? true : valueAt(referral, path);
  if (value === undefined || value === null) return;
  if (await group.locator('input[type=file]').count()) {
    // Files linked from a question; the attachments page's "add another file"
    // is for files no question links, and the fixtures have none.
    if (typeof value !== 'string') return;
    const attachment = referral.attachments.find((a) => a.id === value);
    await group.locator('input[type=file]').setInputFiles(fixtureFile(attachment.name));
    // Stored once the file's name shows with a way to view it.
    await page.locator(`main [data-field="${path}"] button:has-text("View")`).waitFor();
  } else if (Array.isArray(value)) {
    // Checkboxes: tick each value the referral lists.
    for (const v of value) await group.locator(`input[type=checkbox][value="${v}"]`).check();
  } else if (await group.locator('input[type=radio]').count()) {
    await group.locator(`input[value="${String(value)}"]`).check();
  } else if (await group.locator('select').count()) {
    await group.locator('select').selectOption(String(value));
  } else if (await group.locator('.govuk-date-input').count()) {
    const [year, month, day] = String(value).split('-');
    const inputs = group.locator('input');
    await inputs.nth(0).fill(String(Number(day)));
    await inputs.nth(1).fill(String(Number(month)));
    await inputs.nth(2).fill(year);
  } else if (await group.locator('textarea').count()) {
    await group.locator('textarea').fill(String(value));
  } else {
    await group.locator('input').fill(String(value));
  }
}

// Starts a new draft from the drafts page; ends on the screener.
export async function startDraft(page, name) {
  await page.fill('#new-draft-name', name);
  await page.getByRole('button', { name: 'Start a new referral' }).click();
  await page.locator('h1', { hasText: 'Check the pupil can be referred' }).waitFor();
}

// Copies the one draft on the device until there are `count`, named
// "Draft 2", "Draft 3"..., as a busy school would have over the years.
export function seedDrafts(page, count) {
  return page.evaluate((count) => new Promise((resolve, reject) => {
    const open = indexedDB.open('esma');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const all = db.transaction('drafts').objectStore('drafts').getAll();
      all.onsuccess = () => {
        const first = JSON.parse(all.result[0]);
        const tx = db.transaction('drafts', 'readwrite');
        for (let i = 2; i <= count; i++) {
          const id = crypto.randomUUID();
          tx.objectStore('drafts').put(JSON.stringify({ ...first, id, name: `Draft ${i}` }), id);
        }
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    };
  }), count);
}

// Waits until every change is saved on the device.
export function waitForSaved(page) {
  return page.waitForSelector('.app-save-state[data-state="saved"]');
}

// A draft file (`esma-referral-draft`) holding a fixture and its files, as
// another device would export it.
export function draftFile(name) {
  return draftFileOf(name, fixture(name));
}

// A draft file for any referral; `dataOf(attachment)` gives each file's bytes
// (by default the fixture file of that name).
export function draftFileOf(name, referral, dataOf = (a) => readFileSync(fixtureFile(a.name))) {
  const attachments = (referral.attachments ?? []).map((a) => {
    const data = dataOf(a);
    return {
      id: a.id, name: a.name, mediaType: a.mediaType, size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'), purpose: a.purpose,
      data: data.toString('base64'),
    };
  });
  const file = {
    format: 'esma-referral-draft', formatVersion: 1, exportedAt: '2026-11-28T10:00:00.000Z',
    name, notice: 'This is an unsigned draft. It is not a referral and cannot be sent to the council as one.',
    referral, rawInputs: {}, attachments,
  };
  return { name: `${name}.esma-draft.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) };
}

// The parent's or carer's part, on their own device (parent.html): open the
// request, read on to the decision, give consent, save the response. Returns
// the response file's path in `dir`.
export async function parentConsents(browser, request, dir) {
  const { context, problems } = await newContext(browser, { acceptDownloads: true });
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const parent = await context.newPage();
  await parent.goto(new URL('parent.html#/', BASE_URL).href);
  await waitForReady(parent);
  await parent.locator('#request-file').setInputFiles(request);
  await parent.locator('#opened').waitFor();
  // The review pages, then the decision: each page has rendered once its
  // heading has changed (the address changes first).
  for (let i = 0; i < 10 && await parent.evaluate(() => location.hash) !== '#/decide'; i++) {
    const heading = await parent.locator('h1').textContent();
    await parent.locator('#continue').click();
    await parent.waitForFunction((last) => document.querySelector('h1')?.textContent !== last, heading);
  }
  if (await parent.evaluate(() => location.hash) !== '#/decide') throw new Error('the parent never reached the decision');
  await parent.locator('#consent-given').check();
  await parent.locator('#sla-yes').check();
  await parent.fill('#full-name', 'Chris Taylor');
  await parent.fill('#relationship', 'Parent');
  await parent.locator('#continue').click();
  await parent.waitForFunction(() => location.hash === '#/check' && !!document.querySelector('#answer-summary'));
  const [file] = await Promise.all([
    parent.waitForEvent('download'),
    parent.getByRole('button', { name: 'Save my answer as a file' }).click(),
  ]);
  const path = join(dir, file.suggestedFilename());
  writeFileSync(path, readFileSync(await file.path()));
  await context.close();
  if (problems.length) throw new Error(`problems on the parent's device:\n${problems.join('\n')}`);
  return path;
}
