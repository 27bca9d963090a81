/**
 * How the duplicate finder is scored on a labelled folder (src/lib/eval/duplicate-scores.ts):
 * pairs inside a found group count as right when both images carry the same label; recall is
 * over the labelled pairs; the `~` distractors belong to no pair; and a verified image's words
 * are checked against the edit its file is named after.
 */
import { describe, expect, it } from 'vitest';
import { namedAsExpected, scoreDuplicates, type FoundGroup } from '../../src/lib/eval/duplicate-scores.ts';

const group = (tier: FoundGroup['tier'], members: [label: string, edit: string, words?: FoundGroup['words'][number]][]): FoundGroup => ({
  tier, labels: members.map((m) => m[0]), edits: members.map((m) => m[1]), words: members.map((m) => m[2]),
});

describe('scoring the duplicate finder', () => {
  const sizes = new Map([['cat', 3], ['dog', 2], ['~tree', 1]]);

  it('counts the pairs of a found group that share a label, per tier and over all', () => {
    const s = scoreDuplicates([
      group('verified', [['cat', 'orig'], ['cat', 'crop', ['cropped']], ['cat', 'mirror', ['mirrored']]]),
      group('similar', [['dog', 'orig'], ['dog', 'grayscale'], ['~tree', 'orig']]),
    ], sizes);
    expect(s.byTier.verified).toEqual({ groups: 1, pure: 1, pairs: 3, correct: 3, precision: 1 });
    expect(s.byTier.similar).toMatchObject({ groups: 1, pure: 0, pairs: 3, correct: 1 });
    expect(s.byTier.similar.precision).toBeCloseTo(1 / 3);
    expect(s.byTier.all).toMatchObject({ pairs: 6, correct: 4 });
    expect(s.truePairs).toBe(4); // cat 3 + dog 1; the distractor pairs with nothing
    expect(s.recall).toBe(1);
    expect(s.verifiedRecall).toBe(0.75);
    expect(s.naming).toEqual({ checked: 2, right: 2 });
  });

  it('never counts two distractors in one group as a right pair', () => {
    const s = scoreDuplicates([group('similar', [['~a', 'orig'], ['~a', 'orig']])], new Map([['~a', 1]]));
    expect(s.byTier.all).toMatchObject({ pairs: 1, correct: 0, precision: 0 });
  });

  it('has nothing wrong and nothing found with no groups', () => {
    const s = scoreDuplicates([], sizes);
    expect(s.byTier.all.precision).toBe(1);
    expect(s.recall).toBe(0);
  });
});

describe('naming the edit', () => {
  it('wants every expected word, and "same" alone for edits that move no pixel', () => {
    expect(namedAsExpected('orig', 'crop', ['cropped', 'resized'])).toBe(true);
    expect(namedAsExpected('orig', 'mirror', ['cropped'])).toBe(false);
    expect(namedAsExpected('grayscale', 'jpeg-q10', ['same'])).toBe(true);
    expect(namedAsExpected('orig', 'jpeg-q10', ['same', 'resized'])).toBe(false);
  });

  it('does not judge edits it has no words for, or an anchor that was itself moved', () => {
    expect(namedAsExpected('orig', 'rotate-5deg', ['rotated'])).toBeUndefined();
    expect(namedAsExpected('crop', 'mirror', ['mirrored'])).toBeUndefined();
  });
});
