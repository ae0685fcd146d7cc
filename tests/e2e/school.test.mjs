// The school's journey: the referral wizard, end to end in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  launch, openApp, expectNoAxeViolations, expectNoProblems, waitForReady,
} from './lib.mjs';
import {
  fixture, fixtureFile, fillPage, waitForSaved, draftFile, schoolDevice, startDraft,
} from './referral.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A fresh device with its clock at the fixtures' date.
async function importDraft(page, file) {
  await page.locator('#import-draft').setInputFiles(file);
  await page.locator('.govuk-task-list').waitFor();
}

// Presses "Save and continue" and waits for the next page. The address
// changes before the app draws the page it names, so waiting for the address
// alone once read the old page's heading; the app moves focus to the main
// content after it has drawn a new page (app.rs), which is the sign.
async function saveAndContinue(page) {
  const before = page.url();
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.waitForFunction(
    (url) => location.href !== url && document.activeElement?.id === 'main-content',
    before,
  );
  await page.locator('main h1').waitFor();
}

test('a school completes a referral from the fixture, page by page, and reaches no blocking findings', async () => {
  const referral = fixture('complete');
  const { context, problems } = await schoolDevice(browser);
  const page = await openApp(context, 'school.html#/');
  await expectNoAxeViolations(page, 'the drafts page');
  await startDraft(page, 'RT Year 9');
  // Every page "Save and continue" leads to, answered from the fixture,
  // until the referral is ready to check.
  const seen = [];
  let added = 0;
  while ((await page.locator('main h1').innerText()) !== 'Check your answers') {
    const heading = await page.locator('main h1').innerText();
    if (page.url().endsWith('/health/evidence') && added < referral.medicalEvidence.length) {
      await page.getByRole('button', { name: /medical evidence$/ }).click();
      await page.locator(`[data-field="medicalEvidence[${added}].professionalName"]`).waitFor();
      added++;
      continue;
    }
    seen.push(heading);
    // No page asks more than about 8 things; none shows a problem before it is submitted.
    assert.ok(await page.locator('main [data-field]').count() <= 8, `${heading} asks too much`);
    assert.equal(await page.locator('main .govuk-error-message, main .govuk-error-summary').count(), 0, heading);
    await fillPage(page, referral);
    await expectNoAxeViolations(page, heading);
    await saveAndContinue(page);
  }
  assert.ok(seen.length >= 20, `pages seen: ${seen.join(', ')}`);
  assert.deepEqual(seen.slice(0, 3), ['Check the pupil can be referred', 'The pupil', 'The school']);
  assert.equal(seen.at(-1), 'Attachments and other information', 'consent comes after attachments');
  // Everything but consent is done: the next step is consent. Here, on paper.
  await waitForSaved(page);
  await page.getByRole('link', { name: 'Ask a parent or carer for consent' }).first().click();
  await page.locator('h1', { hasText: 'Ask a parent or carer for consent' }).waitFor();
  await expectNoAxeViolations(page, 'the consent page');
  await page.getByRole('link', { name: 'Record consent given on paper' }).click();
  await page.locator('h1', { hasText: 'Consent given on paper' }).waitFor();
  await fillPage(page, referral);
  await expectNoAxeViolations(page, 'consent on paper');
  await saveAndContinue(page);
  await page.locator('h1', { hasText: 'Check your answers' }).waitFor();
  await waitForSaved(page);
  assert.match(await page.locator('main').innerText(), /Nothing stops this referral being sent/);
  assert.doesNotMatch(await page.locator('main').innerText(), /Read the warnings below/, 'there are none');
  assert.equal(await page.locator('.govuk-error-summary').count(), 0);
  // Every answer is on the page, with a way to change it.
  const text = await page.locator('main').innerText();
  for (const expected of ['Robin', 'Taylor', '5 March 2013', 'Year 9', 'Stevenage', 'Dr Priya Example',
    '10 November 2026', 'treatment-plan.txt', 'Funds a key worker', 'parental-consent.txt']) {
    assert.ok(text.includes(expected), `check answers lacks ${expected}`);
  }
  assert.ok(await page.getByRole('link', { name: /^Change/ }).count() > 40);
  for (const n of [1, 2, 3, 4, 5, 6]) {
    assert.doesNotMatch(await page.locator('.app-checklist__item').nth(n - 1).innerText(), /Missing/);
  }
  await expectNoAxeViolations(page, 'check your answers');
  // The task list agrees: every section complete, consent last.
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.locator('.govuk-task-list').waitFor();
  assert.match(await page.locator('main').innerText(), /You have completed 10 of 10 sections/);
  const tasks = await page.locator('.govuk-task-list__item .govuk-task-list__name-and-hint > :first-child').allInnerTexts();
  assert.deepEqual(tasks.slice(-2), ['Attachments and other information', 'Parental consent']);
  assert.equal(await page.locator('#must-not-miss').count(), 0);
  // A completed section opens on its answers, each with a way to change it.
  await page.getByRole('link', { name: 'Funding', exact: true }).click();
  await page.locator('h1', { hasText: 'Funding' }).waitFor();
  assert.match(page.url(), /\/funding\/summary$/);
  await expectNoAxeViolations(page, 'a section summary');
  expectNoProblems(problems);
  await context.close();
});

