/**
 * A collection's zip archive: what export writes (a servable gallery folder plus collection.json),
 * that import gives the same records back, and that import refuses a wrong archive by naming the
 * wrong file inside it.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ArchiveError, exportCollection, importCollection, MAX_UNPACKED_BYTES } from '../../src/lib/collections/archive.ts';
import type { CollectionRecord, ImageRecord, SkippedRecord } from '../../src/lib/collections/types.ts';
import { classicEngine } from '../../src/lib/engines/classic/index.ts';
import { decodeVectors, encodeVectors } from '../../src/lib/format/vectors.ts';
import { parseManifest } from '../../src/lib/gallery/manifest.ts';
import { editJson } from '../fixtures/hostile-archives.ts';

const CLIP = { version: 3, dim: 8, model: 'tiny-clip' };

/** Deterministic values, with -0 and a subnormal so "equal" means bit-equal. */
function vector(seed: number, dim: number): Float32Array {
  const v = Float32Array.from({ length: dim }, (_, i) => Math.sin(seed * 31 + i * 0.7) / (i + 1));
  v[0] = -0;
  v[1] = 1e-40;
  return v;
}

/** Real thumbnails (import checks their bytes), a different colour per seed. */
const THUMBS = await Promise.all([0, 1, 2].map(async (seed) => {
  const image = sharp({ create: { width: 192, height: 128 + seed, channels: 3, background: { r: 60 * seed, g: 90, b: 200 } } });
  return { 'image/webp': new Uint8Array(await image.clone().webp().toBuffer()), 'image/jpeg': new Uint8Array(await image.clone().jpeg().toBuffer()) };
}));

function thumb(seed: number, type: 'image/webp' | 'image/jpeg'): Blob {
  return new Blob([THUMBS[seed][type]], { type });
}

function fixture(withClip: boolean | 'partly' = true): { collection: CollectionRecord; images: ImageRecord[]; skipped: SkippedRecord[] } {
  const collection: CollectionRecord = {
    id: 'col-1',
    name: 'Holiday 2024',
    created: 1_700_000_000_000,
    updated: 1_700_000_900_000,
    engines: { classic: { version: classicEngine.version, dim: classicEngine.dim }, ...(withClip ? { clip: CLIP } : {}) },
    count: 3,
    skipped: 1,
    bytes: 12_345,
    state: 'ready',
    pending: 0,
    hasHandle: true,
  };
  const files = [
    { path: 'beach.jpg', format: 'jpeg', type: 'image/jpeg' },
    { path: 'day 2/sea/waves.png', format: 'png', type: 'image/webp' },
    { path: 'day 2/dune.webp', format: 'webp', type: 'image/webp' },
  ] as const;
  const images = files.map((f, i): ImageRecord => ({
    collection: 'col-1',
    path: f.path,
    size: 10_000 + i,
    mtime: 1_690_000_000_000 + i,
    hash: `${i}`.repeat(64),
    format: f.format,
    width: 4000 - i,
    height: 3000 + i,
    thumb: thumb(i, f.type),
    classic: vector(i, classicEngine.dim),
    ...(withClip === true || (withClip === 'partly' && i > 0) ? { clip: vector(100 + i, CLIP.dim) } : {}),
    added: 1_700_000_100_000 + i,
  }));
  const skipped: SkippedRecord[] = [
    { collection: 'col-1', path: 'notes/todo.txt', size: 12, mtime: 1_690_000_000_000, code: 'not-an-image', message: 'This file is not an image.' },
  ];
  return { collection, images, skipped };
}

const target = { id: 'col-imported', now: 1_800_000_000_000 };

const bits = (v: Float32Array | undefined) => (v ? Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) : undefined);
const bytesOf = async (b: Blob) => Array.from(new Uint8Array(await b.arrayBuffer()));

/** Exports the fixture, lets `edit` change the unzipped entries, and zips them again. */
async function tampered(edit: (files: Unzipped) => void): Promise<Uint8Array> {
  const { collection, images, skipped } = fixture();
  const files = unzipSync(await exportCollection(collection, images, skipped));
  edit(files);
  return zipSync(files);
}

async function rejection(zip: Uint8Array): Promise<ArchiveError> {
  const error: unknown = await importCollection(zip, target).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ArchiveError);
  expect((error as ArchiveError).name).toBe('ArchiveError');
  return error as ArchiveError;
}

