// The council's view: "Check a referral pack", end to end in Chromium.
//
// Packs are made with the native CLI (`esma-referral`; the xtask passes its
// path in ESMA_REFERRAL), so these tests also show the browser and the CLI
// agree on the format: a pack the CLI signs verifies in the browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  launch, newContext, openApp, expectNoAxeViolations, expectNoProblems, chooseFiles, ukTime,
} from './lib.mjs';
import { BENCH_INPUTS, CLI, exampleFiles, fingerprintOf } from './referral.mjs';

// The council's trusted-keys file beside the site, as the default settings name it.
const SITE_KEYS = '**/trusted-keys.json';
// Packs over this many bytes are refused before reading (esma-core's Limits).
const MAX_PACK_BYTES = 200 * 1024 * 1024;
// The name the council's trusted list gives the school's key.
const SCHOOL = 'Oak Tree Primary School';
// Issue 12's budget for any input: peak memory at most 3 x its size + 50 MB.
const memoryBudget = (bytes) => 3 * bytes + 50e6;

let browser;
let dir;
let pack; // the signed pack's text
let packPath;
let keysPath; // a JWK Set holding the signer's key
let otherKeysPath; // a JWK Set holding a different key
let fingerprint; // the signer's, as the CLI prints it
let files; // name -> bytes of the referral's attachments
let pupil; // the example referral's pupil

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
  writeFileSync(keysPath, JSON.stringify({ keys: [{ ...JSON.parse(publicJwk), name: SCHOOL }] }));
  writeFileSync(otherKeysPath, JSON.stringify({ keys: [JSON.parse(other)] }));
  cli('sign', 'D/referral.json', '--key', 'K.jwk', '--out', 'P.esma-pack.json');
  // The RFC 7638 thumbprint in upper-case hex, in groups of four.
  const { crv, kty, x, y } = JSON.parse(publicJwk);
  fingerprint = fingerprintOf({ crv, kty, x, y });
  packPath = join(dir, 'P.esma-pack.json');
  pack = readFileSync(packPath, 'utf8');
  files = exampleFiles(join(dir, 'D'));
  pupil = JSON.parse(readFileSync(join(dir, 'D/referral.json'), 'utf8')).pupil;
  // Hostile packs of a few megabytes, signed by a key nobody trusts.
  execFileSync(BENCH_INPUTS, [join(dir, 'bench'), '--small'], { stdio: 'ignore' });
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

const manifestOf = (p) => JSON.parse(fromB64url(p.signed.payload).toString('utf8'));

// RFC 8785 for these manifests (strings and whole numbers): members sorted
// by UTF-16 code units, strings as JSON.stringify writes them.
function jcs(v) {
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

// P-256's group order: the format wants the low-S form of a signature.
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

// The pack with its manifest changed by `edit` and signed again with the
// school's key (K.jwk, which its header names): a validly signed pack.
function resigned(p, edit) {
  const manifest = manifestOf(p);
  edit(manifest);
  const payload = b64url(jcs(manifest));
  const key = createPrivateKey({ key: JSON.parse(readFileSync(join(dir, 'K.jwk'), 'utf8')), format: 'jwk' });
  const sig = sign('sha256', Buffer.from(`${p.signed.protected}.${payload}`), { key, dsaEncoding: 'ieee-p1363' });
  const s = BigInt(`0x${sig.subarray(32).toString('hex')}`);
  const low = s > N / 2n ? Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex') : sig.subarray(32);
  return { ...p, signed: { ...p.signed, payload, signature: b64url(Buffer.concat([sig.subarray(0, 32), low])) } };
}

// The pack with its manifest changed by `edit`, the old signature kept.
function edited(p, edit) {
  const manifest = manifestOf(p);
  edit(manifest);
  return { ...p, signed: { ...p.signed, payload: b64url(jcs(manifest)) } };
}

// The pupil's initials and the day a pack was made, as the reply names them.
const initials = (p) => `${p.firstName[0]}${p.lastName[0]}`.toUpperCase();
const ukDay = (rfc3339) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(rfc3339));
const ukDate = (rfc3339) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(rfc3339));

