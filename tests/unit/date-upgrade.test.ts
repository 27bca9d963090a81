import 'fake-indexeddb/auto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { classicEngine } from '../../src/lib/engines/classic/index.ts';
import { startIndexing, type Embedder, type IndexSource } from '../../src/indexing/indexer.ts';
import { readDates } from '../../src/indexing/date-upgrade.ts';
import { CollectionsDb } from '../../src/storage/collections-db.ts';

let n = 0;
const freshDb = () => new CollectionsDb(`dates-${++n}`);

const jpeg = (taken?: string) => {
  const img = sharp({ create: { width: 32, height: 24, channels: 3, background: '#4a8' } }).jpeg();
  return (taken ? img.withExif({ IFD2: { DateTimeOriginal: taken, OffsetTimeOriginal: '+00:00' } }) : img).toBuffer();
};

async function trip(): Promise<IndexSource> {
  const files = [
    { path: 'beach/a.jpg', bytes: await jpeg('2020:07:01 09:00:00') },
    { path: 'beach/b.jpg', bytes: await jpeg() },
    { path: 'c.jpg', bytes: await jpeg('2021:01:02 03:04:05') },
  ];
  return {
    name: 'Trip',
    wholeFolder: true,
    files: files.map(({ path, bytes }) => ({ entry: { path, size: bytes.length, mtime: 1000 }, open: async () => new File([new Uint8Array(bytes)], path) })),
  };
}

function embedder(calls: string[]): Embedder {
  return async (_file, path) => {
    calls.push(path);
    return { hash: path, format: 'jpeg', width: 32, height: 24, thumb: new Blob(['t']), classic: new Float32Array(classicEngine.dim).fill(1), ms: 1 };
  };
}

describe('dates taken', () => {
  it('are read while indexing (null where the file has none, so the file date stands)', async () => {
    const db = freshDb();
    await startIndexing(await trip(), { db, embedders: [embedder([])] }, () => {}).done;
    const [c] = await db.list();
    const taken = Object.fromEntries((await db.images(c.id)).map((r) => [r.path, r.taken]));
    expect(taken).toEqual({ 'beach/a.jpg': Date.UTC(2020, 6, 1, 9), 'beach/b.jpg': null, 'c.jpg': Date.UTC(2021, 0, 2, 3, 4, 5) });
  });

  it('are added to images stored before dates were read when the folder is added again, without embedding again', async () => {
    const db = freshDb();
    const calls: string[] = [];
    const source = await trip();
    await startIndexing(source, { db, embedders: [embedder(calls)] }, () => {}).done;
    const [c] = await db.list();
    // as a collection indexed by the previous version: no `taken` field at all
    const old = (await db.images(c.id)).map(({ taken: _, ...r }) => r);
    await db.write(c.id, { images: old });
    expect(await db.undated(c.id)).toEqual(['beach/a.jpg', 'beach/b.jpg', 'c.jpg']);
    const before = (await db.list())[0].updated;

    await startIndexing(source, { db, embedders: [embedder(calls)] }, () => {}).done;
    expect(calls).toHaveLength(3); // the first run only
    expect(await db.undated(c.id)).toEqual([]);
    const taken = Object.fromEntries((await db.images(c.id)).map((r) => [r.path, r.taken]));
    expect(taken['beach/a.jpg']).toBe(Date.UTC(2020, 6, 1, 9));
    expect(taken['beach/b.jpg']).toBeNull();
    expect((await db.list())[0].updated).toBeGreaterThan(before); // the search worker reads the collection again
  });

  it('mark a file that is gone as dateless (its stored file date stands) and leave an unreadable one for later', async () => {
    const gone = Object.assign(new Error('gone'), { name: 'NotFoundError' });
    const denied = Object.assign(new Error('no'), { name: 'NotAllowedError' });
    const dates = await readDates(['gone.jpg', 'denied.jpg', 'ok.jpg'], async (p) => {
      if (p === 'gone.jpg') throw gone;
      if (p === 'denied.jpg') throw denied;
      return new Blob([new Uint8Array(await jpeg('2022:02:02 02:02:02'))]);
    });
    expect(dates).toEqual([{ path: 'gone.jpg', taken: null }, { path: 'ok.jpg', taken: Date.UTC(2022, 1, 2, 2, 2, 2) }]);
  });
});
