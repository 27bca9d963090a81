import { describe, expect, it } from 'vitest';
import { english } from '../../src/lib/messages/english.ts';
import { rankingText } from '../../src/lib/messages/ranking.ts';
import { getEngine } from '../../src/lib/engines/registry.ts';
import { encodeVectors } from '../../src/lib/format/vectors.ts';
import type { GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import type { ImageRecord } from '../../src/lib/collections/types.ts';
import { mulberry32 } from '../../src/lib/random.ts';
import type { SearchEvent } from '../../src/protocol/search.ts';
import { createSearchApi } from '../../workers/search/api.ts';
import { searchItem } from '../fixtures/search-queries.ts';

const GALLERY = 'http://gallery.test/gallery/';
const classic = getEngine('classic');

/** n gallery items in two groups (around two directions), classic vectors only. */
function fakeGallery(n = 40) {
  const rand = mulberry32(4);
  const rows = new Float32Array(n * classic.dim);
  for (let i = 0; i < n; i++) {
    const o = i * classic.dim;
    rows[o + (i < n / 2 ? 0 : 1)] = 1;
    for (let j = 2; j < 12; j++) rows[o + j] = 0.05 * rand();
  }
  const file = encodeVectors({ engine: 'classic', engineVersion: classic.version, dim: classic.dim, dtype: 'f32' }, rows);
  const manifest: GalleryManifest = {
    formatVersion: 1,
    title: 'test',
    items: Array.from({ length: n }, (_, i) => ({ id: `t/${i}`, file: `images/${i}.png`, name: `item ${i}`, category: 'c', subcategory: 's', source: 'x' })),
    sources: {},
    engines: { classic: { file: 'vectors/classic.ivec', version: classic.version, dim: classic.dim, dtype: 'f32', bytes: file.length } },
  };
  const fetcher = async (url: string) => {
    const path = url.slice(GALLERY.length);
    if (path === 'manifest.json') return new Response(JSON.stringify(manifest));
    if (path === 'vectors/classic.ivec') return new Response(file as Uint8Array<ArrayBuffer>);
    return new Response('not found', { status: 404 });
  };
  return { manifest, fetcher, rows };
}

function record(path: string, hot: number, hash = path, extra = 0): ImageRecord {
  const v = new Float32Array(classic.dim);
  v[hot] = 1;
  v[20] = extra;
  return { collection: 'mine', path, size: 1000 + hot, mtime: 1, hash, format: 'jpeg', width: 64, height: 48, thumb: new Blob([]), classic: v, added: 1 };
}

describe('search worker: map', () => {
  it('maps the gallery for an engine: coordinates, 12 clusters at most, ids, progress, and a cache', async () => {
    const g = fakeGallery();
    const api = createSearchApi(g.fetcher);
    const events: SearchEvent[] = [];
    await api.init(GALLERY, (e) => events.push(e));
    const m = await api.map({ gallery: true }, 'classic', { clusters: 2 });
    expect(m.count).toBe(40);
    expect(m.x).toHaveLength(40);
    expect(m.ids[3]).toBe('t/3');
    expect(Array.from(m.indices.slice(0, 3))).toEqual([0, 1, 2]);
    expect(m.clusters.map((c) => c.size)).toEqual([20, 20]);
    // The two groups are apart along x and each is one cluster.
    expect(new Set(Array.from(m.cluster.slice(0, 20))).size).toBe(1);
    expect(m.cluster[0]).not.toBe(m.cluster[39]);
    expect(Math.sign(m.x[0])).not.toBe(Math.sign(m.x[39]));
    expect(m.query).toBeUndefined();
    const phases = events.filter((e) => e.type === 'map-progress').map((e) => (e.type === 'map-progress' ? e.phase : ''));
    expect(phases).toEqual(expect.arrayContaining(['vectors', 'pca', 'clusters', 'layout']));
    const again = await api.map({ gallery: true }, 'classic', { clusters: 2 });
    expect(again.ms).toBe(0);
    expect(Array.from(again.x)).toEqual(Array.from(m.x));
  });

  it('places the query vector it is given with the same PCA, and none when given none', async () => {
    const g = fakeGallery();
    const api = createSearchApi(g.fetcher);
    await api.init(GALLERY);
    const searched = await searchItem(api, 5, { engine: 'classic', measure: 'cosine', k: 3 });
    const m = await api.map({ gallery: true }, 'classic', { query: searched.query });
    expect(m.query?.x).toBeCloseTo(m.x[5], 4);
    expect(m.query?.y).toBeCloseTo(m.y[5], 4);
    expect((await api.map({ gallery: true }, 'classic')).query).toBeUndefined();
    // the worker keeps no query of its own: a later search does not move the map's query
    const other = await searchItem(api, 9, { engine: 'classic', measure: 'cosine', k: 3 });
    const again = await api.map({ gallery: true }, 'classic', { query: searched.query });
    expect(again.query?.x).toBeCloseTo(m.x[5], 4);
    expect((await api.map({ gallery: true }, 'classic', { query: other.query })).query?.x).toBeCloseTo(m.x[9], 4);
    // a vector of another length (another engine's) is not placed; a vector that is not one is refused
    expect((await api.map({ gallery: true }, 'classic', { query: new Float32Array(3) })).query).toBeUndefined();
    await expect(api.map({ gallery: true }, 'classic', { query: [1, 2] as unknown as Float32Array })).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.map({ gallery: true }, 'pixels')).rejects.toMatchObject({ code: 'vectors-format' });
  });

  it('maps a collection (paths as ids, image indices), rejects raw pixels and bad sources', async () => {
    const api = createSearchApi(fakeGallery().fetcher, async () => [record('a.jpg', 0), record('b/c.jpg', 1), record('d.jpg', 0, 'x', 0.1)]);
    await api.init(GALLERY);
    const m = await api.map({ collection: 'mine', revision: 1 }, 'classic');
    expect(m.ids).toEqual(['a.jpg', 'b/c.jpg', 'd.jpg']);
    expect(Array.from(m.indices)).toEqual([0, 1, 2]);
    expect(m.clusters.length).toBeLessThanOrEqual(3);
    await expect(api.map({ collection: 'mine' }, 'pixels')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.map({ collection: 'mine' }, 'clip')).rejects.toMatchObject({ code: 'bad-request' });
    await expect(api.map({} as never, 'classic')).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('search worker: the map shows the spectral index\'s clusters', () => {
  it('clustering "spectral" draws the clusters the cluster search mode routes with, each with its medoid', async () => {
    const g = fakeGallery(60);
    const api = createSearchApi(g.fetcher);
    const events: SearchEvent[] = [];
    await api.init(GALLERY, (e) => events.push(e));
    const kmeans = await api.map({ gallery: true }, 'classic', { clusters: 2 });
    expect(kmeans.clustering).toBe('kmeans');
    const m = await api.map({ gallery: true }, 'classic', { clustering: 'spectral' });
    expect(m.clustering).toBe('spectral');
    expect(events.some((e) => e.type === 'map-progress' && e.phase === 'spectral')).toBe(true);
    // every point is in one cluster, sizes add up, and each medoid belongs to its own cluster
    expect(m.clusters.reduce((s, c) => s + c.size, 0)).toBe(60);
    m.clusters.forEach((c, j) => expect(m.cluster[c.medoid]).toBe(j));
    // the two groups of the data never share a spectral cluster
    for (let i = 0; i < 30; i++) for (let j = 30; j < 60; j++) expect(m.cluster[i]).not.toBe(m.cluster[j]);
    // the search mode then routes with the same index: no second build
    const before = events.filter((e) => e.type === 'index-progress').length;
    const r = await searchItem(api, 3, { engine: 'classic', measure: 'cosine', k: 5, index: 'cluster' });
    expect(r.method?.map((step) => english(rankingText(step))).join(' + ')).toMatch(/spectral/);
    expect(events.filter((e) => e.type === 'index-progress').length).toBe(before);
    await expect(api.map({ gallery: true }, 'classic', { clustering: 'magic' as never })).rejects.toMatchObject({ code: 'bad-request' });
  }, 30_000);
});

describe('search worker: duplicates', () => {
  it('groups byte-identical files and near-identical vectors; the threshold moves the line', async () => {
    const records = [
      record('a.jpg', 0, 'same'), record('x/copy of a.jpg', 5, 'same'), // identical bytes, vectors disagree
      record('b.jpg', 1), record('b-small.jpg', 1, 'b2', 0.12), // cosine ≈ 0.993
      record('c.jpg', 2), record('d.jpg', 3),
    ];
    let reads = 0;
    const api = createSearchApi(fakeGallery().fetcher, async () => { reads++; return records; });
    const events: SearchEvent[] = [];
    await api.init(GALLERY, (e) => events.push(e));
    const r = await api.duplicates('mine', { revision: 7 });
    expect(r.threshold).toBe(0.985);
    expect(r.count).toBe(6);
    expect(r.groups.map((g) => g.items.map((i) => i.path))).toEqual([['a.jpg', 'x/copy of a.jpg'], ['b.jpg', 'b-small.jpg']]);
    expect(r.groups[0].identical).toBe(true);
    expect(r.groups[0].items[1]).toMatchObject({ index: 1, width: 64, height: 48, bytes: 1005, similarity: 1 });
    expect(r.groups[1].identical).toBe(false);
    expect(r.groups[1].items[1].similarity).toBeCloseTo(1 / Math.sqrt(1 + 0.12 ** 2), 4);
    // Tiers, and a suggested keeper per group with its reason (src/lib/duplicates/keeper.ts).
    expect(r.groups.map((g) => g.tier)).toEqual(['identical', 'similar']);
    for (const g of r.groups) expect(g.items[g.keeper.index]).toBeDefined();
    expect(r.groups[0].keeper.reason).toMatch(/^(oldest|first)$/); // identical files: same size and bytes
    expect(events.some((e) => e.type === 'map-progress' && e.task === 'duplicates')).toBe(true);

    const strict = await api.duplicates('mine', { revision: 7, threshold: 0.999 });
    expect(strict.groups).toHaveLength(1);
    expect(reads).toBe(1); // the neighbour lists were reused
    await api.duplicates('mine', { revision: 8 });
    expect(reads).toBe(2);
  });
});
