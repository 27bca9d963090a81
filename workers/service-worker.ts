/// <reference lib="webworker" />
/**
 * The offline service worker (hand-written, after Squoosh's): on install it stores the app shell
 * and the demo gallery in one versioned cache, reporting progress, and takes over at once (a
 * security fix must not wait for a click; the page is told and offers a reload). It serves the
 * app's files cache-first, one entry per file whatever the query string; files that are not
 * content-hashed are revalidated in the background. Only the app's own pages get the app shell;
 * model files (models/…) are left to transformers.js and its own Cache API store. Every response
 * it serves carries COOP/COEP unless the page turned isolation off, so that static hosts that
 * cannot send headers still get a cross-origin isolated page (WASM threads). The build
 * (scripts/vite/service-worker.ts) prepends the config.
 */
import { isolationHeaders, type IsolationMode } from '../src/lib/offline/isolation.ts';
import type { PageToSwMessage, SwMessage } from '../src/lib/offline/messages.ts';
import { cacheKeyOf, isAppPage, isHashedAsset, routeOf } from '../src/lib/offline/precache.ts';

declare const self: ServiceWorkerGlobalScope;
declare const __SW_CONFIG__: { readonly version: string; readonly precache: readonly string[] };

const PREFIX = 'image-search-';
const CACHE = `${PREFIX}${__SW_CONFIG__.version}`;
/** The page's isolation choice survives the worker being stopped: kept as a tiny cached response. */
const SETTINGS_CACHE = `${PREFIX}settings`;
const scope = new URL(self.registration.scope);
const absolute = (path: string) => new URL(path, scope).href;
const ISOLATION_KEY = absolute('__isolation');

let isolation: Promise<IsolationMode> | undefined;
function isolationMode(): Promise<IsolationMode> {
  isolation ??= caches.open(SETTINGS_CACHE)
    .then((c) => c.match(ISOLATION_KEY))
    .then(async (r) => {
      const mode = r ? await r.text() : '';
      return mode === 'off' || mode === 'require-corp' ? mode : 'credentialless';
    })
    .catch(() => 'credentialless' as const);
  return isolation;
}

async function setIsolationMode(mode: IsolationMode): Promise<void> {
  isolation = Promise.resolve(mode);
  await (await caches.open(SETTINGS_CACHE)).put(ISOLATION_KEY, new Response(mode));
}

async function withIsolation(res: Response): Promise<Response> {
  const headers = isolationHeaders(await isolationMode());
  if (!headers.length || res.type === 'opaque' || res.type === 'opaqueredirect' || res.status === 0) return res;
  const h = new Headers(res.headers);
  for (const [k, v] of headers) h.set(k, v);
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: h });
}

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
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Keep the previous version too: a page still running it may yet ask for its lazy chunks.
    const older = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n !== CACHE && n !== SETTINGS_CACHE);
    for (const name of older.slice(0, -1)) await caches.delete(name);
    await self.clients.claim();
    await broadcast(older.length ? { type: 'updated', version: __SW_CONFIG__.version } : { type: 'offline-ready', version: __SW_CONFIG__.version });
  })());
});

self.addEventListener('message', (event) => {
  const m = event.data as PageToSwMessage | { type?: string } | null;
  if (m?.type === 'isolation' && 'mode' in m && ['off', 'credentialless', 'require-corp'].includes(m.mode)) {
    event.waitUntil(setIsolationMode(m.mode));
  }
});

/** Both responses carry the same validator (ETag, else Last-Modified): the server's file has not changed. */
function sameVersion(stored: Response, fresh: Response): boolean {
  for (const name of ['etag', 'last-modified']) {
    const a = stored.headers.get(name);
    const b = fresh.headers.get(name);
    if (a || b) return a === b;
  }
  return false;
}

/** Cache first; a file that is not content-hashed is refreshed in the background for next time. */
async function fromCache(request: Request, path: string, cacheable: boolean, event: FetchEvent): Promise<Response> {
  const key = cacheKeyOf(request.url);
  const cache = await caches.open(CACHE);
  const hit = (await cache.match(key, { ignoreVary: true })) ?? (await caches.match(key, { ignoreVary: true }));
  const refresh = async () => {
    // A navigation request cannot be copied with new options; the browser revalidates those itself.
    const res = await (request.mode === 'navigate' ? fetch(request) : fetch(request, { cache: 'no-cache' }));
    // The same version as stored (say, the 3.8 MB vector file on every open) is not written again.
    if (cacheable && res.ok && res.type === 'basic' && !(hit && sameVersion(hit, res))) await cache.put(key, res.clone());
    return res;
  };
  if (hit) {
    if (cacheable && !isHashedAsset(path)) event.waitUntil(refresh().catch(() => undefined));
    return hit;
  }
  return refresh();
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  const path = url.pathname.slice(scope.pathname.length);
  const route = routeOf(path);
  // Model files are transformers.js's to store; being fetched, not run, they need no isolation headers.
  if (route === 'models' || request.headers.has('range')) return;
  if (request.mode === 'navigate' && isAppPage(path)) {
    // The app's page, with any ?embed=… parameters, is the one app shell.
    event.respondWith(fromCache(new Request(absolute('index.html')), 'index.html', true, event).then(withIsolation, () => fetch(request).then(withIsolation)));
    return;
  }
  event.respondWith(fromCache(request, path, route === 'shell', event).then(withIsolation));
});
