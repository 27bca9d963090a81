import { describe, expect, it } from 'vitest';
import { columnsFromTops, isGridKey, moveIndex } from '../../src/lib/results/grid-nav.ts';
import { applyThreshold, passes, thresholdRange, thresholdScale } from '../../src/lib/results/threshold.ts';

describe('threshold (page-side)', () => {
  const hits = [{ score: 0.9 }, { score: 0.7 }, { score: 0.5 }];
  it('similarities: hides scores below it; off (null) hides nothing', () => {
    expect(applyThreshold(hits, 0.6, 'similarity')).toEqual([{ score: 0.9 }, { score: 0.7 }]);
    expect(applyThreshold(hits, 0.7, 'similarity')).toHaveLength(2); // inclusive
    expect(applyThreshold(hits, null, 'similarity')).toBe(hits);
  });
  it('distances: a maximum distance', () => {
    const d = [{ score: 0.1 }, { score: 2 }, { score: 5 }];
    expect(applyThreshold(d, 2, 'distance')).toEqual([{ score: 0.1 }, { score: 2 }]);
    expect(passes(5.01, 5, 'distance')).toBe(false);
  });
  it('the strict end keeps the best result, for a similarity and for a distance (L2 as a maximum)', () => {
    const sims = [{ score: 0.8921234 }, { score: 0.7 }];
    // The slider's value is a decimal string: it may come back a hair above the best score.
    expect(applyThreshold(sims, 0.89212341, 'similarity')).toEqual([{ score: 0.8921234 }]);
    expect(applyThreshold(sims, 0.95, 'similarity')).toEqual([{ score: 0.8921234 }]);
    const dists = [{ score: 12.3456789 }, { score: 20 }];
    expect(applyThreshold(dists, 12.3456788, 'distance')).toEqual([{ score: 12.3456789 }]);
    expect(applyThreshold(dists, 1, 'distance')).toEqual([{ score: 12.3456789 }]);
  });
  it('results in date order (a date sort) keep their order, and the strict end keeps the best of them wherever it is', () => {
    const byDate = [{ score: 0.7 }, { score: 0.9 }, { score: 0.5 }];
    expect(applyThreshold(byDate, 0.6, 'similarity')).toEqual([{ score: 0.7 }, { score: 0.9 }]);
    expect(applyThreshold(byDate, 0.95, 'similarity')).toEqual([{ score: 0.9 }]);
    expect(applyThreshold([{ score: 3 }, { score: 1 }], 0.5, 'distance')).toEqual([{ score: 1 }]);
  });
  it('compares the rounded values the page shows: "≥ 0.892" keeps a result shown as 0.892', () => {
    const hits = [{ score: 0.95 }, { score: 0.8916 }, { score: 0.8914 }];
    expect(applyThreshold(hits, 0.892, 'similarity')).toEqual([{ score: 0.95 }, { score: 0.8916 }]);
    expect(applyThreshold([{ score: 1 }, { score: 12.352 }, { score: 12.36 }], 12.35, 'distance')).toEqual([{ score: 1 }, { score: 12.352 }]);
  });
  it('slider range from the scores; "off" at the weakest end', () => {
    expect(thresholdRange([0.9, 0.5, 0.7], 'similarity')).toEqual({ min: 0.5, max: 0.9, off: 0.5 });
    expect(thresholdRange([3, 1], 'distance')).toEqual({ min: 1, max: 3, off: 3 });
    expect(thresholdRange([], 'similarity')).toBeUndefined();
    const one = thresholdRange([0.8], 'similarity');
    expect(one!.max).toBe(0.8);
    expect(one!.min).toBeLessThan(0.8);
  });
});

describe('what the threshold slider spans', () => {
  it('is the results\' scores, or with a date sort every candidate\'s span and count', () => {
    const hits = [{ score: 0.9 }, { score: 0.4 }];
    expect(thresholdScale(hits)).toEqual({ scores: [0.9, 0.4], count: 2 });
    expect(thresholdScale(hits, { count: 7, min: 0.2, max: 0.95 })).toEqual({ scores: [0.2, 0.95], count: 7 });
  });
});

describe('keyboard movement in the result grid', () => {
  // 10 results in 4 columns: rows 0-3, 4-7, 8-9
  it('left/right by one, clamped', () => {
    expect(moveIndex(0, 'ArrowLeft', 10, 4)).toBe(0);
    expect(moveIndex(0, 'ArrowRight', 10, 4)).toBe(1);
    expect(moveIndex(9, 'ArrowRight', 10, 4)).toBe(9);
  });
  it('up/down by a row; down into a short last row goes to the last item', () => {
    expect(moveIndex(1, 'ArrowDown', 10, 4)).toBe(5);
    expect(moveIndex(5, 'ArrowUp', 10, 4)).toBe(1);
    expect(moveIndex(2, 'ArrowUp', 10, 4)).toBe(2);
    expect(moveIndex(7, 'ArrowDown', 10, 4)).toBe(9);
    expect(moveIndex(9, 'ArrowDown', 10, 4)).toBe(9);
  });
  it('Home/End', () => {
    expect(moveIndex(6, 'Home', 10, 4)).toBe(0);
    expect(moveIndex(0, 'End', 10, 4)).toBe(9);
  });
  it('is safe with no items or odd input', () => {
    expect(moveIndex(3, 'ArrowRight', 0, 4)).toBe(0);
    expect(moveIndex(50, 'ArrowLeft', 10, 0)).toBe(8);
  });
  it('knows its keys and counts columns from item tops', () => {
    expect(isGridKey('ArrowUp')).toBe(true);
    expect(isGridKey('Enter')).toBe(false);
    expect(columnsFromTops([10, 10, 10, 120, 120])).toBe(3);
    expect(columnsFromTops([10, 11, 200])).toBe(2);
    expect(columnsFromTops([])).toBe(1);
  });
});
