// The service worker: after the first visit the service works with no
// network. `cargo xtask` fills in VERSION (a hash of every file it lists) and
// FILES (the whole site) when it builds; a new build is a new worker.
//
// - Install: fetch every file of this version into its own cache. The new
//   version then WAITS: pages keep running the version they started with
//   until the user chooses "Use the new version" (a 'skip-waiting' message)
//   or every tab of the service is closed. Nothing is reloaded under them.
// - Fetch: the app's files come from the cache. The council's two editable
//   files (settings and trusted keys) come from the network when it answers,
//   so a change on the host is seen at once, and from the cache otherwise.
// - Activate: delete this service's caches from older versions only.
//
// It never sends anything anywhere: it only fetches this site's own files.

const VERSION = '__ESMA_VERSION__';
const FILES = __ESMA_FILES__;
// The council edits these on the host without a new build.
const EDITABLE = ['settings.json', 'trusted-keys.json'];

// Caches are per origin, and other services may share the council's origin:
// this service's caches are named by its scope, so it only touches its own.
const PREFIX = `esma-referrals ${self.registration.scope} `;
const CACHE = PREFIX + VERSION;

const scoped = (file) => new URL(file, self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 'reload' skips the HTTP cache, so no stale copy of an older build is kept.
    await cache.addAll(FILES.map((file) => new Request(scoped(file), { cache: 'reload' })));
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
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(self.registration.scope)) return;
  // The folder itself is the start page.
  let path = url.pathname.slice(new URL(self.registration.scope).pathname.length);
  if (path === '') path = 'index.html';
  if (!FILES.includes(path)) return;
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
