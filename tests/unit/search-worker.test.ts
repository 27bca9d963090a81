import { describe, expect, it, vi } from 'vitest';
import { buildIvf, decodeIvf, encodeIvf, IVF_VERSION } from '../../src/lib/ann/ivf.ts';
import { getEngine } from '../../src/lib/engines/registry.ts';
import type { SearchEngineId } from '../../src/lib/engines/types.ts';
import { decodeVectors, encodeVectors } from '../../src/lib/format/vectors.ts';
import type { GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import type { ImageRecord } from '../../src/lib/collections/types.ts';
import type { SearchEvent } from '../../src/protocol/search.ts';
import { createSearchApi, rowOf } from '../../workers/search/api.ts';
import { searchItem, searchVector } from '../fixtures/search-queries.ts';
import { renderText } from '../../src/lib/i18n/catalog.ts';
import { english } from '../../src/lib/messages/english.ts';
import { rankingText } from '../../src/lib/messages/ranking.ts';
import type { WorkerError } from '../../src/protocol/errors.ts';
import type { SearchResult } from '../../src/protocol/search.ts';

/** How a search ranked, as the page says it in English. */
const ranked = (r: SearchResult) => (r.method ?? []).map((step) => english(rankingText(step))).join(' + ');

const GALLERY = 'http://gallery.test/gallery/';
const classic = getEngine('classic');
const pixels = getEngine('pixels');

/** Four items; classic vectors are one-hot-ish so rankings are predictable. */
function fakeGallery(overrides: { classicBytes?: Uint8Array } = {}) {
  const n = 4;
  const classicRows = new Float32Array(n * classic.dim);
  for (let i = 0; i < n; i++) { classicRows[i * classic.dim + i] = 1; classicRows[i * classic.dim + ((i + 1) % classic.dim)] = 0.5; }
  const pixelRows = new Float32Array(n * pixels.dim);
  for (let i = 0; i < pixelRows.length; i++) pixelRows[i] = ((i * 7) % 255) / 255;
  const files: Record<string, Uint8Array> = {
    'vectors/classic.ivec': overrides.classicBytes ?? encodeVectors({ engine: 'classic', engineVersion: classic.version, dim: classic.dim, dtype: 'f32' }, classicRows),
    'vectors/pixels.ivec': encodeVectors({ engine: 'pixels', engineVersion: pixels.version, dim: pixels.dim, dtype: 'u8' }, pixelRows),
  };
  const manifest: GalleryManifest = {
    formatVersion: 1,
    title: 'test',
    items: Array.from({ length: n }, (_, i) => ({ id: `t/${i}`, file: `images/${i}.png`, name: `item ${i}`, category: 'c', subcategory: 's', source: 'x' })),
    sources: {},
    engines: {
      classic: { file: 'vectors/classic.ivec', version: classic.version, dim: classic.dim, dtype: 'f32', bytes: files['vectors/classic.ivec'].length },
      pixels: { file: 'vectors/pixels.ivec', version: pixels.version, dim: pixels.dim, dtype: 'u8', bytes: files['vectors/pixels.ivec'].length },
    },
  };
  const requests: string[] = [];
  const fetcher = async (url: string) => {
    requests.push(url);
    const path = url.slice(GALLERY.length);
    if (path === 'manifest.json') return new Response(JSON.stringify(manifest));
    const body = files[path];
    return body ? new Response(body as Uint8Array<ArrayBuffer>) : new Response('not found', { status: 404 });
  };
  return { manifest, fetcher, requests, pixelRows };
}

describe('search worker api', () => {
  it('loads the manifest, then an engine lazily with progress, and ranks', async () => {
    const g = fakeGallery();
    const api = createSearchApi(g.fetcher);
    const events: SearchEvent[] = [];
    const m = await api.init(GALLERY, (e) => events.push(e));
    expect(m.items).toHaveLength(4);
    expect(g.requests).toEqual([`${GALLERY}manifest.json`]); // no vectors until asked

    const q = new Float32Array(classic.dim);
    q[2] = 1;
    const r = await searchVector(api, q, { engine: 'classic', measure: 'cosine', k: 2 });
    expect(r.hits.map((h) => h.id)).toEqual(['t/2', 't/1']);
    expect(r.hits[0].index).toBe(2);
    expect(r.scanned).toBe(4);
    expect(events[0]).toMatchObject({ type: 'vectors-loading', engine: 'classic', loaded: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'vectors-ready', engine: 'classic', count: 4 });
    expect(g.requests.filter((u) => u.endsWith('.ivec'))).toEqual([`${GALLERY}vectors/classic.ivec`]);
  });

  it('a gallery item as the query uses its stored vector (u8 rows scaled back)', async () => {
    const g = fakeGallery();
    const api = createSearchApi(g.fetcher);
    await api.init(GALLERY);
    const r = await searchItem(api, 3, { engine: 'pixels', measure: 'l2', k: 4 });
    expect(r.hits[0]).toMatchObject({ id: 't/3', index: 3 });
    expect(r.hits[0].score).toBeCloseTo(0, 6);
  });

  it('latest request wins: an overtaken search is dropped as superseded', async () => {
    const g = fakeGallery();
    const api = createSearchApi(g.fetcher);
    await api.init(GALLERY);
    const q = new Float32Array(classic.dim).fill(1);
    const first = searchVector(api, q, { engine: 'classic', measure: 'l1', k: 3 });
    const second = searchVector(api, q, { engine: 'classic', measure: 'l2', k: 3 });
    await expect(first).rejects.toMatchObject({ code: 'superseded' });
    await expect(second).resolves.toMatchObject({ measure: 'l2' });
  });

  it('refuses gallery vectors with a NaN, naming the file, instead of scoring that row as 0', async () => {
    const rows = new Float32Array(4 * classic.dim).fill(0.1);
    rows[2 * classic.dim + 7] = Number.NaN;
    const g = fakeGallery({ classicBytes: encodeVectors({ engine: 'classic', engineVersion: classic.version, dim: classic.dim, dtype: 'f32' }, rows) });
    const api = createSearchApi(g.fetcher);
    await api.init(GALLERY, () => {});
    const error = await searchVector(api, new Float32Array(classic.dim).fill(1), { engine: 'classic', measure: 'cosine', k: 2 }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringMatching(/vectors\/classic\.ivec: row 2 has the value NaN \(vectors must be finite numbers\)/) });
  });

  it('reports a vector file with a bad header as a typed error, and can retry', async () => {
    const g = fakeGallery({ classicBytes: new TextEncoder().encode('definitely not a vector file, '.repeat(10)) });
    const api = createSearchApi(g.fetcher);
    const events: SearchEvent[] = [];
    await api.init(GALLERY, (e) => events.push(e));
    await expect(api.prepare('classic')).rejects.toMatchObject({ code: 'vectors-format', message: expect.stringContaining('bad magic') });
    expect(events.at(-1)).toMatchObject({ type: 'vectors-failed', engine: 'classic', error: { code: 'vectors-format' } });
    await expect(api.prepare('classic')).rejects.toMatchObject({ code: 'vectors-format' });
    expect(g.requests.filter((u) => u.endsWith('classic.ivec'))).toHaveLength(2); // a failed load is not cached
  });

  it('rejects vectors from another engine version with a clear message', async () => {
    const rows = new Float32Array(4 * classic.dim);
    const stale = encodeVectors({ engine: 'classic', engineVersion: classic.version + 1, dim: classic.dim, dtype: 'f32' }, rows);
    const api = createSearchApi(fakeGallery({ classicBytes: stale }).fetcher);
    await api.init(GALLERY);
    await expect(api.prepare('classic')).rejects.toMatchObject({ code: 'vectors-format', message: expect.stringMatching(/engine version .*rebuild/) });
  });

  it('rejects bad requests with typed errors', async () => {
    const api = createSearchApi(fakeGallery().fetcher);
    await expect(searchVector(api, new Float32Array(3), { engine: 'classic', measure: 'cosine', k: 5 })).rejects.toMatchObject({ code: 'bad-request' });
    await api.init(GALLERY);
    await expect(searchVector(api, new Float32Array(3), { engine: 'classic', measure: 'cosine', k: 5 })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('3 values') });
    await expect(searchItem(api, 99, { engine: 'classic', measure: 'cosine', k: 5 })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(searchVector(api, new Float32Array(classic.dim), { engine: 'nope' as never, measure: 'cosine', k: 5 })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('a missing manifest is a typed error naming the file', async () => {
    const api = createSearchApi(async () => new Response('no', { status: 404 }));
    await expect(api.init(GALLERY)).rejects.toMatchObject({ code: 'manifest', file: 'manifest.json' });
  });

  it.each([
    ['a vector file on another host', (m: GalleryManifest) => ({ ...m, engines: { ...m.engines, classic: { ...m.engines.classic!, file: 'https://evil.example/v.ivec' } } })],
    ['a vector file up a folder', (m: GalleryManifest) => ({ ...m, engines: { ...m.engines, classic: { ...m.engines.classic!, file: '../other/v.ivec' } } })],
    ['an IVF file on //host', (m: GalleryManifest) => ({ ...m, engines: { ...m.engines, classic: { ...m.engines.classic!, ivf: { file: '//evil.example/i.ivf', version: IVF_VERSION, nlist: 2, bytes: 1 } } } })],
    ['an image on another host', (m: GalleryManifest) => ({ ...m, items: m.items.map((it, i) => (i === 1 ? { ...it, file: 'https://evil.example/1.png' } : it)) })],
  ])('a manifest naming %s is refused with a clear error, and nothing more is requested', async (_, edit) => {
    const g = fakeGallery();
    const hostile = edit(g.manifest);
    const api = createSearchApi(async (url) => (url.endsWith('manifest.json') ? new Response(JSON.stringify(hostile)) : g.fetcher(url)));
    await expect(api.init(GALLERY)).rejects.toMatchObject({ code: 'manifest', message: expect.stringMatching(/which is not a file inside the gallery folder; nothing was downloaded from it$/) });
    await expect(api.prepare('classic')).rejects.toMatchObject({ code: 'manifest' });
    expect(g.requests).toEqual([]); // only manifest.json, served above
  });

  it('rowOf widens byte rows with the scale', () => {
    const m = { kind: 'u8' as const, dim: 2, count: 2, data: Uint8Array.of(0, 255, 10, 20), scale: 0.5 };
    expect(Array.from(rowOf(m, 1))).toEqual([5, 10]);
  });
});

describe('searching collections beside the gallery', () => {
  /** A collection of two photos; the second has a CLIP vector too. */
  function ownPhotos(): Map<string, ImageRecord[]> {
    const photo = (path: string, hot: number, clip?: Float32Array): ImageRecord => {
      const v = new Float32Array(classic.dim);
      v[hot] = 1;
      return { collection: 'mine', path, size: 1, mtime: 1, hash: path, format: 'jpeg', width: 10, height: 10, thumb: new Blob([]), classic: v, added: 1, ...(clip ? { clip } : {}) };
    };
    return new Map([['mine', [photo('a.jpg', 10), photo('sub/b.jpg', 11, Float32Array.of(0, 1))]]]);
  }

  it('ranks gallery and collection images in one list, each hit naming where it is from', async () => {
    const photos = ownPhotos();
    const api = createSearchApi(fakeGallery().fetcher, async (id) => photos.get(id) ?? []);
    await api.init(GALLERY);
    await api.setSources({ gallery: true, collections: [{ id: 'mine', revision: 1 }] });
    const q = new Float32Array(classic.dim);
    q[11] = 1;
    q[2] = 0.5;
    const r = await searchVector(api, q, { engine: 'classic', measure: 'cosine', k: 3 });
    expect(r.hits.map((h) => [h.id, h.collection])).toEqual([['sub/b.jpg', 'mine'], ['t/2', undefined], ['t/1', undefined]]);
    expect(r.hits[0].index).toBe(1);
    expect(r.scanned).toBe(6);
  });

  it('"search with this image" works for a collection image, and the gallery can be left out', async () => {
    const photos = ownPhotos();
    const api = createSearchApi(fakeGallery().fetcher, async (id) => photos.get(id) ?? []);
    await api.init(GALLERY);
    await api.setSources({ gallery: false, collections: [{ id: 'mine', revision: 1 }] });
    const r = await api.query({ images: [{ item: 0, collection: 'mine' }] }, { engine: 'classic', measure: 'cosine', k: 5 });
    expect(r.hits.map((h) => h.id)).toEqual(['a.jpg', 'sub/b.jpg']);
    expect(r.hits[0].score).toBeCloseTo(1, 6);
  });

  it('CLIP searches only the images that have a CLIP vector; raw pixels do not search collections', async () => {
    const photos = ownPhotos();
    const api = createSearchApi(fakeGallery().fetcher, async (id) => photos.get(id) ?? []);
    await api.init(GALLERY);
    await api.setSources({ gallery: false, collections: [{ id: 'mine', revision: 1 }] });
    const r = await api.query({ text: Float32Array.of(0, 1), images: [] }, { engine: 'clip', measure: 'cosine', k: 5 });
    expect(r.hits.map((h) => [h.id, h.index])).toEqual([['sub/b.jpg', 1]]);
    await expect(searchVector(api, new Float32Array(pixels.dim), { engine: 'pixels', measure: 'l2', k: 5 })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('raw pixels') });
  });

  it('reads a collection again only when its revision changes', async () => {
    const photos = ownPhotos();
    let reads = 0;
    const api = createSearchApi(fakeGallery().fetcher, async (id) => { reads++; return photos.get(id) ?? []; });
    await api.init(GALLERY);
    await api.setSources({ gallery: true, collections: [{ id: 'mine', revision: 1 }] });
    await api.setSources({ gallery: false, collections: [{ id: 'mine', revision: 1 }] });
    expect(reads).toBe(1);
    await api.setSources({ gallery: false, collections: [{ id: 'mine', revision: 2 }] });
    expect(reads).toBe(2);
  });
});

/** n unit-ish classic vectors in `groups` tight groups along different axes (plus a small term on one of `spread` others), as a collection. */
function groupedCollection(id: string, n: number, groups: number, spread: number, small: number): Map<string, ImageRecord[]> {
  const records: ImageRecord[] = [];
  for (let i = 0; i < n; i++) {
    const v = new Float32Array(classic.dim);
    v[i % groups] = 1;
    v[groups + (i % spread)] = small;
    records.push({ collection: id, path: `p${i}.jpg`, size: 1, mtime: 1, hash: String(i), format: 'jpeg', width: 1, height: 1, thumb: new Blob([]), classic: v, added: 1 });
  }
  return new Map([[id, records]]);
}

describe('approximate index modes in the search worker', () => {
  const grouped = () => groupedCollection('g', 240, 6, 40, 0.05);
  const options = { engine: 'classic' as const, measure: 'cosine' as const, k: 20 };

  it('IVF and spectral clusters find the same best match as exact search, scanning fewer vectors', async () => {
    const photos = grouped();
    const api = createSearchApi(fakeGallery().fetcher, async (id) => photos.get(id) ?? []);
    await api.init(GALLERY);
    await api.setSources({ gallery: false, collections: [{ id: 'g', revision: 1 }] });
    const spec = { images: [{ item: 7, collection: 'g' }] };
    const exact = await api.query(spec, options);
    const ivf = await api.query(spec, { ...options, index: 'ivf', nprobe: 2 });
    const cluster = await api.query(spec, { ...options, index: 'cluster' });
    expect(ranked(exact)).toMatch(/exact/);
    expect(ranked(ivf)).toMatch(/IVF/);
    expect(ranked(cluster)).toMatch(/spectral/);
    for (const r of [ivf, cluster]) {
      expect(r.hits[0].score).toBeCloseTo(exact.hits[0].score, 5);
      expect(r.scanned).toBeLessThan(exact.scanned);
      expect(r.total).toBe(240); // out of how many: the collection's size, not the scanned count
    }
    expect(exact.total).toBe(exact.scanned);
  }, 60_000);

  it('approximate modes rank by cosine: another measure is searched exactly, and says so', async () => {
    const photos = grouped();
    const api = createSearchApi(fakeGallery().fetcher, async (id) => photos.get(id) ?? []);
    await api.init(GALLERY);
    await api.setSources({ gallery: false, collections: [{ id: 'g', revision: 1 }] });
    const r = await api.query({ images: [{ item: 3, collection: 'g' }] }, { ...options, measure: 'l2', index: 'ivf' });
    expect(ranked(r)).toMatch(/exact/);
    expect(english(r.notes![0])).toMatch(/ranks by cosine/);
    await expect(api.query({ images: [{ item: 3, collection: 'g' }] }, { ...options, index: 'magic' as never })).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('stored IVF indexes: built once, then read instead of rebuilt', () => {
  const cluster = () => groupedCollection('c', 120, 4, 30, 0.1);
  /** an in-memory IndexShelf that records what happens */
  function memoryShelf() {
    const kept = new Map<string, Uint8Array>();
    const log: string[] = [];
    const key = (c: string, e: string, r: number) => `${c}/${e}@${r}`;
    return {
      kept,
      log,
      shelf: {
        async load(c: string, e: SearchEngineId, r: number) { log.push(`load ${key(c, e, r)}`); return kept.get(key(c, e, r)); },
        async save(c: string, e: SearchEngineId, r: number, bytes: Uint8Array) { log.push(`save ${key(c, e, r)}`); kept.set(key(c, e, r), bytes); },
      },
    };
  }
  const ivfQuery = { engine: 'classic' as const, measure: 'cosine' as const, k: 5, index: 'ivf' as const };
  const progressOf = (events: SearchEvent[]) => events.filter((e) => e.type === 'index-progress');

  it('a collection\'s IVF index is saved when built and used by the next session of the worker, with the same results', async () => {
    const photos = cluster();
    const { shelf, kept, log } = memoryShelf();
    const first = createSearchApi(fakeGallery().fetcher, async (id) => photos.get(id) ?? [], shelf);
    const firstEvents: SearchEvent[] = [];
    await first.init(GALLERY, (e) => firstEvents.push(e));
    await first.setSources({ gallery: false, collections: [{ id: 'c', revision: 7 }] });
    const a = await first.query({ images: [{ item: 5, collection: 'c' }] }, ivfQuery);
    expect(progressOf(firstEvents).length).toBeGreaterThan(0); // built here
    await vi.waitFor(() => expect(kept.has('c/classic@7')).toBe(true));

    const second = createSearchApi(fakeGallery().fetcher, async (id) => photos.get(id) ?? [], shelf);
    const secondEvents: SearchEvent[] = [];
    await second.init(GALLERY, (e) => secondEvents.push(e));
    await second.setSources({ gallery: false, collections: [{ id: 'c', revision: 7 }] });
    const b = await second.query({ images: [{ item: 5, collection: 'c' }] }, ivfQuery);
    expect(progressOf(secondEvents)).toEqual([]); // not built again
    expect(b.hits).toEqual(a.hits);
    expect(b.scanned).toBe(a.scanned);
    expect(log.filter((l) => l.startsWith('save'))).toEqual(['save c/classic@7']);
  });

  it('a damaged stored index is rebuilt, and replaced on the shelf', async () => {
    const photos = cluster();
    const { shelf, kept } = memoryShelf();
    kept.set('c/classic@8', new TextEncoder().encode('not an index at all, not at all'));
    const api = createSearchApi(fakeGallery().fetcher, async (id) => photos.get(id) ?? [], shelf);
    const events: SearchEvent[] = [];
    await api.init(GALLERY, (e) => events.push(e));
    await api.setSources({ gallery: false, collections: [{ id: 'c', revision: 8 }] });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const r = await api.query({ images: [{ item: 2, collection: 'c' }] }, ivfQuery);
    warn.mockRestore();
    expect(r.hits[0].score).toBeCloseTo(1, 5);
    expect(progressOf(events).length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(decodeIvf(kept.get('c/classic@8')!).count).toBe(120));
  });

  it('the gallery\'s prebuilt IVF index (manifest `ivf`) is used instead of building one; a bad one is ignored', async () => {
    for (const damaged of [false, true]) {
      const g = fakeGallery();
      const rows = decodeVectors(await (await g.fetcher(`${GALLERY}vectors/classic.ivec`)).arrayBuffer().then((b) => new Uint8Array(b))).matrix;
      const ivfBytes = damaged ? new Uint8Array(40) : encodeIvf(buildIvf(rows, { nlist: 2, seed: 1 }));
      const manifest = { ...g.manifest, engines: { ...g.manifest.engines, classic: { ...g.manifest.engines.classic!, ivf: { file: 'vectors/classic.ivf', version: IVF_VERSION, nlist: 2, bytes: ivfBytes.length } } } };
      let ivfFetches = 0;
      const fetcher = async (url: string) => {
        if (url.endsWith('manifest.json')) return new Response(JSON.stringify(manifest));
        if (url.endsWith('classic.ivf')) { ivfFetches++; return new Response(ivfBytes as Uint8Array<ArrayBuffer>); }
        return g.fetcher(url);
      };
      const api = createSearchApi(fetcher);
      const events: SearchEvent[] = [];
      await api.init(GALLERY, (e) => events.push(e));
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const q = new Float32Array(classic.dim);
      q[1] = 1;
      await searchVector(api, q, { engine: 'classic', measure: 'cosine', k: 1 });
      expect(ivfFetches).toBe(0); // an exact search does not download the index
      const r = await searchVector(api, q, { engine: 'classic', measure: 'cosine', k: 1, index: 'ivf', nprobe: 2 });
      expect(warn.mock.calls.length > 0).toBe(damaged);
      warn.mockRestore();
      expect(r.hits[0].id).toBe('t/1');
      expect(progressOf(events).length > 0).toBe(damaged); // built only when the shipped one was unusable
      expect(ivfFetches).toBe(1);
    }
  });
});

describe('the sources the person chose', () => {
  it('never searches the demo gallery once it is unticked, even with no collection chosen', async () => {
    const g = fakeGallery();
    const api = createSearchApi(g.fetcher, async () => []);
    await api.init(GALLERY);
    await api.setSources({ gallery: false, collections: [] });
    const q = new Float32Array(classic.dim);
    q[2] = 1;
    await expect(searchVector(api, q, { engine: 'classic', measure: 'cosine', k: 2 })).rejects.toMatchObject({ code: 'bad-request', message: expect.stringContaining('nothing to search') });
    expect(g.requests.some((u) => u.endsWith('.ivec'))).toBe(false);
  });
});

describe('an engine whose vectors were never downloaded, offline', () => {
  it('says they are not available offline until downloaded once, and the other engines still search', async () => {
    const g = fakeGallery();
    let offline = true;
    const fetcher = async (url: string) => {
      if (offline && url.endsWith('pixels.ivec')) throw new TypeError('Failed to fetch');
      return g.fetcher(url);
    };
    const api = createSearchApi(fetcher);
    await api.init(GALLERY);
    const error = await searchVector(api, new Float32Array(pixels.dim), { engine: 'pixels', measure: 'l2', k: 2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network', message: expect.stringMatching(/^Raw pixels are not available offline until downloaded once/) });
    expect(renderText('en', (error as WorkerError).text)).toMatch(/^Raw pixels are not available offline/);
    const q = new Float32Array(classic.dim);
    q[1] = 1;
    expect((await searchVector(api, q, { engine: 'classic', measure: 'cosine', k: 1 })).hits[0].id).toBe('t/1');
    offline = false; // back online: the failed load was forgotten, raw pixels load now
    expect((await searchVector(api, new Float32Array(pixels.dim), { engine: 'pixels', measure: 'l2', k: 2 })).hits).toHaveLength(2);
  });
});
