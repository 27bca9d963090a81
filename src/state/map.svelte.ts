/**
 * The gallery map as the page sees it: open or not, which source (the demo gallery or a
 * collection), the map the search worker made for the current engine, its progress, and what a
 * click on a point does (search with that image). The canvas (MapCanvas.svelte) registers a
 * probe so tests can find points on screen: window.imageSearch.map (docs/TESTING.md).
 */
import { onSearchEvent } from '../bridge/search-events.ts';
import { LatestTask, isQuietError } from './search/latest-task.ts';
import { searchClient } from '../bridge/clients.ts';
import type { GalleryMap, MapClustering, MapSource } from '../protocol/map.ts';
import type { MapPageApi } from '../bridge/page-test-api.ts';
import { toWorkerErrorData, type WorkerErrorData } from '../protocol/errors.ts';
import type { SearchHit } from '../protocol/search.ts';
import type { CollectionsState } from './collections.svelte.ts';
import type { GalleryState } from './gallery.svelte.ts';
import type { ImageCatalog } from './image-catalog.ts';
import type { ImagePlace } from '../lib/images/image-ref.ts';
import type { SearchState } from './search/search.svelte.ts';
import type { MessageKey } from '../lib/i18n/types.ts';

export type MapStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly phase: string; readonly fraction: number }
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: WorkerErrorData };

/** What the canvas can tell about where things are, in CSS pixels of the viewport. */
export interface MapProbe {
  pointAt(index: number): { x: number; y: number; visible: boolean } | null;
  queryAt(): { x: number; y: number } | null;
  zoom(): number;
}

/** What each phase of making a map is called (message keys; shown translated). */
export const PHASE_LABELS: Readonly<Record<string, MessageKey>> = {
  vectors: 'map.phase.vectors',
  pca: 'map.phase.pca',
  clusters: 'map.phase.clusters',
  layout: 'map.phase.layout',
  spectral: 'map.phase.spectral',
};

export class MapState {
  open = $state(false);
  /** 'gallery' or a collection id */
  source = $state('gallery');
  /** k-means on the vectors, or the spectral clusters the "spectral clusters" index mode routes with */
  clustering = $state<MapClustering>('kmeans');
  status = $state.raw<MapStatus>({ kind: 'idle' });
  data = $state.raw<GalleryMap | null>(null);
  probe: MapProbe | null = null;

  readonly #latest = new LatestTask();

  constructor(
    private readonly search: SearchState,
    private readonly gallery: GalleryState,
    private readonly catalog: ImageCatalog,
    private readonly collections?: CollectionsState,
  ) {
    onSearchEvent((e) => {
      if (e.type === 'map-progress' && e.task === 'map' && this.status.kind === 'loading') {
        this.status = { kind: 'loading', phase: e.phase, fraction: e.fraction };
      }
    });
    if (typeof window !== 'undefined' && window.imageSearch) window.imageSearch.map = this.#pageApi();
  }

  /** The places a map can show: the demo gallery (no label: the page names it) and every collection with images. */
  get sources(): { id: string; label: string | null }[] {
    const own = (this.collections?.list ?? []).filter((c) => c.count > 0).map((c) => ({ id: c.id, label: c.name }));
    return [{ id: 'gallery', label: null }, ...own];
  }

  get engine() {
    return this.search.settings.engine;
  }

  toggle(): void {
    this.open = !this.open;
  }

  setSource(id: string): void {
    if (id === this.source) return;
    this.source = id;
  }

