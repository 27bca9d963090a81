/**
 * Near-duplicates of a collection in the search worker: an exact k-NN list per image on its
 * classic vectors (cosine, kept down to MIN_DUPLICATE_THRESHOLD), cached per collection revision,
 * so moving the threshold slider only re-runs the union-find (src/lib/duplicates/groups.ts).
 * Files with the same SHA-256 are always grouped.
 */
import { sentenceOf } from '../../src/lib/messages/message-error.ts';
import { message } from '../../src/lib/messages/sentence.ts';
import type { ImageRecord } from '../../src/lib/collections/types.ts';
import { suggestKeeper } from '../../src/lib/duplicates/keeper.ts';
import {
  DEFAULT_DUPLICATE_THRESHOLD, DUPLICATE_NEIGHBOURS, MIN_DUPLICATE_THRESHOLD,
  duplicateGroups, nearestNeighbours, unitRows, type Neighbours,
} from '../../src/lib/duplicates/groups.ts';
import type { DuplicateItem, DuplicatesOptions, DuplicatesResult, MapProgressEvent } from '../map-protocol.ts';
import { WorkerError, type SearchEvent } from '../protocol.ts';
import type { ImagesReader } from './collection-store.ts';
import { progressEmitter } from './map.ts';

interface Prepared {
  readonly records: readonly Omit<ImageRecord, 'thumb' | 'clip'>[];
  readonly unit: Float32Array;
  readonly dim: number;
  readonly neighbours: Neighbours;
}

export function createDuplicateFinder(deps: { readImages: ImagesReader; emit(event: SearchEvent | MapProgressEvent): void }) {
  let cached: { key: string; prepared: Promise<Prepared> } | undefined;

  async function prepare(collection: string): Promise<Prepared> {
    const progress = progressEmitter(deps.emit, 'duplicates');
    progress('read', 0);
    let all: ImageRecord[];
    try {
      all = await deps.readImages(collection);
    } catch (e) {
      throw new WorkerError({ code: 'internal', message: message('worker.collectionUnreadable', { reason: sentenceOf(e) }) });
    }
    // Keep what the answer needs, not the thumbnails.
    const records = all.map(({ thumb: _t, clip: _c, ...r }) => r);
    const dim = records.find((r) => r.classic?.length)?.classic.length ?? 0;
    const unit = unitRows(records.map((r) => (r.classic?.length === dim ? r.classic : new Float32Array(dim))), dim);
    progress('read', 1);
    const neighbours = nearestNeighbours(unit, dim, {
      k: DUPLICATE_NEIGHBOURS, minSimilarity: MIN_DUPLICATE_THRESHOLD,
      onProgress: (f) => progress('compare', f),
    });
    return { records, unit, dim, neighbours };
  }

  return {
    async duplicates(collection: string, options: DuplicatesOptions = {}): Promise<DuplicatesResult> {
      if (typeof collection !== 'string' || !collection) throw new WorkerError({ code: 'bad-request', message: 'which collection? (its id)' });
      const t0 = performance.now();
      const threshold = Math.min(1, Math.max(MIN_DUPLICATE_THRESHOLD, Number.isFinite(options.threshold) ? Number(options.threshold) : DEFAULT_DUPLICATE_THRESHOLD));
      const key = options.revision === undefined ? '' : `${collection}@${options.revision}`;
      if (!key || cached?.key !== key) {
        const prepared = prepare(collection);
        cached = key ? { key, prepared } : undefined;
        prepared.catch(() => { if (cached?.prepared === prepared) cached = undefined; });
        return answer(await prepared);
      }
      return answer(await cached.prepared);

      function answer(p: Prepared): DuplicatesResult {
        const groups = duplicateGroups(p.neighbours, p.records.map((r) => r.hash), threshold).map((g) => {
          const first = g.members[0];
          const items: DuplicateItem[] = g.members.map((i) => {
            const r = p.records[i];
            let s = 0;
            for (let t = 0; t < p.dim; t++) s += p.unit[first * p.dim + t] * p.unit[i * p.dim + t];
            const similarity = r.hash && r.hash === p.records[first].hash ? 1 : Math.min(1, s);
            return { path: r.path, index: i, width: r.width, height: r.height, bytes: r.size, format: r.format, hash: r.hash, modified: r.mtime, similarity };
          });
          return { items, identical: g.identical, tier: g.identical ? 'identical' : 'similar', keeper: suggestKeeper(items) } as const;
        });
        // Largest groups first, then by first path.
        groups.sort((a, b) => b.items.length - a.items.length || a.items[0].path.localeCompare(b.items[0].path));
        return { collection, count: p.records.length, threshold, groups, ms: performance.now() - t0 };
      }
    },
  };
}
