import { describe, expect, it } from 'vitest';
import { THEME_KEY, applyTheme, readTheme, resolveDark, saveTheme } from '../../src/lib/theme/theme.ts';

function memoryStorage(init: Record<string, string> = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('theme choice', () => {
  it('reads a stored choice; anything else is "system"', () => {
    expect(readTheme(memoryStorage({ [THEME_KEY]: 'dark' }))).toBe('dark');
    expect(readTheme(memoryStorage({ [THEME_KEY]: 'purple' }))).toBe('system');
    expect(readTheme(undefined)).toBe('system');
    expect(readTheme({ getItem: () => { throw new Error('blocked'); } })).toBe('system');
  });

  it('saves light/dark and forgets "system"', () => {
    const s = memoryStorage();
    saveTheme(s, 'light');
    expect(s.m.get(THEME_KEY)).toBe('light');
    saveTheme(s, 'system');
    expect(s.m.has(THEME_KEY)).toBe(false);
  });

  it('sets data-theme for light/dark and removes it for system', () => {
    const attrs = new Map<string, string>();
    const root = { setAttribute: (n: string, v: string) => void attrs.set(n, v), removeAttribute: (n: string) => void attrs.delete(n) };
    applyTheme(root, 'dark');
    expect(attrs.get('data-theme')).toBe('dark');
    applyTheme(root, 'system');
    expect(attrs.has('data-theme')).toBe(false);
  });

  it('resolves whether the page is dark', () => {
    expect(resolveDark('system', true)).toBe(true);
    expect(resolveDark('light', true)).toBe(false);
    expect(resolveDark('dark', false)).toBe(true);
  });
});
