/**
 * One IndexedDB database opened on first use and kept open; closed (to be reopened on next use)
 * when another tab needs to upgrade its schema, so that upgrade is never blocked by this one.
 */
import { openDB, type DBSchema, type IDBPDatabase, type OpenDBCallbacks } from 'idb';

export class LazyDb<S extends DBSchema> {
  #db?: Promise<IDBPDatabase<S>>;

  constructor(
    private readonly name: string,
    private readonly version: number,
    private readonly upgrade: NonNullable<OpenDBCallbacks<S>['upgrade']>,
  ) {}

  open(): Promise<IDBPDatabase<S>> {
    this.#db ??= openDB<S>(this.name, this.version, { upgrade: this.upgrade, blocking: () => { void this.close(); } });
    return this.#db;
  }

  async close(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    (await db)?.close();
  }
}
