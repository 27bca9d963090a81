/**
 * The shapes of a search as the page holds it (query images, relevance feedback, status, errors,
 * what the history is handed) and the small pure helpers around them. DOM-free but for
 * revoking a preview's object URL.
 */
import type { SearchEngineId } from '../../lib/engines/types.ts';
import { unpackPixels, type TurnImage, type TurnRef } from '../../lib/history/turns.ts';
import { isText, type Text } from '../../lib/i18n/types.ts';
import { storedKey, type ImagePlace, type StoredImageRef } from '../../lib/images/image-ref.ts';
import type { MeasureId } from '../../lib/ranking/measures.ts';
import type { IndexMode } from '../../lib/search/index-mode.ts';
import type { SearchSettings } from '../../lib/search/settings.ts';
import type { SearchFilters, SortOrder } from '../../lib/search/filters.ts';
import type { WorkerErrorData } from '../../protocol/errors.ts';
import type { EngineVectors } from '../../protocol/embed.ts';
import type { QueryImage, SearchHit, SearchResult } from '../../protocol/search.ts';
import type { EngineChoice } from '../../lib/search/best-engine.ts';
import type { TextQueryVector } from '../../protocol/clip.ts';

/** One image of a query: a file the person gave, or a stored image (gallery item or a collection's image). */
export type Query =
  | {
      readonly kind: 'file';
      /** unique within the composer (keys the thumbnail list) */
      readonly key: string;
      /** the file itself; absent for an image restored from the history (its vectors were kept, not the file) */
      readonly file?: File;
      readonly name: string;
      /** object URL, for display only (decoding happens in the worker) */
      readonly previewUrl: string;
      readonly vectors: EngineVectors;
      /** the CLIP vector, known in advance for an image restored from the history */
      readonly clip?: Float32Array;
      /** the history's thumbnail of an image restored from it */
      readonly thumb?: Blob;
      readonly width: number;
      readonly height: number;
      readonly format: string;
    }
  | {
      readonly kind: 'item';
      readonly key: string;
      /** which gallery item or collection image */
      readonly ref: StoredImageRef;
      readonly name: string;
      readonly previewUrl: string;
      /** a small stored preview (a collection's thumbnail, or the history's), for the history */
      readonly thumb?: Blob;
    };

/** Relevance feedback: results marked good or bad, by their place in their source. */
export interface Feedback {
  readonly positive: readonly TurnRef[];
  readonly negative: readonly TurnRef[];
}
export type MarkKind = 'good' | 'bad';
export interface Mark {
  readonly mark: MarkKind;
  readonly ref: TurnRef;
}
export const NO_FEEDBACK: Feedback = { positive: [], negative: [] };
/** The key of a result's mark: the image's source and row (src/lib/images/image-ref.ts). */
export const markKey = (hit: ImagePlace): string => storedKey(hit);

/** What a finished search hands to the history (src/state/history.svelte.ts). */
export interface SearchRecord {
  readonly id: string;
  readonly images: readonly Query[];
  /** CLIP vectors of the file images, where computed */
  readonly clip: readonly (Float32Array | undefined)[];
  readonly text: string;
  readonly textQuery?: TextQueryVector;
  readonly engine: SearchEngineId;
  readonly measure: MeasureId;
  readonly k: number;
  readonly index: IndexMode;
  readonly alpha: number;
  /** the filters that filtered ({}: none) and the order of the results */
  readonly filters: SearchFilters;
  readonly sort: SortOrder;
  readonly feedback: Feedback;
  readonly hits: readonly SearchHit[];
}
export interface SearchRecorder {
  record(entry: SearchRecord): void;
}

/**
 * The query the page now shows, after its search (or a text alone that could not be searched),
 * for the URL to follow (src/state/search/url-sync.svelte.ts); `turn` undefined: the query was cleared.
 */
export interface ShownSearch {
  readonly turn?: string;
  readonly text: string;
  readonly images: readonly Query[];
  readonly settings: SearchSettings;
  /** the images matching the filters, listed with no query (the link keeps the filters) */
  readonly listing?: boolean;
}

/** An answer as the page shows it: with the engine choice it was searched under ('auto': the status line says "Best available → …"). */
export type ShownResult = SearchResult & { readonly choice: EngineChoice };

export type SearchStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'embedding'; readonly file: string }
  | { readonly kind: 'encoding-text'; readonly text: string }
  | { readonly kind: 'searching'; readonly engine: SearchEngineId };

/** An error as the page shows it: a worker's or the page's own, in the one shape (its message as data). */
export type SearchError = WorkerErrorData;

/** The page's own error, in the workers' shape. */
export function pageError(code: WorkerErrorData['code'], t: Text, file?: string): SearchError {
  return { code, text: t, ...(file === undefined ? {} : { file }) };
}


/** Object URLs the query made (files, collection thumbnails, history thumbnails); gallery URLs are not. */
export function revokePreview(q: Query): void {
  if (q.previewUrl.startsWith('blob:')) URL.revokeObjectURL(q.previewUrl);
}

export function itemImage(query: Extract<Query, { kind: 'item' }>): QueryImage {
  const { ref } = query;
  return ref.kind === 'gallery' ? { item: ref.index } : { item: ref.index, collection: ref.collection };
}

export function refImage(ref: TurnRef): QueryImage {
  return ref.collection === undefined ? { item: ref.item } : { item: ref.item, collection: ref.collection };
}

export const refKey = (r: TurnRef): string => storedKey({ id: r.id, index: r.item, collection: r.collection });

export function feedbackOf(marks: ReadonlyMap<string, Mark>): Feedback {
  const positive: TurnRef[] = [];
  const negative: TurnRef[] = [];
  for (const m of marks.values()) (m.mark === 'good' ? positive : negative).push(m.ref);
  return { positive, negative };
}

export function isErrorData(e: unknown): e is WorkerErrorData {
  return typeof e === 'object' && e !== null && !(e instanceof Error) && typeof (e as WorkerErrorData).code === 'string' && isText((e as WorkerErrorData).text);
}

let keySeq = 0;
/** A key for a new query image, unique within the page. */
export const nextKey = () => `q${++keySeq}`;

/**
 * A history turn's image as a query image again: a collection image by its place (with the
 * stored thumbnail as preview), a file from its stored vectors, a gallery item through
 * `galleryQuery(id, index)` — undefined when that item is no longer in the gallery.
 */
export function queryOfTurnImage(im: TurnImage, galleryQuery: (id: string, index: number) => Query | undefined): Query | undefined {
  const src = im.source;
  if (src.kind === 'gallery') return galleryQuery(src.id, src.index);
  const previewUrl = im.thumb ? URL.createObjectURL(im.thumb) : '';
  const thumb = im.thumb ? { thumb: im.thumb } : {};
  if (src.kind === 'collection') {
    return { kind: 'item', key: nextKey(), ref: src, name: src.path, previewUrl, ...thumb };
  }
  return {
    kind: 'file',
    key: nextKey(),
    name: im.name,
    previewUrl,
    vectors: { classic: src.classic, pixels: unpackPixels(src.pixels) },
    ...(src.clip ? { clip: src.clip } : {}),
    ...thumb,
    width: src.width,
    height: src.height,
    format: src.format,
  };
}
