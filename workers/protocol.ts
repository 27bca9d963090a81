/**
 * The ONE typed description of what crosses the page ⇄ worker boundary: every call, every
 * progress event and every error. Both workers implement these interfaces; the page only ever
 * talks to them through `Remote<EmbedApi>` / `Remote<SearchApi>` (src/bridge/).
 *
 * Conventions
 * - Every method resolves with a value or rejects with a `WorkerError` ({code, text, file?}: the
 *   message as data, src/lib/messages/). `installErrorTransfer()` runs on both sides and replaces
 *   Comlink's "throw" handler, which would otherwise keep only `message`/`name`/`stack`.
 * - Notes, reasons and how a search ranked travel as data too (Text, RankingStep), never as English.
 * - Large results are transferred, not copied (`Comlink.transfer(vec, [vec.buffer])`); the
 *   page keeps query vectors, so it sends copies into `search`.
 * - Progress flows through one `Comlink.proxy(cb)` callback handed over at `init`.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import type { EngineId, SearchEngineId } from '../src/lib/engines/types.ts';
import type { GalleryManifest } from '../src/lib/gallery/manifest.ts';
import type { ImageErrorCode } from '../src/lib/image/errors.ts';
import type { ImageFormat } from '../src/lib/image/sniff.ts';
import type { ImageRecord } from '../src/lib/collections/types.ts';
import type { MeasureId } from '../src/lib/measures.ts';
import type { TextQueryVector } from '../src/lib/clip/text-query.ts';
import type { BrowserClipDevice, ClipDevicePreference, ClipDtype, ClipDtypePreference } from '../src/lib/clip/device.ts';
import type { LocalClipSetId } from '../src/lib/clip/local-index.ts';
import type { Text } from '../src/lib/i18n/types.ts';
import { english } from '../src/lib/messages/english.ts';
import { sentenceOf } from '../src/lib/messages/message-error.ts';
import { asText, raw, type Sentence } from '../src/lib/messages/sentence.ts';
import type { RankingStep } from '../src/lib/messages/ranking.ts';
import type { Facets, SearchFilters, SortOrder } from '../src/lib/search/filters.ts';
import type { DuplicatesOptions, DuplicatesResult, GalleryMap, MapOptions, MapPageApi, MapProgressEvent, MapSource } from './map-protocol.ts';

// ───────────────────────────── errors ─────────────────────────────

/**
 * Why a worker call failed.
 * - ImageErrorCode ('empty' | 'not-an-image' | 'unsupported-format' | 'corrupt' | 'too-small' |
 *   'too-large'): the query file; `file` names it.
 * - 'manifest' / 'vectors-format': the gallery files are missing, malformed or from another
 *   version (`file` names the gallery file).
 * - 'network': a gallery file could not be downloaded.
 * - 'superseded': a newer search arrived first ("latest request wins"); callers ignore it.
 * - 'aborted': the caller aborted (AbortSignal) before the answer came.
 * - 'bad-request': arguments the worker cannot use (wrong vector length, unknown engine…).
 * - 'worker-crashed': the worker died (e.g. out of memory); the bridge starts a new one.
 * - 'model-unavailable': the CLIP (or translation) model is neither shipped with the site nor
 *   allowed to be downloaded; the message says how to get it.
 * - 'model-failed': the model files were found but could not be loaded or run.
 * - 'empty-text': a text query with nothing to search for.
 * - 'internal': anything else (a bug); the message says what.
 */
export type WorkerErrorCode =
  | ImageErrorCode
  | 'manifest'
  | 'vectors-format'
  | 'network'
  | 'superseded'
  | 'aborted'
  | 'bad-request'
  | 'worker-crashed'
  | 'model-unavailable'
  | 'model-failed'
  | 'empty-text'
  | 'internal';

/**
 * The ONE error shape from a worker to the page (and of the page's own errors): a code to act on,
 * and what went wrong as data (`text`: a message key and its parameters, rendered in the page's
 * language; `english(text)` for logs). A browser's own error text travels as a plain sentence
 * (`error.raw`), shown as it is.
 */
export interface WorkerErrorData {
  readonly code: WorkerErrorCode;
  readonly text: Text;
  /** the file the error is about: a query file's name, or a gallery file's path */
  readonly file?: string;
}

/** What a WorkerError is made from: its message as data, or (a programmer's mistake, a browser's text) a plain sentence. */
export interface WorkerErrorInit {
  readonly code: WorkerErrorCode;
  readonly message: Sentence;
  readonly file?: string;
}

