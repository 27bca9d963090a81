import type { VectorDtype } from '../../src/lib/format/vectors.ts';
import { storageRecall as recall } from '../../src/lib/format/recall.ts';

/**
 * How much storing vectors compactly changes the ranking: recall@k of the compact copy's
 * top-k against the float32 top-k, for `queries` rows used as queries (cosine, each query
 * left out of its own results). Delegates to src/lib/format/recall.ts.
 */
export function storageRecall(rows: Float32Array, dim: number, dtype: VectorDtype, k = 10, queries = 200): number {
  return recall(rows, dim, dtype, k, queries);
}
