/** The page's filters and sort (src/state/search/filters.svelte.ts), with its runes in Node. */
import { describe, expect, it } from 'vitest';
import type { Facets } from '../../src/lib/search/filters.ts';
import { FilterState } from '../../src/state/search/filters.svelte.ts';

const facets = (n: number): Facets => ({ folders: [{ value: '', count: n }], types: [], categories: [], sources: [], sized: n });

describe('filter state', () => {
  it('says whether what filters changed, ignoring empty lists and half-typed dates', () => {
    const s = new FilterState(async () => facets(0));
    expect(s.isActive).toBe(false);
    expect(s.set({ folders: [] })).toBe(false);
    expect(s.set({ folders: ['a'], from: '2024-0' })).toBe(true);
    expect(s.active).toEqual({ folders: ['a'] });
    expect(s.set({ folders: ['a'], from: '2024-0' })).toBe(false);
    expect(s.set({ folders: ['a'], from: '2024-01-01', to: '2024-02-01', types: ['png'] })).toBe(true);
    expect(s.count).toBe(3); // folder, date (from and to together), type
    expect(s.set({})).toBe(true);
    expect(s.isActive).toBe(false);
  });

  it('asks the worker for the filters, and for a date sort its order and threshold', () => {
    const s = new FilterState(async () => facets(0));
    expect(s.searchOptions(0.8)).toEqual({});
    s.set({ folders: ['a'], types: [] });
    expect(s.searchOptions(0.8)).toEqual({ filters: { folders: ['a'] } });
    s.setSort('oldest');
    expect(s.searchOptions(0.8)).toEqual({ filters: { folders: ['a'] }, sort: 'oldest', threshold: 0.8 });
    expect(s.searchOptions(null)).toEqual({ filters: { folders: ['a'] }, sort: 'oldest' });
  });

  it('orders hits by date for the date sorts only, and refuses unknown orders', () => {
    const s = new FilterState(async () => facets(0));
    const hits = [{ id: 'old', date: 1 }, { id: 'new', date: 3 }, { id: 'mid', date: 2 }];
    expect(s.order(hits).map((h) => h.id)).toEqual(['old', 'new', 'mid']);
    expect(s.setSort('newest')).toBe(true);
    expect(s.order(hits).map((h) => h.id)).toEqual(['new', 'mid', 'old']);
    expect(s.setSort('newest')).toBe(false);
    expect(s.setSort('random' as never)).toBe(false);
    expect(s.sort).toBe('newest');
  });

  it('keeps the facets of the newest ask when two overlap', async () => {
    const answers: ((f: Facets) => void)[] = [];
    const s = new FilterState(() => new Promise((resolve) => answers.push(resolve)));
    const first = s.refreshFacets();
    const second = s.refreshFacets();
    answers[1](facets(2));
    answers[0](facets(1));
    await Promise.all([first, second]);
    expect(s.facets?.sized).toBe(2);
  });
});