/** What every worker call rejects with, on both sides of the boundary. `message` is the English of `text`. */
export class WorkerError extends Error implements WorkerErrorData {
  readonly code: WorkerErrorCode;
  readonly text: Text;
  readonly file?: string;
  constructor(init: WorkerErrorInit, options?: ErrorOptions) {
    super(english(init.message), options);
    this.name = 'WorkerError';
    this.code = init.code;
    this.text = asText(init.message);
    if (init.file !== undefined) this.file = init.file;
  }
  static fromData(data: WorkerErrorData): WorkerError {
    return new WorkerError({ code: data.code, message: data.text, ...(data.file === undefined ? {} : { file: data.file }) });
  }
  toJSON(): WorkerErrorData {
    return this.file === undefined ? { code: this.code, text: this.text } : { code: this.code, text: this.text, file: this.file };
  }
}

const IMAGE_CODES: readonly string[] = ['empty', 'not-an-image', 'unsupported-format', 'corrupt', 'too-small', 'too-large'];

/** Any thrown value → the wire shape. Known error classes keep their code; the rest are 'internal'. */
export function toWorkerErrorData(e: unknown): WorkerErrorData {
  if (e instanceof WorkerError) return e.toJSON();
  const text = asText(sentenceOf(e));
  if (e instanceof Error) {
    const { code, file } = e as Error & { code?: unknown; file?: unknown };
    const withFile = (c: WorkerErrorCode): WorkerErrorData => (typeof file === 'string' ? { code: c, text, file } : { code: c, text });
    if (e.name === 'ImageError' && typeof code === 'string' && IMAGE_CODES.includes(code)) return withFile(code as ImageErrorCode);
    if (e.name === 'VectorFormatError') return withFile('vectors-format');
    if (e.name === 'AbortError') return { code: 'aborted', text: raw('the request was cancelled') };
    if (e.name === 'WorkerError' && typeof code === 'string') return withFile(code as WorkerErrorCode);
    return { code: 'internal', text };
  }
  return { code: 'internal', text: typeof e === 'string' ? text : raw('unknown error') };
}

export function isWorkerError(e: unknown): e is WorkerError {
  return e instanceof WorkerError;
}

interface ThrownValue { value: unknown }
type SerializedThrow = { isError: true; value: WorkerErrorData } | { isError: false; value: unknown };

let installed = false;
/**
 * Makes errors keep `code` and `file` across Comlink. Call once on each side (page and every
 * worker) before the first call. Reuses Comlink's own `canHandle` (its marker symbol is private).
 */
