/**
 * The person's collections as the search worker holds them: per collection, its paths and one
 * vector matrix per engine, read from IndexedDB once per revision (the collection's `updated`).
 * Images indexed without the CLIP model have no CLIP vector and are left out of CLIP searches.
 */
import { sentenceOf } from '../../src/lib/messages/message-error.ts';
import { message } from '../../src/lib/messages/sentence.ts';
import type { SearchEngineId } from '../../src/lib/engines/types.ts';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import type { ImageRecord } from '../../src/lib/collections/types.ts';
import { factsOfRecord, type ImageFacts } from '../../src/lib/search/filters.ts';
import { decodeIvf, encodeIvf } from '../../src/lib/ann/ivf.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import { onIvfBuilt, provideIvf } from './approx-index.ts';

export interface CollectionVectors {
  readonly matrix: VectorMatrix;
  /** row → position in `paths` */
  readonly rows: readonly number[];
}

export interface LoadedCollection {
  readonly id: string;
  readonly revision: number;
  readonly paths: readonly string[];
  /** what filters ask of each image, in `paths` order */
  readonly facts: readonly ImageFacts[];
  readonly engines: Partial<Record<SearchEngineId, CollectionVectors>>;
  /** each image's thumbnail and real size (what "verify matches" reads), by position in `paths` */
  readonly thumbs: readonly { readonly blob: Blob; readonly width: number; readonly height: number }[];
}

export type ImagesReader = (collectionId: string) => Promise<ImageRecord[]>;

/** Where built indexes of collections are kept (IndexedDB in the app), keyed by collection, engine and revision. */
export interface IndexShelf {
  load(collection: string, engine: SearchEngineId, revision: number): Promise<Uint8Array | undefined>;
  save(collection: string, engine: SearchEngineId, revision: number, bytes: Uint8Array): Promise<void>;
}

/** A collection's records' vectors of one engine as a matrix, with each row's record index (raw pixels: none are stored). */
export function collectionMatrix(records: readonly ImageRecord[], engine: SearchEngineId): CollectionVectors | undefined {
  if (engine === 'pixels') return undefined;
  const pick = (r: ImageRecord) => (engine === 'clip' ? r.clip : r.classic);
  const rows: number[] = [];
  let dim = 0;
  records.forEach((r, i) => {
    const v = pick(r);
    if (v && (dim === 0 || v.length === dim)) { dim = v.length; rows.push(i); }
  });
  if (!rows.length) return undefined;
  const data = new Float32Array(rows.length * dim);
  rows.forEach((i, row) => data.set(pick(records[i])!, row * dim));
  return { matrix: { kind: 'f32', dim, count: rows.length, data }, rows };
}

export class CollectionStore {
  readonly #loaded = new Map<string, Promise<LoadedCollection>>();
  #selected: readonly { id: string; revision: number }[] = [];

  constructor(
    private readonly read: ImagesReader,
    private readonly shelf?: IndexShelf,
  ) {}

  /** Chooses the collections searched from now on; loads new ones or newer revisions. */
  async select(selection: readonly { id: string; revision: number }[]): Promise<LoadedCollection[]> {
    this.#selected = selection;
    for (const id of this.#loaded.keys()) if (!selection.some((s) => s.id === id)) this.#loaded.delete(id);
    return Promise.all(selection.map((s) => this.#get(s.id, s.revision)));
  }

  selected(): Promise<LoadedCollection[]> {
    return Promise.all(this.#selected.map((s) => this.#get(s.id, s.revision)));
  }

  /** The revision of a selected collection (undefined when it is not selected). */
  revisionOf(id: string): number | undefined {
    return this.#selected.find((x) => x.id === id)?.revision;
  }

  get(id: string): Promise<LoadedCollection> {
    const s = this.#selected.find((x) => x.id === id);
    if (!s) return Promise.reject(new WorkerError({ code: 'bad-request', message: `the collection ${id} is not selected for searching` }));
    return this.#get(s.id, s.revision);
  }

  #get(id: string, revision: number): Promise<LoadedCollection> {
    const cached = this.#loaded.get(id);
    if (cached) {
      const fresh = cached.then((c) => (c.revision === revision ? c : this.#load(id, revision)));
      this.#loaded.set(id, fresh);
      return fresh;
    }
    const p = this.#load(id, revision);
    this.#loaded.set(id, p);
    p.catch(() => { if (this.#loaded.get(id) === p) this.#loaded.delete(id); });
    return p;
  }

  async #load(id: string, revision: number): Promise<LoadedCollection> {
    let records: ImageRecord[];
    try {
      records = await this.read(id);
    } catch (e) {
      throw new WorkerError({ code: 'internal', message: message('worker.collectionUnreadable', { reason: sentenceOf(e) }) });
    }
    const classic = collectionMatrix(records, 'classic');
    const clip = collectionMatrix(records, 'clip');
    const engines: LoadedCollection['engines'] = { ...(classic ? { classic } : {}), ...(clip ? { clip } : {}) };
    for (const [engine, vectors] of Object.entries(engines) as [SearchEngineId, CollectionVectors][]) await this.#shelve(id, engine, revision, vectors.matrix);
    return { id, revision, paths: records.map((r) => r.path), facts: records.map(factsOfRecord), engines, thumbs: records.map((r) => ({ blob: r.thumb, width: r.width, height: r.height })) };
  }

  /** Takes the stored IVF index of these vectors if there is one; stores the index once one is built. */
  async #shelve(id: string, engine: SearchEngineId, revision: number, matrix: VectorMatrix): Promise<void> {
    const shelf = this.shelf;
    if (!shelf) return;
    try {
      const bytes = await shelf.load(id, engine, revision);
      if (bytes && provideIvf(matrix, decodeIvf(bytes, `stored index of ${id}`))) return;
    } catch (e) {
      console.warn(`search worker: the stored index of a collection is unusable and will be rebuilt (${(e as Error).message})`);
    }
    onIvfBuilt(matrix, (index) => {
      shelf.save(id, engine, revision, encodeIvf(index)).catch((e: unknown) => console.warn(`search worker: could not keep the index (${(e as Error).message})`));
    });
  }
}
