import { describe, expect, it } from 'vitest';
import { isFramed, pageView } from '../../src/lib/site/framing.ts';

describe('a framed page', () => {
  it('is the full app in its own tab, and in embed mode framed or not', () => {
    expect(pageView(false, false)).toBe('app');
    expect(pageView(true, true)).toBe('app');
    expect(pageView(true, false)).toBe('app');
  });

  it('is only a link to open the app when framed outside embed mode', () => {
    expect(pageView(false, true)).toBe('open-in-tab');
  });

  it('is framed when top is another window, or cannot be read', () => {
    const self = {};
    expect(isFramed({ top: self, self })).toBe(false);
    expect(isFramed({ top: {}, self })).toBe(true);
    const hostile = { self, get top(): unknown { throw new Error('blocked'); } };
    expect(isFramed(hostile)).toBe(true);
  });
});
