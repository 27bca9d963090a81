import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { EtaClock, galleryNeedsLocalClip, localClipSetId, localClipSetKey, PartialIndex } from '../../src/lib/engines/clip/local-index.ts';
import type { GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import { GalleryClipDb } from '../../src/storage/gallery-clip-db.ts';
import { createSearchApi } from '../../workers/search/api.ts';
import type { LocalClipShelf } from '../../workers/search/local-clip.ts';

const GALLERY = 'http://gallery.test/gallery/';
const DIM = 4;
const unit = (...v: number[]) => {
  const n = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / n);
};
/** Item i of the test gallery points along axis i % 4 (a "colour" per item). */
const itemVector = (i: number) => unit(...Array.from({ length: DIM }, (_, d) => (d === i % DIM ? 1 : 0.1)));

function manifest(n: number, clip?: { model: string }): GalleryManifest {
  return {
    formatVersion: 1,
    title: 'test',
    items: Array.from({ length: n }, (_, i) => ({ id: `t/${i}`, file: `images/${i}.png`, name: `item ${i}`, category: 'c', subcategory: 's', source: 'x' })),
    sources: {},
    engines: clip ? { clip: { file: 'vectors/clip.ivec', version: 1, dim: DIM, dtype: 'f32', bytes: 1, model: clip.model } } : {},
  };
}

function memoryShelf(): LocalClipShelf & { sets: Map<string, Map<string, Float32Array>> } {
  const sets = new Map<string, Map<string, Float32Array>>();
  return {
    sets,
    async read(set, dim) {
      return [...(sets.get(set) ?? new Map()).entries()].filter(([, v]) => v.length === dim).map(([id, vector]) => ({ id, vector }));
    },
    async put(set, rows) {
      const m = sets.get(set) ?? new Map<string, Float32Array>();
      for (const r of rows) m.set(r.id, r.vector);
      sets.set(set, m);
    },
  };
}

async function worker(m: GalleryManifest, shelf = memoryShelf()) {
  const fetcher = async (url: string) => (url === `${GALLERY}manifest.json` ? new Response(JSON.stringify(m)) : new Response('not found', { status: 404 }));
  const api = createSearchApi(fetcher, async () => [], undefined, shelf);
  await api.init(GALLERY);
  return { api, shelf };
}

const clipOptions = { engine: 'clip', measure: 'cosine', k: 3 } as const;

describe('a partial index (vectors arriving in any order)', () => {
  it('keeps rows in arrival order, maps them back to items and lists what is missing', () => {
    const index = new PartialIndex(5, DIM);
    expect(index.add(3, itemVector(3))).toBe(true);
    expect(index.add(0, itemVector(0))).toBe(true);
    expect(index.done).toBe(2);
    expect(index.missing()).toEqual([1, 2, 4]);
    expect(index.itemOfRow(0)).toBe(3);
    expect(index.rowOfItem(0)).toBe(1);
    expect(index.rowOfItem(4)).toBe(-1);
    const m = index.matrix();
    expect(m).toMatchObject({ kind: 'f32', dim: DIM, count: 2 });
    expect(Array.from(m.data.subarray(0, DIM))).toEqual(Array.from(itemVector(3)));
  });

  it('gives a new matrix object after each change (caches keyed by it see the change) and replaces a re-added item', () => {
    const index = new PartialIndex(3, DIM);
    index.add(1, itemVector(1));
    const before = index.matrix();
    expect(index.matrix()).toBe(before);
    index.add(1, itemVector(2));
    expect(index.matrix()).not.toBe(before);
    expect(index.done).toBe(1);
    expect(Array.from(index.matrix().data)).toEqual(Array.from(itemVector(2)));
  });

  it('refuses an item outside the gallery, a wrong length and non-finite values', () => {
    const index = new PartialIndex(2, DIM);
    expect(index.add(2, itemVector(0))).toBe(false);
    expect(index.add(-1, itemVector(0))).toBe(false);
    expect(index.add(0, new Float32Array(DIM + 1))).toBe(false);
    expect(index.add(0, Float32Array.from([1, Number.NaN, 0, 0]))).toBe(false);
    expect(index.done).toBe(0);
    expect(index.complete).toBe(false);
  });
});