describe('collection archive round trip', () => {
  it.each([
    ['with clip vectors', true],
    ['without clip vectors', false],
    ['with clip vectors for only some images (clip is left out)', 'partly'],
  ] as const)('import gives back what was exported, %s', async (_, withClip) => {
    const original = fixture(withClip);
    const zip = await exportCollection(original.collection, original.images, original.skipped);
    const back = await importCollection(zip, target);

    const clipKept = withClip === true;
    const thumbBytes = original.images.reduce((n, i) => n + i.thumb.size, 0), vectorBytes = 3 * 4 * (classicEngine.dim + (clipKept ? CLIP.dim : 0));
    expect(back.collection).toEqual({
      ...original.collection,
      id: target.id,
      updated: target.now,
      hasHandle: false,
      bytes: thumbBytes + vectorBytes,
    });
    expect(back.skipped).toEqual(original.skipped.map((s) => ({ ...s, collection: target.id })));

    expect(back.images).toHaveLength(original.images.length);
    for (const [i, image] of back.images.entries()) {
      const { thumb, classic, clip, ...rest } = original.images[i];
      const { thumb: gotThumb, classic: gotClassic, clip: gotClip, ...gotRest } = image;
      expect(gotRest).toEqual({ ...rest, collection: target.id });
      expect(bits(gotClassic)).toEqual(bits(classic));
      expect(bits(gotClip)).toEqual(clipKept ? bits(clip) : undefined);
      expect(gotThumb.type).toBe(thumb.type);
      expect(await bytesOf(gotThumb)).toEqual(await bytesOf(thumb));
    }
  });

  it('gives every image a vector of its own, not a view of one shared matrix', async () => {
    const { collection, images, skipped } = fixture();
    const back = await importCollection(await exportCollection(collection, images, skipped), target);
    for (const image of back.images) expect(image.classic.buffer.byteLength).toBe(4 * classicEngine.dim);
  });

  it('round-trips an empty collection', async () => {
    const { collection } = fixture();
    const back = await importCollection(await exportCollection({ ...collection, count: 0, skipped: 0 }, [], []), target);
    expect(back.images).toEqual([]);
    expect(back.collection).toMatchObject({ count: 0, skipped: 0, bytes: 0, state: 'ready' });
  });
});

describe('the exported zip is a gallery folder', () => {
  it('holds a manifest the gallery loader accepts, with items in vector-row order', async () => {
    const { collection, images, skipped } = fixture();
    const files = unzipSync(await exportCollection(collection, images, skipped));
    const manifest = parseManifest(JSON.parse(strFromU8(files['manifest.json'])));

    expect(manifest.title).toBe('Holiday 2024');
    expect(manifest.items).toEqual([
      { id: 'beach.jpg', file: 'thumbs/0.jpg', name: 'beach.jpg', category: 'collection', subcategory: '', source: 'own' },
      { id: 'day 2/sea/waves.png', file: 'thumbs/1.webp', name: 'waves.png', category: 'collection', subcategory: 'day 2/sea', source: 'own' },
      { id: 'day 2/dune.webp', file: 'thumbs/2.webp', name: 'dune.webp', category: 'collection', subcategory: 'day 2', source: 'own' },
    ]);
    expect(manifest.sources).toEqual({ own: { name: 'Holiday 2024', package: '', licence: "the owner's", attribution: '', url: '' } });
    for (const item of manifest.items) expect(files[item.file]).toBeDefined();
    expect(manifest.engines.classic).toEqual({
      file: 'classic.f32.bin', version: classicEngine.version, dim: classicEngine.dim, dtype: 'f32', bytes: files['classic.f32.bin'].length,
    });
    expect(manifest.engines.clip).toEqual({ file: 'clip.f32.bin', ...CLIP, dtype: 'f32', bytes: files['clip.f32.bin'].length });
  });

  it('holds vector files in the versioned format, one row per item', async () => {
    const { collection, images, skipped } = fixture();
    const files = unzipSync(await exportCollection(collection, images, skipped));

    const classic = decodeVectors(files['classic.f32.bin']);
    expect(classic.header).toMatchObject({ engine: 'classic', engineVersion: classicEngine.version, dim: classicEngine.dim, count: 3, dtype: 'f32' });
    images.forEach((image, row) => expect(Array.from(classic.matrix.data.slice(row * classicEngine.dim, (row + 1) * classicEngine.dim))).toEqual(Array.from(image.classic)));

    const clip = decodeVectors(files['clip.f32.bin']);
    expect(clip.header).toMatchObject({ engine: 'clip', engineVersion: CLIP.version, dim: CLIP.dim, count: 3 });
  });

  it('has no clip engine when not every image has a clip vector', async () => {
    const { collection, images, skipped } = fixture('partly');
    const files = unzipSync(await exportCollection(collection, images, skipped));
    expect(parseManifest(JSON.parse(strFromU8(files['manifest.json']))).engines.clip).toBeUndefined();
    expect(files['clip.f32.bin']).toBeUndefined();
  });

  it('stores thumbnails as they are and deflates the rest', async () => {
    const { collection, images, skipped } = fixture();
    const methods: Record<string, number> = {};
    unzipSync(await exportCollection(collection, images, skipped), { filter: (f) => ((methods[f.name] = f.compression), false) });
    expect(methods).toEqual({
      'thumbs/0.jpg': 0, 'thumbs/1.webp': 0, 'thumbs/2.webp': 0,
      'classic.f32.bin': 8, 'clip.f32.bin': 8, 'manifest.json': 8, 'collection.json': 8,
    });
  });

  it('writes collection.json with what a gallery has no place for', async () => {
    const { collection, images, skipped } = fixture(false);
    const files = unzipSync(await exportCollection(collection, images, skipped));
    expect(JSON.parse(strFromU8(files['collection.json']))).toEqual({
      archiveVersion: 1,
      collection: { name: 'Holiday 2024', created: collection.created, updated: collection.updated, engines: collection.engines },
      images: images.map(({ path, size, mtime, hash, format, width, height, added }) => ({ path, size, mtime, hash, format, width, height, added })),
      skipped: [{ path: 'notes/todo.txt', size: 12, mtime: 1_690_000_000_000, code: 'not-an-image', message: 'This file is not an image.' }],
    });
  });
});

