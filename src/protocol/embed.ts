/** The embed worker (workers/embed.worker.ts): decoding a file and every weight-free engine's vector. */
import type { EngineId } from '../lib/engines/types.ts';
import type { ImageFormat } from '../lib/image/sniff.ts';
import type { ImageRecord } from '../lib/collections/types.ts';

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
