// The school's side of consent: make a signed consent request, import the
// parent's signed response, and see consent count only for exactly what the
// parent reviewed. The parent's side is played here by the esma-referral CLI
// (which shares the formats); parent.test.mjs drives the parent page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  launch, newContext, openApp, expectNoAxeViolations, expectNoProblems, waitForReady, ukTime,
} from './lib.mjs';
import { CLI, FIXTURES_AS_OF, draftFile } from './referral.mjs';


let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function cli(args) {
  const run = spawnSync(CLI, args);
  assert.equal(run.status, 0, `esma-referral ${args.join(' ')}:\n${run.stdout}${run.stderr}`);
  return run;
}

async function schoolWithKey(clock = FIXTURES_AS_OF) {
  const { context, problems } = await newContext(browser, { acceptDownloads: true });
  await context.clock.setFixedTime(clock);
  const page = await openApp(context, 'school-device.html#/key');
  await page.fill('#key-school', 'Example Park School');
  await page.fill('#key-referrer', 'Alex Smith');
  await page.getByRole('button', { name: 'Make a signing key' }).click();
  await page.locator('#key-fingerprint').waitFor();
  await page.goto(new URL('school.html#/', page.url()).href);
  await waitForReady(page);
  await page.locator('#import-draft').setInputFiles(draftFile('complete'));
  await page.locator('.govuk-task-list').waitFor();
  await page.getByRole('link', { name: 'Parental consent' }).click();
  await page.locator('#consent-service-heading').waitFor();
  return { context, problems, page };
}

async function makeRequest(page, dir, day = '2026-11-28') {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /consent request/ }).click(),
  ]);
  // Named by the draft and the day, so a folder of requests tells them apart.
  assert.equal(download.suggestedFilename(), `complete-imported-${day}.esma-consent-request.json`);
  const path = join(dir, download.suggestedFilename());
  writeFileSync(path, readFileSync(await download.path()));
  return path;
}

function respond(dir, request, decision) {
  const out = join(dir, `${decision}.esma-consent-response.json`);
  cli(['consent-respond', request, '--decision', decision, '--name', 'Chris Taylor',
    '--relationship', 'Parent', '--sla-acknowledged', '--out', out]);
  return out;
}

test('consent given to exactly what was reviewed counts; a change since means asking again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esma-consent-'));
  const { context, problems, page } = await schoolWithKey();
  const request = await makeRequest(page, dir);
  const given = respond(dir, request, 'given');

  await page.locator('#consent-response').setInputFiles(given);
  await page.locator('#consent-message', { hasText: 'gave consent' }).waitFor();
  await page.locator('.app-consent-given', { hasText: 'Chris Taylor (Parent) gave consent' }).waitFor();
  await expectNoAxeViolations(page, 'consent recorded');

  await page.getByRole('link', { name: 'Back to your referral' }).click();
  assert.equal(await page.locator('#task-consent-status').innerText(), 'Given');

  // A change to what will be shared: said where it is made, before and after.
  await page.getByRole('link', { name: "Baseline and the pupil's voice" }).click();
  const warning = page.locator('.app-consent-warning');
  assert.match(await warning.innerText(), /You can still change anything, but they will then need to review the referral again/);
  await page.locator('#f-baseline-english').fill('Now working above the expected standard.');
  await warning.locator('.app-changes', { hasText: 'Baseline' }).waitFor();
  assert.doesNotMatch(await warning.innerText(), /above the expected standard/, 'what changed, never the answer');
  await expectNoAxeViolations(page, 'a change after consent');
  // The school may still go ahead; consent is now out of date, and says why.
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  assert.equal(await page.locator('#task-consent-status').innerText(), 'Out of date');
  assert.match(await page.locator('#task-consent-hint').innerText(), /Baseline/);
  await page.getByRole('link', { name: 'Parental consent' }).click();
  await page.locator('.app-consent', { hasText: 'changed since the parent or carer consented' }).waitFor();
  assert.match(await page.locator('.app-consent .app-changes').innerText(), /Baseline/i);
  // Importing the old response again is refused, and says what changed.
  await page.locator('#consent-response').setInputFiles(given);
  await page.locator('#consent-message', { hasText: 'changed since' }).waitFor();

  // A second round: a new request, the parent's answer, and it counts.
  const second = await makeRequest(page, dir);
  await page.locator('#task-consent-status, .app-consent', { hasText: 'Requested, waiting' }).first().waitFor();
  await page.locator('#consent-response').setInputFiles(respond(dir, second, 'given'));
  await page.locator('.app-consent-given', { hasText: 'Chris Taylor (Parent) gave consent' }).waitFor();
  await page.getByRole('link', { name: 'Continue' }).click();
  await page.locator('h1', { hasText: 'Check your answers' }).waitFor();
  await page.getByRole('button', { name: 'Sign and save the referral pack' }).first().waitFor();
  expectNoProblems(problems);
  await context.close();
});

