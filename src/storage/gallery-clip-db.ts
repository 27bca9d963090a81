/**
 * CLIP vectors of gallery images made in this browser (src/lib/engines/clip/local-index.ts), in their own
 * IndexedDB database: one row per image, keyed by the set (gallery, model, dtype, dimension,
 * vector version) and the gallery item's id, so a rebuilt gallery reuses what still matches.
 * Used by the search worker; touches no DOM.
 */
import type { DBSchema } from 'idb';
import { isQuotaError, StorageFullError } from './collections-db.ts';
import { LazyDb } from './lazy-db.ts';

export const GALLERY_CLIP_DB_NAME = 'offline-image-search-gallery-clip';
const DB_VERSION = 1;

export interface StoredClipVector {
  readonly set: string;
  /** the gallery item's id (manifest) */
  readonly id: string;
  readonly vector: Float32Array;
}

interface Schema extends DBSchema {
  vectors: { key: [string, string]; value: StoredClipVector };
}

const ofSet = (set: string) => IDBKeyRange.bound([set, ''], [set, []]);

export class GalleryClipDb {
  readonly #db: LazyDb<Schema>;

  constructor(name = GALLERY_CLIP_DB_NAME) {
    this.#db = new LazyDb<Schema>(name, DB_VERSION, (db) => {
      db.createObjectStore('vectors', { keyPath: ['set', 'id'] });
    });
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  /** Every stored vector of a set whose shape is right (`dim` values, all finite); the rest are left out. */
  async read(set: string, dim: number): Promise<{ id: string; vector: Float32Array }[]> {
    const rows: unknown[] = await (await this.#db.open()).getAll('vectors', ofSet(set));
    const out: { id: string; vector: Float32Array }[] = [];
    for (const row of rows) {
      const r = row as Partial<StoredClipVector> | null;
      if (typeof r?.id !== 'string' || !(r.vector instanceof Float32Array) || r.vector.length !== dim || !r.vector.every(Number.isFinite)) continue;
      out.push({ id: r.id, vector: r.vector });
    }
    return out;
  }

  /** Stores a batch in one transaction (all or nothing). */
  async put(set: string, rows: readonly { id: string; vector: Float32Array }[]): Promise<void> {
    const tx = (await this.#db.open()).transaction('vectors', 'readwrite');
    try {
      await Promise.all([...rows.map((r) => tx.store.put({ set, id: r.id, vector: r.vector })), tx.done]);
    } catch (e) {
      if (isQuotaError(e) || isQuotaError(tx.error)) throw new StorageFullError();
      throw e;
    }
  }

  async count(set: string): Promise<number> {
    return (await this.#db.open()).count('vectors', ofSet(set));
  }
}
