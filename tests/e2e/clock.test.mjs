// A device clock set in the past or the future: the service says so, with
// both dates, and nothing typed is lost when the clock jumps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  launch, newContext, openApp, expectNoAxeViolations, expectNoProblems, waitForReady,
} from './lib.mjs';
import { FIXTURES_AS_OF, draftFile, startDraft, waitForSaved } from './referral.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const banner = (page) => page.getByRole('region', { name: 'Check the date on this device' });

async function toPupilPage(page) {
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: 'Pupil and school' }).click();
}

test('a clock in the past is pointed out, and answers typed before and after it is corrected are kept', async () => {
  const { context, problems } = await newContext(browser);
  await context.clock.setFixedTime(new Date('2020-01-01T09:00:00Z'));
  const page = await openApp(context, 'school.html#/');
  await banner(page).waitFor();
  assert.match(await banner(page).innerText(), /This device says today is 1 January 2020, but this version of the service was made on 28 November 2026/);
  await expectNoAxeViolations(page, 'the clock banner');
  await startDraft(page, 'Clock in the past');
  await toPupilPage(page);
  await page.locator('#f-pupil-firstName').fill('Robin');
  await waitForSaved(page);

  // The IT team puts the clock right; the person carries on.
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  await page.locator('#f-pupil-lastName').fill('Ashby');
  await waitForSaved(page);
  await page.reload();
  await waitForReady(page);
  await page.locator('#f-pupil-firstName').waitFor();
  assert.equal(await banner(page).count(), 0);
  assert.equal(await page.locator('#f-pupil-firstName').inputValue(), 'Robin');
  assert.equal(await page.locator('#f-pupil-lastName').inputValue(), 'Ashby');
  expectNoProblems(problems);
  await context.close();
});

test('a clock ahead of the council website is pointed out, and a pack it signs is flagged to the council', async () => {
  const { context, problems } = await newContext(browser, { acceptDownloads: true });
  // The web host's clock, as its Date header says.
  await context.route('**/settings.json', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), date: 'Sat, 28 Nov 2026 10:00:00 GMT' } });
  });
  await context.clock.setFixedTime(new Date('2026-12-05T10:00:00Z'));
  const page = await openApp(context, 'school-device.html#/key');
  await banner(page).waitFor();
  assert.match(await banner(page).innerText(), /This device says today is 5 December 2026, but the council's website says it is 28 November 2026/);

  // The school signs a pack with its clock a week ahead.
  await page.fill('#key-school', 'Example Park School');
  await page.fill('#key-referrer', 'Alex Smith');
  await page.getByRole('button', { name: 'Make a signing key' }).click();
  await page.locator('#key-fingerprint').waitFor();
  await page.goto(new URL('school.html#/', page.url()).href);
  await page.locator('#import-draft').setInputFiles(draftFile('complete'));
  await page.locator('.govuk-task-list').waitFor();
  await page.getByRole('link', { name: 'Check your answers' }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Sign and save the referral pack' }).first().click(),
  ]);
  const packPath = await file.path();
  assert.match(JSON.parse(readFileSync(packPath, 'utf8')).signed.payload, /./);

  // The council, with the right date, is told the pack's date is later than today.
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const council = await openApp(context, 'council.html#/');
  await council.locator('#pack-file').setInputFiles(packPath);
  await council.locator('#created-in-future').waitFor();
  assert.match(await council.locator('#created-in-future').innerText(), /later than today on this device/);
  await expectNoAxeViolations(council, 'a pack made in the future');
  expectNoProblems(problems);
  await context.close();
});
