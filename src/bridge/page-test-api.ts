/**
 * What the page offers tests and power users on `window.imageSearch` (docs/TESTING.md): the
 * page's own API, not a worker's; implemented in ./page-api.ts and src/state/map.svelte.ts.
 */
import type { EngineId } from '../lib/engines/types.ts';
import type { TextQueryVector } from '../lib/engines/clip/text-query.ts';
import type { MapClustering } from '../protocol/map.ts';
import type { EmbedResult } from '../protocol/embed.ts';
import type { SearchOptions, SearchResult } from '../protocol/search.ts';

/**
 * `window.imageSearch`, for tests and power users (docs/TESTING.md). Goes through the real
 * embed worker; vectors come back as plain arrays so they survive `page.evaluate`.
 */
export interface ImageSearchPageApi {
  /** every engine's vector for a file (the caller's buffer is not detached) */
  embed(bytes: ArrayBuffer, name: string): Promise<Record<EngineId, number[]>>;
  /** what the decoder made of a file: format, oriented size, and the size of the raster the engines read */
  inspect(bytes: ArrayBuffer, name: string): Promise<Omit<EmbedResult, 'vectors'>>;
  /** ranks the demo gallery against a vector (as `embed` returns it), through the real search worker's `query` */
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

/** `window.imageSearch.map`: the map view as tests see it (coordinates in CSS pixels of the viewport). */
export interface MapPageApi {
  /** `state` is idle / loading / ready / failed; `query` is where the query's cross-hair is drawn */
  info(): {
    open: boolean; state: 'idle' | 'loading' | 'ready' | 'failed'; source: string; engine: string; count: number; clusters: number;
    clustering: MapClustering | null;
    zoom: number; query: { x: number; y: number } | null; highlighted: number[];
  };
  /** the point of a gallery id or a collection path, or -1 */
  indexOf(id: string): number;
  /** where point `index` is drawn (for page.mouse), `visible` when on the canvas and in the window; null when the map is closed */
  pointAt(index: number): { x: number; y: number; visible: boolean } | null;
}
