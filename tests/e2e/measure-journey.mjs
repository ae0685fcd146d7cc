// Measures the school's keyboard journey (issue 14): screens, key presses and
// seconds for one referral from the start page to a saved, signed pack, as a
// keyboard user goes: Tab to each field in turn, type, arrow keys for radios,
// Enter on buttons and links. The same scripted shape runs on any version of
// the service, so a before and an after compare like for like:
//
//   1. from the start page to a new draft;
//   2. every page "Save and continue" leads to, answered from one referral
//      (issue 14's scenario: a Year 10 pupil with anxiety, 20 days absent, a
//      CAMHS letter and an EHCP), with one answer typed wrong at first;
//   3. at Check your answers, that answer put right through its "Change" link;
//   4. whatever the service then asks before it signs: the signing key,
//      parental consent in the service (the parent's part played by the
//      esma-referral CLI, not counted), and again if consent was voided;
//   5. sign and save the pack.
//
// Usage: BASE_URL=http://127.0.0.1:8080/ node tests/e2e/measure-journey.mjs
//        node tests/e2e/measure-journey.mjs --dir path/to/dist   (serves it)
// Prints one JSON line with the figures. Not a test: no assertion about them.
import { createServer } from 'node:http';
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { spawnSync } from 'node:child_process';
import { launch, newContext } from './lib.mjs';
import { CLI, FIXTURES_AS_OF } from './referral.mjs';
import { journeyReferral } from './journey-data.mjs';
import { runJourney } from './keyboard.mjs';

const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json', '.ico': 'image/x-icon', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.txt': 'text/plain', '.webmanifest': 'application/manifest+json',
};

// Serves a built copy of the site (e.g. main's dist, kept aside) on a free port.
function serve(dir) {
  return new Promise((resolve) => {
    const server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
      let file = join(dir, path || 'index.html');
      if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
      if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(readFileSync(file));
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

const args = process.argv.slice(2);
const dirArg = args.indexOf('--dir');
let server;
let base = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
if (dirArg >= 0) {
  ({ server, url: base } = await serve(normalize(args[dirArg + 1]).replace(/\/?$/, '/')));
}

const referral = journeyReferral();

// The parent's part, on their own device: the CLI answers the request.
function respond(bot, request) {
  const out = join(bot.work, `response-${bot.rounds}.esma-consent-response.json`);
  const run = spawnSync(CLI, ['consent-respond', request, '--decision', 'given', '--name', 'Chris Taylor',
    '--relationship', 'Parent', '--sla-acknowledged', '--out', out]);
  if (run.status !== 0) throw new Error(`consent-respond: ${run.stdout}${run.stderr}`);
  return out;
}

const browser = await launch();
try {
  const { context } = await newContext(browser, { origin: new URL(base).origin, acceptDownloads: true });
  await context.clock.setFixedTime(FIXTURES_AS_OF);
  const page = await context.newPage();
  const bot = await runJourney(page, base, { referral, respond });
  const seconds = bot.seconds;
  const distinct = new Set(bot.screens.map((s) => s.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, '<draft>').replace(/\?.*$/, '')));
  console.log(JSON.stringify({
    base, screens: bot.screens.length, distinctPages: distinct.size, keyPresses: bot.navKeys + bot.typed,
    navigationKeys: bot.navKeys, charactersTyped: bot.typed, seconds: Math.round(seconds * 10) / 10,
    consentRounds: bot.rounds, focusOnBodyAfterAction: bot.bodyFocus,
    consentRequestFile: bot.requestName, packFile: bot.packName,
  }));
  if (process.env.JOURNEY_SCREENS) console.error(bot.screens.join('\n'));
  await context.close();
} finally {
  await browser.close();
  server?.close();
}
