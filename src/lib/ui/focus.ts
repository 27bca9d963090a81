/**
 * Where focus goes when an item of a list is removed (pure): to the item that takes its place,
 * else the one before it; null when the list is now empty (the caller's fallback control).
 */
export function focusAfterRemoval(countBefore: number, removedIndex: number): number | null {
  const countAfter = countBefore - 1;
  if (countAfter <= 0 || removedIndex < 0) return null;
  return Math.min(removedIndex, countAfter - 1);
}

/** An element that takes focus; src/lib has no DOM types, so only what is used here. */
export interface Focusable {
  focus(): void;
}

/** Something to look focusable elements up in (a DOM ParentNode). */
export interface FocusRoot {
  querySelectorAll(selector: string): ArrayLike<unknown>;
}

/** Focuses the `index`-th element matching `selector` inside `root`, else `fallback`; true when something took focus. */
export function focusWithin(root: FocusRoot | null | undefined, selector: string, index: number | null, fallback?: Focusable | null): boolean {
  // the selectors callers pass match focusable (HTML) elements
  const target = index === null ? null : (root?.querySelectorAll(selector)[index] as Focusable | undefined);
  const el = target ?? fallback ?? null;
  el?.focus();
  return !!el;
}
