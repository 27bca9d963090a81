import { decodeVectors, encodeVectors, type VectorDtype } from '../../src/lib/format/vectors.ts';
import { topK } from '../../src/lib/topk.ts';

/**
 * How much storing vectors compactly changes the ranking: recall@k of the compact copy's
 * top-k against the float32 top-k, for `queries` rows used as queries (cosine).
 */
export function storageRecall(rows: Float32Array, dim: number, dtype: VectorDtype, k = 10, queries = 200): number {
  const full = { kind: 'f32' as const, dim, count: rows.length / dim, data: rows };
  const { matrix: compact } = decodeVectors(encodeVectors({ engine: 'check', engineVersion: 0, dim, dtype }, rows));
  let hit = 0, total = 0;
  const step = Math.max(1, Math.floor(full.count / queries));
  for (let q = 0; q < full.count; q += step) {
    const query = rows.slice(q * dim, (q + 1) * dim);
    const want = new Set(topK(query, full, 'cosine', k).map((h) => h.index));
    for (const h of topK(query, compact, 'cosine', k)) if (want.has(h.index)) hit++;
    total += Math.min(k, full.count);
  }
  return total ? hit / total : 1;
}