test('missing medical evidence and funding statement are flagged, and summary links move focus', async () => {
  const { context, problems } = await schoolDevice(browser);
  const page = await openApp(context, 'school.html#/');
  await importDraft(page, draftFile('missing-medical-evidence-and-funding-statement'));
  // Impossible to overlook: at the top of the task list, before anything else.
  const box = page.locator('#must-not-miss');
  assert.match(await box.innerText(), /medical evidence/i);
  assert.match(await box.innerText(), /Pupil Premium Grant/);
  await expectNoAxeViolations(page, 'the task list with problems');
  // Each shows the policy sentence it comes from.
  await box.locator('summary').first().click();
  assert.match(await box.locator('blockquote').first().innerText(), /medical evidence/i);

  await page.getByRole('link', { name: 'Funding', exact: true }).click();
  await page.locator('h1', { hasText: 'Funding' }).waitFor();
  // No problem shows before the page is submitted.
  assert.equal(await page.locator('main .govuk-error-message').count(), 0);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'error-summary');
  assert.match(await summary.innerText(), /There is a problem/);
  const link = summary.getByRole('link', { name: /Pupil Premium Grant/ });
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-funding-pupilPremiumGrant-statement');
  assert.match(page.url(), /#\/d\/[^/]+\/funding$/, 'the link must not change the page');
  // The message sits by the question, tied to it for screen readers.
  const describedBy = await page.locator('#f-funding-pupilPremiumGrant-statement').getAttribute('aria-describedby');
  assert.match(describedBy, /f-funding-pupilPremiumGrant-statement-messages/);
  await expectNoAxeViolations(page, 'the funding page with errors');

  // Typing the statement clears the problem as it is typed.
  await page.locator('#f-funding-pupilPremiumGrant-statement').fill('Pays for a key worker.');
  await page.locator('[data-field="funding.pupilPremiumGrant.statement"] .govuk-error-message').waitFor({ state: 'detached' });
  expectNoProblems(problems);
  await context.close();
});

test('a reload midway keeps every answer and file, on the same page', async () => {
  const { context, problems } = await schoolDevice(browser);
  let page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Reload test');
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: 'Support in school' }).click();
  await page.locator('#f-support-apdr-currentSupportPlan').fill('Rest breaks and a quiet room.');
  await page.locator('[data-field="support.apdr.attachmentId"] input[type=file]').setInputFiles(fixtureFile('apdr.txt'));
  await page.locator('[data-field="support.apdr.attachmentId"] button:has-text("View")').waitFor();
  await waitForSaved(page);
  const url = page.url();
  await page.reload();
  await waitForReady(page);
  await page.locator('#f-support-apdr-currentSupportPlan').waitFor();
  assert.equal(page.url(), url);
  assert.equal(await page.locator('#f-support-apdr-currentSupportPlan').inputValue(), 'Rest breaks and a quiet room.');
  assert.match(await page.locator('[data-field="support.apdr.attachmentId"]').innerText(), /apdr\.txt/);
  // Closing the tab and opening the service again offers the same page.
  await page.close();
  const again = await openApp(context, 'school.html#/');
  await again.getByRole('link', { name: /Reload test, support in school/ }).click();
  await again.locator('#f-support-apdr-currentSupportPlan').waitFor();
  assert.equal(again.url(), url);
  await again.close();
  const page2 = await openApp(context, url.slice(url.indexOf('school.html')));
  await page2.locator('#f-support-apdr-currentSupportPlan').waitFor();
  page = page2;
  // The file itself survived: it opens, byte for byte.
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.locator('[data-field="support.apdr.attachmentId"] button:has-text("View")').click(),
  ]);
  await popup.waitForLoadState();
  assert.equal((await popup.locator('body').innerText()).trim(), readFileSync(fixtureFile('apdr.txt'), 'utf8').trim());
  expectNoProblems(problems);
  await context.close();
});

