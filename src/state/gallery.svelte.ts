import { SEARCH_ENGINE_IDS, type SearchEngineId } from '../lib/engines/types.ts';
import type { GalleryItem, GalleryManifest } from '../lib/gallery/manifest.ts';
import { galleryUrl, searchClient } from '../bridge/clients.ts';
import { toWorkerErrorData, type WorkerErrorData } from '../protocol/errors.ts';
import type { SearchEvent } from '../protocol/search.ts';

/** Where one engine's gallery vectors are: not asked for, downloading, in the worker, or failed. */
export type VectorsState =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly loaded: number; readonly total: number }
  | { readonly status: 'ready'; readonly count: number; readonly bytes: number }
  | { readonly status: 'failed'; readonly error: WorkerErrorData };

/** The gallery as the page knows it: manifest (for names and images) and vector-file progress. */
export class GalleryState {
  manifest = $state.raw<GalleryManifest | null>(null);
  error = $state.raw<WorkerErrorData | null>(null);
  vectors = $state<Record<SearchEngineId, VectorsState>>(
    Object.fromEntries(SEARCH_ENGINE_IDS.map((id) => [id, { status: 'idle' }])) as Record<SearchEngineId, VectorsState>,
  );
  /** an approximate index (IVF lists, spectral clusters) being built in the worker on first use, with how far it is */
  indexBuild = $state.raw<{ readonly index: 'ivf' | 'cluster'; readonly engine: SearchEngineId; readonly fraction: number } | null>(null);
  /** the gallery folder: the site's (from BASE_PATH at build time), or ?gallery=… */
  get baseUrl(): string {
    return galleryUrl();
  }
  #loading?: Promise<GalleryManifest>;

  /** Starts the search worker and loads the manifest (once; a failure is retried next time). */
  load(): Promise<GalleryManifest> {
    this.#loading ??= searchClient.init(undefined, (e) => this.#onEvent(e)).then(
      (m) => {
        performance.mark('page:manifest');
        this.manifest = m;
        this.error = null;
        return m;
      },
      (e: unknown) => {
        this.#loading = undefined;
        this.error = toWorkerErrorData(e);
        throw e;
      },
    );
    return this.#loading;
  }

  /** Begins downloading an engine's vectors; progress and failure arrive as events. */
  prepare(engine: SearchEngineId): void {
    this.load()
      .then(() => searchClient.prepare(undefined, engine))
      .catch(() => { /* reported through events / this.error */ });
  }

  item(index: number): GalleryItem | undefined {
    return this.manifest?.items[index];
  }

  imageUrl(item: GalleryItem): string {
    return this.baseUrl + (item.thumb ?? item.file);
  }

  #onEvent(e: SearchEvent): void {
    switch (e.type) {
      case 'vectors-loading':
        this.vectors[e.engine] = { status: 'loading', loaded: e.loaded, total: e.total };
        break;
      case 'vectors-ready':
        this.vectors[e.engine] = { status: 'ready', count: e.count, bytes: e.bytes };
        break;
      case 'vectors-failed':
        this.vectors[e.engine] = { status: 'failed', error: e.error };
        break;
      case 'index-progress':
        this.indexBuild = e.fraction >= 1 ? null : { index: e.index, engine: e.engine, fraction: e.fraction };
        break;
    }
  }
}
