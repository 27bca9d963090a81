import { topK } from '../ranking/topk.ts';
import { decodeVectors, encodeVectors, type VectorDtype } from './vectors.ts';

/**
 * How much storing vectors compactly changes the ranking: the recall@k of the top-k (cosine)
 * computed on the stored-then-decoded vectors against the float32 top-k. Queries are a
 * deterministic sample of the rows themselves (every ⌊count/queries⌋-th row), each left out of
 * its own results. 1 when there is nothing to rank.
 */
export function storageRecall(rows: Float32Array, dim: number, dtype: VectorDtype, k = 10, queries = 200): number {
  const count = rows.length / dim;
  const full = { kind: 'f32' as const, dim, count, data: rows };
  const { matrix: compact } = decodeVectors(encodeVectors({ engine: 'check', engineVersion: 0, dim, dtype }, rows));
  let hit = 0, total = 0;
  const step = Math.max(1, Math.floor(count / queries));
  for (let q = 0; q < count; q += step) {
    const query = rows.slice(q * dim, (q + 1) * dim);
    const want = topK(query, full, 'cosine', k, { exclude: q });
    const wanted = new Set(want.map((h) => h.index));
    for (const h of topK(query, compact, 'cosine', k, { exclude: q })) if (wanted.has(h.index)) hit++;
    total += want.length;
  }
  return total ? hit / total : 1;
}

/** recall@10 (cosine) of f16 or i8 storage against float32; see storageRecall. */
export function storageRecallAt10(rows: Float32Array, dim: number, dtype: 'f16' | 'i8', queries = 200): number {
  return storageRecall(rows, dim, dtype, 10, queries);
}
