/**
 * The workers the page talks to (embed, search, clip). Vite bundles each `…?worker&url` import as its
 * own ES-module chunk (worker.format 'es' in vite.config.ts); each starts bound to the page's
 * Content-Security-Policy (bound-worker.ts). Each client is derived from its worker's API type
 * (derived-client.ts): every method takes the caller's AbortSignal (or undefined) first.
 */
import { proxy, transfer } from 'comlink';
import type { SearchEngineId } from '../lib/engines/types.ts';
import type { EmbedApi } from '../protocol/embed.ts';
import type { GalleryManifest } from '../lib/gallery/manifest.ts';
import type { SearchApi, SearchEventListener } from '../protocol/search.ts';
import type { ClipApi, ClipEventListener } from '../protocol/clip.ts';
import { currentGalleryUrl, resolveGalleryUrl } from '../state/gallery-choice.ts';
import { WorkerBridge } from './worker-bridge.ts';
import { deriveClient } from './derived-client.ts';
import { startBoundWorker } from './bound-worker.ts';
import embedWorkerUrl from '../../workers/embed.worker.ts?worker&url';
import searchWorkerUrl from '../../workers/search.worker.ts?worker&url';
import clipWorkerUrl from '../../workers/clip.worker.ts?worker&url';
import { SearchStart } from './search-start.ts';
import { StartHold } from './start-hold.ts';

/** Absolute URL of the gallery folder: the site's, or another of its folders (?gallery=…). */
export function galleryUrl(): string {
  return currentGalleryUrl();
}

const embedBridge = new WorkerBridge<EmbedApi>(
  'image decoder',
  () => startBoundWorker(embedWorkerUrl, 'embed'),
);

/** `embed`'s bytes are transferred (detached afterwards); `index`'s File crosses without copying. */
export const embedClient = deriveClient(embedBridge, { embed: true, index: true }, {
  embed: (bytes, name) => [transfer(bytes, [bytes]), name],
});

const searchBridge = new WorkerBridge<SearchApi>(
  'search',
  () => startBoundWorker(searchWorkerUrl, 'search'),
);

const searchStart = new SearchStart(searchBridge, resolveGalleryUrl);

let answered!: () => void;
/** Settles when the search worker has answered (or refused) the page's first query or listing. */
export const firstAnswer = new Promise<void>((resolve) => (answered = resolve));
const settles = <T>(p: Promise<T>): Promise<T> => { p.then(answered, answered); return p; };

/**
 * Query vectors are copied, not transferred (the page keeps them to re-rank later); local CLIP
 * vectors are transferred (the page does not keep them). Map and duplicates progress arrives
 * through the listener given to `init`.
 */
const searchCalls = deriveClient(searchBridge, {
  init: true, prepare: true, query: true, browse: true, facets: true, setSources: true, openLocalClip: true, addLocalClip: true, map: true, duplicates: true,
}, {
  addLocalClip: (key, items, vectors) => [key, items, transfer(vectors, [...new Set(vectors.map((v) => v.buffer as ArrayBuffer))])],
});

export const searchClient = {
  ...searchCalls,
  query: (...args: Parameters<typeof searchCalls.query>) => settles(searchCalls.query(...args)),
  browse: (...args: Parameters<typeof searchCalls.browse>) => settles(searchCalls.browse(...args)),
  /** Starts the worker on the current gallery (once: search-start.ts); `onEvent` hears every later event (also dispatched on the page). */
  init: (signal: AbortSignal | undefined, onEvent: SearchEventListener): Promise<GalleryManifest> => searchStart.init(signal, onEvent),
  /** Downloads an engine's vectors right after the worker hears its gallery (the first search's vectors, at page start). */
  prepareEarly: (engine: SearchEngineId): Promise<void> => searchStart.prepare(engine),
};

/**
 * Held while a shared search that needs no CLIP opens (early-start.ts): what that search does not
 * need waits for its answer: the CLIP worker, the service worker's registration (and its download
 * of the whole site for offline use).
 */
export const firstSearchHold = new StartHold();

/** The CLIP model lives in its own worker, so a slow model never delays the weight-free engines. */
const clipBridge = new WorkerBridge<ClipApi>(
  'CLIP model',
  () => startBoundWorker(clipWorkerUrl, 'clip'),
  firstSearchHold.current,
);

/** `embedImage`'s bytes are transferred; `embedFile`'s File (a folder being indexed) is read in the worker. */
const clipCalls = deriveClient(clipBridge, { init: true, load: true, embedImage: true, embedFile: true, embedText: true }, {
  embedImage: (bytes, name) => [transfer(bytes, [bytes]), name],
});

/** A call that needs the model means the first search needs CLIP after all ("Best available" chose it): the worker starts now. */
const needsModel = <A extends unknown[], R>(call: (...args: A) => Promise<R>) => (...args: A): Promise<R> => {
  firstSearchHold.release();
  return call(...args);
};

export const clipClient = {
  load: needsModel(clipCalls.load),
  embedImage: needsModel(clipCalls.embedImage),
  embedFile: needsModel(clipCalls.embedFile),
  embedText: needsModel(clipCalls.embedText),
  /** `onEvent` hears every status change of the model and the translator. */
  init(signal: AbortSignal | undefined, onEvent: ClipEventListener): Promise<void> {
    return clipBridge.call((w) => w.init(proxy(onEvent)), signal);
  },
  /**
   * A fresh worker for the next call (call init again). Needed after a model failed to load:
   * transformers.js chains every session creation in the browser on one promise, so after one
   * failed creation every later one in that worker fails with the same error.
   */
  restart(): void {
    clipBridge.terminate();
  },
};