  #spec(): MapSource {
    if (this.source === 'gallery') return { gallery: true };
    const c = this.collections?.collection(this.source);
    return c ? { collection: c.id, revision: c.updated } : { collection: this.source };
  }

  /** (Re)asks the worker for the map; cheap when only the query moved (the worker keeps the layout). */
  async refresh(): Promise<void> {
    if (!this.open) return;
    if (this.source !== 'gallery' && !this.collections?.collection(this.source)) this.source = 'gallery';
    const spec = this.#spec();
    const engine = this.search.settings.engine;
    const task = this.#latest.start();
    const clustering = engine === 'pixels' ? 'kmeans' : this.clustering; // raw pixels have no spectral index
    const same = this.data && this.data.engine === engine && this.data.clustering === clustering && JSON.stringify(this.data.source) === JSON.stringify(spec);
    if (!same) {
      this.data = null;
      this.status = { kind: 'loading', phase: 'vectors', fraction: 0 };
    }
    try {
      await this.gallery.load();
      const result = this.search.result;
      const query = this.search.hasQuery && result?.engine === engine ? result.query : undefined;
      const map = await searchClient.map(task.signal, spec, engine, { ...(query ? { query } : {}), clustering });
      if (!task.current) return;
      this.data = map;
      this.status = { kind: 'ready' };
    } catch (e) {
      if (!task.current) return;
      const error = toWorkerErrorData(e);
      if (isQuietError(error)) return;
      this.data = null;
      this.status = { kind: 'failed', error };
    }
  }

  /** Points of the current results (index → rank, 1-based). */
  highlighted(hits: readonly SearchHit[]): Map<number, number> {
    const out = new Map<number, number>();
    const m = this.data;
    if (!m) return out;
    const collection = 'collection' in m.source ? m.source.collection : undefined;
    const byId = collection === undefined ? undefined : this.#idIndex(m);
    hits.forEach((h, rank) => {
      if (h.collection !== collection) return;
      const point = byId ? byId.get(h.id) : h.index < m.count && m.ids[h.index] === h.id ? h.index : m.ids.indexOf(h.id);
      if (point !== undefined && point >= 0 && !out.has(point)) out.set(point, rank + 1);
    });
    return out;
  }

  #ids?: { map: GalleryMap; index: Map<string, number> };
  #idIndex(m: GalleryMap): Map<string, number> {
    if (this.#ids?.map !== m) this.#ids = { map: m, index: new Map(m.ids.map((id, i) => [id, i])) };
    return this.#ids.index;
  }

  indexOf(id: string): number {
    const m = this.data;
    return m ? (this.#idIndex(m).get(id) ?? -1) : -1;
  }

  /** The image a point stands for. */
  #place(m: GalleryMap, point: number): ImagePlace {
    const place = { id: m.ids[point], index: m.indices[point] };
    return 'gallery' in m.source ? place : { ...place, collection: m.source.collection };
  }

  /** A name for a point, for tooltips and labels. */
  label(point: number): string {
    const m = this.data;
    return m ? this.catalog.name(this.#place(m, point)) : '';
  }

  /** The point's image URL (collections: the stored thumbnail, once read). */
  thumb(point: number): string | undefined {
    const m = this.data;
    return m ? this.catalog.thumbSrc(this.#place(m, point)) : undefined;
  }

  /** "Search with this image" for a point; the source is switched on for searching if it was off. */
  pick(point: number): void {
    const m = this.data;
    if (!m || point < 0 || point >= m.count) return;
    if ('gallery' in m.source) {
      if (this.collections && !this.collections.gallery) this.collections.setGallery(true);
    } else if (this.collections?.off.includes(m.source.collection)) {
      this.collections.setSelected(m.source.collection, true);
    }
    void this.search.searchWithHit(this.#place(m, point));
  }

  #pageApi(): MapPageApi {
    return {
      info: () => {
        const m = this.data;
        return {
          open: this.open,
          state: this.status.kind,
          source: this.source,
          engine: m?.engine ?? this.search.settings.engine,
          count: m?.count ?? 0,
          clusters: m?.clusters.length ?? 0,
          clustering: m?.clustering ?? null,
          zoom: this.probe?.zoom() ?? 1,
          query: this.open ? (this.probe?.queryAt() ?? null) : null,
          highlighted: [...this.highlighted(this.search.hits).keys()],
        };
      },
      indexOf: (id) => this.indexOf(id),
      pointAt: (index) => (this.open ? (this.probe?.pointAt(index) ?? null) : null),
    };
  }
}
