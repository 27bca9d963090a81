/**
 * Where focus goes when an item of a list is removed (pure): to the item that takes its place,
 * else the one before it; null when the list is now empty (the caller's fallback control).
 */
export function focusAfterRemoval(countBefore: number, removedIndex: number): number | null {
  const countAfter = countBefore - 1;
  if (countAfter <= 0 || removedIndex < 0) return null;
  return Math.min(removedIndex, countAfter - 1);
}

/** Focuses the `index`-th element matching `selector` inside `root`, else `fallback`; true when something took focus. */
export function focusWithin(root: ParentNode | null | undefined, selector: string, index: number | null, fallback?: HTMLElement | null): boolean {
  const target = index === null ? null : root?.querySelectorAll<HTMLElement>(selector)[index];
  const el = target ?? fallback ?? null;
  el?.focus();
  return !!el;
}
