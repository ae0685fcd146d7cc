// The service worker: once a page of the service has been opened, that page
// works with no network. `cargo xtask` fills in VERSION (a hash of every file
// of the build), JOURNEYS (each page and the files it needs) and HASHED (the
// files whose names carry their content's hash) when it builds; a new build is
// a new worker.
//
// - Keep: a page, once it is ready and the browser idle, registers the worker
//   and asks it to keep the page's journey ({ keep: 'school.html' }): its
//   page, script, wasm, styles and the council's settings and keys. Only that
//   journey: a parent's phone never downloads the school's code. The worker
//   answers { kept: page } when the journey is on the device.
// - Install: on an update, keep again (this version's files) every journey
//   the older version kept, so offline use carries on after switching. The
//   new version then WAITS: pages keep running the version they started with
//   until the user chooses "Use the new version" (a 'skip-waiting' message)
//   or every tab of the service is closed. Nothing is reloaded under them.
// - Fetch: the app's files come from the cache. The council's two editable
//   files (settings and trusted keys) come from the network when it answers,
//   so a change on the host is seen at once, and from the cache otherwise.
// - Activate: delete this service's caches from older versions only.
//
// It never sends anything anywhere: it only fetches this site's own files.

const VERSION = '__ESMA_VERSION__';
const JOURNEYS = __ESMA_JOURNEYS__;
const HASHED = __ESMA_HASHED__;
// The council edits these on the host without a new build.
const EDITABLE = ['settings.json', 'trusted-keys.json'];
const FILES = new Set(Object.values(JOURNEYS).flat());

// Caches are per origin, and other services may share the council's origin:
// this service's caches are named by its scope, so it only touches its own.
const PREFIX = `esma-referrals ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;

const scoped = (file) => new URL(file, self.registration.scope).href;

// A file named by its content's hash is the same wherever it comes from, so it
// may come from the browser's HTTP cache: the page has just downloaded it, and
// keeping it costs no second download. Any other file is checked with the
// host first ('no-cache'), so no stale copy of an older build is kept: an
// unchanged file (the page, the settings the page has just read) comes back
// as "304 Not Modified" and is not downloaded twice.
const request = (url, file) => new Request(url, { cache: HASHED.includes(file) ? 'force-cache' : 'no-cache' });

// Puts a journey's files that are not there yet into this version's cache:
// all of them or, if any fetch fails, none. The page itself is fetched at the
// address it was opened from, when the page asked (the start page is often
// the folder, './', rather than 'index.html'), so the browser's copy answers.
async function keep(page, opened = scoped(page)) {
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const file of JOURNEYS[page]) {
    if (!(await cache.match(scoped(file)))) missing.push(file);
  }
  const responses = await Promise.all(missing.map(async (file) => {
    const response = await fetch(request(file === page ? opened : scoped(file), file));
    if (!response.ok) throw new Error(`${file}: ${response.status}`);
    return response;
  }));
  await Promise.all(missing.map((file, i) => cache.put(scoped(file), responses[i])));
}

// The address a page was opened from, if it is that page's (without its '#').
function openedAt(client, page) {
  if (!client?.url) return undefined;
  const url = new URL(client.url);
  url.hash = '';
  const path = url.pathname.slice(new URL(self.registration.scope).pathname.length);
  const same = url.origin === self.location.origin && url.href.startsWith(self.registration.scope)
    && (path === page || (path === '' && page === 'index.html'));
  return same ? url.href : undefined;
}

// The journeys an older version of this service kept on the device.
async function keptBefore() {
  const pages = new Set();
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const older = await caches.open(name);
    for (const page of Object.keys(JOURNEYS)) {
      if (await older.match(scoped(page))) pages.add(page);
    }
  }
  return pages;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    for (const page of await keptBefore()) await keep(page);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    // Control pages opened before this worker existed (the first visit), so
    // they work offline too. On an update the pages asked for it.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') {
    self.skipWaiting();
    return;
  }
  const page = event.data?.keep;
  if (!Object.hasOwn(JOURNEYS, page)) return;
  // Offline, or the host has a newer build: the page is not kept this time,
  // and the page asks again when it is next opened.
  event.waitUntil(keep(page, openedAt(event.source, page)).then(
    () => event.source?.postMessage({ kept: page }),
    () => {},
  ));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(self.registration.scope)) return;
  // The folder itself is the start page.
  let path = url.pathname.slice(new URL(self.registration.scope).pathname.length);
  if (path === '') path = 'index.html';
  if (!FILES.has(path)) return;
  const key = scoped(path);
  if (EDITABLE.includes(path)) {
    event.respondWith(networkFirst(key));
  } else {
    event.respondWith(cacheFirst(key));
  }
});

async function cacheFirst(key) {
  const cache = await caches.open(CACHE);
  return (await cache.match(key)) ?? fetch(key);
}

async function networkFirst(key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(key, { cache: 'no-cache' });
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (offline) {
    const cached = await cache.match(key);
    if (!cached) throw offline;
    // Said so, because its Date header is as old as the copy (the page
    // compares the device's clock with it).
    const headers = new Headers(cached.headers);
    headers.set('x-esma-offline-copy', '1');
    return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers });
  }
}
