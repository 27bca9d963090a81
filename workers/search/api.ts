import { isSearchEngineId } from '../../src/lib/engines/types.ts';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { isMeasureId } from '../../src/lib/measures.ts';
import { topK } from '../../src/lib/topk.ts';
import { WorkerError, type SearchApi, type SearchEvent, type SearchEventListener, type SearchOptions, type SearchResult } from '../protocol.ts';
import { GalleryStore, type Fetcher } from './gallery-store.ts';
import { queryVector, rowOf } from './query.ts';

/** Lets queued messages run, so a newer request can overtake this one before the scan starts. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export { rowOf } from './query.ts';

export function createSearchApi(fetcher: Fetcher = (url) => fetch(url)): SearchApi {
  let store: GalleryStore | undefined;
  let listener: SearchEventListener | undefined;
  let latest = 0;

  const emit = (event: SearchEvent) => {
    // A listener on the page that has gone away must not break a load.
    try { void Promise.resolve(listener?.(event)).catch(() => {}); } catch { /* ignore */ }
  };

  const ready = (): GalleryStore => {
    if (!store) throw new WorkerError({ code: 'bad-request', message: 'the search worker was not initialised (call init first)' });
    return store;
  };

  const check = (o: SearchOptions) => {
    if (!o || !isSearchEngineId(o.engine)) throw new WorkerError({ code: 'bad-request', message: `unknown engine "${String(o?.engine)}"` });
    if (!isMeasureId(o.measure)) throw new WorkerError({ code: 'bad-request', message: `unknown measure "${String(o.measure)}"` });
    if (!Number.isFinite(o.k)) throw new WorkerError({ code: 'bad-request', message: `k must be a number, got ${String(o.k)}` });
  };

  /** Latest request wins: a request overtaken while it waited is dropped with 'superseded'. */
  async function rank(options: SearchOptions, queryOf: (matrix: VectorMatrix, count: number) => Float32Array): Promise<SearchResult> {
    check(options);
    const ticket = ++latest;
    const s = ready();
    const [manifest, loaded] = await Promise.all([s.manifest(), s.engine(options.engine)]);
    await yieldToMessages();
    if (ticket !== latest) throw new WorkerError({ code: 'superseded', message: 'a newer search replaced this one' });
    const { matrix } = loaded;
    const query = queryOf(matrix, manifest.items.length);
    if (query.length !== matrix.dim) {
      throw new WorkerError({ code: 'bad-request', message: `the query vector has ${query.length} values; the ${options.engine} engine uses ${matrix.dim}` });
    }
    const k = Math.max(1, Math.min(Math.floor(options.k), matrix.count));
    const t0 = performance.now();
    const hits = topK(query, matrix, options.measure, k).map((h) => ({ id: manifest.items[h.index].id, index: h.index, score: h.score }));
    return { hits, engine: options.engine, measure: options.measure, ms: performance.now() - t0, scanned: matrix.count };
  }

  return {
    async init(galleryUrl, onEvent) {
      if (typeof galleryUrl !== 'string' || !/\/$/.test(galleryUrl)) {
        throw new WorkerError({ code: 'bad-request', message: `the gallery URL must be a folder URL ending in "/", got ${String(galleryUrl)}` });
      }
      if (onEvent) listener = onEvent;
      if (!store || store.galleryUrl !== galleryUrl) store = new GalleryStore(galleryUrl, fetcher, emit);
      return store.manifest();
    },

    async prepare(engine) {
      if (!isSearchEngineId(engine)) throw new WorkerError({ code: 'bad-request', message: `unknown engine "${String(engine)}"` });
      await ready().engine(engine);
    },

    search(query, options) {
      if (!(query instanceof Float32Array)) {
        return Promise.reject(new WorkerError({ code: 'bad-request', message: 'the query vector must be a Float32Array' }));
      }
      return rank(options, () => query);
    },

    searchByItem(index, options) {
      return rank(options, (matrix, count) => {
        if (!Number.isInteger(index) || index < 0 || index >= count) {
          throw new WorkerError({ code: 'bad-request', message: `there is no gallery item ${String(index)} (the gallery has ${count})` });
        }
        return rowOf(matrix, index);
      });
    },

    query(spec, options) {
      return rank(options, (matrix) => queryVector(spec, options.engine, matrix));
    },
  };
}
