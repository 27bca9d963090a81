/// <reference lib="webworker" />
/**
 * The offline service worker (hand-written, after Squoosh's): on install it stores the app shell
 * and the demo gallery in one versioned cache, reporting progress; it serves them cache-first;
 * other shell files (raw-pixel vectors, the onnxruntime .wasm on a site without a model) are
 * cached on first use. Model files (models/…) are left to transformers.js, which keeps them in its
 * own Cache API store (one owner, no double storage). A new version waits until the page asks it
 * to take over ("reload to update"). The build (scripts/vite/service-worker.ts) prepends the config.
 */
import type { SwMessage } from '../src/lib/offline/messages.ts';
import { routeOf } from '../src/lib/offline/precache.ts';

declare const self: ServiceWorkerGlobalScope;
declare const __SW_CONFIG__: { readonly version: string; readonly precache: readonly string[] };

const PREFIX = 'image-search-';
const CACHE = `${PREFIX}${__SW_CONFIG__.version}`;
const scope = new URL(self.registration.scope);
const absolute = (path: string) => new URL(path, scope).href;

async function broadcast(message: SwMessage): Promise<void> {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true, type: 'window' })) client.postMessage(message);
}

async function precache(): Promise<void> {
  const cache = await caches.open(CACHE);
  const files = [...__SW_CONFIG__.precache];
  const total = files.length;
  let done = 0, last = 0;
  const worker = async () => {
    for (let path = files.shift(); path !== undefined; path = files.shift()) {
      const url = absolute(path);
      if (!(await cache.match(url))) {
        const res = await fetch(url, { cache: 'no-cache' });
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
        await cache.put(url, res);
      }
      done++;
      if (done - last >= Math.max(1, total / 50) || done === total) {
        last = done;
        void broadcast({ type: 'precache-progress', done, total });
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
    await broadcast({ type: 'offline-ready', version: __SW_CONFIG__.version });
  })());
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'skip-waiting') void self.skipWaiting();
});

async function cacheFirst(request: Request, cacheable: boolean): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request, { ignoreVary: true, ignoreSearch: false });
  if (hit) return hit;
  const res = await fetch(request);
  if (cacheable && res.ok && res.type === 'basic') await cache.put(request, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const route = routeOf(url.pathname.slice(scope.pathname.length));
  if (route === 'models' || request.headers.has('range')) return;
  if (request.mode === 'navigate') {
    // Any page of the site (with any ?embed=… parameters) is the one app shell.
    event.respondWith(caches.open(CACHE).then((c) => c.match(absolute('index.html'), { ignoreVary: true })).then((hit) => hit ?? fetch(request)));
    return;
  }
  event.respondWith(cacheFirst(request, route === 'shell'));
});
