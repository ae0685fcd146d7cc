// Drafts protected with a passphrase on a shared computer, end to end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  launch, newContext, openApp, expectNoAxeViolations, expectNoProblems, waitForReady,
} from './lib.mjs';
import { FIXTURES_AS_OF, fixtureFile, startDraft, waitForSaved } from './referral.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PASSPHRASE = 'kettle orange bicycle';

// Every record the service keeps for drafts and files, as stored, as text.
function storedRecords(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('esma');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['drafts', 'attachments']);
      const out = {};
      let pending = 2;
      for (const name of ['drafts', 'attachments']) {
        const req = tx.objectStore(name).getAll();
        req.onsuccess = async () => {
          out[name] = await Promise.all(req.result.map(async (v) => {
            if (typeof v === 'string') return v;
            const parts = { ...v };
            if (v.blob) parts.blob = await v.blob.text();
            for (const [k, x] of Object.entries(parts)) {
              if (x instanceof ArrayBuffer || ArrayBuffer.isView(x)) parts[k] = new TextDecoder().decode(x);
            }
            return JSON.stringify(parts);
          }));
          if (--pending === 0) { open.result.close(); resolve(out); }
        };
      }
    };
  }));
}

// Turns protection on from the protect page, with no mistakes.
async function protectDrafts(page) {
  await page.goto(new URL('school-device.html#/protect', page.url()).href);
  await page.locator('#new-passphrase').fill(PASSPHRASE);
  await page.locator('#confirm-passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Protect my drafts' }).click();
  await page.getByText('Your drafts are now protected with the passphrase').waitFor();
}

async function submitPassphrase(page, passphrase) {
  await page.locator('#passphrase').fill(passphrase);
  await page.keyboard.press('Enter');
}

