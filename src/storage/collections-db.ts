/**
 * The person's collections in IndexedDB (through `idb`). Used by the page (indexing, thumbnails)
 * and by the search worker (vectors), so it touches no DOM. Every write of a batch is one
 * transaction over images, skipped files and the collection record: a batch is stored whole or
 * not at all, and the counts in the record always match the stored rows.
 */
import { MessageError } from '../lib/messages/message-error.ts';
import { message } from '../lib/messages/sentence.ts';
import type { DBSchema, IDBPTransaction } from 'idb';
import { checkCollectionRecord } from '../lib/collections/record-check.ts';
import { keepValid } from '../lib/validate/fields.ts';
import type { CollectionRecord, FileEntry, ImageRecord, SkippedRecord } from '../lib/collections/types.ts';
import { LazyDb } from './lazy-db.ts';

export const DB_NAME = 'offline-image-search';
const DB_VERSION = 2;

interface Schema extends DBSchema {
  collections: { key: string; value: CollectionRecord };
  images: { key: [string, string]; value: ImageRecord; indexes: { 'by-collection': string } };
  skipped: { key: [string, string]; value: SkippedRecord; indexes: { 'by-collection': string } };
  /** FileSystemDirectoryHandle per collection id, where the browser can store one */
  handles: { key: string; value: FileSystemDirectoryHandle };
  /** a built search index per collection and engine (version 2), valid for one revision */
  indexes: { key: [string, string]; value: StoredIndex; indexes: { 'by-collection': string } };
}

/** An approximate index of a collection's vectors for one engine (docs/INDEX.md: IVF file format). */
export interface StoredIndex {
  readonly collection: string;
  readonly engine: string;
  /** the collection's `updated` when the vectors it indexes were read */
  readonly revision: number;
  readonly kind: 'ivf';
  readonly bytes: Uint8Array;
}

/** A date taken found for a stored image (null: it has none, or its file is gone: filters use the file date). */
export interface TakenDate {
  readonly path: string;
  readonly taken: number | null;
}

/** What is already stored for a path, enough to decide whether a file needs indexing again. */
export interface KnownFile extends FileEntry {
  readonly kind: 'image' | 'skipped';
  readonly hasClip: boolean;
}

export interface BatchWrite {
  readonly images?: readonly ImageRecord[];
  readonly skipped?: readonly SkippedRecord[];
  /** paths whose image or skipped record is dropped (files gone from the folder, or now changed) */
  readonly removed?: readonly string[];
  /** fields of the collection record to set with this batch (counts are recomputed) */
  readonly patch?: Partial<Pick<CollectionRecord, 'state' | 'pending' | 'engines' | 'hasHandle' | 'updated'>>;
}

/** The browser refused to store more (quota). Carries what was asked, for the message. */
export class StorageFullError extends MessageError {
  constructor() {
    super(message('worker.storageFull'));
    this.name = 'StorageFullError';
  }
}

const all = (id: string) => IDBKeyRange.bound([id, ''], [id, []]);
const recordBytes = (r: ImageRecord) => r.thumb.size + r.classic.byteLength + (r.clip?.byteLength ?? 0);

export function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'QUOTA_EXCEEDED_ERR');
}

type WriteTx = IDBPTransaction<Schema, ('collections' | 'images' | 'skipped')[], 'readwrite'>;

export class CollectionsDb {
  readonly #db: LazyDb<Schema>;

