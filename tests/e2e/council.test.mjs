// The council's view: "Check a referral pack", end to end in Chromium.
//
// Packs are made with the native CLI (`esma-referral`; the xtask passes its
// path in ESMA_REFERRAL), so these tests also show the browser and the CLI
// agree on the format: a pack the CLI signs verifies in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launch, newContext, openApp, expectNoAxeViolations, expectNoProblems, chooseFiles, ukTime,
} from './lib.mjs';
import { CLI, exampleFiles, fingerprintOf } from './referral.mjs';

// The council's trusted-keys file beside the site, as the default settings name it.
const SITE_KEYS = '**/trusted-keys.json';
// Packs over this many bytes are refused before reading (esma-core's Limits).
const MAX_PACK_BYTES = 200 * 1024 * 1024;

let browser;
let dir;
let pack; // the signed pack's text
let packPath;
let keysPath; // a JWK Set holding the signer's key
let otherKeysPath; // a JWK Set holding a different key
let fingerprint; // the signer's, as the CLI prints it
let files; // name -> bytes of the referral's attachments

function cli(...args) {
  return execFileSync(CLI, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'esma-council-'));
  cli('example', '--dir', 'D');
  const publicJwk = cli('keygen', '--out', 'K.jwk');
  const other = cli('keygen', '--out', 'O.jwk');
  keysPath = join(dir, 'trusted.json');
  otherKeysPath = join(dir, 'other.json');
  writeFileSync(keysPath, JSON.stringify({ keys: [JSON.parse(publicJwk)] }));
  writeFileSync(otherKeysPath, JSON.stringify({ keys: [JSON.parse(other)] }));
  cli('sign', 'D/referral.json', '--key', 'K.jwk', '--out', 'P.esma-pack.json');
  // The RFC 7638 thumbprint in upper-case hex, in groups of four.
  const { crv, kty, x, y } = JSON.parse(publicJwk);
  fingerprint = fingerprintOf({ crv, kty, x, y });
  packPath = join(dir, 'P.esma-pack.json');
  pack = readFileSync(packPath, 'utf8');
  files = exampleFiles(join(dir, 'D'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// A fresh device. `siteKeys` is what the site serves as its trusted-keys file:
// a path to a JWK Set, or null for "not there" (a 404, expected and so not a
// problem).
async function device(siteKeys, options) {
  const { context, problems } = await newContext(browser, options);
  await context.route(SITE_KEYS, (route) => (siteKeys
    ? route.fulfill({ status: 200, contentType: 'application/json', body: readFileSync(siteKeys, 'utf8') })
    : route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' })));
  const expected = (p) => siteKeys === null
    && (/HTTP 404 for .*trusted-keys\.json$/.test(p) || /console error: Failed to load resource: .*404/.test(p));
  return { context, problems, unexpected: () => problems.filter((p) => !expected(p)) };
}

async function openCouncil(context) {
  const page = await openApp(context, 'council.html#/');
  // Wait until the page has finished looking for the site's keys.
  await page.locator('#keys-file-hint').filter({ hasNotText: 'Looking for' }).waitFor();
  return page;
}

function writePack(name, content) {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

// Does something that checks the pack (again) and waits for the new result;
// returns its verdict. Each result carries the number of the check it came from.
async function nextResult(page, action) {
  const previous = await page.evaluate(() => document.querySelector('#result')?.dataset.run ?? null);
  await action();
  await page.waitForFunction((prev) => {
    const result = document.querySelector('#result');
    return result && result.dataset.run !== prev && document.querySelector('#verdict');
  }, previous);
  return page.locator('#result').getAttribute('data-verdict');
}

// Chooses a pack file and waits for the verdict; returns it.
function check(page, path) {
  return nextResult(page, () => page.locator('#pack-file').setInputFiles(path));
}

async function failedChecks(page) {
  return page.locator('#checks .app-check-fail dt').allInnerTexts();
}

async function reasons(page) {
  return (await page.locator('#verdict .govuk-error-summary__list li').allInnerTexts()).join('\n');
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const fromB64url = (s) => Buffer.from(s, 'base64url');

// Changes one character in the middle of a base64 text to another of the
// alphabet, so it still decodes but to different bytes.
function flipChar(text) {
  const i = Math.floor(text.length / 2);
  const c = text[i] === 'A' ? 'B' : 'A';
  return text.slice(0, i) + c + text.slice(i + 1);
}

function withHeader(p, change) {
  const header = JSON.parse(fromB64url(p.signed.protected).toString('utf8'));
  change(header);
  return { ...p, signed: { ...p.signed, protected: b64url(JSON.stringify(header)) } };
}

test('a pack signed with a trusted key: valid and trusted, every check passes, each attachment opens with its bytes', async () => {
  const { context, problems } = await device(keysPath);
  const page = await openCouncil(context);
  assert.match(await page.locator('#keys-file-hint').innerText(), /Using the council's list of trusted keys from this site \(trusted-keys\.json\): 1 key/);
  await expectNoAxeViolations(page, 'the council page');
  assert.equal(await check(page, packPath), 'trusted');
  // Focus moves to the verdict.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict');
  assert.equal(await page.locator('#verdict h2').innerText(), 'Valid and trusted');
  assert.deepEqual(await failedChecks(page), []);
  assert.equal(await page.locator('#checks .app-check-pass').count(), 7);
  assert.match(await page.locator('#checks').innerText(), /✓ Passed/);
  const main = await page.locator('main').innerText();
  assert.ok(main.includes(fingerprint), 'the signer fingerprint is shown');
  const { packId, createdAt } = JSON.parse(fromB64url(JSON.parse(pack).signed.payload));
  assert.ok(main.includes(packId), 'the pack id is shown');
  // In UK local time, the GOV.UK way.
  assert.match(main, new RegExp(`Created\\s+${ukTime(createdAt)}`));
  // The referral and its checklist.
  for (const expected of ['The referral', 'Pupil and school', 'Annex 2 checklist', 'Findings recorded at signing', 'The rules re-run today']) {
    assert.ok(main.includes(expected), `the page lacks ${expected}`);
  }
  // Attachments: all match, and each opens in a new tab with exactly its bytes.
  const rows = page.locator('#attachments tbody tr');
  assert.equal(await rows.count(), Object.keys(files).length);
  for (let i = 0; i < await rows.count(); i++) {
    const row = rows.nth(i);
    const name = (await row.locator('td').first().innerText()).split('\n')[0].trim();
    assert.match(await row.innerText(), /✓ Matches/);
    assert.match(await row.innerText(), new RegExp(`${files[name].length} bytes`));
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      row.getByRole('button', { name: /^Open/ }).click(),
    ]);
    await popup.waitForLoadState();
    const text = await popup.evaluate(() => document.querySelector('pre')?.textContent ?? document.body.textContent);
    assert.ok(Buffer.from(text, 'utf8').equals(files[name]), `${name} opened with other bytes`);
    await popup.close();
  }
  // The reply: the referral meets the entry criteria; it can be downloaded.
  const reply = await page.locator('#reply-text').inputValue();
  assert.match(reply, /It meets the entry criteria/);
  assert.equal(await page.locator('#reply-text').evaluate((e) => e.readOnly), true);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download reply' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `reply-to-school-${packId}.txt`);
  assert.equal(readFileSync(await download.path(), 'utf8'), reply);
  await expectNoAxeViolations(page, 'a trusted pack');
  expectNoProblems(problems);
  await context.close();
});

test('no trusted list, or another key: valid signature, unknown signer, with the fingerprint; choosing the right list makes it trusted', async () => {
  const { context, unexpected } = await device(null);
  const page = await openCouncil(context);
  assert.match(await page.locator('#keys-file-hint').innerText(), /was not found on this site/);
  assert.equal(await check(page, packPath), 'valid-unknown-signer');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict');
  assert.equal(await page.locator('#verdict h2').innerText(), 'Valid signature, unknown signer');
  assert.equal(await page.locator('#signer-fingerprint').innerText(), fingerprint);
  assert.deepEqual(await failedChecks(page), ['Signer']);
  assert.match(await page.locator('#reply-text').inputValue(), /We could not confirm who signed this pack/);
  await expectNoAxeViolations(page, 'an unknown signer');

  // Another school's key: still unknown (the pack is checked again).
  const chooseKeys = (file) => nextResult(page, () => page.locator('#keys-file').setInputFiles(file));
  assert.equal(await chooseKeys(otherKeysPath), 'valid-unknown-signer');
  assert.match(await page.locator('#keys-file-hint').innerText(), /Using other\.json: 1 key\./);

  // The right list: trusted.
  assert.equal(await chooseKeys(keysPath), 'trusted');

  // A broken keys file is refused as a whole, with a plain message.
  assert.equal(await chooseKeys({ name: 'keys.json', mimeType: 'application/json', buffer: Buffer.from('{"keys":[{"kty":"EC"}]}') }), 'valid-unknown-signer');
  assert.match(await page.locator('#keys-file-error').innerText(), /keys\.json cannot be used as a list of trusted keys: key 1 in the trusted list/);
  await expectNoAxeViolations(page, 'a broken keys file');
  assert.deepEqual(unexpected(), []);
  await context.close();
});

test('a changed payload, signature, header or file makes the pack invalid, naming what failed', async () => {
  const original = JSON.parse(pack);
  const fileData = Buffer.from(original.files[0].data, 'base64');
  fileData[Math.floor(fileData.length / 2)] ^= 0x01;
  const cases = [
    ['payload', { ...original, signed: { ...original.signed, payload: flipChar(original.signed.payload) } },
      ['Signature'], /signature does not match/],
    ['signature', { ...original, signed: { ...original.signed, signature: flipChar(original.signed.signature) } },
      ['Signature'], /signature does not match/],
    // The same header members in another order: still a good header, so the
    // signature is what catches it.
    ['header order', withHeader(original, (h) => {
      const { alg, ...rest } = h;
      for (const k of Object.keys(h)) delete h[k];
      Object.assign(h, rest, { alg });
    }), ['Signature'], /signature does not match/],
    ['header kid', withHeader(original, (h) => {
      h.kid = h.kid.slice(0, -1) + (h.kid.endsWith('A') ? 'B' : 'A');
    }), ['Signature header'], /key id \(kid\) in the signature header is not the thumbprint/],
    ['file data', { ...original, files: [{ ...original.files[0], data: fileData.toString('base64') }, ...original.files.slice(1)] },
      ['Attached files'], /File 1 in the pack has been changed/],
  ];
  const { context, problems } = await device(keysPath);
  for (const [name, tampered, failing, reason] of cases) {
    const page = await openCouncil(context);
    assert.equal(await check(page, writePack(`tampered-${name.replace(' ', '-')}.esma-pack.json`, tampered)), 'invalid', name);
    assert.equal(await page.locator('#verdict h2').innerText(), 'Invalid: do not rely on this pack');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict');
    const failed = await failedChecks(page);
    for (const f of failing) assert.ok(failed.includes(f), `${name}: ${f} should fail, failed: ${failed}`);
    assert.match(await reasons(page), reason, name);
    assert.match(await page.locator('#reply-text').inputValue(), /We could not accept it/);
    // Nothing from an invalid pack is offered as the referral.
    assert.equal(await page.locator('#the-referral').count(), 0);
    if (name === 'file data') {
      // The changed file cannot be opened; the others still can.
      assert.equal(await page.locator('#attachments tbody tr').first().getByRole('button').count(), 0);
      assert.match(await page.locator('#attachments tbody tr').first().innerText(), /✗ Does not match/);
      await expectNoAxeViolations(page, 'an invalid pack');
    }
    await page.close();
  }
  expectNoProblems(problems);
  await context.close();
});

test('hostile and broken files are refused cleanly with a plain message', async () => {
  const original = JSON.parse(pack);
  const huge = join(dir, 'huge.esma-pack.json');
  const fd = openSync(huge, 'w');
  ftruncateSync(fd, MAX_PACK_BYTES + 1); // sparse: nothing is written
  closeSync(fd);
  const cases = [
    ['not JSON', 'this is not JSON', 'unreadable', /not valid JSON/],
    ['JSON but not a pack', '[1, 2, 3]', 'unreadable', /not a referral pack/],
    ['wrong types', { ...original, signed: { ...original.signed, payload: 42 } }, 'invalid', /protected, payload and signature, each as text/],
    ['files not a list', { ...original, files: 'none' }, 'invalid', /no "files" list/],
    ['a file missing', { ...original, files: original.files.slice(1) }, 'invalid', /Attachment 1 of \d+ is listed in the signed manifest, but the pack does not carry its file/],
    ['a file repeated', { ...original, files: [...original.files, original.files[0]] }, 'invalid', /appears more than once/],
    ['alg none', withHeader(original, (h) => { h.alg = 'none'; }), 'invalid', /algorithm "none"/],
    ['alg HS256', withHeader(original, (h) => { h.alg = 'HS256'; }), 'invalid', /algorithm other than ES256/],
    ['private d in the header', withHeader(original, (h) => { h.jwk.d = b64url(Buffer.alloc(32, 7)); }), 'invalid', /contains the signer's private key/],
    ['huge', huge, 'unreadable', new RegExp(`The file is ${MAX_PACK_BYTES + 1} bytes, more than the ${MAX_PACK_BYTES} bytes a pack may be, so it was not read`)],
  ];
  const { context, problems } = await device(keysPath);
  for (const [name, content, verdict, reason] of cases) {
    const page = await openCouncil(context);
    const path = name === 'huge' ? content : writePack(`hostile-${name.replaceAll(' ', '-')}.esma-pack.json`, content);
    assert.equal(await check(page, path), verdict, name);
    assert.match(await reasons(page), reason, name);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict', name);
    assert.equal(await page.locator('#the-referral').count(), 0, name);
    if (name === 'not JSON') await expectNoAxeViolations(page, 'an unreadable file');
    await page.close();
  }
  expectNoProblems(problems);
  await context.close();
});

test('years later, the rules re-run today block the referral and the reply names the entry criterion not met', async () => {
  const { context, problems } = await device(keysPath, { permissions: ['clipboard-read', 'clipboard-write'] });
  // The pupil is well past compulsory school age by then.
  await context.clock.setFixedTime(new Date('2031-09-01T10:00:00Z'));
  const page = await openCouncil(context);
  assert.equal(await check(page, packPath), 'trusted');
  const rules = await page.locator('section[aria-labelledby="rules-today"]').innerText();
  assert.match(rules, /The rules re-run today, 1 September 2031/);
  // Past school age, and by then the evidence and the paper consent are too old too.
  assert.match(rules, /3 findings would stop this referral today/);
  assert.match(await page.locator('#new-findings').innerText(), /Stops the referral: The pupil is over compulsory school age/);
  const reply = await page.locator('#reply-text').inputValue();
  assert.match(reply, /We cannot accept it yet/);
  assert.match(reply, /Entry criteria not met:\n- The pupil is over compulsory school age/);
  // Copy: the clipboard holds exactly the reply.
  await page.getByRole('button', { name: 'Copy reply' }).click();
  await page.locator('#reply-status', { hasText: 'Reply copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), reply);
  await expectNoAxeViolations(page, 'a referral blocked today');
  expectNoProblems(problems);
  await context.close();
});

test('everything is reachable and works by keyboard', async () => {
  const { context, problems } = await device(keysPath);
  const page = await openCouncil(context);
  // Tab from the top of the page to the pack's file input.
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.id) === 'pack-file') break;
  }
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'pack-file');
  // Space opens the file chooser.
  await chooseFiles(page, () => page.keyboard.press('Space'), packPath);
  await page.locator('#result[data-verdict="trusted"]').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'verdict');
  // From the verdict, Tab reaches an attachment's Open button, and Enter opens it.
  let onOpen = false;
  for (let i = 0; i < 40 && !onOpen; i++) {
    await page.keyboard.press('Tab');
    onOpen = await page.evaluate(() => document.activeElement?.textContent?.startsWith('Open'));
  }
  assert.ok(onOpen, 'an Open button is reachable by Tab');
  const [popup] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
  await popup.close();
  expectNoProblems(problems);
  await context.close();
});