describe('which galleries need CLIP vectors made in the browser', () => {
  it('one shipped without CLIP vectors, or with another model’s; not one with this model’s', () => {
    expect(galleryNeedsLocalClip(manifest(2), 'org/model-a')).toBe(true);
    expect(galleryNeedsLocalClip(manifest(2, { model: 'org/model-b' }), 'org/model-a')).toBe(true);
    expect(galleryNeedsLocalClip(manifest(2, { model: 'org/model-a' }), 'org/model-a')).toBe(false);
  });

  it('a set is keyed by gallery, model, dtype, dimension and vector version', () => {
    const a = localClipSetKey(localClipSetId(GALLERY, 'org/m', 'q8', 512));
    expect(localClipSetKey(localClipSetId(GALLERY, 'org/m', 'q8', 512))).toBe(a);
    expect(new Set([
      a,
      localClipSetKey(localClipSetId(`${GALLERY}other/`, 'org/m', 'q8', 512)),
      localClipSetKey(localClipSetId(GALLERY, 'org/n', 'q8', 512)),
      localClipSetKey(localClipSetId(GALLERY, 'org/m', 'fp32', 512)),
      localClipSetKey(localClipSetId(GALLERY, 'org/m', 'q8', 256)),
    ]).size).toBe(5);
  });
});

describe('the time left', () => {
  it('comes from the mean of the recent images and is unknown before the first', () => {
    const clock = new EtaClock(2);
    expect(clock.etaMs(10)).toBeUndefined();
    clock.record(1000); // a slow first image fades out of the window
    clock.record(100);
    clock.record(300);
    expect(clock.msPerImage()).toBe(200);
    expect(clock.etaMs(10)).toBe(2000);
    expect(clock.etaMs(0)).toBe(0);
  });
});

