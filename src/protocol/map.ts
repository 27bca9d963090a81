/**
 * What the gallery map and the duplicate finder send across the page ⇄ search-worker boundary
 * (the methods are on `SearchApi` in ./search.ts; logic in workers/search/map.ts and duplicates.ts).
 */
import type { KeeperSuggestion } from '../lib/duplicates/keeper.ts';
import type { SearchEngineId } from '../lib/engines/types.ts';
import type { VerifiedMatch } from './search.ts';

/** What a map shows: the demo gallery, or one of the person's collections. */
export type MapSource =
  | { readonly gallery: true }
  /** `revision` (the collection's `updated`) lets the worker reuse a map it made; without it the images are read again */
  | { readonly collection: string; readonly revision?: number };

/** How a map's points are grouped: k-means on the vectors, or the spectral clusters of the index mode. */
export type MapClustering = 'kmeans' | 'spectral';

export interface MapOptions {
  /** k of k-means (default 12; the spectral clustering chooses its own count) */
  readonly clusters?: number;
  /** default 'kmeans'; 'spectral' reuses (or builds) the spectral index the "spectral clusters" search mode routes with */
  readonly clustering?: MapClustering;
  /**
   * a query vector of the map's engine to place on the map (the page passes its newest search's
   * `SearchResult.query`); the worker keeps no query of its own
   */
  readonly query?: Float32Array;
}

export interface GalleryMap {
  readonly source: MapSource;
  readonly engine: SearchEngineId;
  readonly count: number;
  /** PCA coordinates of every point (y up) */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** cluster of every point; 0 is the largest */
  readonly cluster: Uint16Array;
  readonly clustering: MapClustering;
  /** manifest id (gallery) or path (collection) of every point */
  readonly ids: readonly string[];
  /** what "search with this image" takes: the gallery item index, or the image's index in the collection */
  readonly indices: Uint32Array;
  /** per cluster: size and its medoid (a point index) */
  readonly clusters: readonly { readonly size: number; readonly medoid: number }[];
  /** share of the variance along x and y */
  readonly explained: readonly [number, number];
  /** the query vector given in the options, projected with the same PCA (absent when none was given or its length is not the engine's) */
  readonly query?: { readonly x: number; readonly y: number };
  /** time to build (0 when it came from the worker's cache) */
  readonly ms: number;
}

export interface DuplicatesOptions {
  /** cosine at or above which two images are near-duplicates (default 0.985, at least 0.9) */
  readonly threshold?: number;
  /** the collection's `updated`: lets the worker reuse its neighbour lists */
  readonly revision?: number;
}

export interface DuplicateItem {
  readonly path: string;
  /** the image's index in the collection */
  readonly index: number;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly format: string;
  readonly hash: string;
  /** the file's last-modified time, ms since the epoch */
  readonly modified: number;
  /** cosine with the group's first image (1 for the first) */
  readonly similarity: number;
  /** local features confirmed it as the group's first image edited (what was done to it); absent otherwise */
  readonly verified?: VerifiedMatch;
}

/**
 * How sure a group is: 'identical' (every file has the same SHA-256), 'verified' (every image is
 * the same bytes as the first or was confirmed as the first one edited, by local features), or
 * 'similar' (close classic vectors only).
 */
export type DuplicateTier = 'identical' | 'verified' | 'similar';

export interface DuplicateGroup {
  readonly items: readonly DuplicateItem[];
  /** every file of the group has the same SHA-256 */
  readonly identical: boolean;
  readonly tier: DuplicateTier;
  /** the image suggested to keep (src/lib/duplicates/keeper.ts); the person may choose another */
  readonly keeper: KeeperSuggestion;
}

export interface DuplicatesResult {
  readonly collection: string;
  readonly count: number;
  readonly threshold: number;
  readonly groups: readonly DuplicateGroup[];
  readonly ms: number;
}

/** Progress of a map or duplicate search, through the search worker's event listener. */
export interface MapProgressEvent {
  readonly type: 'map-progress';
  readonly task: 'map' | 'duplicates';
  readonly phase: string;
  /** 0..1 within the phase */
  readonly fraction: number;
}
