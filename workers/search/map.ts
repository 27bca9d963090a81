/**
 * The search worker's gallery map: the vectors of the demo gallery or of a collection, for one
 * engine, laid out in 2-D (src/lib/map/layout.ts: PCA + k-means, or the clusters of the spectral
 * index the "cluster" search mode routes with), cached per source, engine, revision and
 * clustering so that asking again (a new query to place) costs only the projection.
 */
import { sentenceOf } from '../../src/lib/messages/message-error.ts';
import { message, type Sentence } from '../../src/lib/messages/sentence.ts';
import { isSearchEngineId, type SearchEngineId } from '../../src/lib/engines/types.ts';
import type { ImageRecord } from '../../src/lib/collections/types.ts';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { buildLayout, projectPoint, type GivenClusters, type MapLayout } from '../../src/lib/map/layout.ts';
import type { GalleryMap, MapClustering, MapOptions, MapProgressEvent, MapSource } from '../../src/protocol/map.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { SearchEvent } from '../../src/protocol/search.ts';
import { collectionMatrix, type ImagesReader } from './collection-store.ts';
import { spectralIndexFor } from './approx-index.ts';
import type { GalleryStore } from './gallery-store.ts';
import type { OpenLocalClip } from './local-clip.ts';
import { galleryNeedsLocalClip } from '../../src/lib/engines/clip/local-index.ts';
import type { GalleryManifest } from '../../src/lib/gallery/manifest.ts';

const bad = (message: Sentence) => new WorkerError({ code: 'bad-request', message });

interface Built {
  readonly layout: MapLayout;
  readonly ids: readonly string[];
  readonly indices: Uint32Array;
  readonly ms: number;
}

export interface MapperDeps {
  /** the gallery store (throws when the worker was not initialised) */
  gallery(): GalleryStore;
  readImages: ImagesReader;
  emit(event: SearchEvent | MapProgressEvent): void;
  /** the gallery's CLIP vectors made in this browser, where it ships none of the model's (local-clip.ts) */
  localClip?(manifest: GalleryManifest): OpenLocalClip | undefined;
}

/** Throttled progress: a phase's start and end, and steps of at least 2 %. */
export function progressEmitter(emit: MapperDeps['emit'], task: MapProgressEvent['task']) {
  let phase = '', last = -1;
  return (p: string, fraction: number) => {
    if (p === phase && fraction < 1 && fraction - last < 0.02) return;
    phase = p;
    last = fraction;
    emit({ type: 'map-progress', task, phase: p, fraction });
  };
}

export function createMapper(deps: MapperDeps) {
  const cache = new Map<string, Promise<Built>>();
  const KEEP = 4;

  async function build(source: MapSource, engine: SearchEngineId, clusters: number | undefined, clustering: MapClustering): Promise<Built> {
    const progress = progressEmitter(deps.emit, 'map');
    const t0 = performance.now();
    let matrix: VectorMatrix, ids: readonly string[], indices: Uint32Array;
    if ('gallery' in source) {
      progress('vectors', 0);
      const store = deps.gallery();
      const manifest = await store.manifest();
      const local = engine === 'clip' ? deps.localClip?.(manifest) : undefined;
      if (local && galleryNeedsLocalClip(manifest, local.set.model)) {
        const { index } = local;
        if (!index.complete) throw bad(message('worker.localClipMapPartial', { done: String(index.done), total: String(index.total) }));
        matrix = index.matrix();
        indices = Uint32Array.from({ length: matrix.count }, (_, row) => index.itemOfRow(row));
        ids = Array.from(indices, (item) => manifest.items[item].id);
      } else {
        matrix = (await store.engine(engine)).matrix;
        ids = manifest.items.map((it) => it.id);
        indices = Uint32Array.from({ length: matrix.count }, (_, i) => i);
      }
    } else {
      progress('vectors', 0);
      let records: ImageRecord[];
      try {
        records = await deps.readImages(source.collection);
      } catch (e) {
        throw new WorkerError({ code: 'internal', message: message('worker.collectionUnreadable', { reason: sentenceOf(e) }) });
      }
      const m = collectionMatrix(records, engine);
      if (!m) {
        throw bad(engine === 'pixels'
          ? message('worker.mapNoPixels')
          : records.length ? message('worker.mapNoVectors', { engine }) : message('worker.mapNoImages'));
      }
      matrix = m.matrix;
      ids = m.rows.map((i) => records[i].path);
      indices = Uint32Array.from(m.rows);
    }
    progress('vectors', 1);
    // Let a newer request (another engine, a search) be read before the long computation.
    await new Promise((r) => setTimeout(r, 0));
    let given: GivenClusters | undefined;
    if (clustering === 'spectral') {
      if (matrix.kind === 'u8') throw bad('raw pixels have no spectral clusters (the index modes rank by cosine): choose classic or CLIP');
      const spectral = spectralIndexFor(matrix, (f) => progress('spectral', f));
      given = { assignments: spectral.assignments, medoids: spectral.medoids };
    }
    const layout = buildLayout(matrix, { clusters, given, spherical: engine !== 'pixels', onProgress: (phase, f) => progress(phase, f) });
    return { layout, ids, indices, ms: performance.now() - t0 };
  }

  /** The gallery's CLIP vectors made in this browser change with the model and as they are made. */
  async function galleryRevision(engine: SearchEngineId): Promise<string> {
    if (engine !== 'clip' || !deps.localClip) return '';
    const local = deps.localClip(await deps.gallery().manifest());
    return local ? `${local.key}:${local.index.done}` : '';
  }

  return {
    async map(source: MapSource, engine: SearchEngineId, options: MapOptions = {}): Promise<GalleryMap> {
      if (!source || (!('gallery' in source) && typeof (source as { collection?: unknown }).collection !== 'string')) {
        throw bad('a map needs a source: {gallery: true} or {collection: id}');
      }
      if (!isSearchEngineId(engine)) throw bad(`unknown engine "${String(engine)}"`);
      const clusters = options.clusters === undefined ? undefined : Math.max(1, Math.min(64, Math.floor(options.clusters)));
      const clustering = options.clustering ?? 'kmeans';
      if (clustering !== 'kmeans' && clustering !== 'spectral') throw bad(`unknown clustering "${String(clustering)}" (kmeans or spectral)`);
      const revision = 'gallery' in source ? await galleryRevision(engine) : source.revision;
      const key = JSON.stringify(['gallery' in source ? 'g' : source.collection, revision ?? Math.random(), engine, clusters ?? 0, clustering]);
      let p = cache.get(key);
      const hit = !!p;
      if (!p) {
        p = build(source, engine, clusters, clustering);
        cache.set(key, p);
        p.catch(() => { if (cache.get(key) === p) cache.delete(key); });
        while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
      } else {
        cache.delete(key);
        cache.set(key, p); // most recently used last
      }
      const built = await p;
      const { layout } = built;
      const q = options.query;
      if (q !== undefined && !(q instanceof Float32Array)) throw bad('the query to place on the map must be a Float32Array');
      const query = q && q.length === layout.pca.dim ? projectPoint(layout, q) : undefined;
      return {
        source, engine, count: layout.x.length,
        x: layout.x, y: layout.y, cluster: layout.cluster, clustering,
        ids: built.ids, indices: built.indices,
        clusters: layout.clusters, explained: layout.explained,
        ...(query ? { query } : {}),
        ms: hit ? 0 : built.ms,
      };
    },
  };
}