test('a refusal is recorded and stops the referral being signed; a tampered response is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esma-consent-'));
  const { context, problems, page } = await schoolWithKey();
  const request = await makeRequest(page, dir);

  const tampered = JSON.parse(readFileSync(respond(dir, request, 'given'), 'utf8'));
  const sig = Buffer.from(tampered.signed.signature, 'base64url');
  sig[5] ^= 1;
  tampered.signed.signature = sig.toString('base64url');
  const tamperedPath = join(dir, 'tampered.esma-consent-response.json');
  writeFileSync(tamperedPath, JSON.stringify(tampered));
  await page.locator('#consent-response').setInputFiles(tamperedPath);
  await page.locator('#consent-message', { hasText: 'signature does not match' }).waitFor();
  await expectNoAxeViolations(page, 'a refused response');

  await page.locator('#consent-response').setInputFiles(respond(dir, request, 'refused'));
  await page.locator('.app-consent', { hasText: 'refused consent' }).waitFor();
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: 'Check your answers' }).click();
  await page.locator('.app-send').first().waitFor();
  assert.match(await page.locator('.app-send').first().innerText(), /refused consent/);
  assert.equal(await page.getByRole('button', { name: 'Sign and save the referral pack' }).count(), 0);
  expectNoProblems(problems);
  await context.close();
});

test('consent given in the app travels in the signed pack, and the council sees and checks it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esma-consent-pack-'));
  cli(['example', '--dir', dir]);
  const key = join(dir, 'school.jwk');
  const publicJwk = JSON.parse(cli(['keygen', '--out', key]).stdout.toString());
  const request = join(dir, 'request.esma-consent-request.json');
  cli(['consent-request', join(dir, 'referral.json'), '--key', key, '--out', request]);
  const response = respond(dir, request, 'given');
  cli(['consent-apply', join(dir, 'referral.json'), response, '--request', request, '--out', join(dir, 'with-consent.json')]);
  const pack = join(dir, 'referral.esma-pack.json');
  cli(['sign', join(dir, 'with-consent.json'), '--key', key, '--out', pack]);
  const trusted = join(dir, 'trusted-keys.json');
  writeFileSync(trusted, JSON.stringify({ keys: [publicJwk] }));

  const { context, problems } = await newContext(browser);
  const page = await openApp(context, 'council.html#/');
  await page.locator('#pack-file').setInputFiles(pack);
  await page.locator('#keys-file').setInputFiles(trusted);
  const section = page.locator('section[aria-labelledby="pack-consent"]');
  await section.waitFor();
  const text = await section.innerText();
  assert.match(text, /In this service: a response tied to the school's request and to what they reviewed, unchanged since it was made \(who made it is not verified\)/);
  assert.match(text, /Consent given/);
  assert.match(text, /Chris Taylor \(Parent\)/);
  assert.match(await page.locator('main').innerText(), /Parental consent/);
  await expectNoAxeViolations(page, 'a pack with consent');
  expectNoProblems(problems);
  await context.close();
});

