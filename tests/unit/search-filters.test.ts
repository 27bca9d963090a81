import { describe, expect, it } from 'vitest';
import { readFilters, writeFilters } from '../../src/lib/search/filter-url.ts';
import { cleanFilters, dayOf, facetsOf, factsOfItem, factsOfRecord, filterMask, folderOf, hasFilters, matches, orientationOf, sortByDate, type ImageFacts } from '../../src/lib/search/filters.ts';

const day = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();

/** A small collection: two trips in folders, one loose file, every type and shape. */
const photos: ImageFacts[] = [
  factsOfRecord({ path: 'Rome/day-1/a.jpg', mtime: day(2024, 1, 1), taken: day(2023, 5, 10), format: 'jpeg', width: 4000, height: 3000 }),
  factsOfRecord({ path: 'Rome/day-2/b.png', mtime: day(2023, 5, 11), format: 'png', width: 1000, height: 2000 }),
  factsOfRecord({ path: 'Hanoi/c.jpg', mtime: day(2025, 2, 2), taken: null, format: 'jpeg', width: 800, height: 800 }),
  factsOfRecord({ path: 'd.webp', mtime: day(2022, 12, 31, 23), format: 'webp', width: 640, height: 480 }),
];
const gallery: ImageFacts[] = [factsOfItem({ category: 'animals', source: 'noto' }), factsOfItem({ category: 'food', source: 'twemoji' })];

const kept = (facts: readonly ImageFacts[], f: Parameters<typeof filterMask>[2]) => {
  const mask = filterMask(facts.length, (r) => facts[r], f);
  return mask ? [...mask].flatMap((m, i) => (m ? [i] : [])) : 'no mask';
};

describe('image facts', () => {
  it('takes the folder from the path, the top folder being ""', () => {
    expect(folderOf('Rome/day-1/a.jpg')).toBe('Rome/day-1');
    expect(folderOf('d.webp')).toBe('');
  });
  it('dates a photo by its EXIF date taken, else by the file date (also when EXIF was looked for and absent)', () => {
    expect(photos[0].date).toBe(day(2023, 5, 10));
    expect(photos[1].date).toBe(day(2023, 5, 11));
    expect(photos[2].date).toBe(day(2025, 2, 2));
  });
  it('calls a near-square image square, and the rest by their longer side', () => {
    expect(orientationOf(1000, 990)).toBe('square');
    expect(orientationOf(1000, 900)).toBe('landscape');
    expect(orientationOf(900, 1000)).toBe('portrait');
  });
  it('gives the local calendar day', () => {
    expect(dayOf(day(2022, 12, 31, 23))).toBe('2022-12-31');
    expect(dayOf(day(2023, 1, 1, 0))).toBe('2023-01-01');
  });
});

describe('filters as a mask', () => {
  it('makes no mask when nothing filters (empty lists and malformed days count as nothing)', () => {
    expect(kept(photos, undefined)).toBe('no mask');
    expect(kept(photos, { folders: [], types: [], from: 'last week' })).toBe('no mask');
    expect(hasFilters({ folders: [] })).toBe(false);
    expect(hasFilters({ orientations: ['square'] })).toBe(true);
    expect(cleanFilters({ from: '2024-01-01', to: 'x', minMegapixels: 0 })).toEqual({ from: '2024-01-01' });
  });
  it('keeps a folder and everything below it, and nothing that merely shares a prefix', () => {
    expect(kept(photos, { folders: ['Rome'] })).toEqual([0, 1]);
    expect(kept(photos, { folders: ['Rome/day-2'] })).toEqual([1]);
    expect(kept(photos, { folders: ['Rom'] })).toEqual([]);
    expect(kept(photos, { folders: [''] })).toEqual([0, 1, 2, 3]);
    expect(kept(photos, { folders: ['Hanoi', 'Rome/day-1'] })).toEqual([0, 2]);
  });
  it('keeps the days from..to inclusive, on the date taken', () => {
    expect(kept(photos, { from: '2023-05-10', to: '2023-05-10' })).toEqual([0]);
    expect(kept(photos, { from: '2023-01-01' })).toEqual([0, 1, 2]);
    expect(kept(photos, { to: '2022-12-31' })).toEqual([3]);
  });
  it('keeps file types, minimum sizes and orientations', () => {
    expect(kept(photos, { types: ['jpeg'] })).toEqual([0, 2]);
    expect(kept(photos, { types: ['png', 'webp'] })).toEqual([1, 3]);
    expect(kept(photos, { minMegapixels: 2 })).toEqual([0, 1]);
    expect(kept(photos, { minMegapixels: 12 })).toEqual([0]);
    expect(kept(photos, { orientations: ['portrait'] })).toEqual([1]);
    expect(kept(photos, { orientations: ['square', 'landscape'] })).toEqual([0, 2, 3]);
  });
  it('needs every filter to hold', () => {
    expect(kept(photos, { folders: ['Rome'], types: ['jpeg'] })).toEqual([0]);
    expect(kept(photos, { folders: ['Rome'], orientations: ['square'] })).toEqual([]);
  });
  it('filters gallery items by category and source; an image without the fact does not match', () => {
    expect(kept(gallery, { categories: ['food'] })).toEqual([1]);
    expect(kept(gallery, { sources: ['noto'] })).toEqual([0]);
    expect(kept(gallery, { types: ['png'] })).toEqual([]);
    expect(kept(photos, { categories: ['food'] })).toEqual([]);
    expect(matches(gallery[0], {})).toBe(true);
  });
});

