/**
 * Two rankings of one query as one: each result keeps the better of its two scores, best first
 * (ties: the first ranking's order, then the second's). "Verify matches" ranks a picture query
 * also with its upside-down vector (src/lib/engines/classic/index.ts, `halfTurnedVector`), so a
 * copy turned by 90° that the canonical orientation brought back upside down is among the results
 * it checks.
 */
export function byBetterScore<T>(first: readonly T[], second: readonly T[], key: (item: T) => string | number, score: (item: T) => number, higherIsBetter: boolean): T[] {
  const best = new Map<string | number, { item: T; at: number }>();
  const better = (a: number, b: number) => (higherIsBetter ? a > b : a < b);
  [...first, ...second].forEach((item, at) => {
    const k = key(item), seen = best.get(k);
    if (!seen) best.set(k, { item, at });
    else if (better(score(item), score(seen.item))) best.set(k, { item, at: seen.at });
  });
  return [...best.values()]
    .sort((a, b) => (score(a.item) === score(b.item) ? a.at - b.at : better(score(a.item), score(b.item)) ? -1 : 1))
    .map(({ item }) => item);
}
