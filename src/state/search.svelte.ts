import { getEngine } from '../lib/engines/registry.ts';
import type { EngineId } from '../lib/engines/types.ts';
import type { MeasureId } from '../lib/measures.ts';
import { embedClient, searchClient } from '../bridge/clients.ts';
import {
  toWorkerErrorData,
  type EngineVectors,
  type SearchHit,
  type SearchOptions,
  type SearchResult,
  type WorkerErrorData,
} from '../../workers/protocol.ts';
import type { GalleryState } from './gallery.svelte.ts';

export const DEFAULT_ENGINE: EngineId = 'classic';
export const DEFAULT_K = 20;
export const MAX_K = 200;

/** What the gallery is ranked against: a file the person gave, or a gallery image. */
export type Query =
  | {
      readonly kind: 'file';
      readonly name: string;
      /** object URL, for display only (decoding happens in the worker) */
      readonly previewUrl: string;
      readonly vectors: EngineVectors;
      readonly width: number;
      readonly height: number;
      readonly format: string;
    }
  | { readonly kind: 'item'; readonly index: number; readonly name: string; readonly previewUrl: string };

export type SearchStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'embedding'; readonly file: string }
  | { readonly kind: 'searching'; readonly engine: EngineId };

const quiet = (e: WorkerErrorData) => e.code === 'aborted' || e.code === 'superseded';

/**
 * The search page's state and its only actions. Components read fields and call methods;
 * every change of query, engine, measure or k re-ranks, and only the newest answer is shown.
 */
export class SearchState {
  engine = $state<EngineId>(DEFAULT_ENGINE);
  measure = $state<MeasureId>(getEngine(DEFAULT_ENGINE).defaultMeasure);
  k = $state(DEFAULT_K);
  query = $state.raw<Query | null>(null);
  /** the newest answer; its engine/measure are those the scores were computed with */
  result = $state.raw<SearchResult | null>(null);
  status = $state.raw<SearchStatus>({ kind: 'idle' });
  /** a query file that could not be used (names the file) */
  queryError = $state.raw<WorkerErrorData | null>(null);
  /** the gallery or the ranking failed */
  searchError = $state.raw<WorkerErrorData | null>(null);

  #embedAbort?: AbortController;
  #searchAbort?: AbortController;
  #searchSeq = 0;

  constructor(private readonly gallery: GalleryState) {}

  /** Decode + embed a file in the worker, then rank. A bad file leaves the previous query in place. */
  async setFile(file: File): Promise<void> {
    this.#embedAbort?.abort();
    const abort = (this.#embedAbort = new AbortController());
    this.queryError = null;
    this.status = { kind: 'embedding', file: file.name };
    try {
      let bytes: ArrayBuffer;
      try {
        bytes = await file.arrayBuffer();
      } catch (e) {
        throw { code: 'not-an-image', message: `${file.name}: the file could not be read (${(e as Error).message})`, file: file.name } satisfies WorkerErrorData;
      }
      const embedded = await embedClient.embed(bytes, file.name, abort.signal);
      if (abort.signal.aborted) return;
      this.#replaceQuery({
        kind: 'file',
        name: file.name,
        previewUrl: URL.createObjectURL(file),
        vectors: embedded.vectors,
        width: embedded.width,
        height: embedded.height,
        format: embedded.format,
      });
      await this.search();
    } catch (e) {
      if (abort.signal.aborted) return;
      const err = isErrorData(e) ? e : toWorkerErrorData(e);
      if (quiet(err)) return;
      this.queryError = err.file ? err : { ...err, message: `${file.name}: ${err.message}`, file: file.name };
      if (this.status.kind === 'embedding') this.status = { kind: 'idle' };
    } finally {
      if (this.#embedAbort === abort) this.#embedAbort = undefined;
    }
  }

  /** "Search with this image": the gallery item's stored vectors become the query. */
  searchWithItem(index: number): void {
    const item = this.gallery.item(index);
    if (!item) return;
    this.#embedAbort?.abort();
    this.queryError = null;
    this.#replaceQuery({ kind: 'item', index, name: item.name, previewUrl: this.gallery.imageUrl(item) });
    void this.search();
  }

  setEngine(engine: EngineId): void {
    if (engine === this.engine) return;
    this.engine = engine;
    this.measure = getEngine(engine).defaultMeasure;
    this.gallery.prepare(engine);
    void this.search();
  }

  setMeasure(measure: MeasureId): void {
    if (measure === this.measure) return;
    this.measure = measure;
    void this.search();
  }

  setK(k: number): void {
    const clamped = Math.max(1, Math.min(MAX_K, Math.round(Number.isFinite(k) ? k : DEFAULT_K)));
    if (clamped === this.k) return;
    this.k = clamped;
    void this.search();
  }

  clear(): void {
    this.#embedAbort?.abort();
    this.#searchAbort?.abort();
    this.#searchSeq++;
    this.#replaceQuery(null);
    this.result = null;
    this.queryError = null;
    this.searchError = null;
    this.status = { kind: 'idle' };
  }

  dismissErrors(): void {
    this.queryError = null;
    this.searchError = null;
  }

  /** Ranks the gallery for the current query and settings; older answers are dropped. */
  async search(): Promise<void> {
    const query = this.query;
    if (!query) return;
    const options: SearchOptions = { engine: this.engine, measure: this.measure, k: this.k };
    const seq = ++this.#searchSeq;
    this.#searchAbort?.abort();
    const abort = (this.#searchAbort = new AbortController());
    this.status = { kind: 'searching', engine: options.engine };
    this.searchError = null;
    try {
      await this.gallery.load();
      const result =
        query.kind === 'file'
          ? await searchClient.search(query.vectors[options.engine], options, abort.signal)
          : await searchClient.searchByItem(query.index, options, abort.signal);
      if (seq !== this.#searchSeq) return;
      this.result = result;
      this.status = { kind: 'idle' };
    } catch (e) {
      if (seq !== this.#searchSeq) return;
      const err = toWorkerErrorData(e);
      if (quiet(err)) return;
      this.searchError = err;
      this.status = { kind: 'idle' };
    }
  }

  get hits(): readonly SearchHit[] {
    return this.result?.hits ?? [];
  }

  #replaceQuery(next: Query | null): void {
    const old = this.query;
    if (old?.kind === 'file' && old.previewUrl !== (next?.kind === 'file' ? next.previewUrl : '')) URL.revokeObjectURL(old.previewUrl);
    this.query = next;
  }
}

function isErrorData(e: unknown): e is WorkerErrorData {
  return typeof e === 'object' && e !== null && !(e instanceof Error) && typeof (e as WorkerErrorData).code === 'string' && typeof (e as WorkerErrorData).message === 'string';
}
