import type { Verification } from './verify.ts';

/** How many of the first results "verify matches" re-ranks. */
export const VERIFY_TOP = 50;

/**
 * The order after verification: verified results first, most inliers first (ties keep their
 * order), then the others in their original order. `checks[i]` belongs to `items[i]`; items
 * past the end of `checks` were not verified and stay where they are, after all of these.
 */
export function rerankByVerification<T>(items: readonly T[], checks: readonly (Verification | undefined)[]): { item: T; check?: Verification }[] {
  const checked = items.slice(0, checks.length).map((item, i) => ({ item, check: checks[i], i }));
  const verified = checked.filter((c) => c.check?.verified).sort((a, b) => b.check!.inliers - a.check!.inliers || a.i - b.i);
  const rest = checked.filter((c) => !c.check?.verified);
  const unchecked = items.slice(checks.length).map((item) => ({ item }));
  return [...[...verified, ...rest].map(({ item, check }) => (check ? { item, check } : { item })), ...unchecked];
}
