/**
 * The search history in IndexedDB (through `idb`), in its own database so it never has to
 * share a schema version with the collections. One store of turns, indexed by `updated`; a put
 * trims the oldest turns beyond the cap in the same transaction, so the cap always holds.
 */
import type { DBSchema } from 'idb';
import { HISTORY_CAP, byNewest, type HistoryTurn } from '../lib/history/turns.ts';
import { checkTurn } from '../lib/history/turn-check.ts';
import { keepValid } from '../lib/validate/fields.ts';
import { isQuotaError, StorageFullError } from './collections-db.ts';
import { LazyDb } from './lazy-db.ts';

export const HISTORY_DB_NAME = 'offline-image-search-history';
const DB_VERSION = 1;

interface Schema extends DBSchema {
  turns: { key: string; value: HistoryTurn; indexes: { 'by-updated': number } };
}

export class HistoryDb {
  readonly #db: LazyDb<Schema>;

  constructor(
    name = HISTORY_DB_NAME,
    private readonly cap = HISTORY_CAP,
  ) {
    this.#db = new LazyDb<Schema>(name, DB_VERSION, (db) => {
      db.createObjectStore('turns', { keyPath: 'id' }).createIndex('by-updated', 'updated');
    });
  }

  #open() {
    return this.#db.open();
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  /** Every turn, newest first. */
  async list(): Promise<HistoryTurn[]> {
    const rows: unknown[] = await (await this.#open()).getAll('turns');
    // A malformed turn is left out (and reported on the console); the others are shown.
    return keepValid(rows, checkTurn, 'history turn', (m) => console.warn(m)).sort(byNewest);
  }

  /** Stores (or replaces) a turn and drops the oldest beyond the cap; returns the ids dropped. */
  async put(turn: HistoryTurn): Promise<string[]> {
    const db = await this.#open();
    const tx = db.transaction('turns', 'readwrite');
    try {
      await tx.store.put(turn);
      const dropped: string[] = [];
      let over = (await tx.store.count()) - this.cap;
      // Oldest first along the index.
      for (let c = await tx.store.index('by-updated').openCursor(); c && over > 0; c = await c.continue()) {
        if (c.value.id === turn.id) continue;
        dropped.push(c.value.id);
        await c.delete();
        over--;
      }
      await tx.done;
      return dropped;
    } catch (e) {
      try { tx.abort(); } catch { /* already finished */ }
      await tx.done.catch(() => {});
      if (isQuotaError(e) || isQuotaError(tx.error)) throw new StorageFullError();
      throw e;
    }
  }

  async delete(id: string): Promise<void> {
    await (await this.#open()).delete('turns', id);
  }

  async clear(): Promise<void> {
    await (await this.#open()).clear('turns');
  }
}
