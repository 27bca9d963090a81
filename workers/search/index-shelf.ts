/** The app's IndexShelf: built collection indexes in IndexedDB (CollectionsDb's `indexes` store). */
import { CollectionsDb } from '../../src/storage/collections-db.ts';
import type { IndexShelf } from './collection-store.ts';

export function indexedDbShelf(db = new CollectionsDb()): IndexShelf {
  return {
    async load(collection, engine, revision) {
      return (await db.index(collection, engine, revision))?.bytes;
    },
    async save(collection, engine, revision, bytes) {
      await db.putIndex({ collection, engine, revision, kind: 'ivf', bytes });
    },
  };
}