describe('the search worker with CLIP vectors made in the browser', () => {
  const set = (model = 'org/m', dtype = 'q8') => localClipSetId(GALLERY, model, dtype, DIM);

  it('searches the part done so far and says how much that is', async () => {
    const { api } = await worker(manifest(8));
    const opened = await api.openLocalClip(set());
    expect(opened).toEqual({ done: 0, total: 8, missing: [0, 1, 2, 3, 4, 5, 6, 7] });
    const key = localClipSetKey(set());
    // Items 0..3 done: only one of them points along axis 1.
    expect(await api.addLocalClip(key, [0, 1, 2, 3], [0, 1, 2, 3].map(itemVector))).toEqual({ done: 4, total: 8 });
    const partial = await api.query({ text: itemVector(1), images: [] }, clipOptions);
    expect(partial.hits.map((h) => h.id)[0]).toBe('t/1');
    expect(partial.hits.every((h) => h.index < 4)).toBe(true);
    expect(partial.coverage).toEqual({ done: 4, total: 8 });
    expect(partial.scanned).toBe(4);

    await api.addLocalClip(key, [7, 5, 4, 6], [7, 5, 4, 6].map(itemVector));
    const whole = await api.query({ text: itemVector(1), images: [] }, clipOptions);
    expect(whole.hits.slice(0, 2).map((h) => h.id).sort()).toEqual(['t/1', 't/5']);
    expect(whole.hits[0].index % DIM).toBe(1);
    expect(whole.coverage).toBeUndefined();
  });

  it('searches with a gallery image by its made vector, and refuses one not made yet', async () => {
    const { api } = await worker(manifest(6));
    await api.openLocalClip(set());
    await api.addLocalClip(localClipSetKey(set()), [4, 2, 0], [4, 2, 0].map(itemVector));
    const r = await api.query({ images: [{ item: 4 }] }, clipOptions);
    expect(r.hits.map((h) => h.index)).toEqual([4, 0, 2]); // 4 and 0 share axis 0
    await expect(api.query({ images: [{ item: 1 }] }, clipOptions)).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('resumes from the shelf: a reopened set lists only the missing items', async () => {
    const shelf = memoryShelf();
    const first = await worker(manifest(5), shelf);
    await first.api.openLocalClip(set());
    await first.api.addLocalClip(localClipSetKey(set()), [1, 3], [1, 3].map(itemVector));

    const again = await worker(manifest(5), shelf); // a reload: a new worker, the same storage
    expect(await again.api.openLocalClip(set())).toEqual({ done: 2, total: 5, missing: [0, 2, 4] });
    const r = await again.api.query({ text: itemVector(3), images: [] }, clipOptions);
    expect(r.hits[0].id).toBe('t/3');
  });

  it('another model or dtype starts its own set; switching back finds the first one', async () => {
    const { api } = await worker(manifest(3));
    await api.openLocalClip(set('org/a'));
    await api.addLocalClip(localClipSetKey(set('org/a')), [0], [itemVector(0)]);
    expect((await api.openLocalClip(set('org/b'))).done).toBe(0);
    expect((await api.openLocalClip(set('org/a', 'fp32'))).done).toBe(0);
    // vectors of the set no longer open are refused, not mixed in
    await expect(api.addLocalClip(localClipSetKey(set('org/a')), [1], [itemVector(1)])).rejects.toMatchObject({ code: 'superseded' });
    expect(await api.openLocalClip(set('org/a'))).toMatchObject({ done: 1, missing: [1, 2] });
  });

  it('keys vectors by item id, so a rebuilt gallery keeps the vectors of the items it still has', async () => {
    const shelf = memoryShelf();
    const first = await worker(manifest(3), shelf);
    await first.api.openLocalClip(set());
    await first.api.addLocalClip(localClipSetKey(set()), [0, 2], [0, 2].map(itemVector));
    const rebuilt = manifest(3);
    const reordered = { ...rebuilt, items: [rebuilt.items[2], { ...rebuilt.items[1], id: 't/new' }, rebuilt.items[0]] };
    const again = await worker(reordered, shelf);
    expect(await again.api.openLocalClip(set())).toEqual({ done: 2, total: 3, missing: [1] });
  });

  it('refuses vectors that do not fit and a set for another gallery', async () => {
    const { api } = await worker(manifest(3));
    await api.openLocalClip(set());
    const key = localClipSetKey(set());
    await expect(api.addLocalClip(key, [0], [new Float32Array(DIM + 1)])).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.addLocalClip(key, [9], [itemVector(0)])).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.addLocalClip(key, [0, 1], [itemVector(0)])).rejects.toMatchObject({ code: 'bad-request' });
    // a batch with one bad vector is refused whole: the good one before it is not kept either
    await expect(api.addLocalClip(key, [0, 1], [itemVector(0), new Float32Array(DIM)])).resolves.toMatchObject({ done: 2 });
    await expect(api.addLocalClip(key, [2, 0], [itemVector(2), Float32Array.from([1, Number.NaN, 0, 0])])).rejects.toMatchObject({ code: 'bad-request' });
    expect((await api.openLocalClip(set())).missing).toEqual([2]);
    await expect(api.openLocalClip(localClipSetId('http://elsewhere.test/', 'org/m', 'q8', DIM))).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('the map of the gallery waits for the whole set, then places every item by its own vector', async () => {
    const { api } = await worker(manifest(6));
    await api.openLocalClip(set());
    const key = localClipSetKey(set());
    await api.addLocalClip(key, [5, 1, 3], [5, 1, 3].map(itemVector));
    await expect(api.map({ gallery: true }, 'clip', { clusters: 2 })).rejects.toThrow(/still being made in this browser \(3 of 6\)/);
    await api.addLocalClip(key, [0, 2, 4], [0, 2, 4].map(itemVector));
    const map = await api.map({ gallery: true }, 'clip', { clusters: 2 });
    expect(map.count).toBe(6);
    expect(Array.from(map.indices)).toEqual([5, 1, 3, 0, 2, 4]);
    expect(map.ids).toEqual(['t/5', 't/1', 't/3', 't/0', 't/2', 't/4']);
  });

  it('a gallery that ships vectors of the open model is searched with those, not the local set', async () => {
    const { api } = await worker(manifest(3, { model: 'org/m' }));
    await api.openLocalClip(set('org/m'));
    await api.addLocalClip(localClipSetKey(set('org/m')), [0], [itemVector(0)]);
    // the shipped file is missing here, so the search fails on it: proof the local set was not used
    await expect(api.query({ text: itemVector(0), images: [] }, clipOptions)).rejects.toMatchObject({ code: 'network' });
  });
});

describe('the IndexedDB shelf', () => {
  it('stores batches per set and reads back only well-formed vectors of that set', async () => {
    const db = new GalleryClipDb(`test-gallery-clip-${Math.random()}`);
    await db.put('a', [{ id: 't/0', vector: itemVector(0) }, { id: 't/1', vector: itemVector(1) }]);
    await db.put('b', [{ id: 't/0', vector: itemVector(2) }]);
    await db.put('a', [{ id: 't/2', vector: new Float32Array(DIM + 2) }]);
    const a = await db.read('a', DIM);
    expect(a.map((r) => r.id).sort()).toEqual(['t/0', 't/1']);
    expect(Array.from(a.find((r) => r.id === 't/0')!.vector)).toEqual(Array.from(itemVector(0)));
    expect(await db.count('a')).toBe(3);
    expect((await db.read('b', DIM)).map((r) => r.id)).toEqual(['t/0']);
    await db.close();
  });
});
