/**
 * The search page's state classes (src/state/search/), run with their runes in Node: settings
 * with one typed `set`, relevance feedback, the composer reading files (and abandoning a batch),
 * and which history turn a change belongs to.
 */
import { raw } from '../../src/lib/messages/sentence.ts';
import { describe, expect, it } from 'vitest';
import { ComposerState, type EmbedFile } from '../../src/state/search/composer.svelte.ts';
import { FeedbackState, feedbackSpec } from '../../src/state/search/feedback.svelte.ts';
import { MAX_K, SearchSettingsState, startSettings } from '../../src/state/search/settings.svelte.ts';
import { TurnTracker } from '../../src/state/search/turn-tracker.ts';
import type { EmbedResult } from '../../src/protocol/embed.ts';
import { MAX_QUERY_IMAGES } from '../../src/lib/query/composer.ts';

const fakeEmbed = (o: { delayMs?: number; failOn?: string } = {}): EmbedFile => async (_bytes, name) => {
  await new Promise((r) => setTimeout(r, o.delayMs ?? 0));
  if (name === o.failOn) throw { code: 'corrupt', text: raw(`${name} is damaged`), file: name };
  return { vectors: { classic: new Float32Array(4), pixels: new Float32Array(4) }, format: 'png', width: 8, height: 8, rasterWidth: 8, rasterHeight: 8, ms: 1, timings: { decodeMs: 0, extractMs: { classic: 0, pixels: 0 } } } as unknown as EmbedResult;
};
const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name, { type: 'image/png' });

describe('search settings', () => {
  it('start from the URL, else the last visit, else the defaults; CLIP is not brought back by itself', () => {
    expect(startSettings(null)).toMatchObject({ engine: 'auto', measure: 'cosine', k: 20, index: 'exact' });
    const stored = JSON.stringify({ engine: 'pixels', measure: 'l1', k: 7, index: 'ivf', alpha: 0.3 });
    expect(startSettings(stored)).toEqual({ engine: 'pixels', measure: 'l1', k: 7, index: 'ivf', alpha: 0.3 });
    expect(startSettings(stored, { k: 5 })).toMatchObject({ engine: 'pixels', measure: 'l1', k: 5 });
    expect(startSettings(stored, { engine: 'classic' })).toMatchObject({ engine: 'classic', measure: 'cosine' });
    expect(startSettings(JSON.stringify({ engine: 'clip', measure: 'cosine' }))).toMatchObject({ engine: 'auto' });
  });

  it('"Best available" is kept as a choice; an engine chosen before it existed stays chosen', () => {
    expect(startSettings(JSON.stringify({ engine: 'auto', measure: 'l1', k: 9 }))).toMatchObject({ engine: 'auto', measure: 'l1', k: 9 });
    expect(startSettings(JSON.stringify({ engine: 'classic', measure: 'cosine', k: 20 }))).toMatchObject({ engine: 'classic' });
    expect(startSettings(JSON.stringify({ engine: 'auto' }), { engine: 'pixels' })).toMatchObject({ engine: 'pixels', measure: 'l2' });
  });

  it('the choice "Best available" searches with what it resolved to; the choice, not the engine, is saved', () => {
    const saved: string[] = [];
    const s = new SearchSettingsState(startSettings(null), (x) => saved.push(x));
    expect(s.choice).toBe('auto');
    expect(s.engine).toBe('classic'); // until a search resolves it
    s.set('threshold', 0.3);
    expect(s.use('clip')).toBe(true);
    expect(s.threshold).toBeNull(); // scores of another scale
    expect(s.use('clip')).toBe(false);
    expect(s.options()).toMatchObject({ engine: 'clip', measure: 'cosine' });
    expect(s.values().engine).toBe('auto');
    s.set('k', 7);
    expect(JSON.parse(saved.at(-1)!)).toMatchObject({ engine: 'auto', k: 7 });
    // an explicit engine searches at once; going back to "Best available" keeps the engine in use until the next search
    expect(s.set('engine', 'pixels')).toBe(true);
    expect([s.choice, s.engine, s.measure]).toEqual(['pixels', 'pixels', 'l2']);
    expect(s.set('engine', 'auto')).toBe(true);
    expect([s.choice, s.engine, s.measure]).toEqual(['auto', 'pixels', 'cosine']);
    expect(s.set('engine', 'auto')).toBe(false);
  });

  it('one typed set: a new engine brings its measure and clears the threshold; values are made valid; ranking settings are saved', () => {
    const saved: string[] = [];
    const s = new SearchSettingsState(startSettings(null), (x) => saved.push(x));
    expect(s.set('threshold', 0.5)).toBe(true);
    expect(saved).toHaveLength(0); // the threshold is not kept
    expect(s.set('engine', 'pixels')).toBe(true);
    expect(s.measure).toBe('l2');
    expect(s.threshold).toBeNull();
    expect(s.set('engine', 'pixels')).toBe(false);
    expect(s.set('k', 10_000)).toBe(true);
    expect(s.k).toBe(MAX_K);
    expect(s.set('alpha', 1.7)).toBe(true);
    expect(s.alpha).toBe(1);
    expect(s.set('threshold', Number.NaN)).toBe(false); // off, as it was
    expect(JSON.parse(saved.at(-1)!)).toEqual({ engine: 'pixels', measure: 'l2', k: MAX_K, index: 'exact', alpha: 1 });
    expect(s.options()).toEqual({ engine: 'pixels', measure: 'l2', k: MAX_K, index: 'exact' });
  });

  it('a history turn’s settings are put back without being saved for the next visit', () => {
    const saved: string[] = [];
    const s = new SearchSettingsState(startSettings(null), (x) => saved.push(x));
    s.set('threshold', 0.2);
    s.restore({ engine: 'clip', measure: 'cosine', k: 5, index: 'cluster', alpha: 0.4 });
    expect(s.values()).toEqual({ engine: 'clip', measure: 'cosine', k: 5, index: 'cluster', alpha: 0.4 });
    expect(s.threshold).toBeNull();
    expect(saved).toEqual([]);
  });
});

