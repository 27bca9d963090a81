import 'fake-indexeddb/auto';
import { english } from '../../src/lib/messages/english.ts';
import { describe, expect, it } from 'vitest';
import { classicEngine } from '../../src/lib/engines/classic/index.ts';
import { ImageError } from '../../src/lib/image/errors.ts';
import { startIndexing, type Embedder, type IndexProgress, type IndexSource } from '../../src/indexing/indexer.ts';
import { CollectionsDb, StorageFullError } from '../../src/storage/collections-db.ts';
import { renderText } from '../../src/lib/i18n/catalog.ts';

let dbCount = 0;
const freshDb = () => new CollectionsDb(`test-${++dbCount}`);

/** A folder of `n` files; names containing "bad" are not images. */
function folder(name: string, paths: string[], mtime = 1): IndexSource {
  return {
    name,
    wholeFolder: true,
    files: paths.map((path) => ({ entry: { path, size: path.length, mtime }, open: async () => new File([path], path.split('/').at(-1)!) })),
  };
}
const numbered = (n: number) => Array.from({ length: n }, (_, i) => `img-${String(i).padStart(3, '0')}.jpg`);

/** Embeds by file name, so each path gets its own vector; counts calls per path. */
function fakeEmbedder(calls: Map<string, number>, gate?: Promise<void>): Embedder {
  return async (_file, path) => {
    await gate;
    calls.set(path, (calls.get(path) ?? 0) + 1);
    if (path.includes('bad')) throw new ImageError('not-an-image', 'the file is text, not an image', path);
    const classic = new Float32Array(classicEngine.dim).fill(path.length);
    if (path.includes('nan')) classic[3] = Number.NaN; // an engine that went wrong on this file
    return { hash: `h-${path}`, format: 'jpeg', width: 640, height: 480, thumb: new Blob(['t'], { type: 'image/webp' }), classic, ms: 1 };
  };
}

async function runToEnd(db: CollectionsDb, source: IndexSource, calls: Map<string, number>, workers = 3): Promise<IndexProgress> {
  return startIndexing(source, { db, embedders: Array.from({ length: workers }, () => fakeEmbedder(calls)), batchSize: 7 }, () => {}).done;
}

