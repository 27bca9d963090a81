import type { Text } from '../../src/lib/i18n/types.ts';
import { sentenceOf } from '../../src/lib/messages/message-error.ts';
import { sameStep, type RankingStep } from '../../src/lib/messages/ranking.ts';
import { message, type Sentence } from '../../src/lib/messages/sentence.ts';
import { isSearchEngineId, type SearchEngineId } from '../../src/lib/engines/types.ts';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { getMeasure, isMeasureId } from '../../src/lib/ranking/measures.ts';
import { scannerTopK } from '../../src/lib/ranking/scan-plan.ts';
import { CollectionsDb } from '../../src/storage/collections-db.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { QuerySpec, SearchApi, SearchEvent, SearchEventListener, LocalClipProgress, SearchHit, SearchOptions, SearchResult, SearchSources, VerificationSummary } from '../../src/protocol/search.ts';
import { approxSearch, DEFAULT_APPROX, isIndexMode } from './approx-index.ts';
import { hitKey, scanExactly, scannerFor, type Target } from './targets.ts';
import { CollectionStore, type ImagesReader, type IndexShelf, type LoadedCollection } from './collection-store.ts';
import { indexedDbShelf } from './index-shelf.ts';
import { GalleryStore, type Fetcher } from './gallery-store.ts';
import { queryVector, rowOf, type ItemLookup } from './query.ts';
import { createMapper } from './map.ts';
import { createDuplicateFinder } from './duplicates.ts';
import { LocalClipStore, type LocalClipShelf } from './local-clip.ts';
import { GalleryClipDb } from '../../src/storage/gallery-clip-db.ts';
import { VERIFY_TOP } from '../../src/lib/verify/rerank.ts';
import { createVerifier, type ImageDecoder } from './verify.ts';
import { byBetterScore } from '../../src/lib/verify/candidates.ts';
import { browserDecoder, storedImages } from './verify-images.ts';
import { galleryNeedsLocalClip } from '../../src/lib/engines/clip/local-index.ts';
import { byDateAbove, cleanFilters, compileFilters, DATE_SORT_POOL, facetsOf, factsOfItem, filterMask, scorePool, sortByDate, type ImageFacts } from '../../src/lib/search/filters.ts';
import type { GalleryManifest } from '../../src/lib/gallery/manifest.ts';

/** Lets queued messages run, so a newer request can overtake this one before the scan starts. */
const yieldToMessages = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export { rowOf } from './query.ts';

/** The gallery as a search source: its matrix, the row of a gallery item (-1: none yet), and how much of it there is. */
interface GallerySide {
  readonly target: Target;
  readonly matrix: VectorMatrix;
  rowOfItem(item: number): number;
  readonly coverage?: LocalClipProgress;
}

const bad = (message: Sentence) => new WorkerError({ code: 'bad-request', message });

/** The gallery items' facts (category, source), once per manifest. */
const itemFacts = new WeakMap<GalleryManifest, readonly ImageFacts[]>();
function factsOfItems(manifest: GalleryManifest): readonly ImageFacts[] {
  let f = itemFacts.get(manifest);
  if (!f) { f = manifest.items.map(factsOfItem); itemFacts.set(manifest, f); }
  return f;
}

/** A collection's image as a hit, with its date for the date sort. */
function collectionHit(c: LoadedCollection, image: number, score: number): SearchHit {
  return { id: c.paths[image], index: image, score, collection: c.id, date: c.facts[image].date };
}

