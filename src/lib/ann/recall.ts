import type { VectorMatrix } from '../format/vectors.ts';
import type { MeasureId } from '../ranking/measures.ts';
import { topK } from '../ranking/topk.ts';

/**
 * Quality measures for approximate search and clustering, against exact answers.
 */

/**
 * Mean over queries of |approx[q][..k] ∩ exact[q][..k]| / min(k, |exact[q]|): the fraction of
 * the true k nearest rows that the approximate search returned. A query with no exact answer
 * counts as 1.
 */
export function recallAtK(approx: readonly (readonly number[])[], exact: readonly (readonly number[])[], k = 10): number {
  if (approx.length !== exact.length) throw new RangeError(`${approx.length} approximate answers for ${exact.length} queries`);
  if (!(k >= 1)) throw new RangeError(`k must be ≥ 1, got ${k}`);
  if (exact.length === 0) return 1;
  let sum = 0;
  for (let q = 0; q < exact.length; q++) {
    const truth = new Set(exact[q].slice(0, k));
    if (truth.size === 0) { sum += 1; continue; }
    let hit = 0;
    for (const id of new Set(approx[q].slice(0, k))) if (truth.has(id)) hit++;
    sum += hit / truth.size;
  }
  return sum / exact.length;
}

/** Exact top-k rows of every query with the existing exact search (topk.ts): ground truth. */
export function groundTruth(queries: readonly Float32Array[], matrix: VectorMatrix, k = 10, measure: MeasureId = 'cosine'): number[][] {
  return queries.map((q) => topK(q, matrix, measure, k).map((h) => h.index));
}

/** Adjusted Rand index of two labelings (1 = identical partitions up to renaming, ≈0 = chance). */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError(`labelings have ${n} and ${b.length} items`);
  if (n < 2) return 1;
  const pairs = new Map<string, number>(), ra = new Map<number, number>(), rb = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
    ra.set(a[i], (ra.get(a[i]) ?? 0) + 1);
    rb.set(b[i], (rb.get(b[i]) ?? 0) + 1);
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0, sa = 0, sb = 0;
  for (const v of pairs.values()) index += c2(v);
  for (const v of ra.values()) sa += c2(v);
  for (const v of rb.values()) sb += c2(v);
  const expected = (sa * sb) / c2(n), max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Purity: each predicted cluster votes for its majority true label; fraction of items matching. */
export function purity(predicted: ArrayLike<number>, truth: ArrayLike<number>): number {
  const n = predicted.length;
  if (truth.length !== n) throw new RangeError(`labelings have ${n} and ${truth.length} items`);
  if (n === 0) return 1;
  const byCluster = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    let m = byCluster.get(predicted[i]);
    if (!m) byCluster.set(predicted[i], (m = new Map()));
    m.set(truth[i], (m.get(truth[i]) ?? 0) + 1);
  }
  let hit = 0;
  for (const m of byCluster.values()) hit += Math.max(...m.values());
  return hit / n;
}
