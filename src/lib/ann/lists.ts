import { BoundedHeap, type Hit } from '../ranking/topk.ts';
import { checkMatrix, dotF32, rowDot, rowNorms, type AnnMatrix } from './rows.ts';

/**
 * Search over a partition into lists (IVF inverted lists, spectral clusters): rank the list
 * centres against the query, scan the members of the chosen lists, keep the best by cosine.
 * Shared by ivf.ts and spectral.ts.
 */
export interface ListSearchOptions {
  /** results wanted */
  readonly k?: number;
  /**
   * Float rows for the final ranking. Candidates are first scored from the scanned matrix
   * (which may be quantized); the best `rerankDepth` of them are then re-scored in float32 from
   * these rows, and the top k of that is returned.
   */
  readonly rerankWith?: (id: number) => Float32Array;
  /** shortlist re-scored by `rerankWith` (default 4·k) */
  readonly rerankDepth?: number;
  /** a row to leave out (the query's own row, in leave-one-out use) */
  readonly exclude?: number;
}

export interface ListSearchResult {
  /** best first: descending cosine, equal scores by ascending row */
  readonly hits: Hit[];
  /** candidate rows scored from the scanned matrix */
  readonly scanned: number;
  /** the lists (clusters) scanned, nearest first */
  readonly lists: number[];
}

/** The `probes` centres with the largest dot product with q (ties: lower index first). */
export function nearestCentres(q: Float32Array, centres: Float32Array, n: number, dim: number, probes: number): number[] {
  const heap = new BoundedHeap(Math.max(0, Math.min(n, Math.floor(probes))));
  for (let c = 0; c < n; c++) heap.offer(-dotF32(q, centres, c * dim, dim), c);
  return heap.sorted().map((e) => e.index);
}

/** Scans the given lists for unit query q; candidates scored as cosine against `matrix`. */
export function scanLists(
  q: Float32Array, lists: readonly number[], offsets: Uint32Array, ids: Uint32Array,
  matrix: AnnMatrix, options: ListSearchOptions,
): ListSearchResult {
  checkMatrix(matrix);
  const k = Math.max(0, Math.floor(options.k ?? 10));
  const depth = options.rerankWith ? Math.max(k, Math.floor(options.rerankDepth ?? 4 * k)) : k;
  const norms = rowNorms(matrix);
  const heap = new BoundedHeap(depth);
  let scanned = 0;
  for (const l of lists) {
    for (let p = offsets[l], end = offsets[l + 1]; p < end; p++) {
      const id = ids[p];
      if (id === options.exclude) continue;
      const nrm = norms[id];
      const score = nrm > 0 ? rowDot(matrix, id, q) / nrm : 0;
      heap.offer(-score, id);
      scanned++;
    }
  }
  let best = heap.sorted();
  if (options.rerankWith) {
    const again = new BoundedHeap(k);
    for (const { index } of best) {
      const v = options.rerankWith(index);
      if (v.length !== q.length) throw new RangeError(`rerankWith(${index}) gave ${v.length} dims, expected ${q.length}`);
      const vv = Math.sqrt(dotF32(v, v, 0, v.length));
      again.offer(vv > 0 ? -dotF32(q, v, 0, v.length) / vv : 0, index);
    }
    best = again.sorted();
  }
  return { hits: best.slice(0, k).map(({ key, index }) => ({ index, score: -key })), scanned, lists: [...lists] };
}