describe('date sort', () => {
  const hits = [
    { id: 'a', date: 3 },
    { id: 'b' },
    { id: 'c', date: 1 },
    { id: 'd', date: 3 },
    { id: 'e', date: 2 },
  ];
  it('keeps the ranking for relevance', () => {
    expect(sortByDate(hits, 'relevance').map((h) => h.id).join('')).toBe('abcde');
  });
  it('orders newest or oldest first, equal dates in rank order, undated last', () => {
    expect(sortByDate(hits, 'newest').map((h) => h.id).join('')).toBe('adecb');
    expect(sortByDate(hits, 'oldest').map((h) => h.id).join('')).toBe('ceadb');
  });
});

describe('facets', () => {
  it('counts folders with their parents, types, categories, sources and the span of days', () => {
    const f = facetsOf([...photos, ...gallery]);
    expect(f.folders).toEqual([
      { value: '', count: 4 },
      { value: 'Hanoi', count: 1 },
      { value: 'Rome', count: 2 },
      { value: 'Rome/day-1', count: 1 },
      { value: 'Rome/day-2', count: 1 },
    ]);
    expect(f.types).toEqual([{ value: 'jpeg', count: 2 }, { value: 'png', count: 1 }, { value: 'webp', count: 1 }]);
    expect(f.categories.map((c) => c.value)).toEqual(['animals', 'food']);
    expect(f.sources.map((c) => c.value)).toEqual(['noto', 'twemoji']);
    expect([f.firstDay, f.lastDay]).toEqual(['2022-12-31', '2025-02-02']);
    expect(f.sized).toBe(4);
  });
});

describe('filters in a link', () => {
  it('round-trips every filter and the sort, keeping the other keys where they were', () => {
    const shared = { filters: { folders: ['Rome/day 1', 'Hanoi'], from: '2023-01-01', to: '2023-12-31', types: ['jpeg', 'png'], minMegapixels: 2, orientations: ['portrait'], categories: ['Animals & Nature'], sources: ['noto'] }, sort: 'oldest' } as const;
    const params = writeFilters(new URLSearchParams('q=cat&embed=1&type=gif'), shared);
    expect(params.get('q')).toBe('cat');
    expect(params.getAll('type')).toEqual(['jpeg', 'png']);
    expect(readFilters(params)).toEqual(shared);
  });
  it('writes nothing for no filters and the relevance sort', () => {
    expect(writeFilters(new URLSearchParams('q=cat&folder=x&sort=newest'), { filters: {}, sort: 'relevance' }).toString()).toBe('q=cat');
  });
  it('drops what it does not know when reading', () => {
    expect(readFilters(new URLSearchParams('type=tiff&type=png&orient=round&mp=-1&from=yesterday&sort=random'))).toEqual({ filters: { types: ['png'] }, sort: 'relevance' });
  });
});
