/**
 * Near-duplicates of a collection in the search worker: an exact k-NN list per image on its
 * classic vectors (cosine, kept down to MIN_DUPLICATE_THRESHOLD), cached per collection revision,
 * so moving the threshold slider only re-runs the union-find (src/lib/duplicates/groups.ts).
 * Files with the same SHA-256 are always grouped. Each near-duplicate group is then checked with
 * local features (src/lib/verify/) on the stored thumbnails: three tiers, identical bytes,
 * verified near-duplicates (with what was done to each image) and similar images. Pairs just
 * below the threshold (each image's closest few) are checked with local features first: a copy
 * the vectors tolerate less (a crop, a turn) joins its group when it verifies.
 */
import { sentenceOf } from '../../src/lib/messages/message-error.ts';
import { message } from '../../src/lib/messages/sentence.ts';
import type { ImageRecord } from '../../src/lib/collections/types.ts';
import { suggestKeeper } from '../../src/lib/duplicates/keeper.ts';
import {
  DEFAULT_DUPLICATE_THRESHOLD, DUPLICATE_MIN_COVERAGE, DUPLICATE_NEIGHBOURS, MIN_DUPLICATE_THRESHOLD, VERIFY_FLOOR,
  duplicateGroups, nearestNeighbours, unitRows, verificationCandidates, type Neighbours,
} from '../../src/lib/duplicates/groups.ts';
import type { DuplicateGroup, DuplicateItem, DuplicatesOptions, DuplicatesResult, DuplicateTier, MapProgressEvent } from '../../src/protocol/map.ts';
import type { ImageFeatures } from '../../src/lib/verify/features.ts';
import { DEFAULT_VERIFY_OPTIONS, prepareQuery, verifyPair } from '../../src/lib/verify/verify.ts';
import { verifiedMatch, type StoredImage } from './verify.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { SearchEvent } from '../../src/protocol/search.ts';
import type { ImagesReader } from './collection-store.ts';
import { progressEmitter } from './map.ts';

interface Prepared {
  readonly records: readonly Omit<ImageRecord, 'thumb' | 'clip'>[];
  /** the stored thumbnails, what verification reads */
  readonly thumbs: readonly Blob[];
  readonly unit: Float32Array;
  readonly dim: number;
  readonly neighbours: Neighbours;
}

/** Local features of an image, cached by `key` (workers/search/verify.ts). */
export type FeaturesOf = (key: string, read: () => Promise<StoredImage>) => Promise<ImageFeatures>;

export function createDuplicateFinder(deps: { readImages: ImagesReader; emit(event: SearchEvent | MapProgressEvent): void; features?: FeaturesOf }) {
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
    const thumbs = all.map((r) => r.thumb);
    const dim = records.find((r) => r.classic?.length)?.classic.length ?? 0;
    const unit = unitRows(records.map((r) => (r.classic?.length === dim ? r.classic : new Float32Array(dim))), dim);
    progress('read', 1);
    const neighbours = nearestNeighbours(unit, dim, {
      k: DUPLICATE_NEIGHBOURS, minSimilarity: Math.min(VERIFY_FLOOR, MIN_DUPLICATE_THRESHOLD),
      onProgress: (f) => progress('compare', f),
    });
    return { records, thumbs, unit, dim, neighbours };
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

      async function answer(p: Prepared): Promise<DuplicatesResult> {
        const progress = progressEmitter(deps.emit, 'duplicates');
        const linked = deps.features ? await verifiedBelow(p, threshold, deps.features, (f) => progress('verify', f / 2)) : [];
        const groups = duplicateGroups(p.neighbours, p.records.map((r) => r.hash), threshold, linked).map((g) => {
          const first = g.members[0];
          const items: DuplicateItem[] = g.members.map((i) => {
            const r = p.records[i];
            let s = 0;
            for (let t = 0; t < p.dim; t++) s += p.unit[first * p.dim + t] * p.unit[i * p.dim + t];
            const similarity = r.hash && r.hash === p.records[first].hash ? 1 : Math.min(1, s);
            return { path: r.path, index: i, width: r.width, height: r.height, bytes: r.size, format: r.format, hash: r.hash, modified: r.mtime, similarity };
          });
          return { items, identical: g.identical, tier: g.identical ? 'identical' : 'similar', keeper: suggestKeeper(items) } satisfies DuplicateGroup;
        });
        const confirmed = deps.features ? await confirm(p, groups, deps.features, (f) => progress('verify', 0.5 + f / 2)) : groups;
        // Identical files, then verified near-duplicates, then similar images; largest groups first, then by first path.
        const TIERS: readonly DuplicateTier[] = ['identical', 'verified', 'similar'];
        confirmed.sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier) || b.items.length - a.items.length || a.items[0].path.localeCompare(b.items[0].path));
        return { collection, count: p.records.length, threshold, groups: confirmed, ms: performance.now() - t0 };
      }
    },
  };
}

