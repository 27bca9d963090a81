/**
 * A leave-one-out ranker with "Verify matches" on (as the search worker does it for an image
 * query): the base ranking's first `top` results are checked with local features, and those that
 * verify move to the front (src/lib/verify/rerank.ts). `check(query, candidate)` compares two
 * rows of the evaluated set (scripts/eval.ts gives it the images' features).
 */
import type { Hit } from '../ranking/topk.ts';
import { rerankByVerification, VERIFY_TOP } from '../verify/rerank.ts';
import type { Verification } from '../verify/verify.ts';
import type { Ranker } from './leave-one-out.ts';

export type PairCheck = (query: number, candidate: number) => Pick<Verification, 'verified' | 'inliers'>;

export function verifiedRanker(base: Ranker, check: PairCheck, top = VERIFY_TOP): Ranker {
  return (query, exclude, k) => {
    const hits: readonly Hit[] = base(query, exclude, k);
    const checks = hits.slice(0, top).map((h) => check(exclude, h.index) as Verification);
    return rerankByVerification(hits, checks).map(({ item }) => item);
  };
}