test('the whole round trip: school asks, parent reviews and consents, school imports and signs, council sees the consent', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'esma-round-trip-'));
  const { context, problems, page } = await schoolWithKey();
  const request = await makeRequest(page, dir);

  // The parent, on their own device.
  const { context: parentDevice, problems: parentProblems } = await newContext(browser, { acceptDownloads: true });
  await parentDevice.clock.setFixedTime(FIXTURES_AS_OF);
  const parent = await openApp(parentDevice, 'parent.html#/');
  await parent.locator('#request-file').setInputFiles(request);
  await parent.locator('#opened').waitFor();
  for (let i = 0; i < 30 && !parent.url().endsWith('#/decide'); i++) {
    await parent.locator('#continue').click();
    await parent.waitForFunction(() => document.documentElement.dataset.appReady === 'true');
  }
  assert.ok(parent.url().endsWith('#/decide'), 'the review reaches the decision');
  await parent.locator('#sla-yes').check();
  await parent.locator('#consent-given').check();
  await parent.fill('#full-name', 'Chris Taylor');
  await parent.fill('#relationship', 'Parent');
  await parent.locator('#continue').click();
  await parent.locator('#answer-summary').waitFor();
  const [responseFile] = await Promise.all([
    parent.waitForEvent('download'),
    parent.getByRole('button', { name: 'Save my answer as a file' }).click(),
  ]);
  const response = join(dir, responseFile.suggestedFilename());
  writeFileSync(response, readFileSync(await responseFile.path()));
  expectNoProblems(parentProblems);
  await parentDevice.close();

  // Back at school: import, then sign.
  await page.locator('#consent-response').setInputFiles(response);
  await page.locator('.app-consent-given', { hasText: 'Chris Taylor (Parent) gave consent' }).waitFor();
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: 'Check your answers' }).click();
  const [packFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Sign and save the referral pack' }).first().click(),
  ]);
  const pack = join(dir, packFile.suggestedFilename());
  writeFileSync(pack, readFileSync(await packFile.path()));
  const keyFile = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await page.goto(new URL('school-device.html#/key', page.url()).href);
      await page.getByRole('button', { name: 'Download the public key' }).click();
    })(),
  ]);
  const trusted = join(dir, 'trusted-keys.json');
  writeFileSync(trusted, JSON.stringify({ keys: [JSON.parse(readFileSync(await keyFile[0].path(), 'utf8'))] }));
  expectNoProblems(problems);
  await context.close();

  // The council: the pack is valid and trusted, and the consent checks out.
  const { context: council, problems: councilProblems } = await newContext(browser);
  const view = await openApp(council, 'council.html#/');
  await view.locator('#pack-file').setInputFiles(pack);
  await view.locator('#keys-file').setInputFiles(trusted);
  await view.locator('.govuk-panel', { hasText: 'Valid and trusted' }).waitFor();
  const consent = await view.locator('section[aria-labelledby="pack-consent"]').innerText();
  assert.match(consent, /Consent given/);
  assert.match(consent, /Chris Taylor \(Parent\)/);
  // And the command-line verifier agrees.
  const verified = spawnSync(CLI, ['verify', pack, '--trusted', trusted, '--today', '2026-11-28']);
  assert.equal(verified.status, 0, verified.stdout.toString() + verified.stderr.toString());
  expectNoProblems(councilProblems);
  await council.close();
});

test('the parent sees when the school asked in UK time, summer and winter, and the check code the school reads out', async () => {
  for (const [clock, shown] of [
    [new Date('2027-06-15T14:05:00Z'), '3:05pm, 15 June 2027'], // British Summer Time
    [FIXTURES_AS_OF, '10am, 28 November 2026'], // Greenwich Mean Time
  ]) {
    const dir = mkdtempSync(join(tmpdir(), 'esma-consent-time-'));
    const { context, problems, page } = await schoolWithKey(clock);
    const request = await makeRequest(page, dir, clock.toISOString().slice(0, 10)); // the UK day is the UTC one at both times
    const { createdAt } = JSON.parse(Buffer.from(JSON.parse(readFileSync(request, 'utf8')).signed.payload, 'base64url'));
    assert.equal(ukTime(createdAt), shown, 'the oracle agrees');
    await page.goto(new URL('school-device.html#/key', page.url()).href);
    await waitForReady(page);
    const fingerprint = (await page.locator('#key-fingerprint').innerText()).trim();
    expectNoProblems(problems);
    await context.close();

    const { context: parentDevice, problems: parentProblems } = await newContext(browser);
    await parentDevice.clock.setFixedTime(clock);
    const parent = await openApp(parentDevice, 'parent.html#/');
    await parent.locator('#request-file').setInputFiles(request);
    await parent.locator('#opened').waitFor();
    assert.match(await parent.locator('#sender').innerText(), new RegExp(`Made on\\s+${shown}`));
    // The short code the school reads out is the start of its key's fingerprint.
    assert.equal(await parent.locator('#school-check-code').innerText(), fingerprint.split(/\s+/).slice(0, 4).join(' '));
    expectNoProblems(parentProblems);
    await parentDevice.close();
  }
});
