/**
 * The workers the page talks to (embed, search, clip). Vite bundles each `…?worker&url` import as its
 * own ES-module chunk (worker.format 'es' in vite.config.ts); each starts bound to the page's
 * Content-Security-Policy (bound-worker.ts).
 */
import { proxy, transfer } from 'comlink';
import type { SearchEngineId } from '../lib/engines/types.ts';
import type { GalleryManifest } from '../lib/gallery/manifest.ts';
import type { LocalClipSetId } from '../lib/clip/local-index.ts';
import type { Facets } from '../lib/search/filters.ts';
import type {
  ClipApi,
  ClipEventListener,
  ClipSettings,
  ClipStatus,
  EmbedApi,
  EmbedResult,
  LocalClipProgress,
  QuerySpec,
  SearchApi,
  BrowseOptions,
  SearchEventListener,
  SearchOptions,
  SearchResult,
  SearchSources,
  TextQueryVector,
} from '../../workers/protocol.ts';
import { currentGalleryUrl, resolveGalleryUrl } from '../state/gallery-choice.ts';
import { WorkerBridge } from './worker-bridge.ts';
import { startBoundWorker } from './bound-worker.ts';
import embedWorkerUrl from '../../workers/embed.worker.ts?worker&url';
import searchWorkerUrl from '../../workers/search.worker.ts?worker&url';
import clipWorkerUrl from '../../workers/clip.worker.ts?worker&url';
import { dispatchSearchEvent } from './search-events.ts';
import type { DuplicatesOptions, DuplicatesResult, GalleryMap, MapOptions, MapSource } from '../../workers/map-protocol.ts';

/** Absolute URL of the gallery folder: the site's, or another of its folders (?gallery=…). */
export function galleryUrl(): string {
  return currentGalleryUrl();
}

const embedBridge = new WorkerBridge<EmbedApi>(
  'image decoder',
  () => startBoundWorker(embedWorkerUrl, 'embed'),
);

const searchBridge = new WorkerBridge<SearchApi>(
  'search',
  () => startBoundWorker(searchWorkerUrl, 'search'),
);

export const embedClient = {
  /** Decodes and embeds a file in the worker. `bytes` is transferred (detached afterwards). */
  embed(bytes: ArrayBuffer, name: string, signal?: AbortSignal): Promise<EmbedResult> {
    return embedBridge.call((w) => w.embed(transfer(bytes, [bytes]), name), signal);
  },
};

export const searchClient = {
  init(onEvent: SearchEventListener): Promise<GalleryManifest> {
    return resolveGalleryUrl().then((url) => searchBridge.call((w) => w.init(url, proxy((e: Parameters<SearchEventListener>[0]) => { onEvent(e); dispatchSearchEvent(e); }))));
  },
  prepare(engine: SearchEngineId): Promise<void> {
    return searchBridge.call((w) => w.prepare(engine));
  },
  /** The query vector is copied, not transferred: the page keeps it to re-rank later. */
  search(query: Float32Array, options: SearchOptions, signal?: AbortSignal): Promise<SearchResult> {
    return searchBridge.call((w) => w.search(query, options), signal);
  },
  searchByItem(index: number, options: SearchOptions, signal?: AbortSignal): Promise<SearchResult> {
    return searchBridge.call((w) => w.searchByItem(index, options), signal);
  },
  setSources(sources: SearchSources): Promise<void> {
    return searchBridge.call((w) => w.setSources(sources));
  },
  /** Vectors in the spec are copied (the page keeps them to re-rank later). */
  query(spec: QuerySpec, options: SearchOptions, signal?: AbortSignal): Promise<SearchResult> {
    return searchBridge.call((w) => w.query(spec, options), signal);
  },
  /** The filtered images with no query, by date. */
  browse(options: BrowseOptions, signal?: AbortSignal): Promise<SearchResult> {
    return searchBridge.call((w) => w.browse(options), signal);
  },
  /** What the selected sources offer to filter on. */
  facets(signal?: AbortSignal): Promise<Facets> {
    return searchBridge.call((w) => w.facets(), signal);
  },
  /** Opens the gallery's CLIP vectors made in this browser for a model (workers/search/local-clip.ts). */
  openLocalClip(set: LocalClipSetId): Promise<LocalClipProgress> {
    return searchBridge.call((w) => w.openLocalClip(set));
  },
  /** Vectors are transferred (the page does not keep them). */
  addLocalClip(key: string, items: readonly number[], vectors: Float32Array[]): Promise<LocalClipProgress> {
    return searchBridge.call((w) => w.addLocalClip(key, items, transfer(vectors, [...new Set(vectors.map((v) => v.buffer as ArrayBuffer))])));
  },
  /** The gallery map (workers/search/map.ts); progress arrives through onSearchEvent. */
  map(source: MapSource, engine: SearchEngineId, options?: MapOptions, signal?: AbortSignal): Promise<GalleryMap> {
    return searchBridge.call((w) => w.map(source, engine, options), signal);
  },
  duplicates(collection: string, options?: DuplicatesOptions, signal?: AbortSignal): Promise<DuplicatesResult> {
    return searchBridge.call((w) => w.duplicates(collection, options), signal);
  },
};

/** The CLIP model lives in its own worker, so a slow model never delays the weight-free engines. */
const clipBridge = new WorkerBridge<ClipApi>(
  'CLIP model',
  () => startBoundWorker(clipWorkerUrl, 'clip'),
);

export const clipClient = {
  init(onEvent: ClipEventListener): Promise<void> {
    return clipBridge.call((w) => w.init(proxy(onEvent)));
  },
  load(settings: ClipSettings): Promise<Extract<ClipStatus, { state: 'ready' }>> {
    return clipBridge.call((w) => w.load(settings));
  },
  /** `bytes` is transferred (detached afterwards). */
  embedImage(bytes: ArrayBuffer, name: string, signal?: AbortSignal): Promise<{ vector: Float32Array; ms: number }> {
    return clipBridge.call((w) => w.embedImage(transfer(bytes, [bytes]), name), signal);
  },
  /** A File of a folder being indexed; its bytes are read in the worker. */
  embedFile(file: Blob, name: string, signal?: AbortSignal): Promise<{ vector: Float32Array; ms: number }> {
    return clipBridge.call((w) => w.embedFile(file, name), signal);
  },
  embedText(text: string, signal?: AbortSignal): Promise<TextQueryVector> {
    return clipBridge.call((w) => w.embedText(text), signal);
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
