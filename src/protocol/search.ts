/**
 * The search worker (workers/search.worker.ts): the gallery and the person's collections, ranked
 * against a query; the map and the duplicate finder (their shapes in ./map.ts). Large results are
 * transferred, not copied; progress flows through the listener handed over at `init`.
 */
import type { SearchEngineId } from '../lib/engines/types.ts';
import type { GalleryManifest } from '../lib/gallery/manifest.ts';
import type { MeasureId } from '../lib/ranking/measures.ts';
import type { LocalClipSetId } from '../lib/engines/clip/local-index.ts';
import type { Text } from '../lib/i18n/types.ts';
import type { RankingStep } from '../lib/messages/ranking.ts';
import type { Facets, SearchFilters, SortOrder } from '../lib/search/filters.ts';
import type { TransformWord } from '../lib/verify/classify.ts';
import type { WorkerErrorData } from './errors.ts';
import type { DuplicatesOptions, DuplicatesResult, GalleryMap, MapOptions, MapProgressEvent, MapSource } from './map.ts';

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
   * "Verify matches" (image queries): the top VERIFY_TOP results are checked by local features
   * and a geometric transform (src/lib/verify/), and the verified ones come first, most
   * consistent matches first. The query's images must be items or carry their `source` file.
   */
  readonly verify?: boolean;
  /**
   * Only images that pass these are ranked (a mask applied before top-k, so k matching results
   * come back); a filtered source is scanned exactly.
   */
  readonly filters?: SearchFilters;
  /**
   * The order of the results. 'newest' / 'oldest': the candidates are the DATE_SORT_POOL best
   * (src/lib/search/filters.ts; every matching image, up to that many, scanned exactly), and the
   * `k` newest (oldest) of those that pass `threshold` come back, in that order; with no threshold,
   * the `k` best, in date order. 'relevance' (absent): the `k` best, best first.
   */
  readonly sort?: SortOrder;
  /** with a date sort: the page's threshold, a minimum similarity or a maximum distance (absent: none) */
  readonly threshold?: number;
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

/** A result that geometric verification confirmed as a copy of a query image, and how it was edited. */
export interface VerifiedMatch {
  /** local feature matches that agree with one transform */
  readonly inliers: number;
  /** what was done to the query to give this image: 'cropped', 'mirrored', 'rotated-90'… or 'same' */
  readonly words: readonly TransformWord[];
  /** rotation, degrees clockwise (0 ≤ θ < 360) */
  readonly degrees: number;
  /** size change in real pixels (this image / the query) */
  readonly scale: number;
}

/** What "verify matches" did for one search. */
export interface VerificationSummary {
  /** results checked (at most VERIFY_TOP) */
  readonly checked: number;
  readonly verified: number;
  /** results whose image could not be read (left in place, unverified) */
  readonly unreadable: number;
  /** time spent, ms, including decoding images whose features were not cached */
  readonly ms: number;
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
  /** set when "verify matches" confirmed it */
  readonly verified?: VerifiedMatch;
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
  /**
   * With a date sort: the candidates the dates chose among (`count`, at most DATE_SORT_POOL) and
   * the lowest and highest of their scores — what the threshold can be set within.
   */
  readonly pool?: ScorePool;
  /** present when the search was asked to verify matches */
  readonly verification?: VerificationSummary;
}

/** The candidates of a date-sorted search: how many, and the span of their scores. */
export interface ScorePool {
  readonly count: number;
  readonly min: number;
  readonly max: number;
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
  /** progress of `map` / `duplicates` (./map.ts) */
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
export type QueryImage =
  /** `source`: the image file, for "verify matches" (a Blob crosses without copying its bytes) */
  | { readonly vector: Float32Array; readonly source?: Blob }
  | { readonly item: number; readonly collection?: string };

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
