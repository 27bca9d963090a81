/**
 * "Verify matches" through the search worker's API (workers/search/verify.ts): the top results
 * of an image query are checked by local features against the query image and re-ranked, the
 * verified ones first with the transform named; their features are cached.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBytes } from '../../scripts/lib/decode-node.ts';
import { syntheticPhoto } from '../../scripts/lib/synthetic-photos.ts';
import { getEngine } from '../../src/lib/engines/registry.ts';
import { encodeVectors } from '../../src/lib/format/vectors.ts';
import type { GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import type { ImageRecord } from '../../src/lib/collections/types.ts';
import { createSearchApi } from '../../workers/search/api.ts';
import type { ImageDecoder } from '../../workers/search/verify.ts';
import { renderText } from '../../src/lib/i18n/catalog.ts';
import { english } from '../../src/lib/messages/english.ts';

const GALLERY = 'http://gallery.test/gallery/';
const classic = getEngine('classic');

/** The Node decoder (sharp) standing in for createImageBitmap, with the file's real size. */
const decode: ImageDecoder = async (bytes, name) => {
  const meta = await sharp(bytes).metadata();
  return { raster: await decodeBytes(bytes, name), width: meta.width ?? 0, height: meta.height ?? 0 };
};

let photo: Buffer;
let files: Record<string, Uint8Array>;

/**
 * Four gallery images. Their classic vectors are made so that the plain ranking of a query
 * vector along axis 0 is: 0 an unrelated photo, 1 the query mirrored, 2 another unrelated
 * photo, 3 the query cropped.
 */
function gallery() {
  const n = 4;
  const rows = new Float32Array(n * classic.dim);
  [1, 0.9, 0.8, 0.7].forEach((s, i) => { rows[i * classic.dim] = s; rows[i * classic.dim + 1 + i] = Math.sqrt(1 - s * s); });
  const all: Record<string, Uint8Array> = { ...files, 'vectors/classic.ivec': encodeVectors({ engine: 'classic', engineVersion: classic.version, dim: classic.dim, dtype: 'f32' }, rows) };
  const manifest: GalleryManifest = {
    formatVersion: 1,
    title: 'test',
    items: Array.from({ length: n }, (_, i) => ({ id: `t/${i}`, file: `images/${i}.jpg`, name: `item ${i}`, category: 'c', subcategory: 's', source: 'x' })),
    sources: {},
    engines: { classic: { file: 'vectors/classic.ivec', version: classic.version, dim: classic.dim, dtype: 'f32', bytes: all['vectors/classic.ivec'].length } },
  };
  const requests: string[] = [];
  const fetcher = async (url: string) => {
    requests.push(url);
    const path = url.slice(GALLERY.length);
    if (path === 'manifest.json') return new Response(JSON.stringify(manifest));
    const body = all[path];
    return body ? new Response(body as Uint8Array<ArrayBuffer>) : new Response('not found', { status: 404 });
  };
  return { fetcher, requests };
}

beforeAll(async () => {
  photo = await syntheticPhoto(5, 640, 480);
  files = {
    'images/0.jpg': await syntheticPhoto(201, 640, 480),
    'images/1.jpg': await sharp(photo).flop().jpeg({ quality: 80 }).toBuffer(),
    'images/2.jpg': await syntheticPhoto(202, 640, 480),
    'images/3.jpg': await sharp(photo).extract({ left: 64, top: 48, width: 512, height: 384 }).jpeg({ quality: 80 }).toBuffer(),
  };
});

const axis0 = () => { const q = new Float32Array(classic.dim); q[0] = 1; return q; };

