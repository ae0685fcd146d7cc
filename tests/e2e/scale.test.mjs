// The service at the sizes real schools reach: 200 drafts on one computer, a
// 50-page answer, and a referral with 30 attachments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  launch, openApp, download, expectNoAxeViolations, expectNoProblems, waitForReady,
} from './lib.mjs';
import {
  CLI, draftFileOf, fixture, fixtureFile, schoolDevice, seedDrafts, startDraft, waitForSaved,
} from './referral.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a referral with 30 attachments imports, exports and signs into a pack the CLI verifies', async () => {
  const { context, problems } = await schoolDevice(browser, { acceptDownloads: true });
  const page = await openApp(context, 'school-device.html#/key');
  await page.fill('#key-school', 'Example Park School');
  await page.fill('#key-referrer', 'Alex Smith');
  await page.getByRole('button', { name: 'Make a signing key' }).click();
  await page.locator('#key-fingerprint').waitFor();
  const jwk = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Download the public key' }).click())).text);

  // The complete fixture plus medical evidence letters up to 30 files, 400 KB each.
  const referral = fixture('complete');
  const extra = new Map();
  for (let i = 1; referral.attachments.length < 30; i++) {
    const id = `att-extra-${i}`;
    const data = Buffer.from(`Letter ${i}\n`.padEnd(400 * 1024, `Evidence line ${i}. `));
    extra.set(id, data);
    referral.medicalEvidence.push({ ...referral.medicalEvidence[0], attachmentId: id });
    referral.attachments.push({
      id, name: `evidence-${i}.txt`, mediaType: 'text/plain', size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'), purpose: 'medical-evidence',
    });
  }
  const file = draftFileOf('Thirty files', referral, (a) => extra.get(a.id) ?? readFileSync(fixtureFile(a.name)));
  await page.goto(new URL('school.html#/', page.url()).href);
  await page.locator('#import-draft').setInputFiles(file);
  await page.locator('.govuk-task-list').waitFor();
  await page.getByRole('link', { name: 'Check your answers' }).click();
  await page.getByRole('button', { name: 'Sign and save the referral pack' }).first().waitFor();
  for (let i = 1; i <= extra.size; i++) {
    await page.locator('main', { hasText: `evidence-${i}.txt` }).first().waitFor();
  }
  await expectNoAxeViolations(page, 'check answers with 30 files');

  const exported = JSON.parse((await download(page, () => page.getByRole('button', { name: 'Export draft' }).click())).text);
  assert.equal(exported.attachments.length, 30);

  const pack = (await download(page, () => page.getByRole('button', { name: 'Sign and save the referral pack' }).first().click())).text;
  const dir = mkdtempSync(join(tmpdir(), 'esma-30-'));
  writeFileSync(join(dir, 'pack.json'), pack);
  writeFileSync(join(dir, 'trusted.json'), JSON.stringify({ keys: [jwk] }));
  const verified = spawnSync(CLI, ['verify', join(dir, 'pack.json'), '--trusted', join(dir, 'trusted.json'), '--today', '2026-11-28', '--json']);
  assert.equal(verified.status, 0, verified.stdout.toString() + verified.stderr.toString());
  assert.equal(JSON.parse(pack).files.length, 30);
  expectNoProblems(problems);
  await context.close();
});

test('200 drafts on one device are all listed, open, and survive being protected', async () => {
  const { context, problems } = await schoolDevice(browser, { acceptDownloads: true });
  const page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Draft 1');
  await waitForSaved(page);
  await seedDrafts(page, 200);
  await page.goto(new URL('school.html#/', page.url()).href);
  await page.reload();
  await waitForReady(page);
  const rows = page.locator('table.govuk-table tbody tr');
  await page.getByRole('link', { name: 'Draft 200', exact: true }).waitFor();
  assert.equal(await rows.count(), 200);
  await expectNoAxeViolations(page, 'the drafts page with 200 drafts');

  await page.goto(new URL('school-device.html#/protect', page.url()).href);
  await page.locator('#new-passphrase').fill('kettle orange bicycle');
  await page.locator('#confirm-passphrase').fill('kettle orange bicycle');
  await page.getByRole('button', { name: 'Protect my drafts' }).click();
  await page.getByText('Your drafts are now protected with the passphrase').waitFor();
  // Back on school.html, a page of its own: the drafts open with the passphrase.
  await page.getByRole('link', { name: 'Go to your drafts' }).click();
  await page.locator('#passphrase').fill('kettle orange bicycle');
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Draft 200', exact: true }).waitFor();
  assert.equal(await rows.count(), 200);
  await page.getByRole('link', { name: 'Draft 150', exact: true }).click();
  await page.locator('.govuk-task-list').waitFor();
  expectNoProblems(problems);
  await context.close();
});

test('a 50-page answer is saved as it is typed, kept on reload, and shown in full', async () => {
  const { context, problems } = await schoolDevice(browser, { acceptDownloads: true });
  const page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Long answer');
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: 'Health and medical evidence', exact: true }).click();
  // 50 pages of about 3,000 characters, each line numbered so a lost part shows.
  const lines = [];
  for (let i = 1, length = 0; length < 150_000; i++) {
    lines.push(`Line ${i}: the pupil's condition and its effect on learning, in the consultant's words.`);
    length += lines.at(-1).length + 1;
  }
  const answer = lines.join('\n');
  const box = page.locator('#f-health-condition');
  // Pasted in one go. (Not Playwright's fill: Chromium's own editing of
  // 1,700 line breaks takes seconds even in a bare textarea, which is the
  // browser, not the service; the page gets the same single input event.)
  await box.evaluate((area, text) => {
    area.value = text;
    area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }, answer);
  await waitForSaved(page);
  // Typing on at the end is still saved.
  await box.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' The end.');
  await waitForSaved(page);
  await page.reload();
  await waitForReady(page);
  await box.waitFor();
  assert.equal(await box.inputValue(), `${answer} The end.`);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.goto(page.url().replace(/\/health$/, '/check'));
  await page.locator('main', { hasText: 'The end.' }).waitFor();
  assert.ok((await page.locator('main').innerText()).includes(lines.at(-1)));
  expectNoProblems(problems);
  await context.close();
});