// Whether a's element comes before b's in the page.
async function inOrder(page, selectors) {
  return page.evaluate((sels) => sels.every((sel, i) => i === 0
    || (document.querySelector(sels[i - 1]).compareDocumentPosition(document.querySelector(sel)) & Node.DOCUMENT_POSITION_FOLLOWING)), selectors);
}

// Characters that must never reach the page or a file name from a pack.
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

test('a pack signed with a trusted key: valid and trusted, every check passes, each attachment opens with its bytes', async () => {
  const { context, problems } = await device(keysPath);
  const page = await openCouncil(context);
  assert.match(await page.locator('#keys-file-hint').innerText(), /Using the council's list of trusted keys from this site \(trusted-keys\.json\): 1 key/);
  await expectNoAxeViolations(page, 'the council page');
  assert.equal(await check(page, packPath), 'trusted');
  // Focus moves to the verdict.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'verdict');
  assert.equal(await page.locator('#verdict h2').innerText(), 'Valid and trusted');
  // Signed by the school the council's list names.
  assert.equal(await page.locator('#verdict #signed-by').innerText(), `Signed by ${SCHOOL}`);
  // The verdict, what stops the referral and Annex 2 first; the reply; then the details.
  assert.ok(await inOrder(page, ['#verdict', '#what-blocks', '.app-checklist', '#reply-heading', '#checks', '#attachments', '#the-referral']),
    'verdict, what blocks, Annex 2, reply, then the details');
  assert.equal(await page.locator('#what-blocks').innerText(), 'Nothing stops this referral today');
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
  // The reply: to the school by name, about the pupil by initials and the
  // day the pack was made, in words; the referral meets the entry criteria;
  // it can be downloaded, named by the initials and the day.
  const reply = await page.locator('#reply-text').inputValue();
  assert.ok(reply.startsWith(`Dear colleagues at ${SCHOOL},\n\nThank you for the referral you made on ${ukDate(createdAt)} to the Education Support for Medical Absence (ESMA) Teaching Service for the pupil with the initials ${initials(pupil)}.\n`), reply);
  assert.match(reply, /It meets the entry criteria/);
  assert.ok(!reply.includes(packId) && !reply.includes(createdAt), 'no identifiers or ISO times in the reply');
  assert.equal(await page.locator('#reply-text').evaluate((e) => e.readOnly), true);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download reply' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), `${initials(pupil)}-${ukDay(createdAt)}.reply-to-school.txt`);
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
  // The short check code to compare by phone, and the whole fingerprint to hand.
  const checkCode = fingerprint.split(' ').slice(0, 4).join(' ');
  assert.equal(await page.locator('#signer-check-code').innerText(), checkCode);
  await page.locator('#verdict summary').click();
  assert.equal(await page.locator('#signer-fingerprint').innerText(), fingerprint);
  assert.deepEqual(await failedChecks(page), ['Signer']);
  const asking = await page.locator('#reply-text').inputValue();
  assert.match(asking, /We could not confirm who signed it/);
  assert.ok(asking.includes(`Its check code is ${checkCode}`), asking);
  assert.ok(asking.startsWith('Dear colleagues,\n'), 'no school is named for an unknown key');
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
    // Nothing from an invalid pack is shown: no referral, no attachments
    // (none opens), no pack id, no "About this pack", no checklist.
    assert.equal(await page.locator('#the-referral').count(), 0);
    assert.equal(await page.locator('#attachments').count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Open/ }).count(), 0);
    const main = await page.locator('main').innerText();
    assert.ok(!main.includes(manifestOf(original).packId) && !main.includes('About this pack'), name);
    assert.equal(await page.locator('.app-checklist').count(), 0);
    if (name === 'file data') await expectNoAxeViolations(page, 'an invalid pack');
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
  // Past school age, and by then the evidence and the paper consent are too
  // old too: at the top of the result, before the Annex 2 checklist.
  assert.equal(await page.locator('#what-blocks').innerText(), '3 things stop this referral today');
  assert.match(await page.locator('#blocking-today').innerText(), /Stops the referral: The pupil is over compulsory school age/);
  assert.ok(await inOrder(page, ['#verdict', '#what-blocks', '#blocking-today', '.app-checklist', '#reply-heading', '#rules-today']));
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

test('an unknown signer: today\'s rules do not run until asked; asked by keyboard, they run and focus moves to what they found', async () => {
  const { context, unexpected } = await device(null);
  const page = await openCouncil(context);
  assert.equal(await check(page, packPath), 'valid-unknown-signer');
  // Not run: nothing the rules would say is on the page.
  for (const selector of ['#what-blocks', '.app-checklist', '#rules-today', '#recorded-findings']) {
    assert.equal(await page.locator(selector).count(), 0, selector);
  }
  assert.match(await page.locator('section[aria-labelledby="rules-not-run"]').innerText(),
    /Today's rules were not run, because the signer is not on the council's trusted list and anyone can sign a pack/);
  assert.ok(await inOrder(page, ['#verdict', '#rules-not-run', '#reply-heading', '#checks', '#the-referral']));
  await expectNoAxeViolations(page, 'an unknown signer, rules not run');
  // From the verdict, Tab to the button and press Enter.
  let onButton = false;
  for (let i = 0; i < 10 && !onButton; i++) {
    await page.keyboard.press('Tab');
    onButton = await page.evaluate(() => document.activeElement?.id === 'run-rules');
  }
  assert.ok(onButton, 'the button is reachable by Tab from the verdict');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Check this referral against today\'s rules');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'what-blocks');
  assert.equal(await page.locator('#run-rules').count(), 0);
  assert.equal(await page.locator('#checking-status').innerText(), 'Checked against today\'s rules.');
  assert.ok(await inOrder(page, ['#verdict', '#what-blocks', '.app-checklist', '#reply-heading', '#checks', '#rules-today', '#the-referral']));
  const reply = await page.locator('#reply-text').inputValue();
  assert.match(reply, /We have checked it against the entry criteria and the Annex 2 checklist as they stand on \d{1,2} [A-Z][a-z]+ \d{4}\./);
  assert.match(reply, /We could not confirm who signed it/);
  // Who signed is still unknown.
  assert.equal(await page.locator('#result').getAttribute('data-verdict'), 'valid-unknown-signer');
  await expectNoAxeViolations(page, 'an unknown signer, rules run on request');
  assert.deepEqual(unexpected(), []);
  await context.close();
});

