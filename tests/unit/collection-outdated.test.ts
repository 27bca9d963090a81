import { describe, expect, it } from 'vitest';
import { classicOutdated } from '../../src/lib/collections/outdated.ts';

const collection = (version: number, state: 'ready' | 'indexing' = 'ready', count = 10) => ({ count, state, engines: { classic: { version, dim: 503 } } });

describe('a collection indexed by an earlier classic engine', () => {
  it('is outdated when its classic vectors are of another version', () => {
    expect(classicOutdated(collection(1), 2)).toBe(true);
    expect(classicOutdated(collection(2), 2)).toBe(false);
  });

  it('is not offered an update while it is being indexed, or when it holds nothing', () => {
    expect(classicOutdated(collection(1, 'indexing'), 2)).toBe(false);
    expect(classicOutdated(collection(1, 'ready', 0), 2)).toBe(false);
  });
});
