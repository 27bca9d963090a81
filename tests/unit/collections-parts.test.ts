/**
 * The parts the collections state is made of: thumbnails read once and released with their
 * collection, the searched sources kept between visits (and unreadable stored values ignored),
 * and the dates of an older collection filled through its stored folder only when the browser
 * lets it be read without asking.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CollectionThumbs } from '../../src/state/collection-thumbs.svelte.ts';
import { loadSavedSources, saveSources } from '../../src/state/saved-sources.ts';
import { fillDatesFromStoredFolder } from '../../src/indexing/date-upgrade.ts';
import type { TakenDate } from '../../src/storage/collections-db.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() { return m.size; },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('collection thumbnails', () => {
  it('are read from the store once, shown when read, and released with their collection', async () => {
    const reads: string[] = [];
    const db = { image: async (c: string, p: string) => { reads.push(`${c}/${p}`); return { thumb: new Blob(['x'], { type: 'image/jpeg' }) } as never; } };
    const revoked: string[] = [];
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation((u) => void revoked.push(u));
    const thumbs = new CollectionThumbs(db);

    expect(thumbs.url('c1', 'a.jpg')).toBeUndefined();
    expect(thumbs.url('c1', 'a.jpg')).toBeUndefined(); // asked again while reading: one read
    await tick();
    const url = thumbs.url('c1', 'a.jpg');
    expect(url).toMatch(/^blob:/);
    expect(reads).toEqual(['c1/a.jpg']);

    thumbs.url('c2', 'b.jpg');
    await tick();
    thumbs.forget('c1');
    expect(revoked).toEqual([url]);
    expect(thumbs.url('c2', 'b.jpg')).toMatch(/^blob:/);
    revoke.mockRestore();
  });

  it('stay missing when the record is gone, read again only when a card asks again', async () => {
    let reads = 0;
    const thumbs = new CollectionThumbs({ image: async () => { reads++; return undefined; } });
    thumbs.url('c', 'gone.jpg');
    await tick();
    expect(thumbs.url('c', 'gone.jpg')).toBeUndefined();
    await tick();
    expect(reads).toBe(2); // the record may have been written since; nothing re-reads on its own
  });
});

describe('the searched sources', () => {
  it('are kept between visits', () => {
    vi.stubGlobal('localStorage', memoryStorage());
    expect(loadSavedSources()).toEqual({ gallery: true, off: [] });
    saveSources({ gallery: false, off: ['c1'] });
    expect(loadSavedSources()).toEqual({ gallery: false, off: ['c1'] });
  });

  it('ignore a stored value that cannot be read', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    storage.setItem('image-search:sources', '{not json');
    expect(loadSavedSources()).toEqual({ gallery: true, off: [] });
    storage.setItem('image-search:sources', JSON.stringify({ gallery: 'no', off: ['ok', 3, null] }));
    expect(loadSavedSources()).toEqual({ gallery: true, off: ['ok'] });
  });
});

describe('dates of an older collection', () => {
  const folder = (permission: PermissionState) => ({
    queryPermission: async () => permission,
    getDirectoryHandle: async () => { throw new Error('no subfolders here'); },
    getFileHandle: async (name: string) => ({ getFile: async () => new File(['not a jpeg'], name) }),
  }) as unknown as FileSystemDirectoryHandle;

  function db(handle: FileSystemDirectoryHandle | undefined, undated: string[]) {
    const stored: TakenDate[][] = [];
    return { stored, db: { handle: async () => handle, undated: async () => undated, setTaken: async (_: string, d: TakenDate[]) => void stored.push(d) } };
  }

  it('are read through a stored folder the browser lets us read', async () => {
    const { db: store, stored } = db(folder('granted'), ['a.jpg']);
    expect(await fillDatesFromStoredFolder(store, 'c')).toBe(true);
    expect(stored).toEqual([[{ path: 'a.jpg', taken: null }]]);
  });

  it('are not asked for (no permission prompt) and not stored when reading needs a click', async () => {
    const { db: store, stored } = db(folder('prompt'), ['a.jpg']);
    expect(await fillDatesFromStoredFolder(store, 'c')).toBe(false);
    expect(stored).toEqual([]);
  });

  it('need nothing when every image has its date or there is no stored folder', async () => {
    expect(await fillDatesFromStoredFolder(db(folder('granted'), []).db, 'c')).toBe(false);
    expect(await fillDatesFromStoredFolder(db(undefined, ['a.jpg']).db, 'c')).toBe(false);
  });
});
