import { describe, expect, it } from 'vitest';
import { SWIPE_MAX_MS, SWIPE_MIN_DISTANCE, swipeStep } from '../../src/lib/ui/swipe.ts';

const at = (x: number, y: number, t: number) => ({ x, y, t });

describe('swipeStep: a sideways flick on the larger view', () => {
  it('dragging the picture to the left shows the next image, to the right the previous one', () => {
    expect(swipeStep(at(300, 400, 0), at(120, 410, 200))).toBe('next');
    expect(swipeStep(at(100, 400, 0), at(280, 390, 200))).toBe('prev');
  });

  it('a tap or a short nudge is no swipe', () => {
    expect(swipeStep(at(200, 400, 0), at(200, 400, 80))).toBeNull();
    expect(swipeStep(at(200, 400, 0), at(200 - (SWIPE_MIN_DISTANCE - 1), 400, 100))).toBeNull();
    expect(swipeStep(at(200, 400, 0), at(200 - SWIPE_MIN_DISTANCE, 400, 100))).toBe('next');
  });

  it('a mostly vertical movement (scrolling the details) is no swipe', () => {
    expect(swipeStep(at(200, 600, 0), at(120, 300, 200))).toBeNull();
    expect(swipeStep(at(200, 400, 0), at(100, 330, 200))).toBeNull(); // 100 sideways, 70 down: not 1.5× more sideways
    expect(swipeStep(at(200, 400, 0), at(100, 340, 200))).toBe('next'); // 100 sideways, 60 down
  });

  it('a slow drag, or clocks that run backwards, are no swipe', () => {
    expect(swipeStep(at(300, 400, 0), at(100, 400, SWIPE_MAX_MS + 1))).toBeNull();
    expect(swipeStep(at(300, 400, 0), at(100, 400, SWIPE_MAX_MS))).toBe('next');
    expect(swipeStep(at(300, 400, 500), at(100, 400, 400))).toBeNull();
    expect(swipeStep(at(300, 400, 0), at(Number.NaN, 400, 100))).toBeNull();
  });
});
