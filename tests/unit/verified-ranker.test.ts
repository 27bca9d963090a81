import { describe, expect, it } from 'vitest';
import { verifiedRanker } from '../../src/lib/eval/verified-ranker.ts';
import type { Ranker } from '../../src/lib/eval/leave-one-out.ts';

// Rows 0..5; the base ranking of any query is every other row by index.
const base: Ranker = (_q, exclude, k) => [0, 1, 2, 3, 4, 5].filter((i) => i !== exclude).slice(0, k).map((index, r) => ({ index, score: 1 - r / 10 }));
const query = new Float32Array(1);

describe('leave-one-out with verification', () => {
  it('moves the verified results of the checked top to the front, most inliers first, the rest in their order', () => {
    const verified = new Map([[4, 30], [2, 50]]);
    const rank = verifiedRanker(base, (_q, c) => ({ verified: verified.has(c), inliers: verified.get(c) ?? 3 }), 4);
    expect(rank(query, 0, 5).map((h) => h.index)).toEqual([2, 4, 1, 3, 5]);
  });

  it('leaves results past the checked top where they are, even if they would verify', () => {
    const rank = verifiedRanker(base, (_q, c) => ({ verified: c === 5, inliers: 40 }), 3);
    expect(rank(query, 0, 5).map((h) => h.index)).toEqual([1, 2, 3, 4, 5]);
  });

  it('checks each candidate against the query row it ranks for', () => {
    const seen: [number, number][] = [];
    verifiedRanker(base, (q, c) => { seen.push([q, c]); return { verified: false, inliers: 0 }; }, 2)(query, 3, 5);
    expect(seen).toEqual([[3, 0], [3, 1]]);
  });
});
