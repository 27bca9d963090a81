/**
 * Hostile collection archives (tests/fixtures/hostile-archives.ts): every one is refused with a
 * sentence that says what is wrong, within a second, and no more memory is taken than the archive
 * really holds. The zip reader's own checks are tested on the same files.
 */
import { describe, expect, it } from 'vitest';
import { ArchiveError, importCollection, MAX_UNPACKED_BYTES } from '../../src/lib/collections/archive.ts';
import { readZipDirectory, readZipEntry } from '../../src/lib/collections/zip-reader.ts';
import { renderText } from '../../src/lib/i18n/catalog.ts';
import type { Text } from '../../src/lib/i18n/types.ts';
import { deflatedZeros, hostileArchives, rawZip, validArchive, zip64CountBomb } from '../fixtures/hostile-archives.ts';

const target = { id: 'imported', now: 1_800_000_000_000 };
const archives = await hostileArchives();

describe('hostile archives are refused fast, with a clear message', () => {
  it.each(archives.map((a) => [a.file, a] as const))('%s', async (_, archive) => {
    const t0 = performance.now();
    const error: unknown = await importCollection(archive.bytes, target).then(() => undefined, (e: unknown) => e);
    const ms = performance.now() - t0;
    expect(error, archive.what).toBeInstanceOf(ArchiveError);
    expect((error as Error).message).toMatch(archive.message);
    expect((error as Error).message).toMatch(/^(The archive cannot be imported: |\S+ in the archive is wrong: |\S+\.bin: )/);
    expect(ms, `${archive.what} took ${Math.round(ms)} ms`).toBeLessThan(1000);
  });

  it.each(archives.map((a) => [a.file, a] as const))('%s is refused in Vietnamese too, with no English sentence left', async (_, archive) => {
    const error = await importCollection(archive.bytes, target).then(() => undefined, (e: ArchiveError) => e);
    const { message, text: t } = error!;
    const raw = (x: Text): boolean => x.key === 'error.raw' || Object.values(x.params ?? {}).some((p) => typeof p === 'object' && raw(p));
    expect(raw(t), message).toBe(false);
    expect(renderText('en', t)).toBe(message);
    expect(renderText('vi', t)).not.toMatch(/\b(the|it|is|not|bytes)\b/);
  });

  it('still imports the archive they were made from', async () => {
    const back = await importCollection(await validArchive(), target);
    expect(back.images.map((i) => [i.path, i.thumb.type])).toEqual([['beach.jpg', 'image/jpeg'], ['sea/waves.png', 'image/webp'], ['dune.webp', 'image/webp']]);
  });

  it('reports progress through the thumbnails, ending at the image count', async () => {
    const seen: string[] = [];
    await importCollection(await validArchive(), target, (p) => seen.push(`${p.phase} ${p.done}/${p.total}`));
    expect(seen[0]).toBe('checking 0/1');
    expect(seen.at(-1)).toBe('thumbnails 3/3');
  });
});

describe('the zip reader checks claims against the file before believing them', () => {
  const limits = { maxEntries: 100_000, maxTotalBytes: MAX_UNPACKED_BYTES };

  it('is the 98-byte zip64 file the issue describes', () => {
    expect(zip64CountBomb().length).toBe(98);
    expect(() => readZipDirectory(zip64CountBomb(), limits)).toThrow(/claims 4294967295 entries/);
  });

  it('refuses more entries than the limit even when the file could hold them', () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, data: new Uint8Array(1), method: 0 as const, size: 1 }));
    expect(() => readZipDirectory(rawZip(entries), { ...limits, maxEntries: 10 })).toThrow(/it has 20 entries; a collection archive has at most 10/);
    expect(readZipDirectory(rawZip(entries), limits).size).toBe(20);
  });

  it('counts max(declared, compressed) against the total: a stored entry cannot claim less than it takes', () => {
    const data = deflatedZeros(16); // ~16 kB that inflate to 16 MiB
    const zip = rawZip([{ name: 'a', data, method: 8, size: 16 * 1024 ** 2 }]);
    expect(() => readZipDirectory(zip, { ...limits, maxTotalBytes: 8 * 1024 ** 2 })).toThrow(/would unpack to more than 8 MiB \(at a\)/);
    const small = rawZip([{ name: 'b', data: new Uint8Array(4096), method: 8, size: 10 }]);
    expect(() => readZipDirectory(small, { ...limits, maxTotalBytes: 1000 })).toThrow(/more than 0 MiB \(at b\)/);
  });

  it('inflates an honest entry exactly, and stops a lying one at the first push', () => {
    const data = deflatedZeros(16);
    const honest = readZipDirectory(rawZip([{ name: 'a', data, method: 8, size: 16 * 1024 ** 2 }]), limits).get('a')!;
    const out = readZipEntry(rawZip([{ name: 'a', data, method: 8, size: 16 * 1024 ** 2 }]), honest);
    expect(out.length).toBe(16 * 1024 ** 2);
    const short = rawZip([{ name: 'a', data, method: 8, size: 32 * 1024 ** 2 }]);
    expect(() => readZipEntry(short, readZipDirectory(short, limits).get('a')!)).toThrow(/a unpacks to 16777216 bytes, not the 33554432 it declares/);
  });

  it('refuses entries whose data runs into the directory or points outside the file', () => {
    const zip = rawZip([{ name: 'a', data: new Uint8Array(100), method: 0, size: 100 }]);
    new DataView(zip.buffer).setUint32(18, 5000, true); // local header's compressed size is not used…
    const view = new DataView(zip.buffer);
    const central = 30 + 1 + 100;
    view.setUint32(central + 20, 5000, true); // …the central record's is
    view.setUint32(central + 24, 5000, true);
    expect(() => readZipDirectory(zip, limits)).toThrow(/a's 5000 bytes run past the entries' part of the file/);
    view.setUint32(central + 20, 100, true);
    view.setUint32(central + 24, 100, true);
    view.setUint32(central + 42, 90, true);
    expect(() => readZipDirectory(zip, limits)).toThrow(/a points to no entry header inside the file/);
  });
});
