/**
 * A person's own photo folder, indexed in the browser (issue 4). These are the records kept in
 * IndexedDB (src/storage/) and in an exported archive (docs/FORMAT.md). Pure data: no DOM, no I/O.
 */
import type { Sentence } from '../messages/sentence.ts';
import type { ImageErrorCode } from '../image/errors.ts';
import type { ImageFormat } from '../image/sniff.ts';

/** Which engine made a collection's vectors, so vectors of another version are rebuilt. */
export interface CollectionEngine {
  readonly version: number;
  readonly dim: number;
  /** model engines (clip): the model id the vectors were computed with */
  readonly model?: string;
}

/**
 * - 'indexing': a run is (or was, if the tab closed) under way; `pending` files are left.
 * - 'ready': every file of the last listing is stored or reported as skipped.
 */
export type CollectionState = 'indexing' | 'ready';

export interface CollectionRecord {
  /** random id, stable for the collection's life */
  readonly id: string;
  /** the folder's name; adding a folder of the same name updates this collection */
  readonly name: string;
  readonly created: number;
  readonly updated: number;
  readonly engines: { readonly classic: CollectionEngine; readonly clip?: CollectionEngine };
  /** images stored */
  readonly count: number;
  /** files reported as skipped (not images, corrupt…) */
  readonly skipped: number;
  /** bytes of thumbnails and vectors stored, approximately */
  readonly bytes: number;
  readonly state: CollectionState;
  /** files of the current run not yet done (0 when ready) */
  readonly pending: number;
  /** a FileSystemDirectoryHandle is stored, so full-size images and resuming need no new pick */
  readonly hasHandle: boolean;
}

/** One file of a folder listing: where it is and what identifies its version. */
export interface FileEntry {
  /** path inside the folder, "/"-separated, without the folder's own name */
  readonly path: string;
  readonly size: number;
  /** last-modified time, ms since the epoch */
  readonly mtime: number;
}

export interface ImageRecord extends FileEntry {
  readonly collection: string;
  /** SHA-256 of the file's bytes, hex */
  readonly hash: string;
  readonly format: ImageFormat;
  /** size after EXIF orientation */
  readonly width: number;
  readonly height: number;
  /** small preview (WebP or JPEG), the longer side THUMB_SIDE px */
  readonly thumb: Blob;
  readonly classic: Float32Array;
  /** CLIP vector, when the model was available while indexing (`CollectionRecord.engines.clip`) */
  readonly clip?: Float32Array;
  /** when it was stored */
  readonly added: number;
  /**
   * when the photo was taken (EXIF DateTimeOriginal), ms since the epoch; null: the file has none
   * (or was gone when looked for), so filters use `mtime`; absent: not looked for yet (indexed
   * before dates were read — the next visit or re-add reads it without embedding again)
   */
  readonly taken?: number | null;
}

/** A file that is not indexed, and why; kept so the report survives reloads and re-adds skip it. */
export interface SkippedRecord extends FileEntry {
  readonly collection: string;
  readonly code: ImageErrorCode | 'unreadable';
  /**
   * why, as a message (data rendered in the page's language), or a plain sentence: a browser's
   * own error text, or the English sentence an earlier version stored (shown as it is)
   */
  readonly message: Sentence;
}

export const THUMB_SIDE = 192;
