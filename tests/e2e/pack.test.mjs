// The school signs a finished referral in the browser; the pack is checked by
// an independent JOSE implementation (npm jose) and by the esma-referral CLI.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import * as jose from 'jose';
import { launch, openApp, download, expectNoAxeViolations, expectNoProblems } from './lib.mjs';
import { CLI, draftFile, fixture, schoolDevice } from './referral.mjs';


let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a school makes a key, signs a finished referral, and others can check the pack', async () => {
  const { context, problems } = await schoolDevice(browser, { acceptDownloads: true });
  const page = await openApp(context, 'school-device.html#/key');
  await page.locator('h1', { hasText: "Your school's signing key" }).waitFor();
  // Losing the key is explained before it is made (once the page has looked
  // for a key on this device).
  await page.locator('main', { hasText: "If this browser's data is cleared" }).waitFor();
  await expectNoAxeViolations(page, 'the key page');
  await page.fill('#key-school', 'Example Park School');
  await page.fill('#key-referrer', 'Alex Smith');
  await page.getByRole('button', { name: 'Make a signing key' }).click();
  const fingerprint = (await page.locator('#key-fingerprint').innerText()).trim();
  assert.match(fingerprint, /^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  await expectNoAxeViolations(page, 'the key page with a key');
  const publicKey = await download(page, () => page.getByRole('button', { name: 'Download the public key' }).click());
  const jwk = JSON.parse(publicKey.text);
  assert.deepEqual(Object.keys(jwk).sort(), ['alg', 'crv', 'kid', 'kty', 'name', 'use', 'x', 'y']);
  assert.equal(jwk.kid, await jose.calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }));

  // A finished referral: sign and save the pack.
  await page.goto(new URL('school.html#/', page.url()).href);
  await page.locator('#import-draft').setInputFiles(draftFile('complete'));
  await page.locator('.govuk-task-list').waitFor();
  await page.getByRole('link', { name: 'Check your answers' }).click();
  // Offered at the top of the page (and again at the bottom).
  const sign = page.getByRole('button', { name: 'Sign and save the referral pack' });
  await sign.first().waitFor();
  assert.equal(await sign.count(), 2);
  assert.match(await page.locator('.app-send').first().innerText(), new RegExp(fingerprint));
  // Reached by keyboard in a few presses from the top of the page.
  await page.locator('#main-content').focus();
  let presses = 0;
  while (!(await page.evaluate(() => document.activeElement?.textContent === 'Sign and save the referral pack')) && presses < 40) {
    await page.keyboard.press('Tab');
    presses++;
  }
  assert.ok(presses < 10, `${presses} Tabs to Sign`);
  const pack = await download(page, () => page.keyboard.press('Enter'));
  // Named by the draft and the day.
  assert.equal(pack.name, 'complete-imported-2026-11-28.esma-pack.json');
  // The outcome takes focus, at the top.
  await page.locator('#pack-saved').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'pack-saved');
  assert.match(await page.locator('.app-send').first().innerText(), /secure file exchange/);
  await expectNoAxeViolations(page, 'pack saved');

  // An independent JOSE library verifies the flattened JWS with the school's public key.
  const packJson = JSON.parse(pack.text);
  assert.equal(packJson.format, 'esma-referral-pack');
  const key = await jose.importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, 'ES256');
  const { payload, protectedHeader } = await jose.flattenedVerify(packJson.signed, key, { algorithms: ['ES256'] });
  assert.equal(protectedHeader.typ, 'esma-referral-pack+jws');
  assert.equal(protectedHeader.kid, jwk.kid);
  assert.equal(protectedHeader.jwk.d, undefined);
  const manifest = JSON.parse(new TextDecoder().decode(payload));
  assert.equal(manifest.referral.pupil.firstName, fixture('complete').pupil.firstName);
  assert.equal(manifest.attachments.length, fixture('complete').attachments.length);
  assert.equal(manifest.findings.filter((f) => f.severity === 'blocking').length, 0);

  // The council's command-line verifier trusts it once the key is registered.
  const dir = mkdtempSync(join(tmpdir(), 'esma-pack-'));
  writeFileSync(join(dir, 'pack.esma-pack.json'), pack.text);
  writeFileSync(join(dir, 'trusted.json'), JSON.stringify({ keys: [jwk] }));
  const trusted = spawnSync(CLI, ['verify', join(dir, 'pack.esma-pack.json'), '--trusted', join(dir, 'trusted.json'), '--today', '2026-11-28']);
  assert.equal(trusted.status, 0, trusted.stdout.toString() + trusted.stderr.toString());
  const unknown = spawnSync(CLI, ['verify', join(dir, 'pack.esma-pack.json'), '--today', '2026-11-28']);
  assert.equal(unknown.status, 3);
  // Changing one byte of an attached file is caught.
  const tampered = JSON.parse(pack.text);
  const data = Buffer.from(tampered.files[0].data, 'base64');
  data[0] ^= 1;
  tampered.files[0].data = data.toString('base64');
  writeFileSync(join(dir, 'tampered.esma-pack.json'), JSON.stringify(tampered));
  const refused = spawnSync(CLI, ['verify', join(dir, 'tampered.esma-pack.json'), '--trusted', join(dir, 'trusted.json'), '--today', '2026-11-28']);
  assert.equal(refused.status, 1);
  expectNoProblems(problems);
  await context.close();
});

test('a referral with problems cannot be signed', async () => {
  const { context, problems } = await schoolDevice(browser, { acceptDownloads: true });
  const page = await openApp(context, 'school.html#/');
  await page.locator('#import-draft').setInputFiles(draftFile('missing-medical-evidence-and-funding-statement'));
  await page.locator('.govuk-task-list').waitFor();
  await page.getByRole('link', { name: 'Check your answers' }).click();
  // A real error summary at the top, each problem a link to its question.
  const summary = page.locator('.govuk-error-summary');
  await summary.waitFor();
  assert.match(await summary.innerText(), /2 problems must be put right/);
  assert.equal(await summary.locator('a').count(), 2);
  assert.match(await page.locator('main').innerText(), /once the problems at the top of this page are put right/);
  assert.equal(await page.getByRole('button', { name: 'Sign and save the referral pack' }).count(), 0);
  // "Go to" the funding problem: its page, its field focused with its
  // label in view and its message showing; saving it comes back here.
  await summary.getByRole('link', { name: /Pupil Premium Grant/ }).click();
  await page.locator('h1', { hasText: 'Funding' }).waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'f-funding-pupilPremiumGrant-statement');
  const group = page.locator('[data-field="funding.pupilPremiumGrant.statement"]');
  assert.match(await group.locator('.govuk-error-message').innerText(), /Pupil Premium Grant/);
  const labelTop = await group.locator('label').evaluate((l) => l.getBoundingClientRect().top);
  assert.ok(labelTop >= 0, 'the label is in view');
  await page.keyboard.type('Pays for a key worker for two hours a week.');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await page.locator('h1', { hasText: 'Check your answers' }).waitFor();
  assert.equal(await summary.locator('a').count(), 1);
  expectNoProblems(problems);
  await context.close();
});