  constructor(name = DB_NAME) {
    this.#db = new LazyDb<Schema>(name, DB_VERSION, (db, oldVersion) => {
      if (oldVersion < 1) {
        db.createObjectStore('collections', { keyPath: 'id' });
        db.createObjectStore('images', { keyPath: ['collection', 'path'] }).createIndex('by-collection', 'collection');
        db.createObjectStore('skipped', { keyPath: ['collection', 'path'] }).createIndex('by-collection', 'collection');
        db.createObjectStore('handles');
      }
      if (oldVersion < 2) db.createObjectStore('indexes', { keyPath: ['collection', 'engine'] }).createIndex('by-collection', 'collection');
    });
  }

  #open() {
    return this.#db.open();
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  /** Every collection whose record reads back whole; a malformed one is left out and reported on the console. */
  async list(): Promise<CollectionRecord[]> {
    const rows: unknown[] = await (await this.#open()).getAll('collections');
    return keepValid(rows, checkCollectionRecord, 'collection', (m) => console.warn(m)).sort((a, b) => a.created - b.created);
  }

  async get(id: string): Promise<CollectionRecord | undefined> {
    return (await this.#open()).get('collections', id);
  }

  async findByName(name: string): Promise<CollectionRecord | undefined> {
    return (await this.list()).find((c) => c.name === name);
  }

  async create(record: CollectionRecord): Promise<void> {
    await (await this.#open()).add('collections', record);
  }

  /** Every stored path of a collection with its size, mtime and whether it has a CLIP vector. */
  async known(id: string): Promise<Map<string, KnownFile>> {
    const db = await this.#open();
    const tx = db.transaction(['images', 'skipped']);
    const out = new Map<string, KnownFile>();
    // Cursor over images so vectors and thumbnails are not all held at once.
    for (let c = await tx.objectStore('images').openCursor(all(id)); c; c = await c.continue()) {
      const { path, size, mtime, clip } = c.value;
      out.set(path, { path, size, mtime, kind: 'image', hasClip: !!clip });
    }
    for (const s of await tx.objectStore('skipped').getAll(all(id))) {
      out.set(s.path, { path: s.path, size: s.size, mtime: s.mtime, kind: 'skipped', hasClip: false });
    }
    await tx.done;
    return out;
  }

  /** Stores one batch atomically and returns the updated collection record. */
  async write(id: string, batch: BatchWrite): Promise<CollectionRecord> {
    const db = await this.#open();
    const tx: WriteTx = db.transaction(['collections', 'images', 'skipped'], 'readwrite');
    try {
      const current = await tx.objectStore('collections').get(id);
      if (!current) throw new Error(`the collection ${id} no longer exists`);
      const images = tx.objectStore('images');
      const skipped = tx.objectStore('skipped');
      let bytes = current.bytes;
      for (const path of batch.removed ?? []) {
        const old = await images.get([id, path]);
        if (old) bytes -= recordBytes(old);
        await images.delete([id, path]);
        await skipped.delete([id, path]);
      }
      for (const r of batch.images ?? []) {
        const old = await images.get([id, r.path]);
        if (old) bytes -= recordBytes(old);
        await skipped.delete([id, r.path]);
        await images.put(r);
        bytes += recordBytes(r);
      }
      for (const s of batch.skipped ?? []) {
        const old = await images.get([id, s.path]);
        if (old) {
          bytes -= recordBytes(old);
          await images.delete([id, s.path]);
        }
        await skipped.put(s);
      }
      const next: CollectionRecord = {
        ...current,
        ...batch.patch,
        count: await images.index('by-collection').count(id),
        skipped: await skipped.index('by-collection').count(id),
        bytes: Math.max(0, bytes),
        updated: batch.patch?.updated ?? Date.now(),
      };
      await tx.objectStore('collections').put(next);
      await tx.done;
      return next;
    } catch (e) {
      try { tx.abort(); } catch { /* already finished */ }
      await tx.done.catch(() => {});
      if (isQuotaError(e) || isQuotaError(tx.error)) throw new StorageFullError();
      throw e;
    }
  }

  /** All image records of a collection, in path order (the row order of its vectors). */
  async images(id: string): Promise<ImageRecord[]> {
    return (await this.#open()).getAll('images', all(id));
  }

  /** Paths of the images whose date taken was never looked for (stored before dates were read). */
  async undated(id: string): Promise<string[]> {
    const tx = (await this.#open()).transaction('images');
    const out: string[] = [];
    for (let c = await tx.store.openCursor(all(id)); c; c = await c.continue()) if (c.value.taken === undefined) out.push(c.value.path);
    await tx.done;
    return out;
  }

  /**
   * Stores dates taken found later (the upgrade pass, src/indexing/date-upgrade.ts) without touching
   * the vectors, and bumps the collection's revision so the search worker reads them.
   */
  async setTaken(id: string, dates: readonly TakenDate[]): Promise<void> {
    if (!dates.length) return;
    const db = await this.#open();
    const tx = db.transaction(['collections', 'images'], 'readwrite');
    const images = tx.objectStore('images');
    let changed = 0;
    for (const { path, taken } of dates) {
      const r = await images.get([id, path]);
      if (r && r.taken === undefined) { await images.put({ ...r, taken }); changed++; }
    }
    const current = await tx.objectStore('collections').get(id);
    if (current && changed) await tx.objectStore('collections').put({ ...current, updated: Math.max(Date.now(), current.updated + 1) });
    await tx.done;
  }

  async image(id: string, path: string): Promise<ImageRecord | undefined> {
    return (await this.#open()).get('images', [id, path]);
  }

  async skippedFiles(id: string): Promise<SkippedRecord[]> {
    return (await this.#open()).getAll('skipped', all(id));
  }

  /** Deletes the collection and everything stored for it, in one transaction. */
  async delete(id: string): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(['collections', 'images', 'skipped', 'handles', 'indexes'], 'readwrite');
    await Promise.all([
      tx.objectStore('images').delete(all(id)),
      tx.objectStore('indexes').delete(all(id)),
      tx.objectStore('skipped').delete(all(id)),
      tx.objectStore('handles').delete(id),
      tx.objectStore('collections').delete(id),
      tx.done,
    ]);
  }

  /** Stores a whole collection (an import) in one transaction: all of it, or nothing. */
  async put(collection: CollectionRecord, images: readonly ImageRecord[], skipped: readonly SkippedRecord[]): Promise<void> {
    const db = await this.#open();
    const tx = db.transaction(['collections', 'images', 'skipped'], 'readwrite');
    try {
      await tx.objectStore('collections').add(collection);
      for (const r of images) await tx.objectStore('images').put(r);
      for (const s of skipped) await tx.objectStore('skipped').put(s);
      await tx.done;
    } catch (e) {
      try { tx.abort(); } catch { /* already finished */ }
      await tx.done.catch(() => {});
      if (isQuotaError(e) || isQuotaError(tx.error)) throw new StorageFullError();
      throw e;
    }
  }

  /** The stored index of a collection for an engine, if it was built for this revision. */
  async index(id: string, engine: string, revision: number): Promise<StoredIndex | undefined> {
    const stored = await (await this.#open()).get('indexes', [id, engine]);
    return stored && stored.revision === revision ? stored : undefined;
  }

  /** Keeps a built index, unless the collection is gone or has changed since (its revision). */
  async putIndex(index: StoredIndex): Promise<boolean> {
    const db = await this.#open();
    const tx = db.transaction(['collections', 'indexes'], 'readwrite');
    const record = await tx.objectStore('collections').get(index.collection);
    const current = !!record && record.updated === index.revision;
    if (current) await tx.objectStore('indexes').put(index);
    await tx.done;
    return current;
  }

  async setHandle(id: string, handle: FileSystemDirectoryHandle): Promise<void> {
    await (await this.#open()).put('handles', handle, id);
  }

  async handle(id: string): Promise<FileSystemDirectoryHandle | undefined> {
    return (await this.#open()).get('handles', id);
  }
}
