// Shared by every end-to-end test and the browser benchmarks: start Chromium,
// open the app, watch for anything that breaks the service's promises (a
// request to another origin, a CSP violation, a console error, a missing
// file), and scan pages with axe-core.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

export const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
const ORIGIN = new URL(BASE_URL).origin;

// Without the networking flags Chromium tries to reach outside hosts, which
// these machines refuse (and which the app must never need).
export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      ...extraArgs,
    ],
  });
}

// A fresh browser context (empty cache and storage) with watchers on. Every
// request to another origin is recorded and blocked; Chromium reports CSP
// violations as console errors, so they are recorded too.
// `origin` is the site's own origin, for a test that serves its own copy.
export async function newContext(browser, { origin = ORIGIN, ...options } = {}) {
  const context = await browser.newContext(options);
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin !== origin) {
      problems.push(`request to another origin: ${url}`);
      return route.abort();
    }
    return route.continue();
  });
  context.on('page', (page) => watch(page, problems));
  return { context, problems };
}

function watch(page, problems) {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
}

// Opens the app at a hash route and waits until it says it is ready.
export async function openApp(context, hash = '') {
  const page = await context.newPage();
  await page.goto(new URL(hash, BASE_URL).href);
  await waitForReady(page);
  return page;
}

export function waitForReady(page) {
  return page.waitForSelector('html[data-app-ready="true"]', { state: 'attached' });
}

// Fails with a readable list if axe finds any violation on the page as it is.
export async function expectNoAxeViolations(page, where) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const report = violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(report, [], `axe violations on ${where}:\n${report.join('\n')}`);
}

// Runs `action`, which opens a file chooser (a key press or click on a file
// input), and chooses `files` in it.
//
// Playwright intercepts the chooser only while something listens for it, and
// turns Chromium's interception on without waiting for it to apply: the
// command's reply can come after the replies to keys sent later (Chromium's
// page handles input before earlier DevTools commands), so a key pressed at
// once can open the chooser first, and headless Chromium cancels it unseen.
// An evaluate queues behind the interception command, so once it has
// returned the chooser is intercepted.
export async function chooseFiles(page, action, files) {
  const chooser = page.waitForEvent('filechooser');
  chooser.catch(() => {}); // if `action` fails, that is the error to report
  await page.evaluate(() => {});
  await action();
  await (await chooser).setFiles(files);
}

// Runs `action`, which makes the page save a file, and returns the file.
export async function download(page, action) {
  const [file] = await Promise.all([page.waitForEvent('download'), action()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: readFileSync(path, 'utf8') };
}

export function expectNoProblems(problems) {
  assert.deepEqual(problems, [], `problems seen:\n${problems.join('\n')}`);
}

// Everything a cold load of a page (the start page by default) fetches, with each file's size
// gzipped (level 9, as `cargo xtask dist` precompresses it).
export async function firstLoad(browser, hash = '') {
  const { context, problems } = await newContext(browser);
  const bodies = [];
  context.on('response', async (response) => {
    // The service worker's fetch of the whole site for offline use runs in
    // the background once the page is ready: not part of the first load.
    if (response.request().serviceWorker()) return;
    if (response.status() === 200) bodies.push(response.body().then((b) => [response.url(), b]));
  });
  const page = await openApp(context, hash);
  // Wait for the network to settle, so late requests (the favicon) count too.
  await page.waitForLoadState('networkidle');
  const files = (await Promise.all(bodies)).map(([url, body]) => ({
    url,
    bytes: body.length,
    gzipBytes: gzipSync(body, { level: 9 }).length,
  }));
  await context.close();
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0), problems };
}
