/** Two rankings of one query as one, each result with the better of its scores (src/lib/verify/candidates.ts). */
import { describe, expect, it } from 'vitest';
import { byBetterScore } from '../../src/lib/verify/candidates.ts';

const hit = (id: string, score: number) => ({ id, score });
const merge = (a: ReturnType<typeof hit>[], b: ReturnType<typeof hit>[], higherIsBetter = true) =>
  byBetterScore(a, b, (h) => h.id, (h) => h.score, higherIsBetter).map((h) => `${h.id}:${h.score}`);

describe('byBetterScore', () => {
  it('keeps each result once, with its better score, best first', () => {
    expect(merge([hit('a', 0.9), hit('b', 0.5), hit('c', 0.4)], [hit('c', 0.95), hit('d', 0.6), hit('a', 0.3)])).toEqual(['c:0.95', 'a:0.9', 'd:0.6', 'b:0.5']);
  });

  it('orders distances smallest first', () => {
    expect(merge([hit('a', 2), hit('b', 3)], [hit('b', 1), hit('c', 4)], false)).toEqual(['b:1', 'a:2', 'c:4']);
  });

  it('keeps the first ranking order on equal scores, then the second', () => {
    expect(merge([hit('a', 0.5), hit('b', 0.5)], [hit('c', 0.5), hit('a', 0.5)])).toEqual(['a:0.5', 'b:0.5', 'c:0.5']);
  });

  it('is the first ranking when the second is empty', () => {
    expect(merge([hit('a', 0.9), hit('b', 0.1)], [])).toEqual(['a:0.9', 'b:0.1']);
  });
});
