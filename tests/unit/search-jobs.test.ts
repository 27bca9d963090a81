/**
 * The search page's smaller jobs (src/state/search/): editing the query's images, putting a
 * history turn back, and what the history keeps of a finished search.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryTurn } from '../../src/lib/history/turns.ts';
import type { SearchResult } from '../../src/protocol/search.ts';
import { ComposerState, type EmbedFile } from '../../src/state/search/composer.svelte.ts';
import { FeedbackState } from '../../src/state/search/feedback.svelte.ts';
import { searchRecord } from '../../src/state/search/history-record.ts';
import { QueryImages, type ImagesChange } from '../../src/state/search/query-images.ts';
import type { Query, SearchStatus } from '../../src/state/search/query.ts';
import { TurnTracker } from '../../src/state/search/turn-tracker.ts';
import { putBackTurn, turnFilters, turnSettings } from '../../src/state/search/turn-restore.ts';
import { FilterState } from '../../src/state/search/filters.svelte.ts';
import { checkTurn } from '../../src/lib/history/turn-check.ts';
import type { SearchSettings } from '../../src/lib/search/settings.ts';
import type { EmbedResult } from '../../src/protocol/embed.ts';

const embed: EmbedFile = async () => ({ vectors: { classic: new Float32Array(4), pixels: new Float32Array(4) }, format: 'png', width: 8, height: 8 }) as unknown as EmbedResult;
const item = (index: number): Query => ({ kind: 'item', key: `k${index}`, ref: { kind: 'gallery', index, id: `g/${index}` }, name: `item ${index}`, previewUrl: '' });
const noFacets = async () => ({ folders: [], types: [], categories: [], sources: [], sized: 0 });
const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name, { type: 'image/png' });

function editor() {
  const composer = new ComposerState(embed);
  const progress: { status: SearchStatus } = { status: { kind: 'idle' } };
  const edits: ImagesChange[] = [];
  const catalog = {
    galleryQuery: (index: number) => (index < 10 ? item(index) : undefined),
    queryImage: async (ref: { index: number }) => item(ref.index),
    name: () => 'a result',
  };
  const images = new QueryImages(composer, catalog, progress, async (change) => void edits.push(change));
  return { composer, progress, edits, images };
}

describe('editing the query’s images', () => {
  it('files read are added, and the query is searched once', async () => {
    const { composer, edits, images } = editor();
    await images.addFiles([file('a.png'), file('b.png')]);
    expect(composer.images.map((q) => q.name)).toEqual(['a.png', 'b.png']);
    expect(edits).toEqual(['images-added']);
  });

  it('"find similar" makes the item the only image, dropping errors of earlier files', () => {
    const { composer, edits, images } = editor();
    composer.setImages([item(1), item(2)]);
    composer.queryErrors = [{ code: 'corrupt', text: { key: 'x' } as never }];
    images.searchWithItem(5);
    expect(composer.images.map((q) => q.name)).toEqual(['item 5']);
    expect(composer.queryErrors).toEqual([]);
    expect(edits).toEqual(['replaced']);
    images.searchWithItem(99); // not in the gallery: nothing happens
    expect(edits).toEqual(['replaced']);
  });

  it('a result added joins the images, and the query is searched', async () => {
    const { composer, edits, images } = editor();
    await images.addHit({ id: 'g/3', index: 3, score: 1 });
    expect(composer.images.map((q) => q.name)).toEqual(['item 3']);
    expect(edits).toEqual(['images-added']);
  });

  it('removing one image (or all) is an edit; an image not in the query is no edit', () => {
    const { composer, edits, images } = editor();
    composer.setImages([item(1), item(2)]);
    images.remove('nope');
    expect(edits).toEqual([]);
    images.remove('k1');
    expect(composer.images.map((q) => q.key)).toEqual(['k2']);
    images.removeAll();
    expect(composer.images).toEqual([]);
    expect(edits).toEqual(['images-removed', 'images-removed']);
  });
});

const turn: HistoryTurn = {
  id: 't1', created: 1, updated: 2, text: 'red', images: [], engine: 'clip', measure: 'cosine', k: 7, alpha: 0.3,
  positive: [{ id: 'g/1', item: 1 }], negative: [], hits: [],
};

describe('a history turn put back', () => {
  it('brings back its text, the engine it was searched with, its marks, and the turn to update', async () => {
    const composer = new ComposerState(embed);
    composer.setImages([item(1)]);
    composer.textBlocked = true;
    const restored: SearchSettings[] = [];
    const feedback = new FeedbackState();
    const turns = new TurnTracker();
    const catalog = { turnQueries: async () => ({ images: [item(4)], missing: ['gone.png'] }) };
    await putBackTurn(turn, { composer, catalog, engines: { restore: (s) => void restored.push(s) }, feedback, filters: new FilterState(noFacets), turns });
    expect(composer.images.map((q) => q.name)).toEqual(['item 4']);
    expect([composer.text, composer.textBlocked]).toEqual(['red', false]);
    expect(composer.queryErrors).toHaveLength(1); // the image that is gone is named
    expect(restored).toEqual([{ engine: 'clip', measure: 'cosine', k: 7, index: 'exact', alpha: 0.3 }]);
    expect(feedback.applied.positive).toEqual([{ id: 'g/1', item: 1 }]);
    expect(turns.id()).toBe('t1');
  });

  it('a turn stored before index modes is an exact search', () => {
    expect(turnSettings({ ...turn, index: 'ivf' }).index).toBe('ivf');
    expect(turnSettings(turn).index).toBe('exact');
  });

  /** Puts `t` back on a page whose filter bar holds a folder filter and the oldest-first sort. */
  async function putBackOverFilters(t: HistoryTurn, unrecorded?: Parameters<typeof putBackTurn>[2]) {
    const filters = new FilterState(noFacets);
    filters.set({ folders: ['elsewhere'] });
    filters.setSort('oldest');
    const catalog = { turnQueries: async () => ({ images: [item(4)], missing: [] }) };
    await putBackTurn(t, { composer: new ComposerState(embed), catalog, engines: { restore: () => {} }, feedback: new FeedbackState(), filters, turns: new TurnTracker() }, unrecorded);
    return filters;
  }

  it('brings back the filters and sort it was searched with, in place of those on the page', async () => {
    const filters = await putBackOverFilters({ ...turn, filters: { types: ['png'], from: '2021-01-01' }, sort: 'newest' });
    expect(filters.active).toEqual({ types: ['png'], from: '2021-01-01' });
    expect(filters.sort).toBe('newest');
  });

  it('a turn searched with no filter and by relevance clears the filter bar', async () => {
    const filters = await putBackOverFilters({ ...turn, filters: {}, sort: 'relevance' });
    expect(filters.isActive).toBe(false);
    expect(filters.sort).toBe('relevance');
  });

  it('a turn stored before filters were recorded is put back with none (or what its caller knows: the link of its entry)', async () => {
    const old = await putBackOverFilters(turn);
    expect([old.active, old.sort]).toEqual([{}, 'relevance']);
    const fromLink = await putBackOverFilters(turn, { filters: { sources: ['noto'] }, sort: 'newest' });
    expect([fromLink.active, fromLink.sort]).toEqual([{ sources: ['noto'] }, 'newest']);
    // a recorded turn's own filters win over the link's
    expect(turnFilters({ filters: { folders: ['a'] } }, { filters: { sources: ['noto'] }, sort: 'newest' })).toEqual({ filters: { folders: ['a'] }, sort: 'relevance' });
  });
});

