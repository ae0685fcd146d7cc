// The school's whole journey by keyboard alone (issue 14): from the start
// page to a saved, signed pack, with exactly one round of parental consent.
// The keyboard user is keyboard.mjs's (the same that measure-journey.mjs
// measures); the parent answers on parent.html. At each step: no problem
// shows before a page is submitted, focus is never left on <body>, axe finds
// nothing on any page or state, and the task list tells the truth.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, newContext, expectNoAxeViolations, expectNoProblems, waitForReady, BASE_URL } from './lib.mjs';
import { FIXTURES_AS_OF, parentConsents } from './referral.mjs';
import { journeyReferral } from './journey-data.mjs';
import { runJourney, DRAFT_NAME } from './keyboard.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The task list's status of each section, read in another tab.
async function statuses(context, draftId) {
  const tab = await context.newPage();
  await tab.goto(new URL(`school.html#/d/${draftId}`, BASE_URL).href);
  await waitForReady(tab);
  await tab.locator('.govuk-task-list').waitFor();
  const rows = await tab.locator('.govuk-task-list__item').evaluateAll((items) => items.map((li) => [
    li.querySelector('.govuk-task-list__name-and-hint > :first-child').textContent.trim(),
    li.querySelector('.govuk-task-list__status').textContent.trim(),
  ]));
  await tab.close();
  return Object.fromEntries(rows);
}

test('a complete referral by keyboard alone, from the start page to a saved pack, with one consent round', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esma-journey-test-'));
  const { context, problems } = await newContext(browser, { acceptDownloads: true });
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const page = await context.newPage();
  const scanned = new Set();
  const checks = {};
  let previous = '';
  let returnedToCheck = false;
  const draftId = () => page.url().match(/#\/d\/([0-9a-f-]{36})/)?.[1];
  const hooks = {
    async beforeSubmit() {
      const shown = await page.locator('main .govuk-error-message, main .govuk-error-summary').count();
      assert.equal(shown, 0, `a problem shows before ${page.url()} is submitted`);
    },
    async afterTurn(bot) {
      const url = page.url();
      const h1 = await page.locator('main h1').first().innerText();
      // (A page just loaded, as after "Start a referral", starts on <body>.)
      const loaded = !previous || new URL(previous).pathname !== new URL(url).pathname;
      assert.ok(loaded || await page.evaluate(() => document.activeElement && document.activeElement !== document.body),
        `focus is on <body> after an action, on ${h1}`);
      // "Change" leads back to Check your answers once its page is saved.
      if (previous.includes('return=') && previous.includes('focus=f-health-likelyDuration')) {
        assert.equal(h1, 'Check your answers', 'Change returns to Check your answers');
        returnedToCheck = true;
      }
      previous = url;
      // axe on every page and state visited.
      const state = `${url.replace(/\?.*$/, '').replace(/[0-9a-f-]{36}/, 'D')} | ${h1} | ${await page.locator('.govuk-notification-banner, .app-consent-given, .govuk-panel').count()}`;
      if (!scanned.has(state)) {
        scanned.add(state);
        await expectNoAxeViolations(page, state);
      }
      // The task list, at each step that changes it.
      const id = draftId();
      if (h1 === 'The pupil' && !checks.start) {
        checks.start = await statuses(context, id);
      } else if (h1 === 'Attachments and other information' && !checks.beforeAttachments) {
        checks.beforeAttachments = await statuses(context, id);
      } else if (h1 === 'Check your answers' && !checks.ready) {
        checks.ready = await statuses(context, id);
      } else if (bot.rounds === 1 && bot.response && !checks.requested) {
        checks.requested = await statuses(context, id);
      } else if (bot.rounds === 1 && !bot.response && /gave consent/.test(await page.locator('main').innerText()) && !checks.given) {
        checks.given = await statuses(context, id);
      }
    },
  };
  const bot = await runJourney(page, BASE_URL, {
    referral: journeyReferral(),
    respond: (_, request) => parentConsents(browser, request, dir),
    hooks,
  });

  assert.equal(bot.rounds, 1, 'exactly one consent round');
  assert.equal(bot.bodyFocus, 0);
  assert.ok(returnedToCheck);
  // Files are named by the draft and the day.
  assert.equal(bot.requestName, `${DRAFT_NAME}-2026-11-28.esma-consent-request.json`);
  assert.equal(bot.packName, `${DRAFT_NAME}-2026-11-28.esma-pack.json`);
  // The pack's outcome has focus and is announced.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pack-saved');
  assert.match(await page.locator('#app-announcer').innerText(), /Referral pack saved as SE-Y10-2026-11-28\.esma-pack\.json/);

  // What the task list said along the way.
  const { start, beforeAttachments, ready, requested, given } = checks;
  assert.equal(start['Check the pupil can be referred'], 'Completed');
  assert.equal(start['Pupil and school'], 'In progress', 'the screener answered some of it');
  assert.equal(start['Health and medical evidence'], 'Not yet started');
  assert.equal(start['Attachments and other information'], 'Not yet started');
  assert.equal(start['Parental consent'], 'Cannot start yet');
  assert.equal(start.Exams, 'Does not apply', 'not until the year group says Year 10');
  assert.equal(beforeAttachments['Pupil and school'], 'Completed');
  assert.equal(beforeAttachments.Exams, 'Completed');
  assert.notEqual(beforeAttachments['Attachments and other information'], 'Completed', 'not before it is visited');
  for (const [section, status] of Object.entries(ready)) {
    if (section === 'Parental consent') assert.equal(status, 'Not requested');
    else assert.equal(status, 'Completed', section);
  }
  assert.equal(requested['Parental consent'], 'Requested, waiting');
  assert.equal(given['Parental consent'], 'Given');
  expectNoProblems(problems);
  await context.close();
});