test('a draft exports to a file and imports as a new, separate draft', async () => {
  const { context, problems } = await schoolDevice(browser, { acceptDownloads: true });
  const page = await openApp(context, 'school.html#/');
  await importDraft(page, draftFile('complete'));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export draft' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /\.esma-draft\.json$/);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.format, 'esma-referral-draft');
  assert.match(exported.notice, /not a referral/);
  assert.equal(exported.attachments.length, fixture('complete').attachments.length);

  // A colleague's device: nothing there until the file is imported.
  const { context: other, problems: otherProblems } = await schoolDevice(browser);
  const colleague = await openApp(other, 'school.html#/');
  await colleague.locator('#import-draft').setInputFiles(await download.path());
  await colleague.locator('.govuk-task-list').waitFor();
  assert.match(await colleague.locator('.govuk-caption-l').innerText(), /\(imported\)/);
  await colleague.getByRole('link', { name: 'Check your answers' }).click();
  await colleague.locator('h1', { hasText: 'Check your answers' }).waitFor();
  assert.match(await colleague.locator('main').innerText(), /Nothing stops this referral being sent/);
  assert.match(await colleague.locator('main').innerText(), /medical-evidence-letter\.txt/);

  // A tampered file is refused, and says why.
  const tampered = JSON.parse(readFileSync(await download.path(), 'utf8'));
  tampered.attachments[0].data = Buffer.from('changed').toString('base64');
  await colleague.goto(new URL('school.html#/', page.url()).href);
  await waitForReady(colleague);
  await colleague.locator('#import-draft').setInputFiles({
    name: 'tampered.esma-draft.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tampered)),
  });
  await colleague.locator('.govuk-error-summary').waitFor();
  expectNoProblems(problems);
  expectNoProblems(otherProblems);
  await context.close();
  await other.close();
});

test('the eligibility screener works by keyboard alone and says why a referral will not be accepted', async () => {
  const { context, problems } = await schoolDevice(browser);
  const page = await openApp(context, 'school.html#/');
  await page.locator('#new-draft-name').focus();
  await page.keyboard.type('Keyboard');
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: 'Check the pupil can be referred' }).waitFor();
  // Tab to "Does the pupil live in Hertfordshire?" and choose "No" with the arrow keys.
  await page.locator('#f-pupil-dateOfBirth').focus();
  await page.keyboard.type('5');
  await page.keyboard.press('Tab');
  await page.keyboard.type('3');
  await page.keyboard.press('Tab');
  await page.keyboard.type('2013');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  const verdict = page.locator('.app-verdict');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /unlikely to be accepted/);
  assert.match(await verdict.innerText(), /Hertfordshire/);
  await expectNoAxeViolations(page, 'the screener with a refusal');
  expectNoProblems(problems);
  await context.close();
});

test('a file that is too large is refused with a clear message, and nothing is stored', async () => {
  const { context, problems } = await schoolDevice(browser);
  const page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Big file');
  await page.goto(page.url().replace(/eligibility$/, 'support'));
  await page.locator('[data-field="support.apdr.attachmentId"] input[type=file]').setInputFiles({
    name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(21 * 1024 * 1024, 1),
  });
  const message = page.locator('[data-field="support.apdr.attachmentId"] .govuk-error-message');
  await message.waitFor();
  assert.match(await message.innerText(), /must be smaller than 20MB/);
  await expectNoAxeViolations(page, 'a refused file');
  expectNoProblems(problems);
  await context.close();
});