describe('verify matches', () => {
  it('puts the verified copies of the query image first, each with what was done to it', async () => {
    const g = gallery();
    const api = createSearchApi(g.fetcher, async () => [], undefined, undefined, decode);
    await api.init(GALLERY);
    const plain = await api.query({ images: [{ vector: axis0() }] }, { engine: 'classic', measure: 'cosine', k: 4 });
    expect(plain.hits.map((h) => h.index)).toEqual([0, 1, 2, 3]);
    expect(plain.verification).toBeUndefined();

    const source = new Blob([photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' });
    const r = await api.query({ images: [{ vector: axis0(), source }] }, { engine: 'classic', measure: 'cosine', k: 4, verify: true });
    // Verified first (most inliers first), then the others in their first order.
    expect(r.hits.slice(0, 2).map((h) => h.index).sort()).toEqual([1, 3]);
    expect(r.hits.slice(2).map((h) => h.index)).toEqual([0, 2]);
    expect(r.hits.find((h) => h.index === 1)?.verified?.words).toEqual(['mirrored']);
    expect(r.hits.find((h) => h.index === 3)?.verified?.words).toEqual(['cropped']);
    expect(r.hits.filter((h) => h.verified)).toHaveLength(2);
    expect(r.verification).toMatchObject({ checked: 4, verified: 2, unreadable: 0 });
  });

  it('keeps fewer results than it verified when fewer are asked for', async () => {
    const g = gallery();
    const api = createSearchApi(g.fetcher, async () => [], undefined, undefined, decode);
    await api.init(GALLERY);
    const source = new Blob([photo as Uint8Array<ArrayBuffer>]);
    const r = await api.query({ images: [{ vector: axis0(), source }] }, { engine: 'classic', measure: 'cosine', k: 1, verify: true });
    expect(r.hits).toHaveLength(1);
    expect(r.hits[0].verified).toBeDefined();
    expect(r.verification?.checked).toBe(4);
  });

  it('verifies against a gallery item used as the query, and reads each image once (cached features)', async () => {
    const g = gallery();
    const api = createSearchApi(g.fetcher, async () => [], undefined, undefined, decode);
    await api.init(GALLERY);
    const options = { engine: 'classic', measure: 'cosine', k: 4, verify: true } as const;
    const r = await api.query({ images: [{ item: 1 }] }, options);
    // Item 1 is the query mirrored: itself is "same", the crop is a mirrored crop of it.
    expect(r.hits[0]).toMatchObject({ index: 1, verified: { words: ['same'] } });
    expect(r.hits.find((h) => h.index === 3)?.verified?.words).toEqual(['cropped', 'mirrored']);
    const images = () => g.requests.filter((u) => u.includes('/images/')).length;
    expect(images()).toBe(4);
    await api.query({ images: [{ item: 3 }] }, options);
    // The results' features are cached; the new query's picture is read once more, for its
    // half-turned classic vector (ranked too before the checks), and that vector is kept.
    expect(images()).toBe(5);
    await api.query({ images: [{ item: 3 }] }, options);
    expect(images()).toBe(5);
  });

  it('leaves an image it cannot read where it was, unverified, and says so', async () => {
    const g = gallery();
    const broken = async (url: string) => (url.endsWith('images/1.jpg') ? new Response('gone', { status: 404 }) : g.fetcher(url));
    const api = createSearchApi(broken, async () => [], undefined, undefined, decode);
    await api.init(GALLERY);
    const r = await api.query({ images: [{ item: 3 }] }, { engine: 'classic', measure: 'cosine', k: 4, verify: true });
    expect(r.verification?.unreadable).toBe(1);
    expect(r.hits.find((h) => h.index === 1)?.verified).toBeUndefined();
  });

  it('ranks as usual, and says why, when the query has no image to compare with', async () => {
    const g = gallery();
    const api = createSearchApi(g.fetcher, async () => [], undefined, undefined, decode);
    await api.init(GALLERY);
    const r = await api.query({ images: [{ vector: axis0() }] }, { engine: 'classic', measure: 'cosine', k: 4, verify: true });
    expect(r.hits.map((h) => h.index)).toEqual([0, 1, 2, 3]);
    expect(r.verification).toBeUndefined();
    expect(r.notes!.map(english)).toEqual(['matches were not verified: the query has no image file to compare with']);
    expect(renderText('vi', r.notes![0])).not.toBe(english(r.notes![0]));
  });
});

describe('the duplicate finder confirms near-duplicate groups', () => {
  it('sorts groups into identical files, verified near-duplicates (with the edit) and similar images', async () => {
    const thumb = async (b: Buffer) => new Blob([(await sharp(b).resize(192).jpeg({ quality: 80 }).toBuffer()) as Uint8Array<ArrayBuffer>]);
    const other = await syntheticPhoto(301, 640, 480), third = await syntheticPhoto(302, 640, 480);
    /** classic vectors: one hot axis per group, `extra` moves an image a little off it */
    const record = async (path: string, bytes: Buffer, axis: number, hash = path, extra = 0): Promise<ImageRecord> => {
      const v = new Float32Array(classic.dim);
      v[axis] = 1;
      v[40] = extra;
      return { collection: 'mine', path, size: bytes.length, mtime: 1, hash, format: 'jpeg', width: 640, height: 480, thumb: await thumb(bytes), classic: v, added: 1 };
    };
    const records = [
      await record('a.jpg', photo, 0), await record('a-mirrored.jpg', await sharp(photo).flop().jpeg().toBuffer(), 0, 'am', 0.05),
      await record('b.jpg', other, 1), await record('c.jpg', third, 1, 'c', 0.05), // close vectors, different pictures
      await record('d.jpg', other, 2, 'same'), await record('copy of d.jpg', other, 2, 'same'),
    ];
    const api = createSearchApi(gallery().fetcher, async () => records, undefined, undefined, decode);
    await api.init(GALLERY);
    const r = await api.duplicates('mine', { revision: 1 });
    expect(r.groups.map((g) => [g.tier, g.items.map((i) => i.path)])).toEqual([
      ['identical', ['d.jpg', 'copy of d.jpg']],
      ['verified', ['a.jpg', 'a-mirrored.jpg']],
      ['similar', ['b.jpg', 'c.jpg']],
    ]);
    expect(r.groups[1].items[1].verified?.words).toEqual(['mirrored']);
    expect(r.groups[2].items[1].verified).toBeUndefined();
  });
});