const FAKE = '\u001b[2J\u001b[H\rValid: the pack is intact and signed by a trusted school key.';

test('an invalid pack with terminal escapes and bidirectional marks in its manifest shows none of it, whether or not its signature holds', async () => {
  const original = JSON.parse(pack);
  const hostile = (m) => {
    m.packId = FAKE;
    m.createdAt = '\u001b]0;owned\u0007';
    m.app.name = '\u001b[31mESMA';
    m.app.version = '\u009b2J';
    m.app.rulesVersion = '\u202e3.82-11-6202';
  };
  const { context, problems } = await device(keysPath, { acceptDownloads: true });
  await context.clock.setFixedTime(new Date('2026-12-01T10:00:00Z'));
  for (const [name, tampered] of [['not signed again', edited(original, hostile)], ['signed again by the trusted key', resigned(original, hostile)]]) {
    const page = await openCouncil(context);
    assert.equal(await check(page, writePack(`escapes-${name.replaceAll(' ', '-')}.esma-pack.json`, tampered)), 'invalid', name);
    const main = await page.locator('main').innerText();
    assert.ok(!HIDDEN.test(main), `${name}: a hidden character is on the page`);
    for (const text of ['owned', 'ESMA\n', 'Valid: the pack']) assert.ok(!main.includes(text), `${name}: ${text}`);
    assert.equal(await page.locator('#signed-by, #the-referral, #attachments, .app-checklist, #what-blocks').count(), 0, name);
    const reply = await page.locator('#reply-text').inputValue();
    assert.ok(!HIDDEN.test(reply) && !reply.includes('owned'), `${name}: ${reply}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download reply' }).click()]);
    assert.equal(download.suggestedFilename(), 'referral-2026-12-01.reply-to-school.txt', name);
    if (name === 'not signed again') {
      // Who signed cannot be known when the signature does not hold.
      assert.match(await page.locator('#checks .app-check-skip').innerText(), /Signer\s+Not checked/);
    } else {
      assert.match(await reasons(page), /packId/);
    }
    await expectNoAxeViolations(page, `an invalid pack with escapes (${name})`);
    await page.close();
  }
  expectNoProblems(problems);
  await context.close();
});

test('a trusted pack whose referral carries control and bidirectional characters: the page, the reply and its file name show none of them', async () => {
  const original = JSON.parse(pack);
  const name = 'letter\u202efdp.exe';
  const tampered = resigned(original, (m) => {
    m.referral.pupil.firstName = '\u202eZoë\u001b[2J';
    m.referral.pupil.lastName = '\u2066O\'Neil\u0007';
    m.referral.additionalInformation = 'Line one\r\nWe have accepted this referral.\u202egpj.exe';
    m.attachments[0].name = name;
    m.referral.attachments[0].name = name;
  });
  const { context, problems } = await device(keysPath, { acceptDownloads: true });
  const page = await openCouncil(context);
  assert.equal(await check(page, writePack('hidden-characters.esma-pack.json', tampered)), 'trusted');
  const main = await page.locator('main').innerText();
  assert.ok(!HIDDEN.test(main), 'a hidden character is on the page');
  assert.ok(main.includes('Zoë[2J') && main.includes('We have accepted this referral.gpj.exe'), 'the answers are shown, cleaned');
  assert.match(await page.locator('#attachments tbody tr').first().innerText(), /^letterfdp\.exe\n/);
  const reply = await page.locator('#reply-text').inputValue();
  assert.ok(reply.includes('for the pupil with the initials ZO.'), reply);
  assert.ok(!HIDDEN.test(reply) && !reply.includes('accepted'), reply);
  const { createdAt } = manifestOf(original);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download reply' }).click()]);
  assert.equal(download.suggestedFilename(), `ZO-${ukDay(createdAt)}.reply-to-school.txt`);
  await expectNoAxeViolations(page, 'a pack with hidden characters');
  expectNoProblems(problems);
  await context.close();
});

test('the hostile packs the bench makes are refused or checked within the memory budget (3 x their size + 50 MB), counted in the page', async () => {
  const hostile = join(dir, 'bench/hostile');
  const packs = JSON.parse(readFileSync(join(hostile, 'index.json'), 'utf8')).filter((e) => e.command === 'verify');
  assert.ok(packs.length >= 6, 'the maker wrote the small hostile packs');
  const { context, problems } = await device(keysPath);
  await context.addInitScript(() => {
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
  });
  const verdicts = {};
  for (const { file, bytes } of packs) {
    const page = await openCouncil(context);
    const before = await page.evaluate(() => window.__wasm.memory.buffer.byteLength);
    const verdict = await check(page, join(hostile, file));
    verdicts[file] = verdict;
    // A valid pack from a key nobody trusts: run the rules too, the costly part.
    if (verdict === 'valid-unknown-signer') {
      await page.locator('#run-rules').click();
      await page.locator('#what-blocks').waitFor();
    }
    // WebAssembly memory only grows, so its size now is its peak. The
    // browser holds the file's bytes once more, outside it.
    const grown = await page.evaluate((b) => window.__wasm.memory.buffer.byteLength - b, before);
    assert.ok(grown + bytes <= memoryBudget(bytes), `${file} (${verdict}): the wasm memory grew ${grown} bytes for ${bytes}`);
    if (verdict === 'valid-unknown-signer') {
      // Its megabyte of answers is drawn only when asked; then focus moves to it.
      assert.equal(await page.locator('#the-referral').count(), 0);
      await page.locator('#show-referral').click();
      await page.waitForFunction(() => document.activeElement?.id === 'the-referral');
      assert.equal(await page.locator('#show-referral').count(), 0);
    }
    await page.close();
  }
  // The packs at the limits are read whole and checked; the rest refused.
  assert.equal(verdicts['limits-full.esma-pack.json'], 'valid-unknown-signer');
  for (const [file, verdict] of Object.entries(verdicts)) {
    if (file !== 'limits-full.esma-pack.json') assert.match(verdict, /^(invalid|unreadable)$/, file);
  }
  expectNoProblems(problems);
  await context.close();
});