test('when the browser cannot save, the service says so plainly', async () => {
  const { context, problems } = await schoolDevice(browser);
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  const page = await openApp(context, 'school.html#/');
  await page.locator('.govuk-error-summary', { hasText: 'This browser cannot save your referral' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Start a new referral' }).count(), 0);
  await expectNoAxeViolations(page, 'storage unavailable');
  expectNoProblems(problems);
  await context.close();
});

test('when the device is full, the service says the change is not saved', async () => {
  const { context, problems } = await schoolDevice(browser);
  const page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Full disk');
  await waitForSaved(page);
  // From now on every write fails as a full disk does.
  await page.evaluate(() => {
    const fail = function () { throw new DOMException('full', 'QuotaExceededError'); };
    IDBObjectStore.prototype.put = fail;
    IDBObjectStore.prototype.add = fail;
  });
  await page.locator('#f-pupil-dateOfBirth').fill('5');
  const banner = page.locator('.govuk-error-summary', { hasText: 'not saved on this device' });
  await banner.waitFor();
  // What was typed is still on the screen, not dropped.
  assert.equal(await page.locator('#f-pupil-dateOfBirth').inputValue(), '5');
  expectNoProblems(problems);
  await context.close();
});

test('delete all data removes every draft from this device, after confirmation', async () => {
  const { context, problems } = await schoolDevice(browser);
  const page = await openApp(context, 'school.html#/');
  await importDraft(page, draftFile('complete'));
  await page.goto(new URL('school.html#/', page.url()).href);
  await page.locator('table.govuk-table').waitFor();
  await page.getByRole('link', { name: 'Delete all data on this device' }).click();
  await page.locator('h1', { hasText: 'Delete all data on this device' }).waitFor();
  await expectNoAxeViolations(page, 'delete all data');
  await page.getByRole('button', { name: 'Delete all data' }).click();
  await page.locator('.govuk-panel', { hasText: 'All data deleted' }).waitFor();
  await page.getByRole('link', { name: 'Go to your drafts' }).click();
  await page.locator('main', { hasText: 'You have no drafts on this device.' }).waitFor();
  expectNoProblems(problems);
  await context.close();
});

test('two tabs editing one draft: the later save never destroys the earlier one', async () => {
  const { context, problems } = await schoolDevice(browser);
  const first = await openApp(context, 'school.html#/');
  await startDraft(first, 'Two tabs');
  await first.getByRole('link', { name: 'Back to your referral' }).click();
  await first.getByRole('link', { name: 'Baseline and the pupil\'s voice' }).click();
  const url = first.url();
  const second = await openApp(context, url.slice(url.indexOf('school.html')));
  await second.locator('#f-baseline-english').waitFor();

  await first.locator('#f-baseline-english').fill('From the first tab');
  await waitForSaved(first);
  await second.locator('#f-baseline-english').fill('From the second tab');
  const banner = second.locator('.govuk-error-summary', { hasText: 'changed in another tab' });
  await banner.waitFor();
  await expectNoAxeViolations(second, 'a conflict between tabs');
  await second.getByRole('button', { name: 'Save my version as a new draft' }).click();
  await second.locator('.govuk-caption-l', { hasText: 'Two tabs (copy)' }).waitFor();
  await second.getByRole('link', { name: 'Baseline and the pupil\'s voice' }).click();
  assert.equal(await second.locator('#f-baseline-english').inputValue(), 'From the second tab');
  // The first tab's version is still the original draft's.
  await first.reload();
  await waitForReady(first);
  assert.equal(await first.locator('#f-baseline-english').inputValue(), 'From the first tab');
  expectNoProblems(problems);
  await context.close();
});

test('a section can be answered and saved by keyboard alone, and the next page takes focus', async () => {
  const { context, problems } = await schoolDevice(browser);
  const page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Keyboard section');
  await page.goto(page.url().replace(/eligibility$/, 'funding'));
  await page.locator('h1', { hasText: 'Funding' }).waitFor();
  await waitForReady(page);
  const active = () => page.evaluate(() => document.activeElement?.id ?? '');
  // Tab into the first question; "No" to each funding stream, by arrow keys.
  for (const stream of ['ehcp', 'localHighNeedsFunding', 'pupilPremiumGrant']) {
    const yes = `f-funding-${stream}-receives`;
    for (let i = 0; i < 40 && (await active()) !== yes; i++) await page.keyboard.press('Tab');
    assert.equal(await active(), yes);
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), `${yes}-1`);
  }
  // Then to "Save and continue", and Enter.
  for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement?.textContent?.includes('Save and continue'))); i++) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: "Baseline and the pupil's voice" }).waitFor();
  assert.equal(await active(), 'main-content');
  expectNoProblems(problems);
  await context.close();
});