describe('import refuses a wrong archive, naming the wrong file', () => {
  it('refuses bytes that are not a zip', async () => {
    const error = await rejection(strToU8('these are holiday notes, not a zip'));
    expect(error.message).toBe('The archive cannot be imported: it is not a zip archive (no end-of-archive record).');
    expect(error.file).toBeUndefined();
  });

  it.each(['manifest.json', 'collection.json', 'classic.f32.bin', 'clip.f32.bin', 'thumbs/1.webp'])('refuses an archive without %s', async (name) => {
    const error = await rejection(await tampered((files) => delete files[name]));
    expect(error.file).toBe(name);
    expect(error.message).toBe(`${name} is missing from the archive.`);
  });

  it.each(['manifest.json', 'collection.json'])('refuses %s that is not JSON', async (name) => {
    const error = await rejection(await tampered((files) => (files[name] = strToU8('{"formatVersion": 1,'))));
    expect(error.file).toBe(name);
    expect(error.message).toBe(`${name} in the archive is wrong: it is not valid JSON.`);
  });

  it('refuses another archive version', async () => {
    const error = await rejection(await tampered((files) => editJson(files, 'collection.json', (j) => (j.archiveVersion = 2))));
    expect(error.file).toBe('collection.json');
    expect(error.message).toMatch(/archive version 2 is not supported/);
  });

  it('refuses a manifest the gallery loader would refuse', async () => {
    const error = await rejection(await tampered((files) => editJson(files, 'manifest.json', (j) => delete j.items)));
    expect(error.file).toBe('manifest.json');
    expect(error.message).toMatch(/no items list/);
  });

  it('refuses collection.json with a field of the wrong type', async () => {
    const error = await rejection(await tampered((files) => editJson(files, 'collection.json', (j) => (j.images[1].hash = 42))));
    expect(error.file).toBe('collection.json');
    expect(error.message).toMatch(/images\[1\]\.hash is not a string/);
  });

  it.each([
    ['vectors of another engine', { engine: 'pixels', engineVersion: classicEngine.version, dim: classicEngine.dim }, 3, /the "pixels" engine, not "classic"/],
    ['another engine version', { engine: 'classic', engineVersion: classicEngine.version + 1, dim: classicEngine.dim }, 3, /version \d+ vectors, not version/],
    ['another dimension', { engine: 'classic', engineVersion: classicEngine.version, dim: 4 }, 3, /4 dimensions/],
    ['a row count that is not the item count', { engine: 'classic', engineVersion: classicEngine.version, dim: classicEngine.dim }, 2, /2 vectors for 3 images/],
  ])('refuses classic.f32.bin with %s', async (_, meta, count, message) => {
    const rows = new Float32Array(count * meta.dim);
    const error = await rejection(await tampered((files) => (files['classic.f32.bin'] = new Uint8Array(encodeVectors({ ...meta, dtype: 'f32' }, rows)))));
    expect(error.file).toBe('classic.f32.bin');
    expect(error.message).toMatch(message);
  });

  it('refuses a classic.f32.bin that is not a vector file', async () => {
    const error = await rejection(await tampered((files) => (files['classic.f32.bin'] = strToU8('not vectors at all, just some text here; long enough for a header?'))));
    expect(error.file).toBe('classic.f32.bin');
    expect(error.message).toMatch(/^classic\.f32\.bin: not an image-vector file/);
  });

  it('refuses clip vectors of another version than collection.json names', async () => {
    const rows = new Float32Array(3 * CLIP.dim);
    const error = await rejection(await tampered((files) => (files['clip.f32.bin'] = new Uint8Array(encodeVectors({ engine: 'clip', engineVersion: 9, dim: CLIP.dim, dtype: 'f32' }, rows)))));
    expect(error.file).toBe('clip.f32.bin');
    expect(error.message).toMatch(/clip version 9 vectors, not version 3/);
  });

  it('refuses classic vectors of an engine version this app does not compute', async () => {
    const error = await rejection(await tampered((files) => editJson(files, 'collection.json', (j) => (j.collection.engines.classic.version += 1))));
    expect(error.file).toBe('collection.json');
    expect(error.message).toMatch(/this app computes version/);
  });

  it('refuses items and images that disagree in number', async () => {
    const error = await rejection(await tampered((files) => editJson(files, 'manifest.json', (j) => j.items.pop())));
    expect(error.file).toBe('manifest.json');
    expect(error.message).toMatch(/2 items but collection\.json has 3 images/);
  });

  it('refuses items and images that disagree in order', async () => {
    const error = await rejection(await tampered((files) => editJson(files, 'manifest.json', (j) => j.items.reverse())));
    expect(error.file).toBe('manifest.json');
    expect(error.message).toMatch(/item 0 is "day 2\/dune\.webp" but image 0 of collection\.json is "beach\.jpg"/);
  });

  it.each(['', '/etc/passwd', 'C:/Users/photo.jpg', '../outside.jpg', 'day 2/../../outside.jpg'])('refuses the image path "%s"', async (path) => {
    const error = await rejection(await tampered((files) => editJson(files, 'collection.json', (j) => (j.images[0].path = path))));
    expect(error.file).toBe('collection.json');
    expect(error.message).toMatch(/images\[0\] has the unusable path/);
  });

  it('refuses a skipped file with an absurd path', async () => {
    const error = await rejection(await tampered((files) => editJson(files, 'collection.json', (j) => (j.skipped[0].path = '../../x'))));
    expect(error.message).toMatch(/skipped\[0\] has the unusable path "\.\.\/\.\.\/x"/);
  });

  it('refuses a manifest item whose thumbnail lies outside the folder', async () => {
    const error = await rejection(await tampered((files) => editJson(files, 'manifest.json', (j) => (j.items[2].file = '../thumbs/2.webp'))));
    expect(error.file).toBe('manifest.json');
    expect(error.message).toMatch(/item 2's file has the unusable path/);
  });

  it('refuses an archive that declares more than 256 MiB unpacked, before inflating anything', async () => {
    // Two entries that each claim 192 MiB: each alone is allowed, together they are not.
    const zip = zipSync({ 'a.bin': new Uint8Array(10), 'b.bin': new Uint8Array(10) });
    declareOriginalSize(zip, 'a.bin', 0.75 * MAX_UNPACKED_BYTES);
    declareOriginalSize(zip, 'b.bin', 0.75 * MAX_UNPACKED_BYTES);
    const error = await rejection(zip);
    expect(error.file).toBe('b.bin');
    expect(error.message).toBe('The archive cannot be imported: it would unpack to more than 256 MiB (at b.bin), more than a collection archive may hold in a browser.');
  });
});

/** Rewrites the uncompressed size that `name`'s central-directory record declares. */
function declareOriginalSize(zip: Uint8Array, name: string, size: number): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = 0; at + 46 < zip.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (strFromU8(zip.subarray(at + 46, at + 46 + nameLength)) === name) {
      view.setUint32(at + 24, size, true);
      return;
    }
  }
  throw new Error(`no central-directory record for ${name}`);
}