export function installErrorTransfer(): void {
  if (installed) return;
  const original = transferHandlers.get('throw') as TransferHandler<ThrownValue, SerializedThrow> | undefined;
  if (!original) throw new Error('comlink has no "throw" transfer handler to replace');
  const handler: TransferHandler<ThrownValue, SerializedThrow> = {
    canHandle: original.canHandle,
    serialize({ value }) {
      return [{ isError: true, value: toWorkerErrorData(value) }, []];
    },
    deserialize(serialized) {
      if (serialized.isError) throw WorkerError.fromData(serialized.value);
      throw WorkerError.fromData(toWorkerErrorData(serialized.value));
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
  installed = true;
}

// ───────────────────────────── embed worker ─────────────────────────────

/** One vector per engine, all computed from one decode, so switching engine only re-ranks. */
export type EngineVectors = Record<EngineId, Float32Array>;

export interface EmbedResult {
  readonly vectors: EngineVectors;
  /** the file as the header or decoder saw it (after EXIF orientation) */
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
  /** size of the raster the engines read (smaller than width × height when pre-shrunk) */
  readonly rasterWidth: number;
  readonly rasterHeight: number;
  /** decode + every engine's extract, in ms */
  readonly ms: number;
  /** where that time went: decode (sniff + createImageBitmap + canvas read-back) and each engine */
  readonly timings: { readonly decodeMs: number; readonly extractMs: Readonly<Record<EngineId, number>> };
}

/** What indexing one file of a person's folder gives: the stored record's own fields (classic only: raw pixels are not stored), and the time it took. */
export type IndexedImage = Pick<ImageRecord, 'hash' | 'format' | 'width' | 'height' | 'thumb' | 'classic'> & { readonly ms: number };

export interface EmbedApi {
  /**
   * Decodes `bytes` (transferred; the caller's buffer is detached) and runs every engine.
   * Rejects with an image error code naming `name` for anything it cannot read; never dies.
   */
  embed(bytes: ArrayBuffer, name: string): Promise<EmbedResult>;
  /**
   * Reads a file of a folder being indexed (the File crosses without copying its bytes), and
   * returns its hash, thumbnail and classic vector. Same errors as `embed`, plus 'too-large'
   * for files over MAX_FILE_BYTES before anything is read.
   */
  index(file: Blob, name: string): Promise<IndexedImage>;
}

// ───────────────────────────── search worker ─────────────────────────────

export interface SearchOptions {
  readonly engine: SearchEngineId;
  readonly measure: MeasureId;
  /** how many results; clamped to 1..gallery size */
  readonly k: number;
  /**
   * 'exact' (default): every vector is scored. 'ivf': the nprobe nearest k-means lists only.
   * 'cluster': the seeds' spectral clustering — the nearest cluster(s), at most the top 100.
   * The approximate modes rank by cosine (other measures are searched exactly) and are built in
   * the worker on first use ('index-progress' events).
   */
  readonly index?: 'exact' | 'ivf' | 'cluster';
  /** IVF lists scanned (default 8) */
  readonly nprobe?: number;
  /** spectral clusters scanned (default 1) */
  readonly probes?: number;
  /**
   * Only images that pass these are ranked (a mask applied before top-k, so k matching results
   * come back); a filtered source is scanned exactly.
   */
  readonly filters?: SearchFilters;
}

/** A listing with no query: the images that pass the filters, by date. */
export interface BrowseOptions {
  /** the page's engine and measure, named in the status line (a listing ranks nothing) */
  readonly engine: SearchEngineId;
  readonly measure: MeasureId;
  readonly filters: SearchFilters;
  /** 'relevance' has no meaning without a query: it lists newest first */
  readonly sort: SortOrder;
  readonly k: number;
}

export interface SearchHit {
  /** manifest id, e.g. "noto/1f436"; for a collection's image, its path in the folder */
  readonly id: string;
  /** position in manifest.items (and row in every vector file); for a collection, in its image list */
  readonly index: number;
  readonly score: number;
  /** the collection the image belongs to; absent for the demo gallery */
  readonly collection?: string;
  /** when a person's photo was taken (EXIF), else its file date, ms since the epoch; for the date sort */
  readonly date?: number;
}

export interface SearchResult {
  readonly hits: SearchHit[];
  readonly engine: SearchEngineId;
  readonly measure: MeasureId;
  /** ranking time in the worker, ms (excludes any vector download) */
  readonly ms: number;
  /** how many vectors were scanned, over every source */
  readonly scanned: number;
  /** how many vectors the searched sources hold (scanned < total through an approximate index) */
  readonly total?: number;
  /** how the ranking was done: exact (and with which scanner), or through an approximate index; each way once */
  readonly method?: readonly RankingStep[];
  /** sources that could not be searched with this engine, each with why (the rest were searched) */
  readonly notes?: readonly Text[];
  /**
   * The gallery was searched with CLIP vectors made in this browser, which were not all made yet:
   * `done` of its `total` images were searched ("searched 1,200 of 3,812 images so far").
   */
  readonly coverage?: LocalClipProgress;
  /** the vector that was searched (images, text and feedback combined), a copy: the page hands it to `map` to place the query; empty for a listing */
  readonly query: Float32Array;
  /** a listing by date with no query (`browse`): the hits have no score (NaN) */
  readonly listing?: boolean;
}

/** How far the gallery's CLIP vectors made in this browser are; `missing` lists the items still to embed. */
export interface LocalClipProgress {
  readonly done: number;
  readonly total: number;
  readonly missing?: readonly number[];
}

/** Where searches look: the demo gallery and/or collections (a revision is the collection's `updated`). */
export interface SearchSources {
  readonly gallery: boolean;
  readonly collections: readonly { readonly id: string; readonly revision: number }[];
}

/** Progress and state of the per-engine vector files, pushed to the page as they happen. */
export type SearchEvent =
  | { readonly type: 'vectors-loading'; readonly engine: SearchEngineId; readonly loaded: number; readonly total: number }
  | { readonly type: 'vectors-ready'; readonly engine: SearchEngineId; readonly count: number; readonly dim: number; readonly bytes: number; readonly ms: number }
  | { readonly type: 'vectors-failed'; readonly engine: SearchEngineId; readonly error: WorkerErrorData }
  /** progress of `map` / `duplicates` (workers/map-protocol.ts) */
  | MapProgressEvent
  /** an approximate index being built (fraction 0..1) */
  | { readonly type: 'index-progress'; readonly index: 'ivf' | 'cluster'; readonly engine: SearchEngineId; readonly fraction: number };

export type SearchEventListener = (event: SearchEvent) => void;

export interface SearchApi {
  /**
   * Loads the manifest from `galleryUrl` (absolute URL of the gallery folder, ending in "/").
   * `onEvent` (a Comlink.proxy) receives every later SearchEvent. Safe to call again.
   */
  init(galleryUrl: string, onEvent?: SearchEventListener): Promise<GalleryManifest>;
  /** Downloads and parses one engine's vector file (once; concurrent callers share the load). */
  prepare(engine: SearchEngineId): Promise<void>;
  /** Ranks the gallery against a query vector of that engine. Latest request wins. */
  search(query: Float32Array, options: SearchOptions): Promise<SearchResult>;
  /** Ranks the gallery against a gallery item's stored vector ("search with this image"). */
  searchByItem(index: number, options: SearchOptions): Promise<SearchResult>;
  /**
   * The general query: text and/or images (given as vectors or as gallery items), combined as
   * normalize(α·text + (1−α)·mean(images)) for CLIP; images only (their mean) for other engines;
   * then moved by the spec's relevance feedback, if any (Rocchio).
   */
  query(spec: QuerySpec, options: SearchOptions): Promise<SearchResult>;
  /** The images of the selected sources that pass the filters, newest (or oldest) first, at most k; no query. */
  browse(options: BrowseOptions): Promise<SearchResult>;
  /** What the selected sources offer to filter on: folders, types, days, categories and sources, with counts. */
  facets(): Promise<Facets>;
  /** Chooses the sources searched from now on; collections are read from IndexedDB (once per revision). */
  setSources(sources: SearchSources): Promise<void>;
  /**
   * Opens the current gallery's set of CLIP vectors made in this browser (for a gallery shipped
   * without vectors of this model), reading what earlier visits stored; from now on CLIP searches
   * of the gallery use it (partly done: `coverage` in the result). Says which items are missing.
   */
  openLocalClip(set: LocalClipSetId): Promise<LocalClipProgress>;
  /** Adds vectors of items to the open set (`key`: localClipSetKey of it) and stores them; 'superseded' for another set. */
  addLocalClip(key: string, items: readonly number[], vectors: readonly Float32Array[]): Promise<LocalClipProgress>;
  /** A 2-D map (PCA + k-means clusters) of the gallery or a collection for an engine; progress as 'map-progress' events. */
  map(source: MapSource, engine: SearchEngineId, options?: MapOptions): Promise<GalleryMap>;
  /** Near-duplicate groups of a collection (cosine on classic vectors ≥ threshold, or the same SHA-256). */
  duplicates(collection: string, options?: DuplicatesOptions): Promise<DuplicatesResult>;
}

/**
 * An image of a query: a vector the page computed, or a stored image whose vector is used —
 * a gallery item, or (with `collection`) an image of a selected collection.
 */
export type QueryImage = { readonly vector: Float32Array } | { readonly item: number; readonly collection?: string };

export interface QuerySpec {
  /** CLIP text vector (only with the clip engine) */
  readonly text?: Float32Array;
  readonly images: readonly QueryImage[];
  /** weight of the text against the images, 0..1 (default 0.6, as in the seeds) */
  readonly alpha?: number;
  /**
   * Relevance feedback (Rocchio): results marked good / bad. The query becomes
   * q' = 1·q + 0.75·mean(positive) − 0.15·mean(negative), normalised for CLIP (src/lib/feedback/rocchio.ts).
   */
  readonly positive?: readonly QueryImage[];
  readonly negative?: readonly QueryImage[];
}

// ───────────────────────────── clip worker ─────────────────────────────

export type { BrowserClipDevice, ClipDevicePreference, ClipDtype, ClipDtypePreference };

export interface ClipSettings {
  /** Hugging Face model id, also the folder under the site's models/ (e.g. Xenova/clip-vit-base-patch32) */
  readonly modelId: string;
  readonly device: ClipDevicePreference;
  readonly dtype: ClipDtypePreference;
  /** may files missing from the site be fetched from the Hugging Face Hub (then cached by the browser) */
  readonly allowDownload: boolean;
  /** site path of the models folder, from the base path (e.g. "/repo/models/") — a path, not a URL */
  readonly modelsPath: string;
  /** translate non-English (Vietnamese) text to English before the CLIP text tower */
  readonly translate: boolean;
  /** the translation model (a MarianMT model transformers.js runs), e.g. Xenova/opus-mt-vi-en */
  readonly translationModelId: string;
  /** set when a fresh worker retries on WASM because the model failed on WebGPU: why, for the status */
  readonly webgpuFailure?: Text;
}

/** Bytes of one model file so far (total 0 when unknown). */
export interface FileProgress { readonly loaded: number; readonly total: number }

export type ClipStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'unavailable'; readonly modelId: string; readonly reason: Text; readonly canDownload: boolean }
  | { readonly state: 'loading'; readonly modelId: string; readonly device: BrowserClipDevice; readonly dtype: ClipDtype; readonly source: 'site' | 'hub'; readonly files: Readonly<Record<string, FileProgress>> }
  | { readonly state: 'ready'; readonly modelId: string; readonly device: BrowserClipDevice; readonly dtype: ClipDtype; readonly source: 'site' | 'hub'; readonly dim: number; readonly loadMs: number; readonly fallbackReason?: Text; /** onnxruntime's WASM threads (1 unless the page is cross-origin isolated) */ readonly threads: number }
  | { readonly state: 'failed'; readonly modelId: string; readonly error: WorkerErrorData };

export type ClipEvent =
  | { readonly type: 'clip-status'; readonly status: ClipStatus }
  | { readonly type: 'translator-status'; readonly status: ClipStatus };

export type ClipEventListener = (event: ClipEvent) => void;

export type { TextQueryVector };

export interface ClipApi {
  /** `onEvent` (a Comlink.proxy) receives every status change of the model and translator. */
  init(onEvent: ClipEventListener): Promise<void>;
  /**
   * Loads the model (shared promise per settings: concurrent callers wait for one load), picking
   * WebGPU when an adapter exists and the model runs on it, else WASM; warms it up before ready.
   */
  load(settings: ClipSettings): Promise<Extract<ClipStatus, { state: 'ready' }>>;
  /** Decodes `bytes` (transferred) and returns the image's unit-length CLIP vector. */
  embedImage(bytes: ArrayBuffer, name: string): Promise<{ readonly vector: Float32Array; readonly ms: number }>;
  /** The same for a file of a folder being indexed: the File crosses without copying its bytes. */
  embedFile(file: Blob, name: string): Promise<{ readonly vector: Float32Array; readonly ms: number }>;
  /** The text's unit-length CLIP vector, translated first when the settings ask and it is not English. */
  embedText(text: string): Promise<TextQueryVector>;
}

// ───────────────────────────── page API ─────────────────────────────

/**
 * `window.imageSearch`, for tests and power users (docs/TESTING.md). Goes through the real
 * embed worker; vectors come back as plain arrays so they survive `page.evaluate`.
 */
export interface ImageSearchPageApi {
  /** every engine's vector for a file (the caller's buffer is not detached) */
  embed(bytes: ArrayBuffer, name: string): Promise<Record<EngineId, number[]>>;
  /** what the decoder made of a file: format, oriented size, and the size of the raster the engines read */
  inspect(bytes: ArrayBuffer, name: string): Promise<Omit<EmbedResult, 'vectors'>>;
  /** ranks the demo gallery against a vector (as `embed` returns it), through the real search worker */
  search(vector: number[], options: SearchOptions): Promise<SearchResult>;
  /** the person's collections as stored in IndexedDB (read-only) */
  collections: {
    list(): Promise<{ id: string; name: string; count: number; skipped: number; state: string; pending: number }[]>;
    /** every stored image path of the collection with that name */
    paths(name: string): Promise<string[]>;
  };
  /** the gallery map's view, for tests: where a point is drawn (docs/TESTING.md); set once the app has started */
  map?: MapPageApi;
  /** the CLIP worker (the model must be loaded: see the clip-status hook) */
  clip: {
    embedImage(bytes: ArrayBuffer, name: string): Promise<number[]>;
    embedText(text: string): Promise<Omit<TextQueryVector, 'vector'> & { vector: number[] }>;
  };
}
