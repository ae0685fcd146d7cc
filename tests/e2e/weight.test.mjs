// Page weight (issue 15): each journey page's own first load, and everything
// a first visit to each page transfers, the service worker's fetches
// included, held to the limits in budgets.json (a page's budget, or its
// ratchet while the page is over budget).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, firstLoad, firstVisit, heldLimit, expectNoProblems } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const listed = (files) => files.map((f) => `${f.gzipBytes}\t${f.url ?? f.path}`).join('\n');

for (const [journey, path] of [
  ['school', 'school.html#/'], ['parent', 'parent.html#/'], ['council', 'council.html#/'],
  // The school's pages about the device, a page of their own (its first
  // route, as `#/` is the drafts list on school.html).
  ['school_device', 'school-device.html#/key'],
]) {
  const metric = `${journey}_first_load_gzip_bytes`;
  test(`${path.split('#')[0]}'s own first load stays within ${heldLimit(metric)} bytes gzip`, async () => {
    const { files, gzipBytes, problems } = await firstLoad(browser, path);
    assert.ok(files.some((f) => f.url.endsWith('_bg.wasm')), `the wasm was not loaded:\n${listed(files)}`);
    assert.ok(gzipBytes <= heldLimit(metric),
      `${metric} is ${gzipBytes}, over ${heldLimit(metric)}:\n${listed(files)}`);
    expectNoProblems(problems);
  });
}

for (const [journey, path] of [
  ['start', ''], ['school', 'school.html#/'], ['parent', 'parent.html#/'], ['council', 'council.html#/'],
  ['school_device', 'school-device.html#/key'],
]) {
  const metric = `${journey}_first_visit_total_gzip_bytes`;
  test(`a first visit to the ${journey.replace("_", "-")} page transfers at most ${heldLimit(metric)} bytes gzip, the worker included`, async () => {
    const { files, gzipBytes, problems } = await firstVisit(browser, path);
    // The worker keeps what the page has just downloaded without a second
    // download: files named by their hash from the browser's cache, the rest
    // checked with the host, which answers "304 Not Modified".
    const twice = files.filter((f) => !f.notModified).map((f) => f.path).filter((p, i, all) => all.indexOf(p) !== i);
    assert.deepEqual(twice, [], `downloaded twice:\n${listed(files)}`);
    assert.ok(gzipBytes <= heldLimit(metric),
      `${metric} is ${gzipBytes}, over ${heldLimit(metric)}:\n${listed(files)}`);
    expectNoProblems(problems);
  });
}
