import { describe, expect, it } from 'vitest';
import { entryChange, hasSharedSearch, queryString, readSharedSearch, writeSharedSearch, type SharedSearch } from '../../src/lib/search/share-url.ts';
import type { SearchSettings } from '../../src/lib/search/settings.ts';

const DEFAULTS: SearchSettings = { engine: 'classic', measure: 'cosine', k: 20, index: 'exact', alpha: 0.6 };
const MAX_K = 200;

const write = (search: SharedSearch | null, existing = '') => writeSharedSearch(new URLSearchParams(existing), search, DEFAULTS).toString();
const read = (query: string) => readSharedSearch(new URLSearchParams(query), DEFAULTS, MAX_K);
const search = (over: { text?: string; like?: string[]; settings?: Partial<SearchSettings> } = {}): SharedSearch => ({
  text: over.text ?? '',
  like: over.like ?? [],
  settings: { ...DEFAULTS, ...over.settings },
});

describe('a search written into the URL', () => {
  it('a gallery image as the query: like=<its manifest id>, nothing else at the defaults', () => {
    expect(write(search({ like: ['noto/1f431'] }))).toBe('like=noto%2F1f431');
  });

  it('several gallery images keep their order; a text goes in q=', () => {
    expect(write(search({ text: 'a red apple', like: ['noto/1f431', 'twemoji/1f33b'] }))).toBe('q=a+red+apple&like=noto%2F1f431&like=twemoji%2F1f33b');
  });

  it('the query language is kept as typed', () => {
    expect(read(write(search({ text: 'beach -"red car" 2:dog' })))?.text).toBe('beach -"red car" 2:dog');
  });

  it('settings go in only when they are not the defaults; the measure only when not the engine’s own', () => {
    expect(write(search({ like: ['a'], settings: { engine: 'pixels', measure: 'l2' } }))).toBe('like=a&engine=pixels');
    expect(write(search({ like: ['a'], settings: { engine: 'pixels', measure: 'l1' } }))).toBe('like=a&engine=pixels&measure=l1');
    expect(write(search({ like: ['a'], settings: { k: 50, index: 'ivf', alpha: 0.25 } }))).toBe('like=a&index=ivf&k=50&alpha=0.25');
  });

  it('α is written with three decimals at most', () => {
    expect(write(search({ text: 't', settings: { alpha: 0.1 + 0.2 } }))).toBe('q=t&alpha=0.3');
  });

  it('keeps every parameter it does not own (gallery, embed, isolate, future filters), and where it was', () => {
    expect(write(search({ like: ['a'] }), 'gallery=holiday&isolate=0&type=png')).toBe('gallery=holiday&isolate=0&type=png&like=a');
  });

  it('replaces the previous search rather than adding to it', () => {
    expect(write(search({ text: 'dog' }), 'q=cat&like=x&k=50&engine=pixels')).toBe('q=dog');
  });

  it('no search (the query was cleared) leaves only the other parameters', () => {
    expect(write(null, 'gallery=holiday&q=cat&like=x')).toBe('gallery=holiday');
    expect(write(search(), 'q=cat&k=50')).toBe('');
  });

  it('queryString gives "?…" or nothing', () => {
    expect(queryString(new URLSearchParams('q=cat'))).toBe('?q=cat');
    expect(queryString(new URLSearchParams())).toBe('');
  });
});