describe('what the history keeps of a search', () => {
  const result = { engine: 'clip', measure: 'cosine', hits: [{ id: 'g/2', index: 2, score: 0.9 }], scanned: 10, ms: 1 } as unknown as SearchResult;
  const base = { id: 't', images: [item(1)], text: 'red', alpha: 0.5, options: { engine: 'clip' as const, measure: 'cosine' as const, k: 5 }, filters: {}, sort: 'relevance' as const, feedback: { positive: [], negative: [] }, result, clipVector: () => undefined };

  it('the engine that searched (what "Best available" resolved to), with the index an exact search when unsaid', () => {
    expect(searchRecord({ ...base, textVector: null })).toMatchObject({ engine: 'clip', measure: 'cosine', k: 5, index: 'exact', text: 'red', hits: result.hits });
  });

  it('keeps the filters that filtered and the sort, and they come back from storage as they went in', () => {
    const r = searchRecord({ ...base, textVector: null, filters: { folders: ['trips'], types: [], from: '2021-0' }, sort: 'newest' });
    expect([r.filters, r.sort]).toEqual([{ folders: ['trips'] }, 'newest']);
    const stored = { ...turn, filters: r.filters, sort: r.sort };
    expect(checkTurn(stored)).toEqual(stored);
    // a turn stored before filters were recorded reads back without them
    expect(checkTurn(turn)).not.toHaveProperty('filters');
    expect(turnFilters(checkTurn(turn))).toEqual({ filters: {}, sort: 'relevance' });
  });

  it('keeps the text’s vector only when it is this text’s', () => {
    const tv = { vector: new Float32Array(2), searchedText: 'red' } as never;
    expect(searchRecord({ ...base, textVector: tv }).textQuery).toBe(tv);
    expect(searchRecord({ ...base, text: 'blue', textVector: tv }).textQuery).toBeUndefined();
  });
});
