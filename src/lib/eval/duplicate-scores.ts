/**
 * Scores of the duplicate finder on a labelled folder (DIR/<group>/<file>, `~name` folders
 * holding one unrelated image each): pairwise precision of the groups it found, per tier, the
 * recall of the labelled pairs, and whether verified images name the edit their file name says.
 * Pure: works on group labels and file names.
 */
import type { TransformWord } from '../verify/classify.ts';

export type FoundTier = 'identical' | 'verified' | 'similar';

export interface FoundGroup {
  readonly tier: FoundTier;
  /** the labelled group of each member, in the finder's order (the first is the anchor) */
  readonly labels: readonly string[];
  /** each member's edit (its file name without extension) */
  readonly edits: readonly string[];
  /** the words verification gave each member against the anchor (undefined: not verified) */
  readonly words: readonly (readonly TransformWord[] | undefined)[];
}

export interface PairCounts { readonly groups: number; readonly pure: number; readonly pairs: number; readonly correct: number }

export interface DuplicateScores {
  /** per tier, and 'all' */
  readonly byTier: Readonly<Record<FoundTier | 'all', PairCounts & { readonly precision: number }>>;
  /** labelled pairs (two images of one group) */
  readonly truePairs: number;
  /** labelled pairs found in one group of any tier / of the verified tier */
  readonly recall: number;
  readonly verifiedRecall: number;
  /** verified images whose edit has a known name: named as expected */
  readonly naming: { readonly checked: number; readonly right: number };
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Labelled pairs in one group of `labels`: the images that share a label, pair by pair. */
function correctPairs(labels: readonly string[]): number {
  const count = new Map<string, number>();
  for (const l of labels) if (!l.startsWith('~')) count.set(l, (count.get(l) ?? 0) + 1);
  let c = 0;
  for (const n of count.values()) c += pairs(n);
  return c;
}

/**
 * The words an edit of the evaluation sets must give against an unedited anchor: all of them
 * must be among the words found ('same' alone for edits that move no pixel). Edits not listed
 * (or a 5° turn, which is also cropped to its inner rectangle) are not checked.
 */
export const EXPECTED_WORDS: Readonly<Record<string, readonly TransformWord[]>> = {
  'crop': ['cropped'],
  'mirror': ['mirrored'],
  'quarter-resize': ['resized'],
  'jpeg-q10': ['same'],
  'brightness-contrast': ['same'],
  'grayscale': ['same'],
};

/** Edits that keep the geometry: an anchor with one of them is as good as the original. */
const IN_PLACE = new Set(['orig', 'jpeg-q10', 'brightness-contrast', 'grayscale']);

export function namedAsExpected(anchorEdit: string, edit: string, words: readonly TransformWord[]): boolean | undefined {
  const expected = EXPECTED_WORDS[edit];
  if (!expected || !IN_PLACE.has(anchorEdit)) return undefined;
  return expected.every((w) => words.includes(w)) && (expected[0] !== 'same' || words.length === 1);
}

export function scoreDuplicates(found: readonly FoundGroup[], groupSizes: ReadonlyMap<string, number>): DuplicateScores {
  const tiers = ['identical', 'verified', 'similar', 'all'] as const;
  const byTier = Object.fromEntries(tiers.map((t) => {
    const gs = found.filter((g) => t === 'all' || g.tier === t);
    const counts = gs.reduce(
      (s, g) => {
        const all = pairs(g.labels.length), ok = correctPairs(g.labels);
        return { groups: s.groups + 1, pure: s.pure + (ok === all ? 1 : 0), pairs: s.pairs + all, correct: s.correct + ok };
      },
      { groups: 0, pure: 0, pairs: 0, correct: 0 },
    );
    return [t, { ...counts, precision: counts.pairs ? counts.correct / counts.pairs : 1 }];
  })) as DuplicateScores['byTier'];
  let truePairs = 0;
  for (const [label, n] of groupSizes) if (!label.startsWith('~')) truePairs += pairs(n);
  let checked = 0, right = 0;
  for (const g of found) {
    if (g.tier !== 'verified') continue;
    g.words.forEach((w, i) => {
      if (i === 0 || !w || g.labels[i] !== g.labels[0]) return;
      const ok = namedAsExpected(g.edits[0], g.edits[i], w);
      if (ok === undefined) return;
      checked++;
      if (ok) right++;
    });
  }
  return {
    byTier,
    truePairs,
    recall: truePairs ? byTier.all.correct / truePairs : 1,
    verifiedRecall: truePairs ? byTier.verified.correct / truePairs : 1,
    naming: { checked, right },
  };
}
