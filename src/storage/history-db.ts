/**
 * The search history in IndexedDB (through `idb`), in its own database so it never has to
 * share a schema version with the collections. One store of turns, indexed by `updated`; a put
 * trims the oldest turns beyond the cap in the same transaction, so the cap always holds.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { HISTORY_CAP, byNewest, type HistoryTurn } from '../lib/history/turns.ts';
import { StorageFullError } from './collections-db.ts';

export const HISTORY_DB_NAME = 'offline-image-search-history';
const DB_VERSION = 1;

interface Schema extends DBSchema {
  turns: { key: string; value: HistoryTurn; indexes: { 'by-updated': number } };
}

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'QUOTA_EXCEEDED_ERR');
}

export class HistoryDb {
  #db?: Promise<IDBPDatabase<Schema>>;

  constructor(
    private readonly name = HISTORY_DB_NAME,
    private readonly cap = HISTORY_CAP,
  ) {}

  #open(): Promise<IDBPDatabase<Schema>> {
    this.#db ??= openDB<Schema>(this.name, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('turns', { keyPath: 'id' }).createIndex('by-updated', 'updated');
      },
      blocking: () => { void this.close(); },
    });
    return this.#db;
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    (await db)?.close();
  }

  /** Every turn, newest first. */
  async list(): Promise<HistoryTurn[]> {
    return (await (await this.#open()).getAll('turns')).sort(byNewest);
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
      if (isQuotaError(e) || isQuotaError(tx.error)) throw new StorageFullError('the browser has no more storage space for this site');
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
