/**
 * A leave-one-out ranker with "Verify matches" on (as the search worker does it for an image
 * query): the base ranking's first `top` results are checked with local features, and those that
 * verify move to the front (src/lib/verify/rerank.ts). `check(query, candidate)` compares two
 * rows of the evaluated set (scripts/eval.ts gives it the images' features).
 */
import type { Hit } from '../ranking/topk.ts';
import { byBetterScore } from '../verify/candidates.ts';
import { rerankByVerification, VERIFY_TOP } from '../verify/rerank.ts';
import type { Verification } from '../verify/verify.ts';
import type { Ranker } from './leave-one-out.ts';

export type PairCheck = (query: number, candidate: number) => Pick<Verification, 'verified' | 'inliers'>;

/**
 * `alternate(query)`, where given, is a second vector of the query (its upside-down picture):
 * the rows are then ranked by the better of their two scores before the checks, as the search
 * worker does (src/lib/verify/candidates.ts).
 */
export function verifiedRanker(base: Ranker, check: PairCheck, top = VERIFY_TOP, alternate?: (query: number) => Float32Array | undefined): Ranker {
  return (query, exclude, k) => {
    const second = alternate?.(exclude);
    const hits: readonly Hit[] = second ? byBetterScore(base(query, exclude, k), base(second, exclude, k), (h) => h.index, (h) => h.score, true) : base(query, exclude, k);
    const checks = hits.slice(0, top).map((h) => check(exclude, h.index) as Verification);
    return rerankByVerification(hits, checks).map(({ item }) => item);
  };
}
