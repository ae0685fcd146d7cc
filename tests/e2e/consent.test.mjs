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
import { fileURLToPath } from 'node:url';
import { launch, newContext, openApp, expectNoAxeViolations, expectNoProblems, waitForReady } from './lib.mjs';
import { FIXTURES_AS_OF, draftFile } from './referral.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = process.env.ESMA_REFERRAL ?? join(ROOT, 'target/debug/esma-referral');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function cli(args) {
  const run = spawnSync(CLI, args);
  assert.equal(run.status, 0, `esma-referral ${args.join(' ')}:\n${run.stdout}${run.stderr}`);
  return run;
}

async function schoolWithKey() {
  const { context, problems } = await newContext(browser, { acceptDownloads: true });
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const page = await openApp(context, 'school.html#/key');
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

async function makeRequest(page, dir) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /consent request/ }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^consent-request-\d{4}-\d{2}-\d{2}\.esma-consent-request\.json$/);
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

  // A change to what will be shared: the consent no longer covers it.
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: "Baseline and the pupil's voice" }).click();
  await page.locator('#f-baseline-english').fill('Now working above the expected standard.');
  await page.getByRole('link', { name: 'Back to your referral' }).click();
  await page.getByRole('link', { name: 'Parental consent' }).click();
  await page.locator('.app-consent', { hasText: 'changed since the parent or carer consented' }).waitFor();
  assert.match(await page.locator('.app-changes').innerText(), /Baseline/i);
  // Importing the old response again is refused, and says what changed.
  await page.locator('#consent-response').setInputFiles(given);
  await page.locator('#consent-message', { hasText: 'changed since' }).waitFor();
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
  await page.locator('.app-send').waitFor();
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
  cli(['consent-apply', join(dir, 'referral.json'), response, '--out', join(dir, 'with-consent.json')]);
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
  assert.match(text, /In this service: a signed response/);
  assert.match(text, /Consent given/);
  assert.match(text, /Chris Taylor \(Parent\)/);
  assert.match(await page.locator('main').innerText(), /Parental consent/);
  await expectNoAxeViolations(page, 'a pack with consent');
  expectNoProblems(problems);
  await context.close();
});
