/**
 * The person's collections as the search worker holds them: per collection, its paths and one
 * vector matrix per engine, read from IndexedDB once per revision (the collection's `updated`).
 * Images indexed without the CLIP model have no CLIP vector and are left out of CLIP searches.
 */
import type { SearchEngineId } from '../../src/lib/engines/types.ts';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import type { ImageRecord } from '../../src/lib/collections/types.ts';
import { WorkerError } from '../protocol.ts';

export interface CollectionVectors {
  readonly matrix: VectorMatrix;
  /** row → position in `paths` */
  readonly rows: readonly number[];
}

export interface LoadedCollection {
  readonly id: string;
  readonly revision: number;
  readonly paths: readonly string[];
  readonly engines: Partial<Record<SearchEngineId, CollectionVectors>>;
}

export type ImagesReader = (collectionId: string) => Promise<ImageRecord[]>;

function matrixOf(records: readonly ImageRecord[], pick: (r: ImageRecord) => Float32Array | undefined): CollectionVectors | undefined {
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

  constructor(private readonly read: ImagesReader) {}

  /** Chooses the collections searched from now on; loads new ones or newer revisions. */
  async select(selection: readonly { id: string; revision: number }[]): Promise<LoadedCollection[]> {
    this.#selected = selection;
    for (const id of this.#loaded.keys()) if (!selection.some((s) => s.id === id)) this.#loaded.delete(id);
    return Promise.all(selection.map((s) => this.#get(s.id, s.revision)));
  }

  selected(): Promise<LoadedCollection[]> {
    return Promise.all(this.#selected.map((s) => this.#get(s.id, s.revision)));
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
      throw new WorkerError({ code: 'internal', message: `the collection could not be read from this browser's storage (${(e as Error).message})` });
    }
    const classic = matrixOf(records, (r) => r.classic);
    const clip = matrixOf(records, (r) => r.clip);
    return { id, revision, paths: records.map((r) => r.path), engines: { ...(classic ? { classic } : {}), ...(clip ? { clip } : {}) } };
  }
}
