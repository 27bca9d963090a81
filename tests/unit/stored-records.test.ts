/**
 * Stored data is checked as it is read back: one malformed collection record or history turn is
 * skipped (and reported on the console) alone, the others still show; the CLIP settings in
 * localStorage are read by type, so `{"allowDownload":"no"}` means no download.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkCollectionRecord } from '../../src/lib/collections/record-check.ts';
import type { CollectionRecord } from '../../src/lib/collections/types.ts';
import { checkTurn } from '../../src/lib/history/turn-check.ts';
import type { HistoryTurn } from '../../src/lib/history/turns.ts';
import { readClipPreferences, type ClipPreferences } from '../../src/lib/settings/clip-preferences.ts';
import { CollectionsDb } from '../../src/storage/collections-db.ts';
import { HistoryDb } from '../../src/storage/history-db.ts';

let dbs = 0;
afterEach(() => vi.restoreAllMocks());

const collection = (id: string, created: number): CollectionRecord => ({
  id, name: `Photos ${id}`, created, updated: created,
  engines: { classic: { version: 3, dim: 512 }, clip: { version: 1, dim: 512, model: 'Xenova/clip-vit-base-patch32' } },
  count: 2, skipped: 0, bytes: 8000, state: 'ready', pending: 0, hasHandle: false,
});

const turn = (id: string, updated: number): HistoryTurn => ({
  id, created: updated, updated, text: 'red',
  images: [{ name: 'a.jpg', source: { kind: 'file', width: 4, height: 3, format: 'jpeg', classic: new Float32Array([0.5, 0.25]), pixels: new Uint8Array([1, 2, 3]) } }],
  engine: 'classic', measure: 'cosine', k: 20, index: 'exact', alpha: 0.6, positive: [{ item: 1, id: 'x' }], negative: [],
  hits: [{ id: 'noto/1f432', index: 3, score: 0.9, name: 'dragon', collection: 'c1' }],
});

describe('collection records read back', () => {
  it('one malformed record does not hide the others, and is reported', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const db = new CollectionsDb(`records-${++dbs}`);
    await db.put(collection('a', 1), [], []);
    await db.put({ ...collection('broken', 2), engines: null } as unknown as CollectionRecord, [], []);
    await db.put(collection('c', 3), [], []);
    expect((await db.list()).map((c) => c.id)).toEqual(['a', 'c']);
    expect(warn).toHaveBeenCalledWith('A stored collection "broken" was skipped: collection.engines is not an object.');
  });

  it.each([
    ['a count that is text', { count: '2' }, /collection\.count is not a number/],
    ['an unknown state', { state: 'done' }, /collection\.state is not one of indexing, ready/],
    ['no classic engine', { engines: {} }, /collection\.engines\.classic is not an object/],
    ['a clip dimension of 0', { engines: { classic: { version: 3, dim: 512 }, clip: { version: 1, dim: 0 } } }, /engines\.clip\.dim is not a positive whole number/],
    ['hasHandle "yes"', { hasHandle: 'yes' }, /hasHandle is not true or false/],
  ])('refuses %s', (_, change, message) => {
    expect(() => checkCollectionRecord({ ...collection('x', 1), ...change })).toThrow(message);
  });

  it('keeps a good record as it was', () => {
    expect(checkCollectionRecord(collection('x', 1))).toEqual(collection('x', 1));
  });
});

describe('history turns read back', () => {
  it('one bad turn does not make the whole history unreadable', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const db = new HistoryDb(`turns-${++dbs}`);
    await db.put(turn('old', 1));
    await db.put({ ...turn('bad', 2), images: [{ name: 'x.jpg', source: { kind: 'file', classic: 'not a vector' } }] } as unknown as HistoryTurn);
    await db.put(turn('new', 3));
    expect((await db.list()).map((t) => t.id)).toEqual(['new', 'old']);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^A stored history turn "bad" was skipped: turn\.images\[0\]\.source\./));
  });

  it.each([
    ['hits that are not a list', { hits: null }, /turn\.hits is not a list/],
    ['an unknown engine', { engine: 'magic' }, /turn\.engine is not one of/],
    ['a NaN in a stored vector', { images: [{ name: 'a', source: { kind: 'file', width: 1, height: 1, format: 'png', classic: new Float32Array([Number.NaN]), pixels: new Uint8Array(3) } }] }, /non-finite/],
    ['a text query without a vector', { textQuery: { searchedText: 'red' } }, /turn\.textQuery\.vector is not a Float32Array/],
    ['a hit index of -1', { hits: [{ id: 'a', index: -1, score: 1, name: 'a' }] }, /turn\.hits\[0\]\.index is not a row number/],
  ])('refuses %s', (_, change, message) => {
    expect(() => checkTurn({ ...turn('x', 1), ...change })).toThrow(message);
  });

  it('reads back the filters and sort of a turn, dropping an unknown value rather than the turn', () => {
    const filtered = { ...turn('f', 1), filters: { folders: ['trips/rome'], types: ['png'], from: '2021-01-01', minMegapixels: 2 }, sort: 'newest' as const };
    expect(checkTurn(filtered)).toEqual(filtered);
    const odd = { ...turn('g', 1), filters: { types: ['png', 'tiff'], orientations: 'portrait', to: 5 }, sort: 'sideways' };
    expect(checkTurn(odd)).toEqual({ ...turn('g', 1), filters: { types: ['png'] }, sort: 'relevance' });
  });

  it('keeps a good turn as it was', () => {
    expect(checkTurn(turn('x', 1))).toEqual(turn('x', 1));
    const withText = { ...turn('y', 2), textQuery: { vector: new Float32Array([1, 0]), searchedText: 'red', truncated: false, tokens: 3, ms: 4 } };
    expect(checkTurn(withText)).toEqual(withText);
  });
});

describe('CLIP settings from localStorage', () => {
  const defaults: ClipPreferences = { modelId: 'Xenova/clip-vit-base-patch32', device: 'auto', dtype: 'auto', allowDownload: false, translate: true, translationModelId: 'Xenova/opus-mt-vi-en' };

  it('"no" is not a yes: a download permission must be the boolean true', () => {
    const { prefs, ignored } = readClipPreferences('{"allowDownload":"no"}', defaults);
    expect(prefs.allowDownload).toBe(false);
    expect(ignored).toEqual(['allowDownload: "no" is not true or false']);
    expect(readClipPreferences('{"allowDownload":1}', defaults).prefs.allowDownload).toBe(false);
    expect(readClipPreferences('{"allowDownload":true}', defaults).prefs.allowDownload).toBe(true);
  });

  it('keeps valid choices and replaces each wrong one with its default', () => {
    const stored = JSON.stringify({ modelId: 'tiny-clip', device: 'wasm', dtype: 'gpu', translate: 'false', translationModelId: '//evil.example/x' });
    const { prefs, ignored } = readClipPreferences(stored, defaults);
    expect(prefs).toEqual({ ...defaults, modelId: 'tiny-clip', device: 'wasm' });
    expect(ignored).toHaveLength(3);
    expect(ignored[1]).toBe('translate: "false" is not true or false');
  });

  it('falls back to the defaults for nothing stored, bad JSON or a non-object', () => {
    expect(readClipPreferences(null, defaults)).toEqual({ prefs: defaults, ignored: [] });
    expect(readClipPreferences('{oops', defaults).prefs).toEqual(defaults);
    expect(readClipPreferences('[true]', defaults).ignored).toEqual(['the stored settings are not an object']);
  });
});
