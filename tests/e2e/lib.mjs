// Shared by every end-to-end test and the browser benchmarks: start Chromium,
// open the app, watch for anything that breaks the service's promises (a
// request to another origin, a CSP violation, a console error, a missing
// file), and scan pages with axe-core.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
// `httpCache`: Playwright turns the browser's HTTP cache off while it routes
// requests, so a context that needs the cache (to measure what a visit
// transfers) records requests to other origins without blocking them. The
// launch flags keep Chromium off the network anyway.
export async function newContext(browser, { origin = ORIGIN, httpCache = false, ...options } = {}) {
  const context = await browser.newContext(options);
  const problems = [];
  const elsewhere = (url) => new URL(url).origin !== origin;
  if (httpCache) {
    context.on('request', (request) => {
      if (elsewhere(request.url())) problems.push(`request to another origin: ${request.url()}`);
    });
  } else {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (elsewhere(url)) {
        problems.push(`request to another origin: ${url}`);
        return route.abort();
      }
      return route.continue();
    });
  }
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

// The built site, as `cargo xtask` serves it.
export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

// The size and speed budgets, one table for `cargo xtask bench` and the tests
// (see budgets.json). A test holds a figure to its budget, or to its ratchet
// while the page has not met the budget yet.
const BUDGETS = JSON.parse(readFileSync(new URL('./budgets.json', import.meta.url), 'utf8')).budgets;

export function heldLimit(metric) {
  const budget = BUDGETS[metric];
  assert.ok(budget?.at_most, `budgets.json has no at_most budget for ${metric}`);
  return budget.ratchet ?? budget.at_most;
}

const gzipSize = (body) => gzipSync(body, { level: 9 }).length;

// Everything a cold load of a page (the start page by default) fetches, with each file's size
// gzipped (level 9, as `cargo xtask dist` precompresses it). Service workers
// are blocked: this is the page's own load. `base` and `ready` measure a page
// that is not the app's (the peer form in `cargo xtask bench`).
export async function firstLoad(browser, hash = '', { base = BASE_URL, ready = waitForReady } = {}) {
  const { context, problems } = await newContext(browser, {
    origin: new URL(base).origin, serviceWorkers: 'block',
  });
  const bodies = [];
  context.on('response', async (response) => {
    if (response.status() === 200) bodies.push(response.body().then((b) => [response.url(), b]));
  });
  const page = await context.newPage();
  await page.goto(new URL(hash, base).href);
  await ready(page);
  // Wait for the network to settle, so late requests (the favicon) count too.
  await page.waitForLoadState('networkidle');
  const files = (await Promise.all(bodies)).map(([url, body]) => ({
    url,
    bytes: body.length,
    gzipBytes: gzipSize(body),
  }));
  await context.close();
  return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0), problems };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
  '.png': 'image/png', '.svg': 'image/svg+xml',
};

// Serves a folder on a free loopback port, with the caching headers `cargo
// xtask` serves (`no-cache` and an ETag, answering "304 Not Modified" to a
// request that has the file already, as any static host does), and records
// every file it sends: what crossed the network, whatever the browser's
// caches did.
export async function serveFolder(dir) {
  const sent = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    let body;
    try {
      body = readFileSync(join(dir, path));
    } catch {
      res.writeHead(404).end();
      return;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
      sent.push({ path, bytes: 0, gzipBytes: 0, notModified: true });
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache', etag });
    res.end(body);
    sent.push({ path, bytes: body.length, gzipBytes: gzipSize(body) });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const close = () => new Promise((resolve) => {
    server.close(resolve);
    server.closeAllConnections();
  });
  return { url, sent, close };
}

// Waits until the service worker says this page's journey is kept for
// offline use (the app marks `<html>` then).
export function waitForOffline(page) {
  return page.waitForSelector('html[data-offline-ready="true"]', { state: 'attached' });
}

// Everything a first visit to a page transfers, the service worker's fetches
// included: the site is served by `serveFolder`, which counts what it sends,
// from the page's first request until the worker has kept the page's journey
// and the network is idle. Also returns what the worker's cache then holds.
export async function firstVisit(browser, path = '') {
  const site = await serveFolder(DIST);
  const { context, problems } = await newContext(browser, { origin: new URL(site.url).origin, httpCache: true });
  try {
    const page = await context.newPage();
    await page.goto(new URL(path, site.url).href);
    await waitForReady(page);
    await waitForOffline(page);
    await page.waitForLoadState('networkidle');
    const cached = await page.evaluate(async () => {
      const keys = [];
      for (const name of await caches.keys()) {
        for (const request of await (await caches.open(name)).keys()) keys.push(new URL(request.url).pathname.slice(1));
      }
      return keys.sort();
    });
    const files = [...site.sent];
    return { files, gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0), cached, problems };
  } finally {
    await context.close();
    await site.close();
  }
}

// An RFC 3339 time as the app shows it: UK local time the GOV.UK way
// ("3:05pm, 30 November 2026", "10am, …", "midday, …", "midnight, …"),
// worked out here from the tz database Node carries, independently of the
// app's own GMT/BST rules.
// The UK day of an instant, as files are dated: YYYY-MM-DD.
export function ukDay(rfc3339) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(rfc3339));
}

export function ukTime(rfc3339) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', hourCycle: 'h23', hour: 'numeric', minute: 'numeric',
    day: 'numeric', month: 'long', year: 'numeric',
  }).formatToParts(new Date(rfc3339)).map((p) => [p.type, p.value]));
  const [h, m] = [Number(parts.hour), Number(parts.minute)];
  const clock = h === 0 && m === 0 ? 'midnight'
    : h === 12 && m === 0 ? 'midday'
      : `${h % 12 || 12}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
  return `${clock}, ${Number(parts.day)} ${parts.month} ${parts.year}`;
}
