/**
 * Rankers for leave-one-out evaluation through an approximate index (the same IVF and spectral
 * code the search worker uses), so `npm run eval -- DIR --index ivf|cluster` reports what each
 * approximation loses against exact search on real data.
 */
import { buildIvf } from '../ann/ivf.ts';
import { buildSpectral } from '../ann/spectral.ts';
import type { VectorMatrix } from '../format/vectors.ts';
import type { Ranker } from './leave-one-out.ts';

export type IndexMode = 'exact' | 'ivf' | 'cluster';
export const INDEX_MODES: readonly IndexMode[] = ['exact', 'ivf', 'cluster'];

export interface ApproxOptions {
  /** IVF lists scanned (default 8) */
  readonly nprobe?: number;
  /** spectral clusters scanned (default 1, as in the seed) */
  readonly probes?: number;
}

export interface ApproxRanker {
  readonly rank: Ranker;
  readonly buildMs: number;
  /** mean fraction of the rows a query scored */
  scannedFraction(): number;
  readonly describe: string;
}

/** IVF or spectral ranking by cosine; only the scanned lists' rows can be returned. */
export function approxRanker(matrix: VectorMatrix, mode: Exclude<IndexMode, 'exact'>, options: ApproxOptions = {}): ApproxRanker {
  const t0 = performance.now();
  let scanned = 0, queries = 0;
  const count = (n: number) => { scanned += n; queries++; };
  if (mode === 'ivf') {
    const index = buildIvf(matrix);
    const nprobe = options.nprobe ?? 8;
    return {
      buildMs: performance.now() - t0,
      describe: `IVF, ${index.nlist} lists, nprobe ${nprobe}`,
      scannedFraction: () => (queries ? scanned / queries / matrix.count : 0),
      rank(query, exclude, k) {
        const r = index.search(query, { nprobe, k, rerank: matrix, exclude });
        count(r.scanned);
        return r.hits;
      },
    };
  }
  const index = buildSpectral(matrix);
  const probes = options.probes ?? 1;
  return {
    buildMs: performance.now() - t0,
    describe: `spectral clustering, ${index.clusterCount} clusters, probes ${probes}`,
    scannedFraction: () => (queries ? scanned / queries / matrix.count : 0),
    rank(query, exclude, k) {
      const r = index.search(query, { probes, k, exclude });
      count(r.scanned);
      return r.hits;
    },
  };
}