describe('a search read from the URL', () => {
  it('reads back what was written', () => {
    const s = search({ text: 'sunflower', like: ['noto/1f431', 'twemoji/1f33b'], settings: { engine: 'pixels', measure: 'correlation', k: 7, index: 'cluster', alpha: 0.4 } });
    expect(read(write(s))).toEqual(s);
  });

  it('a link with a query means the defaults for the settings it leaves out', () => {
    expect(read('like=noto%2F1f431')).toEqual(search({ like: ['noto/1f431'] }));
  });

  it('a link to another engine brings that engine’s own measure', () => {
    expect(read('like=a&engine=pixels')?.settings.measure).toBe('l2');
  });

  it('no text and no gallery image: no search (settings or other flags alone are not one)', () => {
    expect(read('')).toBeNull();
    expect(read('k=50&engine=pixels&embed=1')).toBeNull();
    expect(read('q=%20%20&like=')).toBeNull();
    expect(hasSharedSearch(new URLSearchParams('gallery=holiday'))).toBe(false);
    expect(hasSharedSearch(new URLSearchParams('q=cat'))).toBe(true);
  });

  it('k is clamped to 1..max and rounded; an unreadable k is the default', () => {
    expect(read('q=t&k=5000')?.settings.k).toBe(MAX_K);
    expect(read('q=t&k=0')?.settings.k).toBe(1);
    expect(read('q=t&k=-3')?.settings.k).toBe(1);
    expect(read('q=t&k=12.4')?.settings.k).toBe(12);
    expect(read('q=t&k=many')?.settings.k).toBe(20);
    expect(read('q=t&k=')?.settings.k).toBe(20);
  });

  it('α is clamped to 0..1; an unreadable α is the default', () => {
    expect(read('q=t&alpha=3')?.settings.alpha).toBe(1);
    expect(read('q=t&alpha=-1')?.settings.alpha).toBe(0);
    expect(read('q=t&alpha=NaN')?.settings.alpha).toBe(0.6);
  });

  it('an unknown engine, measure or index is ignored, never an error', () => {
    expect(read('q=t&engine=magic&measure=hamming&index=hnsw')).toEqual(search({ text: 't' }));
  });

  it('takes at most five gallery images (the query’s limit) and skips empty or padded ids', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    expect(read(ids.map((id) => `like=${id}`).join('&'))?.like).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(read('like=&like=%20x&like=y')?.like).toEqual(['y']);
    expect(read(`like=${'x'.repeat(201)}&q=t`)?.like).toEqual([]);
  });

  it('the text is trimmed; parameters it does not know are ignored', () => {
    expect(read('q=%20cat%20&gallery=holiday&type=png&embed=1')).toEqual(search({ text: 'cat' }));
  });
});

describe('back and forward follow the searches (one browser-history entry per search turn)', () => {
  it('a new turn (a new query, an example, a Refine) is a new entry', () => {
    expect(entryChange({ shownTurn: 'b', entryTurn: 'a', adopting: false, entryHasSearch: true })).toBe('push');
    expect(entryChange({ shownTurn: 'a', entryTurn: undefined, adopting: false, entryHasSearch: false })).toBe('push');
  });

  it('the same turn again (composing it, changing a setting) replaces the entry', () => {
    expect(entryChange({ shownTurn: 'a', entryTurn: 'a', adopting: false, entryHasSearch: true })).toBe('replace');
  });

  it('the search a link opened takes over that link’s entry', () => {
    expect(entryChange({ shownTurn: 'new', entryTurn: undefined, adopting: true, entryHasSearch: true })).toBe('replace');
    expect(entryChange({ shownTurn: undefined, entryTurn: undefined, adopting: true, entryHasSearch: true })).toBe('replace');
  });

  it('clearing the query is an entry without a search, unless the entry has none already', () => {
    expect(entryChange({ shownTurn: undefined, entryTurn: 'a', adopting: false, entryHasSearch: true })).toBe('push');
    expect(entryChange({ shownTurn: undefined, entryTurn: 'a', adopting: false, entryHasSearch: false })).toBe('push');
    expect(entryChange({ shownTurn: undefined, entryTurn: undefined, adopting: false, entryHasSearch: false })).toBe('none');
  });
});

describe('a link and "Best available", the default engine choice', () => {
  const AUTO: SearchSettings = { ...DEFAULTS, engine: 'auto' };
  const writeAuto = (s: SharedSearch) => writeSharedSearch(new URLSearchParams(), s, AUTO).toString();
  const readAuto = (query: string) => readSharedSearch(new URLSearchParams(query), AUTO, MAX_K);

  it('leaves the engine out when it is "Best available" (it resolves again where the link is opened)', () => {
    expect(writeAuto({ text: 'dog', like: [], settings: AUTO })).toBe('q=dog');
    expect(readAuto('q=dog')?.settings.engine).toBe('auto');
  });

  it('writes an explicit engine, classic included, and reads it back', () => {
    expect(writeAuto({ text: '', like: ['a'], settings: { ...AUTO, engine: 'classic' } })).toBe('like=a&engine=classic');
    expect(readAuto('like=a&engine=classic')?.settings.engine).toBe('classic');
  });

  it('a measure is written only when it is not the one "Best available" starts with (cosine)', () => {
    expect(writeAuto({ text: 'dog', like: [], settings: { ...AUTO, measure: 'l1' } })).toBe('q=dog&measure=l1');
    expect(readAuto('q=dog&engine=auto')?.settings).toMatchObject({ engine: 'auto', measure: 'cosine' });
  });
});
