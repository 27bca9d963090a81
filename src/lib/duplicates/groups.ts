/**
 * Near-duplicate groups of a collection: an exact k-nearest-neighbour list per image (cosine on
 * its vectors), then complete-linkage groups of the pairs at or above a threshold (every member
 * meets it against every other), plus every pair of files with the same SHA-256 (byte-identical
 * files are always grouped, whatever their vectors).
 * Pure and DOM-free: the search worker runs it (workers/search/duplicates.ts).
 */

export const DEFAULT_DUPLICATE_THRESHOLD = 0.985;
/** the lowest threshold the neighbour lists are kept for (the slider's minimum) */
export const MIN_DUPLICATE_THRESHOLD = 0.9;
export const DUPLICATE_NEIGHBOURS = 16;
/** pairs below the threshold checked with local features, at most this many per image (its closest) */
export const VERIFY_CANDIDATES_PER_IMAGE = 4;
/** the lowest similarity a pair is checked with local features from (the neighbour lists are kept down to it) */
export const VERIFY_FLOOR = 0.8;
/**
 * How much of the overlap the inliers must cover (src/lib/verify/coverage.ts) for the finder, which
 * verifies 192-px thumbnails: fewer keypoints, so fewer textured cells and a coarser share than
 * the search's 0.4. Measured (docs/VERIFY.md): verified-tier precision 1.0 at 0, 0.3 and 0.4; recall
 * of the synthetic set's pairs in verified groups 0.434, 0.401 and 0.316.
 */
export const DUPLICATE_MIN_COVERAGE = 0.3;

/** Disjoint sets over 0..n-1 with path halving and union by size. */
export class UnionFind {
  readonly #parent: Int32Array;
  readonly #size: Int32Array;
  constructor(n: number) {
    this.#parent = Int32Array.from({ length: n }, (_, i) => i);
    this.#size = new Int32Array(n).fill(1);
  }
  find(i: number): number {
    const p = this.#parent;
    while (p[i] !== i) { p[i] = p[p[i]]; i = p[i]; }
    return i;
  }
  union(a: number, b: number): boolean {
    let ra = this.find(a), rb = this.find(b);
    if (ra === rb) return false;
    if (this.#size[ra] < this.#size[rb]) [ra, rb] = [rb, ra];
    this.#parent[rb] = ra;
    this.#size[ra] += this.#size[rb];
    return true;
  }
  /** sets with at least `min` members, each sorted ascending, ordered by their smallest member */
  groups(min = 2): number[][] {
    const by = new Map<number, number[]>();
    for (let i = 0; i < this.#parent.length; i++) {
      const r = this.find(i);
      let g = by.get(r);
      if (!g) by.set(r, (g = []));
      g.push(i);
    }
    return [...by.values()].filter((g) => g.length >= min).sort((a, b) => a[0] - b[0]);
  }
}

export interface Neighbours {
  readonly count: number;
  readonly k: number;
  /** k per row, best first; -1 where there are fewer than k at or above `minSimilarity` */
  readonly ids: Int32Array;
  readonly sims: Float32Array;
}

/** Rows scaled to unit length (zero rows stay zero), as one contiguous array. */
export function unitRows(rows: readonly ArrayLike<number>[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    let s = 0;
    for (let j = 0; j < dim; j++) s += r[j] * r[j];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let j = 0; j < dim; j++) out[i * dim + j] = r[j] * inv;
  });
  return out;
}

/**
 * Exact k nearest neighbours by cosine of every row among the others (`unit` rows, n × dim),
 * keeping only those with similarity ≥ minSimilarity. Each pair is computed once (i < j) and
 * offered to both lists. Cost n²·dim/2.
 */
export function nearestNeighbours(
  unit: Float32Array, dim: number,
  options: { k?: number; minSimilarity?: number; onProgress?: (fraction: number) => void; shouldStop?: () => boolean } = {},
): Neighbours {
  const n = dim > 0 ? unit.length / dim : 0;
  const k = Math.max(1, Math.floor(options.k ?? DUPLICATE_NEIGHBOURS));
  const min = options.minSimilarity ?? MIN_DUPLICATE_THRESHOLD;
  const ids = new Int32Array(n * k).fill(-1);
  const sims = new Float32Array(n * k).fill(-Infinity);
  const offer = (i: number, j: number, s: number) => {
    const o = i * k;
    if (s <= sims[o + k - 1] && ids[o + k - 1] >= 0) return;
    let at = k - 1;
    while (at > 0 && (ids[o + at - 1] < 0 || sims[o + at - 1] < s || (sims[o + at - 1] === s && ids[o + at - 1] > j))) {
      ids[o + at] = ids[o + at - 1];
      sims[o + at] = sims[o + at - 1];
      at--;
    }
    ids[o + at] = j;
    sims[o + at] = s;
  };
  const pairs = (n * (n - 1)) / 2;
  let done = 0;
  for (let i = 0; i < n; i++) {
    if (options.shouldStop?.()) throw Object.assign(new Error('stopped'), { name: 'AbortError' });
    const oi = i * dim;
    for (let j = i + 1; j < n; j++) {
      const oj = j * dim;
      let s = 0;
      for (let t = 0; t < dim; t++) s += unit[oi + t] * unit[oj + t];
      if (s >= min) { offer(i, j, s); offer(j, i, s); }
    }
    done += n - 1 - i;
    if (options.onProgress && (i & 63) === 0) options.onProgress(pairs ? done / pairs : 1);
  }
  options.onProgress?.(1);
  for (let i = 0; i < sims.length; i++) if (ids[i] < 0) sims[i] = 0;
  return { count: n, k, ids, sims };
}

