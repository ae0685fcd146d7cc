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
  const page = await openApp(context, 'school.html#/key');
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
  await page.getByRole('button', { name: 'Sign and save the referral pack' }).waitFor();
  assert.match(await page.locator('.app-send').innerText(), new RegExp(fingerprint));
  const pack = await download(page, () => page.getByRole('button', { name: 'Sign and save the referral pack' }).click());
  assert.match(pack.name, /^referral-\d{4}-\d{2}-\d{2}\.esma-pack\.json$/);
  await page.locator('#pack-saved').waitFor();
  assert.match(await page.locator('.app-send').innerText(), /secure file exchange/);
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
  await page.locator('.app-send').waitFor();
  assert.match(await page.locator('.app-send').innerText(), /once the problems above are put right/);
  assert.equal(await page.getByRole('button', { name: 'Sign and save the referral pack' }).count(), 0);
  expectNoProblems(problems);
  await context.close();
});