describe('relevance feedback', () => {
  const hit = (index: number, collection?: string) => ({ id: `h${index}`, index, score: 1, ...(collection ? { collection } : {}) });

  it('marks differ from the applied feedback until applied; the spec refines and leaves out the bad ones', () => {
    const f = new FeedbackState();
    f.mark(hit(1), 'good');
    f.mark(hit(2, 'c1'), 'bad');
    expect(f.changed).toBe(true);
    f.apply();
    expect(f.changed).toBe(false);
    const { spec, exclude } = feedbackSpec(f.applied);
    expect(spec).toEqual({ positive: [{ item: 1 }], negative: [{ item: 2, collection: 'c1' }] });
    expect([...exclude]).toEqual(['c1/2']);
    f.mark(hit(1), null);
    expect(f.changed).toBe(true);
  });

  it('clearing says whether results had been refined (so they are ranked again)', () => {
    const f = new FeedbackState();
    f.mark(hit(1), 'good');
    expect(f.clear()).toBe(false); // marked, never applied
    f.mark(hit(1), 'good');
    f.apply();
    expect(f.clear()).toBe(true);
    expect(f.marks.size).toBe(0);
    expect(feedbackSpec(f.applied).spec).toEqual({});
  });
});

describe('the composer', () => {
  it('reads files through the embedder; a bad file is listed by name and the others are kept', async () => {
    const c = new ComposerState(fakeEmbed({ failOn: 'b.png' }));
    const reading: string[] = [];
    const added = await c.read([file('a.png'), file('b.png'), file('c.png')], (n) => reading.push(n));
    expect(added?.map((q) => q.name)).toEqual(['a.png', 'c.png']);
    expect(reading).toEqual(['a.png']);
    expect(c.queryErrors).toEqual([{ code: 'corrupt', text: raw('b.png is damaged'), file: 'b.png' }]);
    expect(c.pending).toBe(0);
  });

  it('refuses files beyond the query’s room with a notice, keeping what is there', async () => {
    const c = new ComposerState(fakeEmbed());
    const first = await c.read(Array.from({ length: MAX_QUERY_IMAGES }, (_, i) => file(`${i}.png`)), () => {});
    c.setImages(first!);
    expect(await c.read([file('more.png')], () => {})).toBeUndefined();
    expect(c.notice).not.toBeNull();
    expect(c.images).toHaveLength(MAX_QUERY_IMAGES);
  });

  it('an abandoned batch resolves undefined and its late errors are not shown', async () => {
    const c = new ComposerState(fakeEmbed({ delayMs: 20, failOn: 'late.png' }));
    const reading = c.read([file('ok.png'), file('late.png')], () => {});
    expect(c.pending).toBe(2);
    c.abortReads(); // the query was replaced meanwhile
    expect(await reading).toBeUndefined();
    expect(c.queryErrors).toEqual([]);
    expect(c.pending).toBe(0);
  });

  it('a new text drops the text vector of the old one', () => {
    const c = new ComposerState(fakeEmbed());
    c.setText('red');
    c.textVector = { vector: new Float32Array(2), searchedText: 'red', tokens: 3, truncated: false } as unknown as typeof c.textVector;
    expect(c.setText('red')).toBe(false);
    expect(c.textVector).not.toBeNull();
    expect(c.setText('blue')).toBe(true);
    expect(c.textVector).toBeNull();
  });
});

describe('which history turn a change belongs to', () => {
  it('composing updates the current turn; a new query starts a new one', () => {
    const t = new TurnTracker();
    const first = t.id();
    t.changed('images-added', '', '');
    expect(t.id()).toBe(first);
    t.changed('replaced', '', '');
    expect(t.id()).not.toBe(first);
  });

  it('a restored turn is updated until its query is edited', () => {
    const t = new TurnTracker();
    t.restoredFrom('turn-7');
    expect(t.id()).toBe('turn-7');
    t.changed('images-added', 'red', 'red');
    expect(t.id()).not.toBe('turn-7');
  });
});