describe('indexing a folder into a collection', () => {
  it('stores every image once, reports bad files with their reason, and ends ready', async () => {
    const db = freshDb();
    const calls = new Map<string, number>();
    const end = await runToEnd(db, folder('Photos', [...numbered(20), 'notes-bad.jpg']), calls);
    expect(end).toMatchObject({ state: 'done', total: 21, done: 21, indexed: 20, skipped: 1 });
    const [c] = await db.list();
    expect(c).toMatchObject({ name: 'Photos', count: 20, skipped: 1, state: 'ready', pending: 0 });
    expect((await db.images(c.id)).map((r) => r.path)).toEqual(numbered(20));
    expect(await db.skippedFiles(c.id)).toEqual([expect.objectContaining({ path: 'notes-bad.jpg', code: 'not-an-image', message: 'the file is text, not an image' })]);
  });

  it('skips a file whose vectors come out non-finite instead of storing a NaN row', async () => {
    const db = freshDb();
    const end = await runToEnd(db, folder('Odd', [...numbered(3), 'odd-nan.jpg']), new Map());
    expect(end).toMatchObject({ state: 'done', indexed: 3, skipped: 1 });
    const [c] = await db.list();
    expect((await db.images(c.id)).map((r) => r.path)).toEqual(numbered(3));
    const skipped = await db.skippedFiles(c.id);
    expect(skipped).toEqual([expect.objectContaining({ path: 'odd-nan.jpg', code: 'corrupt', message: { key: 'worker.nonFiniteVectors' } })]);
    expect(english(skipped[0].message)).toBe('its vectors came out as non-finite numbers');
  });

  it('re-adding the same folder only reads new or changed files and drops removed ones', async () => {
    const db = freshDb();
    const first = new Map<string, number>();
    await runToEnd(db, folder('Trip', ['a.jpg', 'b.jpg', 'c.jpg', 'x-bad.jpg']), first);
    const again = new Map<string, number>();
    const changed = folder('Trip', ['a.jpg', 'c.jpg', 'd.jpg', 'x-bad.jpg']);
    const end = await runToEnd(db, { ...changed, files: changed.files.map((f) => (f.entry.path === 'c.jpg' ? { ...f, entry: { ...f.entry, mtime: 9 } } : f)) }, again);
    expect([...again.keys()].sort()).toEqual(['c.jpg', 'd.jpg']);
    expect(end).toMatchObject({ unchanged: 2, removed: 1, indexed: 2 });
    const [c] = await db.list();
    expect((await db.images(c.id)).map((r) => r.path)).toEqual(['a.jpg', 'c.jpg', 'd.jpg']);
    expect(c.count).toBe(3);
  });

  it('resumes an interrupted run without embedding finished files again', async () => {
    const db = freshDb();
    const calls = new Map<string, number>();
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const seen: IndexProgress[] = [];
    // Two fast workers finish some files, then the "tab closes": the run is cancelled mid-way.
    const job = startIndexing(folder('Big', numbered(60)), { db, embedders: [fakeEmbedder(calls), fakeEmbedder(calls, slow)], batchSize: 5 }, (p) => seen.push(p));
    while ((seen.at(-1)?.done ?? 0) < 25) await new Promise((r) => setTimeout(r, 1));
    job.cancel();
    release();
    const stopped = await job.done;
    expect(stopped.state).toBe('cancelled');
    const [half] = await db.list();
    expect(half.state).toBe('indexing');
    expect(half.count).toBeGreaterThanOrEqual(25);
    expect(half.pending).toBe(60 - half.count);
    const storedBefore = new Set((await db.images(half.id)).map((r) => r.path));

    const resumed = new Map<string, number>();
    const end = await runToEnd(db, folder('Big', numbered(60)), resumed);
    expect(end.total).toBe(60 - half.count);
    const [whole] = await db.list();
    expect(whole).toMatchObject({ count: 60, state: 'ready', pending: 0 });
    for (const p of resumed.keys()) expect(storedBefore.has(p)).toBe(false);
    const paths = (await db.images(whole.id)).map((r) => r.path);
    expect(new Set(paths).size).toBe(60);
  });

  it('pause stops taking files until resume', async () => {
    const db = freshDb();
    const calls = new Map<string, number>();
    const seen: IndexProgress[] = [];
    const job = startIndexing(folder('P', numbered(30)), { db, embedders: [fakeEmbedder(calls)] }, (p) => seen.push(p));
    while ((seen.at(-1)?.done ?? 0) < 3) await new Promise((r) => setTimeout(r, 1));
    job.pause();
    const at = calls.size;
    await new Promise((r) => setTimeout(r, 30));
    expect(calls.size).toBeLessThanOrEqual(at + 1); // the file in flight may finish
    expect(seen.at(-1)!.state).toBe('paused');
    job.resume();
    expect((await job.done).state).toBe('done');
    expect(calls.size).toBe(30);
  });

  it('a full disk on a new collection keeps nothing and says so', async () => {
    const db = freshDb();
    const full = {
      findByName: db.findByName.bind(db), create: db.create.bind(db), known: db.known.bind(db), delete: db.delete.bind(db), setHandle: db.setHandle.bind(db),
      write: async (id: string, batch: Parameters<CollectionsDb['write']>[1]) => {
        if ((batch.images?.length ?? 0) > 0) throw new StorageFullError();
        return db.write(id, batch);
      },
    };
    const end = await startIndexing(folder('Huge', numbered(10)), { db: full, embedders: [fakeEmbedder(new Map())], batchSize: 4 }, () => {}).done;
    expect(end.state).toBe('failed');
    expect(end.error && renderText('en', end.error)).toMatch(/no more storage space.*nothing of "Huge" was kept/);
    expect(end.error && renderText('vi', end.error)).toMatch(/hết chỗ lưu trữ.*“Huge”/);
    expect(await db.list()).toEqual([]);
  });
});

describe('the collections database', () => {
  it('deleting a collection deletes its images and skipped files', async () => {
    const db = freshDb();
    await runToEnd(db, folder('A', ['1.jpg', '2-bad.jpg']), new Map());
    await runToEnd(db, folder('B', ['1.jpg']), new Map());
    const [a, b] = await db.list();
    await db.delete(a.id);
    expect((await db.list()).map((c) => c.name)).toEqual(['B']);
    expect(await db.images(a.id)).toEqual([]);
    expect(await db.skippedFiles(a.id)).toEqual([]);
    expect(await db.images(b.id)).toHaveLength(1);
  });

  it('keeps the byte count of what is stored', async () => {
    const db = freshDb();
    await runToEnd(db, folder('A', ['1.jpg', '2.jpg']), new Map());
    const [a] = await db.list();
    expect(a.bytes).toBe(2 * (1 + classicEngine.dim * 4));
  });
});
