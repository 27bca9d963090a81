/**
 * Which image of a duplicate group to keep, as a suggestion the person can change (the app
 * deletes nothing): the largest in pixels, then the least compressed (most bytes per pixel — a
 * re-saved copy is smaller), then the oldest file, then the first by path. The reason is the
 * first rule that set the suggestion apart from the runner-up.
 */

export interface KeeperCandidate {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  /** the file's last-modified time, ms since the epoch */
  readonly modified: number;
}

export type KeeperReason = 'largest' | 'least-compressed' | 'oldest' | 'first';

export interface KeeperSuggestion {
  /** index into the group's items */
  readonly index: number;
  readonly reason: KeeperReason;
}

type Rule = readonly [KeeperReason, (a: KeeperCandidate, b: KeeperCandidate) => number];

/** Each rule orders the better candidate first; a relative margin keeps noise from deciding. */
const RULES: readonly Rule[] = [
  ['largest', (a, b) => b.width * b.height - a.width * a.height],
  ['least-compressed', (a, b) => {
    const ra = a.bytes / Math.max(1, a.width * a.height), rb = b.bytes / Math.max(1, b.width * b.height);
    return Math.abs(ra - rb) <= 0.02 * Math.max(ra, rb) ? 0 : rb - ra;
  }],
  ['oldest', (a, b) => a.modified - b.modified],
  ['first', (a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)],
];

function compare(a: KeeperCandidate, b: KeeperCandidate): { order: number; reason: KeeperReason } {
  for (const [reason, rule] of RULES) {
    const order = rule(a, b);
    if (order !== 0) return { order, reason };
  }
  return { order: 0, reason: 'first' };
}

export function suggestKeeper(items: readonly KeeperCandidate[]): KeeperSuggestion {
  if (!items.length) throw new RangeError('a duplicate group has no images');
  const order = items.map((_, i) => i).sort((i, j) => compare(items[i], items[j]).order || i - j);
  const best = order[0];
  return { index: best, reason: order.length > 1 ? compare(items[best], items[order[1]]).reason : 'first' };
}
