// The start page and the three ways in: routing, keyboard use, accessibility,
// privacy (nothing leaves the page's origin) and the first-load size budget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import {
  launch, newContext, openApp, expectNoAxeViolations, expectNoProblems, firstLoad, heldLimit, waitForReady,
  BASE_URL,
} from './lib.mjs';

// The whole first load, gzip: 150 KB (budgets.json).
const FIRST_LOAD_BUDGET_BYTES = heldLimit('first_load_gzip_bytes');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the start page says what the service is for and offers three ways in', async () => {
  const { context, problems } = await newContext(browser);
  const page = await openApp(context);
  assert.equal(await page.locator('h1').textContent(), 'Refer a pupil to the ESMA Teaching Service');
  assert.match(await page.title(), /ESMA/);
  const ways = page.locator('main a[href$=".html#/"]');
  assert.deepEqual(await ways.evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ['school.html#/', 'parent.html#/', 'council.html#/']);
  await expectNoAxeViolations(page, 'the start page');
  expectNoProblems(problems);
  await context.close();
});

test('each way in can be reached by keyboard alone', async () => {
  const routes = [
    ['Start a referral', 'Refer a pupil'],
    ['Review a referral as a parent or carer', 'Review a referral as a parent or carer'],
    ['Check a referral pack', 'Check a referral pack'],
  ];
  const { context, problems } = await newContext(browser);
  const page = await openApp(context);
  for (const [linkText, heading] of routes) {
    // Tab through the page until the link has focus, then press Enter.
    let focused = '';
    for (let presses = 0; presses < 30 && focused !== linkText; presses++) {
      await page.keyboard.press('Tab');
      focused = (await page.evaluate(() => document.activeElement?.textContent ?? '')).trim();
    }
    assert.equal(focused, linkText, `could not tab to "${linkText}"`);
    await page.keyboard.press('Enter');
    await page.locator('h1', { hasText: heading }).waitFor();
    await waitForReady(page);
    assert.match(await page.title(), new RegExp(heading));
    await expectNoAxeViolations(page, heading);
    // The browser's Back button returns to the start page.
    await page.goBack();
    await page.locator('h1', { hasText: 'Refer a pupil to the ESMA Teaching Service' }).waitFor();
    await page.evaluate(() => document.activeElement?.blur());
  }
  expectNoProblems(problems);
  await context.close();
});

test('the skip link moves focus to the main content without changing page', async () => {
  const { context, problems } = await newContext(browser);
  const page = await openApp(context, 'school.html#/');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to main content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main-content');
  assert.equal(await page.locator('h1').textContent(), 'Refer a pupil');
  expectNoProblems(problems);
  await context.close();
});

test('an unknown address shows a page not found with a way back', async () => {
  const { context, problems } = await newContext(browser);
  const page = await openApp(context, '#/no-such-page');
  // An unknown page of a journey says the same.
  const other = await openApp(context, 'council.html#/nothing-here');
  assert.equal(await other.locator('h1').textContent(), 'Page not found');
  await other.close();
  assert.equal(await page.locator('h1').textContent(), 'Page not found');
  await expectNoAxeViolations(page, 'page not found');
  await page.getByRole('link', { name: 'start page' }).click();
  await page.locator('h1', { hasText: 'Refer a pupil to the ESMA Teaching Service' }).waitFor();
  expectNoProblems(problems);
  await context.close();
});

test('the Content-Security-Policy allows only this origin, and blocks other hosts', async () => {
  const { context, problems } = await newContext(browser);
  const page = await openApp(context);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  // Nothing is ever shown in a frame (attachments open in a new tab).
  assert.match(csp, /frame-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline|TRUNK-LOADER-HASH|https?:/);
  // Even if the app tried, the browser would refuse to send data elsewhere.
  const outcome = await page.evaluate(() =>
    fetch('https://example.com/').then(() => 'sent', () => 'blocked'));
  assert.equal(outcome, 'blocked');
  assert.ok(problems.some((p) => p.includes('Content Security Policy') && p.includes('connect-src')),
    problems.join('\n'));
  assert.ok(!problems.some((p) => p.includes('request to another origin')), 'the request left the page');
  await context.close();
});

test('another site cannot show the service in a frame, and the host says what each file is', async () => {
  // Another site, on this machine (Chromium keeps public sites from framing
  // local ones anyway), whose page frames the service.
  const framing = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<title>Framing</title><iframe src="${BASE_URL}"></iframe>`);
  });
  await new Promise((resolve) => framing.listen(0, '127.0.0.1', resolve));
  const framingUrl = `http://127.0.0.1:${framing.address().port}/`;
  const { context, problems } = await newContext(browser);
  try {
    // Let this one other origin through (routes added later win).
    await context.route(framingUrl, (route) => route.continue());
    const page = await context.newPage();
    const refused = page.waitForEvent('console', (m) => /frame-ancestors 'none'/.test(m.text()));
    await page.goto(framingUrl);
    await refused;
    const frame = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(!frame.url().startsWith(BASE_URL), `the service loaded in the frame: ${frame.url()}`);
    assert.deepEqual(problems.filter((p) => !/frame-ancestors/.test(p)), []);

    // The headers a page's meta tag cannot set (README, "Deploying").
    const response = await page.goto(BASE_URL);
    const headers = response.headers();
    assert.equal(headers['content-security-policy'], "frame-ancestors 'none'");
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
  } finally {
    await context.close();
    framing.close();
  }
});

test('without JavaScript the page says what to do', async () => {
  const { context } = await newContext(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(BASE_URL);
  assert.equal(await page.locator('h1').first().textContent(), 'Turn on JavaScript to use this service');
  await context.close();
});

test('the whole first load stays within 150 KB gzip', async () => {
  const { files, gzipBytes, problems } = await firstLoad(browser);
  const list = files.map((f) => `${f.gzipBytes}\t${f.url}`).join('\n');
  assert.ok(files.some((f) => f.url.endsWith('.wasm')), `the wasm was not loaded:\n${list}`);
  assert.ok(gzipBytes <= FIRST_LOAD_BUDGET_BYTES,
    `first load is ${gzipBytes} bytes gzip, over the ${FIRST_LOAD_BUDGET_BYTES} budget:\n${list}`);
  expectNoProblems(problems);
});

test('the site works from any folder on the host: every link and file is relative', async () => {
  // `cargo xtask` serves the same build under /services/esma/ too.
  const { context, problems } = await newContext(browser);
  const page = await openApp(context, 'services/esma/');
  assert.equal(await page.locator('h1').textContent(), 'Refer a pupil to the ESMA Teaching Service');
  await page.getByRole('button', { name: 'Start a referral' }).click();
  await page.locator('h1', { hasText: 'Refer a pupil' }).waitFor();
  await waitForReady(page);
  assert.match(page.url(), /\/services\/esma\/school\.html#\/$/);
  // The council's settings load from beside the page, not from the host's root.
  assert.equal(await page.locator('#settings-problem-title').count(), 0);
  expectNoProblems(problems);
  await context.close();
});