/**
 * Pairs just below the threshold worth checking with local features: an edit the vectors
 * tolerate less (a crop, a turn) can leave a copy below it. Each image's closest
 * `perImage` neighbours at or above `floor` and below `threshold`, each pair once (i < j),
 * strongest first.
 */
export function verificationCandidates(neighbours: Neighbours, threshold: number, floor = VERIFY_FLOOR, perImage = VERIFY_CANDIDATES_PER_IMAGE): [number, number][] {
  const { k, ids, sims } = neighbours;
  const seen = new Map<number, number>();
  for (let i = 0; i < neighbours.count; i++) {
    let taken = 0;
    for (let t = 0; t < k && taken < perImage; t++) {
      const j = ids[i * k + t], sim = sims[i * k + t];
      if (j < 0 || sim < floor) break; // sorted: the rest are lower
      if (sim >= threshold) continue;
      taken++;
      seen.set(Math.min(i, j) * neighbours.count + Math.max(i, j), sim);
    }
  }
  return [...seen].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([key]) => [Math.floor(key / neighbours.count), key % neighbours.count]);
}

export interface DuplicateGroupIndices {
  /** rows, ascending */
  readonly members: number[];
  /** every member has the same hash */
  readonly identical: boolean;
}

/**
 * Groups at a threshold, by complete linkage: two groups merge only when every member of one
 * meets the threshold against every member of the other, strongest pairs first — so each
 * member of a group is at least `threshold`-similar to all the others (to the first one shown
 * too), and no chain of look-alikes links unrelated images. Files with equal non-empty hashes
 * are always grouped (the same bytes: similarity 1). Pairs come from the neighbour lists; a
 * pair not in them counts as below the threshold, unless it is `linked` (shown to be one picture
 * another way, e.g. by local features): a linked pair meets the threshold, after the pairs that
 * reach it. Groups of two or more, ordered by their first row.
 */
export function duplicateGroups(
  neighbours: Neighbours, hashes: readonly (string | undefined)[], threshold = DEFAULT_DUPLICATE_THRESHOLD, linked: readonly (readonly [number, number])[] = [],
): DuplicateGroupIndices[] {
  const n = Math.max(neighbours.count, hashes.length);
  const { k, ids, sims } = neighbours;
  const close = new Map<number, number>(); // pair key i*n+j (i < j) → similarity ≥ threshold
  const pairs: { i: number; j: number; s: number }[] = [];
  for (let i = 0; i < neighbours.count; i++) {
    for (let t = 0; t < k; t++) {
      const j = ids[i * k + t];
      if (j < 0 || sims[i * k + t] < threshold) break; // sorted: the rest are lower
      const key = Math.min(i, j) * n + Math.max(i, j);
      if (!close.has(key)) {
        close.set(key, sims[i * k + t]);
        pairs.push({ i: Math.min(i, j), j: Math.max(i, j), s: sims[i * k + t] });
      }
    }
  }
  for (const [a, b] of linked) {
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (a === b || close.has(key)) continue;
    close.set(key, threshold);
    pairs.push({ i: Math.min(a, b), j: Math.max(a, b), s: -1 }); // after every pair that reached the threshold
  }
  const sameBytes = (a: number, b: number) => !!hashes[a] && hashes[a] === hashes[b];
  const meets = (a: number, b: number) => sameBytes(a, b) || close.has(Math.min(a, b) * n + Math.max(a, b));

  const uf = new UnionFind(n);
  const members = new Map<number, number[]>();
  const groupOf = (i: number) => {
    const r = uf.find(i);
    let g = members.get(r);
    if (!g) members.set(r, (g = [i]));
    return { r, g };
  };
  const merge = (a: number, b: number) => {
    const A = groupOf(a), B = groupOf(b);
    if (A.r === B.r) return;
    uf.union(a, b);
    const r = uf.find(a);
    members.delete(A.r);
    members.delete(B.r);
    members.set(r, [...A.g, ...B.g]);
  };
  // The same bytes first, whatever their vectors.
  const firstWithHash = new Map<string, number>();
  hashes.forEach((h, i) => {
    if (!h) return;
    const first = firstWithHash.get(h);
    if (first === undefined) firstWithHash.set(h, i);
    else merge(first, i);
  });
  pairs.sort((x, y) => y.s - x.s || x.i - y.i || x.j - y.j);
  for (const { i, j } of pairs) {
    const A = groupOf(i), B = groupOf(j);
    if (A.r === B.r) continue;
    if (A.g.every((a) => B.g.every((b) => meets(a, b)))) merge(i, j);
  }
  return uf.groups(2).map((g) => ({ members: g, identical: !!hashes[g[0]] && g.every((m) => hashes[m] === hashes[g[0]]) }));
}
