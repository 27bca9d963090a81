/**
 * The ONE typed description of what crosses the page ⇄ worker boundary: every call, every
 * progress event and every error. Both workers implement these interfaces; the page only ever
 * talks to them through `Remote<EmbedApi>` / `Remote<SearchApi>` (src/bridge/).
 *
 * Conventions
 * - Every method resolves with a value or rejects with a `WorkerError` ({code, message, file?}).
 *   `installErrorTransfer()` runs on both sides and replaces Comlink's "throw" handler, which
 *   would otherwise keep only `message`/`name`/`stack`.
 * - Large results are transferred, not copied (`Comlink.transfer(vec, [vec.buffer])`); the
 *   page keeps query vectors, so it sends copies into `search`.
 * - Progress flows through one `Comlink.proxy(cb)` callback handed over at `init`.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import type { EngineId } from '../src/lib/engines/types.ts';
import type { GalleryManifest } from '../src/lib/gallery/manifest.ts';
import type { ImageErrorCode } from '../src/lib/image/errors.ts';
import type { ImageFormat } from '../src/lib/image/sniff.ts';
import type { MeasureId } from '../src/lib/measures.ts';

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
  | 'internal';

/** The plain data an error becomes on the wire. `message` is a whole sentence for people. */
export interface WorkerErrorData {
  readonly code: WorkerErrorCode;
  readonly message: string;
  /** the file the error is about: a query file's name, or a gallery file's path */
  readonly file?: string;
}

/** What every worker call rejects with, on both sides of the boundary. */
export class WorkerError extends Error implements WorkerErrorData {
  readonly code: WorkerErrorCode;
  readonly file?: string;
  constructor(data: WorkerErrorData) {
    super(data.message);
    this.name = 'WorkerError';
    this.code = data.code;
    if (data.file !== undefined) this.file = data.file;
  }
  toJSON(): WorkerErrorData {
    return this.file === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, file: this.file };
  }
}

const IMAGE_CODES: readonly string[] = ['empty', 'not-an-image', 'unsupported-format', 'corrupt', 'too-small', 'too-large'];

/** Any thrown value → the wire shape. Known error classes keep their code; the rest are 'internal'. */
export function toWorkerErrorData(e: unknown): WorkerErrorData {
  if (e instanceof WorkerError) return e.toJSON();
  if (e instanceof Error) {
    const { code, file } = e as Error & { code?: unknown; file?: unknown };
    const withFile = (c: WorkerErrorCode): WorkerErrorData => (typeof file === 'string' ? { code: c, message: e.message, file } : { code: c, message: e.message });
    if (e.name === 'ImageError' && typeof code === 'string' && IMAGE_CODES.includes(code)) return withFile(code as ImageErrorCode);
    if (e.name === 'VectorFormatError') return withFile('vectors-format');
    if (e.name === 'AbortError') return { code: 'aborted', message: 'the request was cancelled' };
    if (e.name === 'WorkerError' && typeof code === 'string') return withFile(code as WorkerErrorCode);
    return { code: 'internal', message: e.message || e.name };
  }
  return { code: 'internal', message: typeof e === 'string' ? e : 'unknown error' };
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
      if (serialized.isError) throw new WorkerError(serialized.value);
      throw new WorkerError(toWorkerErrorData(serialized.value));
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

export interface EmbedApi {
  /**
   * Decodes `bytes` (transferred; the caller's buffer is detached) and runs every engine.
   * Rejects with an image error code naming `name` for anything it cannot read; never dies.
   */
  embed(bytes: ArrayBuffer, name: string): Promise<EmbedResult>;
}

// ───────────────────────────── search worker ─────────────────────────────

export interface SearchOptions {
  readonly engine: EngineId;
  readonly measure: MeasureId;
  /** how many results; clamped to 1..gallery size */
  readonly k: number;
}

export interface SearchHit {
  /** manifest id, e.g. "noto/1f436" */
  readonly id: string;
  /** position in manifest.items (and row in every vector file) */
  readonly index: number;
  readonly score: number;
}

export interface SearchResult {
  readonly hits: SearchHit[];
  readonly engine: EngineId;
  readonly measure: MeasureId;
  /** ranking time in the worker, ms (excludes any vector download) */
  readonly ms: number;
  /** how many gallery vectors were scanned */
  readonly scanned: number;
}

/** Progress and state of the per-engine vector files, pushed to the page as they happen. */
export type SearchEvent =
  | { readonly type: 'vectors-loading'; readonly engine: EngineId; readonly loaded: number; readonly total: number }
  | { readonly type: 'vectors-ready'; readonly engine: EngineId; readonly count: number; readonly dim: number; readonly bytes: number; readonly ms: number }
  | { readonly type: 'vectors-failed'; readonly engine: EngineId; readonly error: WorkerErrorData };

export type SearchEventListener = (event: SearchEvent) => void;

export interface SearchApi {
  /**
   * Loads the manifest from `galleryUrl` (absolute URL of the gallery folder, ending in "/").
   * `onEvent` (a Comlink.proxy) receives every later SearchEvent. Safe to call again.
   */
  init(galleryUrl: string, onEvent?: SearchEventListener): Promise<GalleryManifest>;
  /** Downloads and parses one engine's vector file (once; concurrent callers share the load). */
  prepare(engine: EngineId): Promise<void>;
  /** Ranks the gallery against a query vector of that engine. Latest request wins. */
  search(query: Float32Array, options: SearchOptions): Promise<SearchResult>;
  /** Ranks the gallery against a gallery item's stored vector ("search with this image"). */
  searchByItem(index: number, options: SearchOptions): Promise<SearchResult>;
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
}