test('drafts protected with a passphrase: sealed on the device, a wrong passphrase destroys nothing', async () => {
  const { context, problems } = await newContext(browser);
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Shared computer');
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: 'Support in school' }).click();
  await page.locator('#f-support-apdr-currentSupportPlan').fill('Rest breaks with Robin Ashby.');
  await page.locator('[data-field="support.apdr.attachmentId"] input[type=file]').setInputFiles(fixtureFile('apdr.txt'));
  await page.locator('[data-field="support.apdr.attachmentId"] button:has-text("View")').waitFor();
  await waitForSaved(page);
  const draftUrl = page.url();

  // Turn protection on, past every mistake a person can make.
  await page.goto(new URL('#/', draftUrl).href);
  await page.getByRole('link', { name: 'protect your drafts with a passphrase' }).click();
  await page.locator('h1', { hasText: 'Protect your drafts with a passphrase' }).waitFor();
  await expectNoAxeViolations(page, 'the protect page');
  const protect = page.getByRole('button', { name: 'Protect my drafts' });
  await protect.click();
  await page.locator('.govuk-error-summary', { hasText: 'Enter a passphrase' }).waitFor();
  await expectNoAxeViolations(page, 'the protect page with an error');
  await page.locator('#new-passphrase').fill('short');
  await protect.click();
  await page.locator('.govuk-error-summary', { hasText: '12 characters or more' }).waitFor();
  await page.locator('#new-passphrase').fill(PASSPHRASE);
  await page.locator('#confirm-passphrase').fill('kettle orange bicycles');
  await protect.click();
  await page.locator('.govuk-error-summary', { hasText: 'The passphrases do not match' }).waitFor();
  await page.locator('#confirm-passphrase').fill(PASSPHRASE);
  await protect.click();
  await page.getByText('Your drafts are now protected with the passphrase').waitFor();
  await expectNoAxeViolations(page, 'protection on');

  // Nothing readable is left on the device: not the answer, the draft's name or the file.
  const stored = await storedRecords(page);
  const all = [...stored.drafts, ...stored.attachments].join('\n');
  assert.equal(stored.drafts.length, 1);
  assert.equal(stored.attachments.length, 1);
  for (const secret of ['Robin Ashby', 'Shared computer', 'apdr.txt', readFileSync(fixtureFile('apdr.txt'), 'utf8').slice(0, 30)]) {
    assert.ok(!all.includes(secret), `"${secret}" is stored readable`);
  }

  // Another person opens the service: the drafts are locked.
  await page.goto(draftUrl);
  await page.reload();
  await waitForReady(page);
  await page.locator('h1', { hasText: 'Enter your passphrase' }).waitFor();
  assert.ok(!(await page.content()).includes('Robin Ashby'));
  await expectNoAxeViolations(page, 'the unlock page');
  await submitPassphrase(page, 'kettle orange');
  await page.locator('.govuk-error-summary', { hasText: 'The passphrase is not right' }).waitFor();
  await page.locator('#passphrase-error').waitFor();
  await expectNoAxeViolations(page, 'a wrong passphrase');
  // ...which destroyed nothing.
  assert.deepEqual(await storedRecords(page), stored);

  // The right passphrase, by keyboard: the same page, answers and file.
  await submitPassphrase(page, PASSPHRASE);
  await page.locator('#f-support-apdr-currentSupportPlan').waitFor();
  assert.equal(await page.locator('#f-support-apdr-currentSupportPlan').inputValue(), 'Rest breaks with Robin Ashby.');
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.locator('[data-field="support.apdr.attachmentId"] button:has-text("View")').click(),
  ]);
  await popup.waitForLoadState();
  assert.equal((await popup.locator('body').innerText()).trim(), readFileSync(fixtureFile('apdr.txt'), 'utf8').trim());
  await popup.close();
  // New answers are sealed too.
  await page.locator('#f-support-apdr-currentSupportPlan').fill('Rest breaks and a quiet room for Robin Ashby.');
  await waitForSaved(page);
  assert.ok(!(await storedRecords(page)).drafts.join('').includes('quiet room'));

  // The protection settings are a page of their own (school-device.html),
  // which asks for the passphrase again: the unlocked drafts key lives only
  // in the page that was unlocked.
  await page.goto(new URL('school-device.html#/protect', draftUrl).href);
  await page.locator('h1', { hasText: 'Enter your passphrase' }).waitFor();
  await submitPassphrase(page, PASSPHRASE);
  // Lock now: back to the passphrase.
  await page.getByRole('button', { name: 'Lock now' }).waitFor();
  await expectNoAxeViolations(page, 'protection settings');
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Lock now' }).click()]);
  await waitForReady(page);
  await page.locator('h1', { hasText: 'Enter your passphrase' }).waitFor();

  // Change the passphrase, then turn protection off.
  await submitPassphrase(page, PASSPHRASE);
  await page.getByRole('button', { name: 'Lock now' }).waitFor();
  // Mistakes in both forms at once.
  await page.getByRole('button', { name: 'Change the passphrase' }).click();
  await page.locator('#change-error-summary', { hasText: 'Enter your current passphrase' }).waitFor();
  await page.locator('#off-passphrase').fill('not the passphrase');
  await page.getByRole('button', { name: 'Turn off protection' }).click();
  await page.locator('#off-error-summary', { hasText: 'The passphrase is not right' }).waitFor();
  await expectNoAxeViolations(page, 'protection settings with two mistakes');
  await page.locator('#current-passphrase').fill(PASSPHRASE);
  await page.locator('#changed-passphrase').fill('violet harbour lantern');
  await page.locator('#confirm-changed-passphrase').fill('violet harbour lantern');
  await page.getByRole('button', { name: 'Change the passphrase' }).click();
  await page.getByText('The passphrase has been changed').waitFor();
  await page.locator('#off-passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Turn off protection' }).click();
  await page.locator('.govuk-error-summary', { hasText: 'The passphrase is not right' }).waitFor();
  await page.locator('#off-passphrase').fill('violet harbour lantern');
  await page.getByRole('button', { name: 'Turn off protection' }).click();
  await page.getByText('Protection is off').waitFor();
  await page.reload();
  await waitForReady(page);
  await page.goto(new URL('#/', draftUrl).href);
  await page.getByRole('link', { name: 'Shared computer', exact: true }).waitFor();
  assert.ok((await storedRecords(page)).drafts[0].includes('quiet room for Robin Ashby'));
  expectNoProblems(problems);
  await context.close();
});

