/** The suggested keeper of a duplicate group (src/lib/duplicates/keeper.ts): which image, and why. */
import { describe, expect, it } from 'vitest';
import { suggestKeeper, type KeeperCandidate } from '../../src/lib/duplicates/keeper.ts';

const photo = (path: string, width: number, height: number, bytes: number, modified = 1000): KeeperCandidate => ({ path, width, height, bytes, modified });

describe('the suggested keeper', () => {
  it('is the largest image, whatever its place in the group', () => {
    const group = [photo('small.jpg', 400, 300, 40_000), photo('big.jpg', 1600, 1200, 300_000), photo('mid.jpg', 800, 600, 90_000)];
    expect(suggestKeeper(group)).toEqual({ index: 1, reason: 'largest' });
  });

  it('among images of one size, the least compressed (a re-saved copy has fewer bytes per pixel)', () => {
    const group = [photo('resaved.jpg', 800, 600, 60_000), photo('original.jpg', 800, 600, 150_000)];
    expect(suggestKeeper(group)).toEqual({ index: 1, reason: 'least-compressed' });
  });

  it('byte counts within 2 % do not decide: the oldest file does', () => {
    const group = [photo('copy.jpg', 800, 600, 100_000, 5000), photo('first.jpg', 800, 600, 101_000, 2000)];
    expect(suggestKeeper(group)).toEqual({ index: 1, reason: 'oldest' });
  });

  it('identical copies of one age: the first by path', () => {
    const group = [photo('b/copy.jpg', 800, 600, 100_000), photo('a/copy.jpg', 800, 600, 100_000)];
    expect(suggestKeeper(group)).toEqual({ index: 1, reason: 'first' });
  });

  it('a group must have images', () => {
    expect(() => suggestKeeper([])).toThrow(RangeError);
  });
});