/** The local features of image `i` (cached by its file's SHA-256); undefined when its thumbnail cannot be read. */
function featuresOf(p: Prepared, features: FeaturesOf, i: number): Promise<ImageFeatures | undefined> {
  return features(`file ${p.records[i].hash}`, async () => ({
    bytes: new Uint8Array(await p.thumbs[i].arrayBuffer()),
    name: p.records[i].path,
    size: { width: p.records[i].width, height: p.records[i].height },
  })).catch(() => undefined);
}

const FINDER_VERIFY = { ...DEFAULT_VERIFY_OPTIONS, minCoverage: DUPLICATE_MIN_COVERAGE };

/** The candidate pairs below the threshold (src/lib/duplicates/groups.ts) that verify as one picture. */
async function verifiedBelow(p: Prepared, threshold: number, features: FeaturesOf, onProgress: (fraction: number) => void): Promise<[number, number][]> {
  const candidates = verificationCandidates(p.neighbours, threshold);
  const out: [number, number][] = [];
  for (const [n, [a, b]] of candidates.entries()) {
    if ((n & 15) === 0) onProgress(n / candidates.length);
    const fa = await featuresOf(p, features, a);
    const fb = fa && (await featuresOf(p, features, b));
    if (fa && fb && verifyPair(prepareQuery(fa), fb, FINDER_VERIFY).verified) out.push([a, b]);
  }
  onProgress(1);
  return out;
}

/**
 * Checks each group that is not all one file with local features: an image is confirmed when
 * it has the bytes of the group's first, or verifies as the first one edited. A group whose
 * every image is confirmed is 'verified'. Features are cached by the file's SHA-256, so moving
 * the threshold does not describe an image twice; an unreadable thumbnail leaves its image unconfirmed.
 */
async function confirm(p: Prepared, groups: readonly DuplicateGroup[], features: FeaturesOf, onProgress: (fraction: number) => void): Promise<DuplicateGroup[]> {
  const of = (i: number) => featuresOf(p, features, i);
  const out: DuplicateGroup[] = [];
  for (const g of groups) {
    onProgress(out.length / groups.length);
    if (g.identical) { out.push(g); continue; }
    const first = g.items[0];
    const anchor = await of(first.index);
    const query = anchor && prepareQuery(anchor);
    let all = true;
    const items: DuplicateItem[] = [];
    for (const it of g.items) {
      if (it === first || it.hash === first.hash) { items.push(it); continue; }
      const f = query && (await of(it.index));
      const verified = f && query ? verifiedMatch(verifyPair(query, f, FINDER_VERIFY)) : undefined;
      if (!verified) all = false;
      items.push(verified ? { ...it, verified } : it);
    }
    out.push({ ...g, items, identical: false, tier: all ? 'verified' : 'similar' });
  }
  onProgress(1);
  return out;
}