test('a forgotten passphrase: delete all data on this device, then start again', async () => {
  const { context, problems } = await newContext(browser);
  const page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Forgotten');
  await protectDrafts(page);
  await page.reload();
  await waitForReady(page);

  await page.getByText('I have forgotten the passphrase').click();
  await page.getByRole('link', { name: 'delete all data on this device' }).click();
  await page.getByRole('button', { name: 'Delete all data' }).click();
  await page.locator('h1', { hasText: 'All data deleted' }).waitFor();
  await page.getByRole('link', { name: 'Go to your drafts' }).click();
  await page.getByText('You have no drafts on this device.').waitFor();
  await startDraft(page, 'A fresh start');
  expectNoProblems(problems);
  await context.close();
});

// Deletes the protection's record, as clearing part of the site's data might.
function deleteProtectionRecord(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('esma');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('meta', 'readwrite');
      tx.objectStore('meta').delete('protection');
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

test('protected drafts whose protection has gone: nothing is saved unprotected, and a new passphrase carries on', async () => {
  const { context, problems } = await newContext(browser);
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Kept safe');
  await protectDrafts(page);
  await deleteProtectionRecord(page);

  // The next visit says what happened, and saves nothing plain.
  await page.goto(new URL('school.html#/', page.url()).href);
  await page.reload();
  await waitForReady(page);
  await page.locator('h1', { hasText: 'Your protected drafts cannot be opened' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Nothing will be saved without protection while those drafts are on this device/);
  await expectNoAxeViolations(page, 'protection missing');
  const before = await storedRecords(page);
  assert.ok(!before.drafts.join('').includes('Kept safe'));

  // The way on: a new passphrase, by keyboard. The old draft is kept aside, unchanged.
  await page.locator('#new-passphrase').fill('violet harbour lantern');
  await page.locator('#confirm-passphrase').fill('violet harbour lantern');
  await page.keyboard.press('Enter');
  await page.getByText('could not be read').waitFor();
  await startDraft(page, 'A new start');
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: 'Pupil and school' }).click();
  await page.locator('#f-pupil-firstName').fill('Robin');
  await waitForSaved(page);
  const after = await storedRecords(page);
  assert.equal(after.drafts.length, 1);
  assert.ok(!after.drafts[0].includes('Robin') && !after.drafts[0].includes('A new start'), 'the new draft is sealed');
  expectNoProblems(problems);
  await context.close();
});

test('protected drafts lock by themselves after 15 minutes without use', async () => {
  const { context, problems } = await newContext(browser);
  await context.clock.install({ time: FIXTURES_AS_OF });
  const page = await openApp(context, 'school.html#/');
  await startDraft(page, 'Left open');
  await protectDrafts(page);
  assert.match(await page.locator('main').innerText(), /lock by themselves after 15 minutes without use/);

  // Someone working slowly keeps them open...
  await context.clock.fastForward('10:00');
  await page.keyboard.press('Tab');
  await context.clock.fastForward('10:00');
  await page.getByRole('button', { name: 'Lock now' }).waitFor();
  // ...and walking away locks them.
  await Promise.all([page.waitForEvent('load'), context.clock.fastForward('06:00')]);
  await waitForReady(page);
  await page.locator('h1', { hasText: 'Enter your passphrase' }).waitFor();
  expectNoProblems(problems);
  await context.close();
});
