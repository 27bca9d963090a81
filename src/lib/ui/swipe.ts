/**
 * A horizontal swipe on the larger view (pure): from where a touch started and ended, and how
 * long it took, whether it asks for the previous or the next image. A swipe is mostly sideways,
 * long enough, and quick; anything else (a tap, a scroll, a slow drag) is no swipe.
 */
export interface SwipePoint {
  readonly x: number;
  readonly y: number;
  /** milliseconds, any clock */
  readonly t: number;
}

export type SwipeStep = 'prev' | 'next' | null;

export const SWIPE_MIN_DISTANCE = 50;
export const SWIPE_MAX_MS = 800;
/** how much more sideways than up/down the movement must be */
export const SWIPE_MIN_RATIO = 1.5;

export function swipeStep(start: SwipePoint, end: SwipePoint): SwipeStep {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const ms = end.t - start.t;
  if (![dx, dy, ms].every(Number.isFinite) || ms < 0 || ms > SWIPE_MAX_MS) return null;
  if (Math.abs(dx) < SWIPE_MIN_DISTANCE) return null;
  if (Math.abs(dx) < SWIPE_MIN_RATIO * Math.abs(dy)) return null;
  // The finger moves the picture: dragging it left brings the next one in.
  return dx < 0 ? 'next' : 'prev';
}
