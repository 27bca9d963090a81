import { describe, expect, it } from 'vitest';
import { getEngine } from '../../src/lib/engines/registry.ts';
import { encodeVectors } from '../../src/lib/format/vectors.ts';
import type { GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import type { ImageRecord } from '../../src/lib/collections/types.ts';
import { english } from '../../src/lib/messages/english.ts';
import { rankingText } from '../../src/lib/messages/ranking.ts';
import type { SearchResult } from '../../src/protocol/search.ts';
import { createSearchApi } from '../../workers/search/api.ts';
import { searchVector } from '../fixtures/search-queries.ts';

const GALLERY = 'http://gallery.test/gallery/';
const classic = getEngine('classic');
const ranked = (r: SearchResult) => (r.method ?? []).map((step) => english(rankingText(step))).join(' + ');
const day = (d: number) => new Date(2024, 0, d, 12).getTime();

/** A vector near axis 0, the closer the smaller `i` (so the unfiltered ranking is by i). */
function vector(i: number): Float32Array {
  const v = new Float32Array(classic.dim);
  v[0] = 1;
  v[1 + (i % (classic.dim - 1))] = 0.05 * (i + 1);
  return v;
}

/** Gallery: 6 items in two categories and two sources, ranked 0..5 for the query axis 0. */
function gallery() {
  const n = 6;
  const rows = new Float32Array(n * classic.dim);
  for (let i = 0; i < n; i++) rows.set(vector(i), i * classic.dim);
  const bytes = encodeVectors({ engine: 'classic', engineVersion: classic.version, dim: classic.dim, dtype: 'f32' }, rows);
  const manifest: GalleryManifest = {
    formatVersion: 1,
    title: 'test',
    items: Array.from({ length: n }, (_, i) => ({ id: `g/${i}`, file: `${i}.png`, name: `${i}`, category: i % 2 ? 'odd' : 'even', subcategory: 's', source: i < 3 ? 'noto' : 'twemoji' })),
    sources: {},
    engines: { classic: { file: 'c.ivec', version: classic.version, dim: classic.dim, dtype: 'f32', bytes: bytes.length } },
  };
  return async (url: string) => {
    const path = url.slice(GALLERY.length);
    if (path === 'manifest.json') return new Response(JSON.stringify(manifest));
    return path === 'c.ivec' ? new Response(bytes as Uint8Array<ArrayBuffer>) : new Response('', { status: 404 });
  };
}

/** A collection of 8 photos: folders a/ and b/, dates 1..8 January (photo 5 with an EXIF date of the 20th), jpeg and png. */
function photos(): ImageRecord[] {
  return Array.from({ length: 8 }, (_, i) => ({
    collection: 'mine',
    path: `${i < 4 ? 'a' : 'b'}/p${i}.${i % 2 ? 'png' : 'jpg'}`,
    size: 1,
    mtime: day(i + 1),
    ...(i === 5 ? { taken: day(20) } : {}),
    hash: String(i),
    format: i % 2 ? 'png' : 'jpeg',
    width: i % 3 === 0 ? 400 : 300,
    height: 300,
    thumb: new Blob([]),
    classic: vector(i + 6),
    added: 1,
  }));
}

async function api(withGallery: boolean) {
  const a = createSearchApi(gallery(), async () => photos());
  await a.init(GALLERY);
  await a.setSources({ gallery: withGallery, collections: [{ id: 'mine', revision: 1 }] });
  return a;
}

const axis = () => { const q = new Float32Array(classic.dim); q[0] = 1; return q; };

describe('filters in the search worker', () => {
  it('masks before top-k: k matching images come back, not k thinned afterwards', async () => {
    const a = await api(true);
    const plain = await searchVector(a, axis(), { engine: 'classic', measure: 'cosine', k: 3 });
    expect(plain.hits.map((h) => h.id)).toEqual(['g/0', 'g/1', 'g/2']);
    const r = await searchVector(a, axis(), { engine: 'classic', measure: 'cosine', k: 3, filters: { folders: ['b'] } });
    expect(r.hits.map((h) => h.id)).toEqual(['b/p4.jpg', 'b/p5.png', 'b/p6.jpg']);
    expect(ranked(r)).toContain('4 images match the filters');
  });

  it('combines conditions, and a gallery filter leaves out photos (they have no category)', async () => {
    const a = await api(true);
    const r = await searchVector(a, axis(), { engine: 'classic', measure: 'cosine', k: 10, filters: { types: ['png'], orientations: ['square'] } });
    expect(r.hits.map((h) => h.id)).toEqual(['a/p1.png', 'b/p5.png', 'b/p7.png']);
    const g = await searchVector(a, axis(), { engine: 'classic', measure: 'cosine', k: 10, filters: { categories: ['odd'], sources: ['twemoji'] } });
    expect(g.hits.map((h) => h.id)).toEqual(['g/3', 'g/5']);
  });

  it('scans a filtered source exactly even when an approximate index is asked for', async () => {
    const a = await api(false);
    const r = await searchVector(a, axis(), { engine: 'classic', measure: 'cosine', k: 2, index: 'ivf', filters: { folders: ['a'] } });
    expect(r.hits.map((h) => h.id)).toEqual(['a/p0.jpg', 'a/p1.png']);
    expect(ranked(r)).toMatch(/^exact/);
  });

  it('gives each photo hit its date taken (EXIF) or file date, for the date sort', async () => {
    const a = await api(false);
    const r = await searchVector(a, axis(), { engine: 'classic', measure: 'cosine', k: 8 });
    const dates = Object.fromEntries(r.hits.map((h) => [h.id, h.date]));
    expect(dates['b/p5.png']).toBe(day(20));
    expect(dates['a/p0.jpg']).toBe(day(1));
  });

  it('lists the filtered images with no query, newest or oldest first, at most k', async () => {
    const a = await api(true);
    const base = { engine: 'classic', measure: 'cosine', k: 3 } as const;
    const newest = await a.browse({ ...base, sort: 'newest', filters: { from: '2024-01-03' } });
    expect(newest.listing).toBe(true);
    expect(newest.hits.map((h) => h.id)).toEqual(['b/p5.png', 'b/p7.png', 'b/p6.jpg']);
    expect(newest.hits.every((h) => Number.isNaN(h.score))).toBe(true);
    const oldest = await a.browse({ ...base, sort: 'oldest', filters: { from: '2024-01-03' } });
    expect(oldest.hits.map((h) => h.id)).toEqual(['a/p2.jpg', 'a/p3.png', 'b/p4.jpg']);
    expect(ranked(oldest)).toBe('6 images match the filters + listed by date, oldest first');
    const relevance = await a.browse({ ...base, sort: 'relevance', filters: { sources: ['noto'] } });
    expect(relevance.hits.map((h) => h.id)).toEqual(['g/0', 'g/1', 'g/2']);
  });

  describe('the date sort of a query: the newest (oldest) of every image above the threshold', () => {
    // The photos rank p0 (best) … p7 for the query axis; their dates are the 1st … 8th of January
    // but p5, taken on the 20th. At a threshold of 0.85 p0 … p5 pass (p5 scores 0.857, p6 0.838).
    const base = { engine: 'classic', measure: 'cosine', k: 3 } as const;
    const ids = (r: SearchResult) => r.hits.map((h) => h.id);

    it('a photo ranked beyond k but above the threshold and newer than the k best comes first', async () => {
      const a = await api(false);
      const relevance = await searchVector(a, axis(), { ...base, threshold: 0.85 });
      expect(ids(relevance)).toEqual(['a/p0.jpg', 'a/p1.png', 'a/p2.jpg']); // the k best; the threshold is the page's
      const newest = await searchVector(a, axis(), { ...base, sort: 'newest', threshold: 0.85 });
      expect(ids(newest)).toEqual(['b/p5.png', 'b/p4.jpg', 'a/p3.png']); // 6th, 5th and 4th by score
      expect(newest.hits.every((h) => h.score >= 0.85)).toBe(true);
      const oldest = await searchVector(a, axis(), { ...base, sort: 'oldest', threshold: 0.85 });
      expect(ids(oldest)).toEqual(['a/p0.jpg', 'a/p1.png', 'a/p2.jpg']);
    });

    it('with no threshold, the k best come back in date order (the query still matters)', async () => {
      const a = await api(false);
      const r = await searchVector(a, axis(), { ...base, sort: 'newest' });
      expect(ids(r)).toEqual(['a/p2.jpg', 'a/p1.png', 'a/p0.jpg']);
    });

    it('says what the candidates were, for the threshold slider; a threshold above the best keeps the best', async () => {
      const a = await api(false);
      const r = await searchVector(a, axis(), { ...base, sort: 'newest', threshold: 0.85 });
      expect(r.pool?.count).toBe(8);
      expect(r.pool?.max).toBeCloseTo(1 / Math.hypot(1, 0.35), 5); // p0
      expect(r.pool?.min).toBeCloseTo(1 / Math.hypot(1, 0.7), 5); // p7
      expect((await searchVector(a, axis(), base)).pool).toBeUndefined(); // relevance: the results' own scores
      expect(ids(await searchVector(a, axis(), { ...base, sort: 'newest', threshold: 0.99 }))).toEqual(['a/p0.jpg']);
    });

    it('chooses among the images that pass the filters only; undated gallery items come after the dated photos', async () => {
      const b = await api(false);
      const r = await searchVector(b, axis(), { ...base, sort: 'newest', threshold: 0.85, filters: { folders: ['b'] } });
      expect(ids(r)).toEqual(['b/p5.png', 'b/p4.jpg']);
      expect(r.pool?.count).toBe(4);
      const mixed = await api(true);
      const all = await searchVector(mixed, axis(), { ...base, k: 8, sort: 'newest', threshold: 0.85 });
      // the six gallery items score above every photo, but have no date
      expect(ids(all)).toEqual(['b/p5.png', 'b/p4.jpg', 'a/p3.png', 'a/p2.jpg', 'a/p1.png', 'a/p0.jpg', 'g/0', 'g/1']);
    });
  });

  it('offers the facets of the selected sources', async () => {
    const a = await api(true);
    const f = await a.facets();
    expect(f.folders).toEqual([{ value: '', count: 8 }, { value: 'a', count: 4 }, { value: 'b', count: 4 }]);
    expect(f.types).toEqual([{ value: 'jpeg', count: 4 }, { value: 'png', count: 4 }]);
    expect(f.categories).toEqual([{ value: 'even', count: 3 }, { value: 'odd', count: 3 }]);
    expect(f.sources).toEqual([{ value: 'noto', count: 3 }, { value: 'twemoji', count: 3 }]);
    expect([f.firstDay, f.lastDay]).toEqual(['2024-01-01', '2024-01-20']);
  });
});
