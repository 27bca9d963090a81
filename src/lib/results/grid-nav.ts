/**
 * Keyboard movement in the result grid: arrows move by one (left/right) or by a row
 * (up/down), Home/End go to the first/last result. Pure, so it is unit-tested without a DOM.
 */
export type GridKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

const KEYS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];

export function isGridKey(key: string): key is GridKey {
  return KEYS.includes(key);
}

/**
 * The index focus moves to from `current` in a grid of `count` items laid out in `columns`
 * columns; stays in range (no wrap-around). Returns `current` when it cannot move.
 */
export function moveIndex(current: number, key: GridKey, count: number, columns: number): number {
  if (count <= 0) return 0;
  const cols = Math.max(1, Math.floor(columns) || 1);
  const at = Math.min(Math.max(0, current), count - 1);
  switch (key) {
    case 'ArrowLeft':
      return Math.max(0, at - 1);
    case 'ArrowRight':
      return Math.min(count - 1, at + 1);
    case 'ArrowUp':
      return at - cols >= 0 ? at - cols : at;
    case 'ArrowDown':
      // A last row shorter than the others: down from above it goes to the last item.
      if (at + cols < count) return at + cols;
      return Math.floor(at / cols) < Math.floor((count - 1) / cols) ? count - 1 : at;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
  }
}

/** How many items share the first row, from their top offsets (the layout decides columns). */
export function columnsFromTops(tops: readonly number[]): number {
  if (tops.length === 0) return 1;
  let n = 0;
  while (n < tops.length && Math.abs(tops[n] - tops[0]) < 2) n++;
  return Math.max(1, n);
}
