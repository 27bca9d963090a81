import { engineInfo } from '../lib/engines/info.ts';
import type { SearchEngineId } from '../lib/engines/types.ts';
import { DEFAULT_ALPHA } from '../lib/clip/query.ts';
import type { MeasureId } from '../lib/measures.ts';
import { clipClient, embedClient, searchClient } from '../bridge/clients.ts';
import {
  toWorkerErrorData,
  type EngineVectors,
  type QueryImage,
  type SearchHit,
  type SearchOptions,
  type SearchResult,
  type TextQueryVector,
  type WorkerErrorData,
} from '../../workers/protocol.ts';
import type { ClipState } from './clip.svelte.ts';
import type { CollectionsState } from './collections.svelte.ts';
import type { GalleryState } from './gallery.svelte.ts';
import { site } from './site.ts';

export const DEFAULT_ENGINE: SearchEngineId = 'classic';
export const DEFAULT_K = 20;
export const MAX_K = 200;

/** The image side of a query: a file the person gave, or a gallery image. */
export type Query =
  | {
      readonly kind: 'file';
      readonly file: File;
      readonly name: string;
      /** object URL, for display only (decoding happens in the worker) */
      readonly previewUrl: string;
      readonly vectors: EngineVectors;
      readonly width: number;
      readonly height: number;
      readonly format: string;
    }
  | {
      readonly kind: 'item';
      readonly index: number;
      readonly name: string;
      readonly previewUrl: string;
      /** a collection's image (index is its row there); absent for the demo gallery */
      readonly collection?: string;
    };

export type SearchStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'embedding'; readonly file: string }
  | { readonly kind: 'encoding-text'; readonly text: string }
  | { readonly kind: 'searching'; readonly engine: SearchEngineId };

const quiet = (e: WorkerErrorData) => e.code === 'aborted' || e.code === 'superseded';

/**
 * The search page's state and its only actions. A query is text, an image, or both (text needs
 * the CLIP engine); every change of query, engine, measure, α or k re-ranks, and only the newest
 * answer is shown.
 */
export class SearchState {
  engine = $state<SearchEngineId>(site.engine ?? DEFAULT_ENGINE);
  measure = $state<MeasureId>(engineInfo(site.engine ?? DEFAULT_ENGINE).defaultMeasure);
  k = $state(site.k ?? DEFAULT_K);
  /** weight of the text against the image in a CLIP query */
  alpha = $state(DEFAULT_ALPHA);
  query = $state.raw<Query | null>(null);
  /** the text side of the query, as submitted */
  text = $state('');
  /** what the CLIP text tower made of `text` (translation, truncation) */
  textVector = $state.raw<TextQueryVector | null>(null);
  /** the newest answer; its engine/measure are those the scores were computed with */
  result = $state.raw<SearchResult | null>(null);
  status = $state.raw<SearchStatus>({ kind: 'idle' });
  /** a query file that could not be used (names the file) */
  queryError = $state.raw<WorkerErrorData | null>(null);
  /** the gallery, the model or the ranking failed */
  searchError = $state.raw<WorkerErrorData | null>(null);

  #embedAbort?: AbortController;
  #searchAbort?: AbortController;
  #searchSeq = 0;
  /** CLIP vector of the current query file, computed on first need */
  #clipImage?: { query: Query; vector: Promise<Float32Array> };

  constructor(
    private readonly gallery: GalleryState,
    private readonly clip: ClipState,
    private readonly collections?: CollectionsState,
  ) {}

  get hasQuery(): boolean {
    return !!this.query || !!this.text;
  }

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
        file,
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

  /** "Search with this image" for an image of a collection (`index`: its row, `path`: its name). */
  async searchWithCollectionImage(collection: string, index: number, path: string): Promise<void> {
    this.#embedAbort?.abort();
    this.queryError = null;
    const record = await this.collections?.image(collection, path);
    const previewUrl = record ? URL.createObjectURL(record.thumb) : '';
    this.#replaceQuery({ kind: 'item', index, collection, name: path, previewUrl });
    void this.search();
  }

  /** A text query (or '' to drop the text). Text is searched with CLIP, so the engine switches to it. */
  setText(text: string): void {
    const t = text.trim();
    if (t === this.text && (this.textVector || !t)) return;
    this.text = t;
    this.textVector = null;
    if (t && this.engine !== 'clip') this.setEngine('clip');
    else void this.search();
  }

  setAlpha(alpha: number): void {
    const a = Math.max(0, Math.min(1, alpha));
    if (a === this.alpha) return;
    this.alpha = a;
    void this.search();
  }

