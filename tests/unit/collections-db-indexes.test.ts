import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import type { CollectionRecord } from '../../src/lib/collections/types.ts';
import { CollectionsDb } from '../../src/storage/collections-db.ts';

let dbCount = 0;
const freshName = () => `indexes-test-${++dbCount}`;

function collection(id: string, updated: number): CollectionRecord {
  return { id, name: id, created: 1, updated, engines: { classic: { version: 1, dim: 4 } }, count: 0, skipped: 0, bytes: 0, state: 'ready', pending: 0, hasHandle: false };
}
const index = (collectionId: string, revision: number) => ({ collection: collectionId, engine: 'classic', revision, kind: 'ivf' as const, bytes: Uint8Array.of(1, 2, 3) });

describe('built indexes in IndexedDB (store `indexes`, schema version 2)', () => {
  it('keeps an index for the revision it was built from, and gives it back only for that revision', async () => {
    const db = new CollectionsDb(freshName());
    await db.create(collection('a', 10));
    expect(await db.putIndex(index('a', 10))).toBe(true);
    expect((await db.index('a', 'classic', 10))?.bytes).toEqual(Uint8Array.of(1, 2, 3));
    expect(await db.index('a', 'classic', 11)).toBeUndefined();
    expect(await db.index('a', 'clip', 10)).toBeUndefined();
  });

  it('does not keep an index of vectors that have changed since, or of a deleted collection', async () => {
    const db = new CollectionsDb(freshName());
    await db.create(collection('a', 12));
    expect(await db.putIndex(index('a', 11))).toBe(false);
    expect(await db.index('a', 'classic', 11)).toBeUndefined();
    expect(await db.putIndex(index('gone', 1))).toBe(false);
  });

  it('deleting a collection deletes its indexes', async () => {
    const db = new CollectionsDb(freshName());
    await db.create(collection('a', 5));
    await db.create(collection('b', 5));
    await db.putIndex(index('a', 5));
    await db.putIndex(index('b', 5));
    await db.delete('a');
    expect(await db.index('a', 'classic', 5)).toBeUndefined();
    expect(await db.index('b', 'classic', 5)).toBeDefined();
  });

  it('opens a version 1 database (before indexes existed) without losing its collections', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('collections', { keyPath: 'id' });
        db.createObjectStore('images', { keyPath: ['collection', 'path'] }).createIndex('by-collection', 'collection');
        db.createObjectStore('skipped', { keyPath: ['collection', 'path'] }).createIndex('by-collection', 'collection');
        db.createObjectStore('handles');
      },
    });
    await v1.put('collections', collection('old', 3));
    v1.close();
    const db = new CollectionsDb(name);
    expect((await db.list()).map((c) => c.id)).toEqual(['old']);
    expect(await db.putIndex(index('old', 3))).toBe(true);
  });
});