export function createSearchApi(fetcher: Fetcher = (url) => fetch(url), readImages?: ImagesReader, shelf?: IndexShelf, localShelf?: LocalClipShelf, decode: ImageDecoder = browserDecoder): SearchApi {
  let store: GalleryStore | undefined;
  let listener: SearchEventListener | undefined;
  let latest = 0;
  let sources: SearchSources = { gallery: true, collections: [] };
  const collections = new CollectionStore(readImages ?? ((id) => new CollectionsDb().images(id)), shelf ?? (readImages ? undefined : indexedDbShelf()));
  // Gallery map and duplicates (workers/search/map.ts, duplicates.ts).
  const readAll = readImages ?? ((id: string) => new CollectionsDb().images(id));
  const localClip = new LocalClipStore(localShelf ?? (readImages ? undefined : new GalleryClipDb()));
  const mapper = createMapper({ gallery: () => ready(), readImages: readAll, emit: (e) => emit(e), localClip: (m) => localClip.current(m) });
  const verifier = createVerifier({ decode, images: storedImages({ gallery: () => ready(), fetcher, collections }) });
  const finder = createDuplicateFinder({ readImages: readAll, emit: (e) => emit(e), features: verifier.features });

  const emit = (event: SearchEvent) => {
    // A listener on the page that has gone away must not break a load.
    try { void Promise.resolve(listener?.(event)).catch(() => {}); } catch { /* ignore */ }
  };

  const ready = (): GalleryStore => {
    if (!store) throw new WorkerError({ code: 'bad-request', message: 'the search worker was not initialised (call init first)' });
    return store;
  };

  const check = (o: SearchOptions) => {
    if (!o || !isSearchEngineId(o.engine)) throw bad(`unknown engine "${String(o?.engine)}"`);
    if (!isMeasureId(o.measure)) throw bad(`unknown measure "${String(o.measure)}"`);
    if (!Number.isFinite(o.k)) throw bad(`k must be a number, got ${String(o.k)}`);
    if (o.index !== undefined && !isIndexMode(o.index)) throw bad(`unknown index "${String(o.index)}" (exact, ivf or cluster)`);
  };

  /**
   * The gallery's matrix for the engine, or why it cannot be searched with it. CLIP uses the
   * vectors made in this browser where the gallery ships none of the open set's model.
   */
  async function galleryTarget(engine: SearchEngineId): Promise<GallerySide | { error: unknown }> {
    const s = ready();
    try {
      const manifest = await s.manifest();
      const local = engine === 'clip' ? localClip.current(manifest) : undefined;
      if (local && galleryNeedsLocalClip(manifest, local.set.model)) {
        const { index } = local;
        const matrix = index.matrix();
        return {
          matrix,
          rowOfItem: (item) => index.rowOfItem(item),
          target: { matrix, hit: (row, score) => ({ id: manifest.items[index.itemOfRow(row)].id, index: index.itemOfRow(row), score }), facts: (row) => factsOfItems(manifest)[index.itemOfRow(row)] },
          ...(index.complete ? {} : { coverage: { done: index.done, total: index.total } }),
        };
      }
      const { matrix } = await s.engine(engine);
      return { matrix, rowOfItem: (item) => item, target: { matrix, hit: (row, score) => ({ id: manifest.items[row].id, index: row, score }), facts: (row) => factsOfItems(manifest)[row] } };
    } catch (error) {
      return { error };
    }
  }

  function collectionTarget(c: LoadedCollection, engine: SearchEngineId): Target | undefined {
    const v = c.engines[engine];
    if (!v) return undefined;
    return { matrix: v.matrix, hit: (row, score) => collectionHit(c, v.rows[row], score), facts: (row) => c.facts[v.rows[row]] };
  }

  /** Latest request wins: a request overtaken while it waited is dropped with 'superseded'. */
  async function rank(options: SearchOptions, spec: QuerySpec): Promise<SearchResult> {
    check(options);
    const { engine, measure } = options;
    const ticket = ++latest;
    const targets: Target[] = [];
    const notes: Text[] = [];
    let gallery: GallerySide | undefined;
    let galleryError: unknown;
    // The selection is honoured: with the gallery unticked and no collection chosen there is nothing to search.
    if (sources.gallery) {
      const g = await galleryTarget(engine);
      if ('error' in g) galleryError = g.error;
      else {
        gallery = g;
        targets.push(g.target);
      }
    }
    const loaded = await collections.selected();
    for (const c of loaded) {
      const t = collectionTarget(c, engine);
      if (t) targets.push(t);
      else if (c.paths.length) notes.push(engine === 'pixels' ? message('worker.noteNoPixels') : message('worker.noteNoVectors', { engine }));
    }
    if (!targets.length) throw galleryError ?? bad(notes[0] ?? message('worker.nothingToSearch'));
    if (gallery && !gallery.coverage && options.index === 'ivf') await ready().prepareIvf(engine).catch(() => {});
    if (galleryError) notes.push(message('worker.noteGallerySkipped', { reason: sentenceOf(galleryError) }));
    await yieldToMessages();
    if (ticket !== latest) throw new WorkerError({ code: 'superseded', message: 'a newer search replaced this one' });

    const dim = targets[0].matrix.dim;
    const lookup: ItemLookup = {
      dim,
      vector(item, collectionId) {
        if (collectionId === undefined) {
          if (!gallery) throw bad(message('worker.galleryOff'));
          const row = gallery.rowOfItem(item);
          if (!Number.isInteger(item) || row < 0 || row >= gallery.matrix.count) throw bad(`there is no gallery item ${String(item)} with ${engine} vectors (the gallery has ${gallery.matrix.count})`);
          return rowOf(gallery.matrix, row);
        }
        const c = loaded.find((x) => x.id === collectionId);
        const v = c?.engines[engine];
        const row = v ? v.rows.indexOf(item) : -1;
        if (!c || !v || row < 0) throw bad(`image ${String(item)} of collection ${collectionId} has no ${engine} vector here`);
        return rowOf(v.matrix, row);
      },
    };
    performance.mark('search-worker:rank');
    const query = queryVector(spec, engine, lookup);
    const t0 = performance.now();
    const distance = getMeasure(measure).kind === 'distance';
    const wanted = Math.max(1, Math.floor(options.k));
    // Verification re-ranks the top VERIFY_TOP, so that many are ranked even when fewer are shown.
    const k = options.verify ? Math.max(wanted, VERIFY_TOP) : wanted;
    // A date sort chooses among every image above the threshold (up to DATE_SORT_POOL of the best), not among the k best.
    const dateSort = options.sort === 'newest' || options.sort === 'oldest' ? options.sort : undefined;
    const depth = dateSort ? Math.max(k, DATE_SORT_POOL) : k;
    let hits: SearchHit[] = [];
    let scanned = 0;
    let total = 0;
    const mode = options.index && options.index !== 'exact' && measure === 'cosine' ? options.index : 'exact';
    if (options.index && options.index !== 'exact' && mode === 'exact') notes.push(message('worker.noteExact', { index: options.index, measure }));
    const settings = { nprobe: options.nprobe ?? DEFAULT_APPROX.nprobe, probes: options.probes ?? DEFAULT_APPROX.probes };
    const method: RankingStep[] = [];
    const ranked = (step: RankingStep) => { if (!method.some((m) => sameStep(m, step))) method.push(step); };
    const filters = cleanFilters(options.filters);
    let kept: number | undefined;
    const masks = new Map<Target, Uint8Array | undefined>();
    for (const t of targets) {
      if (t.matrix.dim !== query.length) {
        notes.push(message('worker.noteDim', { dim: t.matrix.dim, engine, query: query.length }));
        continue;
      }
      total += t.matrix.count;
      // The mask comes before top-k, so k matching images come back; a filtered source is scanned exactly.
      const mask = filterMask(t.matrix.count, (row) => t.facts(row), filters);
      if (mask) kept = (kept ?? 0) + mask.reduce((n, m) => n + m, 0);
      masks.set(t, mask);
      // A set still being made changes with every batch: an index of it would be rebuilt each time.
      const growing = !!gallery?.coverage && t === gallery.target;
      if (mode !== 'exact' && t.matrix.kind !== 'u8' && !growing && !mask && !dateSort) {
        const r = approxSearch(t.matrix, mode, query, Math.min(k, t.matrix.count), settings, (fraction) => emit({ type: 'index-progress', index: mode, engine, fraction }));
        hits.push(...r.hits.map((h) => t.hit(h.index, h.score)));
        scanned += r.scanned;
        ranked(mode === 'ivf' ? { kind: 'ivf', nprobe: settings.nprobe } : { kind: 'cluster', probed: settings.probes });
        continue;
      }
      const scanner = scannerFor(t.matrix);
      hits.push(...scannerTopK(scanner, query, measure, Math.min(depth, t.matrix.count), mask ? { mask } : {}).map((h) => t.hit(h.index, h.score)));
      scanned += t.matrix.count;
      ranked({ kind: 'exact', scanner: scanner.kind === 'wasm-simd' ? 'wasm-simd' : 'typescript' });
    }
    if (kept !== undefined) ranked({ kind: 'filtered', kept });
    // Stable: equal scores keep source order (gallery first), then row order.
    hits = hits.sort((a, b) => (distance ? a.score - b.score : b.score - a.score)).slice(0, depth);
    const pool = dateSort ? scorePool(hits) : undefined;
    if (dateSort) hits = byDateAbove(hits, k, dateSort, options.threshold, getMeasure(measure).kind);
    // A classic picture query is ranked upside down too, so the results checked include a copy
    // turned by 90° that its canonical orientation brought back upside down (better score kept).
    const halfTurned = options.verify && engine === 'classic' && !dateSort && !spec.positive?.length && !spec.negative?.length ? await verifier.halfTurnedQuery(spec.images) : undefined;
    if (halfTurned) hits = byBetterScore(hits, scanExactly(masks, halfTurned, measure, k), hitKey, (h) => h.score, !distance).slice(0, k);
    const ms = performance.now() - t0;
    let verification: VerificationSummary | undefined;
    if (options.verify) {
      const r = await verifier.rerank([...spec.images], hits, () => ticket === latest);
      if (r) {
        hits = r.hits;
        verification = r.summary;
      } else notes.push(message('worker.noteNotVerified'));
    }
    performance.mark('search-worker:ranked');
    // verification puts the verified first; a date sort still gives the newest (oldest)
    if (dateSort && verification) hits = [...sortByDate(hits, dateSort)];
    hits = hits.slice(0, wanted);
    const coverage = gallery?.coverage;
    return { hits, engine, measure, ms, scanned, total, method, query: query.slice(), ...(notes.length ? { notes } : {}), ...(coverage ? { coverage } : {}), ...(verification ? { verification } : {}), ...(pool ? { pool } : {}) };
  }

  /** Every image of the selected sources with its facts and how it becomes a hit (no vectors needed). */
  async function everyImage(): Promise<{ facts: ImageFacts; hit: () => SearchHit }[]> {
    const out: { facts: ImageFacts; hit: () => SearchHit }[] = [];
    if (sources.gallery) {
      const manifest = await ready().manifest();
      const facts = factsOfItems(manifest);
      manifest.items.forEach((item, i) => out.push({ facts: facts[i], hit: () => ({ id: item.id, index: i, score: Number.NaN }) }));
    }
    for (const c of await collections.selected()) {
      c.facts.forEach((facts, i) => out.push({ facts, hit: () => collectionHit(c, i, Number.NaN) }));
    }
    return out;
  }

  return {
    async browse(options) {
      const t0 = performance.now();
      const k = Math.max(1, Math.floor(Number(options?.k) || 1));
      const order = options?.sort === 'oldest' ? 'oldest' : 'newest';
      const filters = cleanFilters(options?.filters);
      if (!isSearchEngineId(options?.engine) || !isMeasureId(options.measure)) throw bad('a listing needs the engine and measure of the page (for its status line)');
      const all = await everyImage();
      const test = compileFilters(filters);
      const passing = all.filter((x) => test(x.facts));
      const hits = sortByDate(passing.map((x) => x.hit()), order).slice(0, k);
      const method: RankingStep[] = [{ kind: 'filtered', kept: passing.length }, { kind: 'by-date', order }];
      return { hits, engine: options.engine, measure: options.measure, ms: performance.now() - t0, scanned: all.length, total: all.length, method, query: new Float32Array(0), listing: true };
    },

    async facets() {
      return facetsOf((await everyImage()).map((x) => x.facts));
    },

    async init(galleryUrl, onEvent) {
      if (typeof galleryUrl !== 'string' || !/\/$/.test(galleryUrl)) {
        throw bad(`the gallery URL must be a folder URL ending in "/", got ${String(galleryUrl)}`);
      }
      if (onEvent) listener = onEvent;
      if (!store || store.galleryUrl !== galleryUrl) store = new GalleryStore(galleryUrl, fetcher, emit);
      return store.manifest();
    },

    async prepare(engine) {
      if (!isSearchEngineId(engine)) throw bad(`unknown engine "${String(engine)}"`);
      await ready().engine(engine);
    },

    async setSources(next) {
      if (!next || !Array.isArray(next.collections)) throw bad('sources need a collections list');
      sources = { gallery: !!next.gallery, collections: next.collections.map((c) => ({ id: String(c.id), revision: Number(c.revision) })) };
      await collections.select(sources.collections);
    },

    query(spec, options) {
      return rank(options, spec);
    },

    async openLocalClip(set) {
      const s = ready();
      if (!set || set.gallery !== s.galleryUrl) throw bad(`CLIP vectors can be made for the current gallery only (${s.galleryUrl})`);
      if (typeof set.model !== 'string' || typeof set.dtype !== 'string') throw bad('a set of CLIP vectors needs its model and dtype');
      return localClip.open(set, await s.manifest());
    },

    addLocalClip: (key, items, vectors) => localClip.add(key, items, vectors),

    map: (source, engine, options) => mapper.map(source, engine, options),
    duplicates: (collection, options) => finder.duplicates(collection, options),
  };
}
