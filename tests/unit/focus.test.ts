import { describe, expect, it } from 'vitest';
import { focusAfterRemoval } from '../../src/lib/ui/focus.ts';

describe('focus after removing an item of a list', () => {
  it('goes to the item that takes its place', () => {
    expect(focusAfterRemoval(3, 0)).toBe(0);
    expect(focusAfterRemoval(3, 1)).toBe(1);
  });
  it('goes to the one before when the last was removed', () => {
    expect(focusAfterRemoval(3, 2)).toBe(1);
  });
  it('is the caller\'s fallback when nothing is left', () => {
    expect(focusAfterRemoval(1, 0)).toBeNull();
  });
});