  setEngine(engine: SearchEngineId): void {
    if (engine === this.engine) return;
    this.engine = engine;
    this.measure = engineInfo(engine).defaultMeasure;
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

  /** Removes the image; the text (if any) stays and is searched alone. */
  removeImage(): void {
    this.#embedAbort?.abort();
    this.#replaceQuery(null);
    if (this.text) void this.search();
    else this.clear();
  }

  clear(): void {
    this.#embedAbort?.abort();
    this.#searchAbort?.abort();
    this.#searchSeq++;
    this.#replaceQuery(null);
    this.text = '';
    this.textVector = null;
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
    const text = this.text;
    if (!query && !text) return;
    const options: SearchOptions = { engine: this.engine, measure: this.measure, k: this.k };
    const seq = ++this.#searchSeq;
    this.#searchAbort?.abort();
    const abort = (this.#searchAbort = new AbortController());
    this.searchError = null;
    try {
      await this.gallery.load();
      await this.collections?.syncSearch();
      const spec = options.engine === 'clip' ? await this.#clipSpec(query, text, abort.signal) : this.#imageSpec(query, options.engine);
      if (seq !== this.#searchSeq) return;
      this.status = { kind: 'searching', engine: options.engine };
      const result = await searchClient.query(spec, options, abort.signal);
      if (seq !== this.#searchSeq) return;
      this.result = result;
      this.status = { kind: 'idle' };
    } catch (e) {
      if (seq !== this.#searchSeq) return;
      const err = isErrorData(e) ? e : toWorkerErrorData(e);
      if (quiet(err)) return;
      this.searchError = err;
      this.result = null;
      this.status = { kind: 'idle' };
    }
  }

  get hits(): readonly SearchHit[] {
    return this.result?.hits ?? [];
  }

  #imageSpec(query: Query | null, engine: SearchEngineId) {
    if (!query) {
      throw { code: 'model-unavailable', message: `Text search needs the CLIP engine; ${engineInfo(engine).label} compares images only. Choose CLIP, or add an image.` } satisfies WorkerErrorData;
    }
    const image: QueryImage = query.kind === 'file' ? { vector: query.vectors[engine as keyof EngineVectors] } : itemImage(query);
    return { images: [image] };
  }

  async #clipSpec(query: Query | null, text: string, signal: AbortSignal) {
    await this.#requireClip();
    const images: QueryImage[] = [];
    if (query?.kind === 'item') images.push(itemImage(query));
    if (query?.kind === 'file') images.push({ vector: await this.#clipVectorOf(query, signal) });
    let textVector: Float32Array | undefined;
    if (text) {
      if (this.textVector?.vector && (this.textVector.translatedFrom ?? this.textVector.searchedText) === text) {
        textVector = this.textVector.vector;
      } else {
        this.status = { kind: 'encoding-text', text };
        const encoded = await clipClient.embedText(text, signal);
        if (this.text === text) this.textVector = encoded;
        textVector = encoded.vector;
      }
    }
    return { text: textVector, images, alpha: this.alpha };
  }

  /** CLIP search needs the model loaded and gallery vectors made by that same model. */
  async #requireClip(): Promise<void> {
    if (!this.clip.ready) await this.clip.load();
    const s = this.clip.status;
    if (s.state !== 'ready') {
      const reason = s.state === 'unavailable' ? s.reason : s.state === 'failed' ? s.error.message : 'the CLIP model is still loading';
      throw { code: 'model-unavailable', message: reason } satisfies WorkerErrorData;
    }
    const inCollections = this.collections?.sources().collections.some((c) => this.collections?.collection(c.id)?.engines.clip?.model === s.modelId);
    if (inCollections && !this.collections?.gallery) return;
    const built = this.gallery.manifest?.engines.clip;
    if (!built && inCollections) return; // the worker searches the collections and notes the gallery was skipped
    if (!built) {
      throw { code: 'model-unavailable', message: 'This gallery was built without CLIP vectors, so it can only be searched by image with the other engines. Put a CLIP model in public/models/ and run npm run gallery.' } satisfies WorkerErrorData;
    }
    if (built.model && built.model !== s.modelId) {
      throw { code: 'model-unavailable', message: `The gallery's CLIP vectors were made with ${built.model}, but the loaded model is ${s.modelId}. Choose ${built.model} in the model settings.` } satisfies WorkerErrorData;
    }
  }

  #clipVectorOf(query: Extract<Query, { kind: 'file' }>, signal: AbortSignal): Promise<Float32Array> {
    if (this.#clipImage?.query !== query) {
      this.status = { kind: 'embedding', file: query.name };
      const vector = query.file.arrayBuffer().then((bytes) => clipClient.embedImage(bytes, query.name)).then((r) => r.vector);
      this.#clipImage = { query, vector };
      vector.catch(() => { if (this.#clipImage?.vector === vector) this.#clipImage = undefined; });
    }
    const pending = this.#clipImage.vector;
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => reject({ code: 'aborted', message: 'the request was cancelled' }), { once: true });
      pending.then(resolve, reject);
    });
  }

  #replaceQuery(next: Query | null): void {
    const old = this.query;
    const owned = (q: Query | null) => q?.kind === 'file' || (q?.kind === 'item' && q.collection !== undefined && !!q.previewUrl);
    if (old && owned(old) && old.previewUrl !== next?.previewUrl) URL.revokeObjectURL(old.previewUrl);
    this.query = next;
  }
}

function itemImage(query: Extract<Query, { kind: 'item' }>): QueryImage {
  return query.collection === undefined ? { item: query.index } : { item: query.index, collection: query.collection };
}

function isErrorData(e: unknown): e is WorkerErrorData {
  return typeof e === 'object' && e !== null && !(e instanceof Error) && typeof (e as WorkerErrorData).code === 'string' && typeof (e as WorkerErrorData).message === 'string';
}
