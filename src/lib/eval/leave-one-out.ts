import { rowAsFloats, type VectorMatrix } from '../format/vectors.ts';
import type { MeasureId } from '../ranking/measures.ts';
import { topK, type Hit } from '../ranking/topk.ts';
import { labelCounts, scoreQuery, summarise, type QueryResult, type Summary } from './metrics.ts';

export interface LeaveOneOutResult extends Summary {
  /** mean wall time of one full ranking (topK over all other rows), in ms */
  readonly msPerQuery: number;
  readonly perQuery: QueryResult[];
}

/**
 * Leave-one-out retrieval: every row queries all the others through the app's own `topK`
 * (same measure code, same tie order), asking for the full ranking so AP is exact.
 * Queries whose label has no other member are ranked too (they cost time in the app as well)
 * but are skipped in the means.
 */
/** Ranks the rows for a query, leaving out row `exclude`; best first. Default: exact topK. */
export type Ranker = (query: Float32Array, exclude: number, k: number) => readonly Hit[];

export function leaveOneOut<L>(matrix: VectorMatrix, labels: readonly L[], measure: MeasureId, ranker?: Ranker): LeaveOneOutResult {
  const { dim, count } = matrix;
  if (labels.length !== count) throw new RangeError(`${labels.length} labels for ${count} rows`);
  const counts = labelCounts(labels);
  const perQuery: QueryResult[] = [];
  const query = new Float32Array(dim);
  let ms = 0;
  for (let i = 0; i < count; i++) {
    query.set(rowAsFloats(matrix, i));
    const t0 = performance.now();
    const hits = ranker ? ranker(query, i, count - 1) : topK(query, matrix, measure, count - 1, { exclude: i });
    ms += performance.now() - t0;
    perQuery.push(scoreQuery(labels[i], hits.map((h) => labels[h.index]), (counts.get(labels[i]) ?? 1) - 1));
  }
  return { ...summarise(perQuery), msPerQuery: count ? ms / count : 0, perQuery };
}
