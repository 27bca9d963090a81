import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { HISTORY_CAP, describeTurn, startsNewTurn, packPixels, trimTurns, unpackPixels, upsertTurn, type HistoryTurn } from '../../src/lib/history/turns.ts';
import { HistoryDb } from '../../src/storage/history-db.ts';
import { translator } from '../../src/lib/i18n/catalog.ts';

let n = 0;
function turn(updated: number, extra: Partial<HistoryTurn> = {}): HistoryTurn {
  return {
    id: `t${++n}`,
    created: updated,
    updated,
    text: '',
    images: [],
    engine: 'classic',
    measure: 'cosine',
    k: 20,
    alpha: 0.6,
    positive: [],
    negative: [],
    hits: [{ id: 'noto/1f432', index: 3, score: 0.9, name: 'dragon' }],
    ...extra,
  };
}

describe('history turns', () => {
  it('are kept newest first and trimmed to the cap, dropping the oldest', () => {
    const turns = Array.from({ length: 7 }, (_, i) => turn(i));
    const { keep, drop } = trimTurns(turns, 5);
    expect(keep.map((t) => t.updated)).toEqual([6, 5, 4, 3, 2]);
    expect(drop.map((t) => t.updated)).toEqual([1, 0]);
    expect(HISTORY_CAP).toBe(100);
  });

  it('a turn searched again replaces itself and moves to the top', () => {
    const a = turn(1), b = turn(2);
    const { keep } = upsertTurn([b, a], { ...a, updated: 3 });
    expect(keep.map((t) => t.id)).toEqual([a.id, b.id]);
    expect(keep).toHaveLength(2);
  });

  it('raw-pixel vectors pack into bytes without loss', () => {
    const v = Float32Array.from([0, 1 / 255, 128 / 255, 1]);
    expect(Array.from(packPixels(v))).toEqual([0, 1, 128, 255]);
    expect(unpackPixels(packPixels(v))).toEqual(v);
  });

  it('are described in one line, by the names of their images and their text', () => {
    const image = (name: string) => ({ name, source: { kind: 'gallery' as const, index: 0, id: 'x' } });
    expect(describeTurn(turn(0, { images: [image('cat.jpg'), image('dog.png')], text: 'red' }), translator('en'))).toBe('cat.jpg, dog.png + “red”');
    expect(describeTurn(turn(0, { images: [image('holiday/beach/sea.jpg')] }), translator('en'))).toBe('sea.jpg');
    expect(describeTurn(turn(0, { images: ['a', 'b', 'c', 'd', 'e'].map((n) => image(`${n}.png`)) }), translator('en'))).toBe('a.png, b.png, c.png and 2 more');
    expect(describeTurn(turn(0, { text: 'a dog' }), translator('en'))).toBe('“a dog”');
    expect(describeTurn(turn(0, { images: [image('a.png')], positive: [{ item: 1, id: 'y' }] }), translator('en'))).toBe('a.png · refined (+1 −0)');
    expect(describeTurn(turn(0, { images: [image('a.png')], positive: [{ item: 1, id: 'y' }] }), translator('vi'))).toBe('a.png · đã tinh chỉnh (+1 −0)');
  });
});

describe('one history turn per submitted search', () => {
  const composing = { previousText: '', text: '', restored: false };

  it('composing a query (adding or removing images, clearing marks) updates its turn', () => {
    expect(startsNewTurn('images-added', composing)).toBe(false);
    expect(startsNewTurn('images-removed', composing)).toBe(false);
    expect(startsNewTurn('marks-cleared', composing)).toBe(false);
    expect(startsNewTurn('text', { ...composing, text: 'red' })).toBe(false); // a text added to the images
  });

  it('a new query, a Refine or a different text starts a new turn', () => {
    expect(startsNewTurn('replaced', composing)).toBe(true);
    expect(startsNewTurn('refined', composing)).toBe(true);
    expect(startsNewTurn('text', { ...composing, previousText: 'red', text: 'blue' })).toBe(true);
  });

  it('editing a query put back from the history leaves the stored turn as it was', () => {
    expect(startsNewTurn('images-added', { ...composing, restored: true })).toBe(true);
  });
});

describe('HistoryDb (IndexedDB)', () => {
  it('stores turns with their vectors, lists them newest first, removes and clears', async () => {
    const db = new HistoryDb(`history-${Math.random()}`);
    const vectors = { kind: 'file' as const, width: 10, height: 10, format: 'png', classic: Float32Array.from([0.5, 0.25]), pixels: Uint8Array.from([1, 2, 3]) };
    const a = turn(10, { text: 'red', images: [{ name: 'a.png', source: vectors }] });
    const b = turn(20);
    await db.put(a);
    await db.put(b);
    const listed = await db.list();
    expect(listed.map((t) => t.id)).toEqual([b.id, a.id]);
    const src = listed[1].images[0].source;
    expect(src.kind === 'file' && Array.from(src.classic)).toEqual([0.5, 0.25]);
    await db.delete(b.id);
    expect((await db.list()).map((t) => t.id)).toEqual([a.id]);
    await db.clear();
    expect(await db.list()).toEqual([]);
    await db.close();
  });

  it('keeps at most the cap, dropping the oldest in the same write', async () => {
    const db = new HistoryDb(`history-${Math.random()}`, 3);
    const turns = [turn(1), turn(2), turn(3), turn(4)];
    const dropped: string[] = [];
    for (const t of turns) dropped.push(...(await db.put(t)));
    expect(dropped).toEqual([turns[0].id]);
    expect((await db.list()).map((t) => t.updated)).toEqual([4, 3, 2]);
    // updating an old turn makes it newest; nothing more is dropped
    expect(await db.put({ ...turns[1], updated: 9 })).toEqual([]);
    expect((await db.list()).map((t) => t.id)).toEqual([turns[1].id, turns[3].id, turns[2].id]);
    await db.close();
  });
});
