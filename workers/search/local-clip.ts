/**
 * The gallery's CLIP vectors made in this browser (the page embeds the images in the clip worker
 * and hands the vectors here): kept in memory for searching as they arrive, and on a shelf
 * (IndexedDB) so a reload resumes where it stopped. One set is open at a time: the current
 * gallery with the current model.
 */
import { localClipSetKey, PartialIndex, type LocalClipSetId } from '../../src/lib/engines/clip/local-index.ts';
import type { GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { LocalClipProgress } from '../../src/protocol/search.ts';

/** Where the vectors are kept between visits (GalleryClipDb in the browser). */
export interface LocalClipShelf {
  read(set: string, dim: number): Promise<{ id: string; vector: Float32Array }[]>;
  put(set: string, rows: readonly { id: string; vector: Float32Array }[]): Promise<void>;
}

export interface OpenLocalClip {
  readonly key: string;
  readonly set: LocalClipSetId;
  readonly index: PartialIndex;
}

const bad = (message: string) => new WorkerError({ code: 'bad-request', message });

export class LocalClipStore {
  #open?: OpenLocalClip & { readonly manifest: GalleryManifest };
  #opening?: Promise<unknown>;

  constructor(private readonly shelf: LocalClipShelf | undefined) {}

  current(manifest: GalleryManifest): OpenLocalClip | undefined {
    return this.#open?.manifest === manifest ? this.#open : undefined;
  }

  /** Opens the set for this gallery (reading what earlier visits stored); says what is done and what is missing. */
  async open(set: LocalClipSetId, manifest: GalleryManifest): Promise<LocalClipProgress> {
    if (!Number.isInteger(set?.dim) || set.dim < 1) throw bad(`CLIP vectors need a positive whole dimension, got ${String(set?.dim)}`);
    const key = localClipSetKey(set);
    if (this.#open?.key !== key || this.#open.manifest !== manifest) {
      const index = new PartialIndex(manifest.items.length, set.dim);
      const opened = { key, set, index, manifest };
      this.#open = opened;
      const reading = this.#restore(opened);
      this.#opening = reading;
      await reading;
    } else {
      await this.#opening;
    }
    return this.progress(true);
  }

  async #restore(opened: OpenLocalClip & { readonly manifest: GalleryManifest }): Promise<void> {
    if (!this.shelf) return;
    const rowOfId = new Map(opened.manifest.items.map((item, i) => [item.id, i]));
    let stored: { id: string; vector: Float32Array }[] = [];
    try {
      stored = await this.shelf.read(opened.key, opened.set.dim);
    } catch (e) {
      console.warn(`search worker: the gallery's stored CLIP vectors could not be read, they will be made again (${(e as Error).message})`);
    }
    for (const { id, vector } of stored) {
      const item = rowOfId.get(id);
      if (item !== undefined) opened.index.add(item, vector);
    }
  }

  progress(withMissing = false): LocalClipProgress {
    const index = this.#open?.index;
    if (!index) return { done: 0, total: 0, ...(withMissing ? { missing: [] } : {}) };
    return { done: index.done, total: index.total, ...(withMissing ? { missing: index.missing() } : {}) };
  }

  /** Adds vectors of the open set (refused for another set: the page has moved on). Kept in memory even if the shelf is full. */
  async add(key: string, items: readonly number[], vectors: readonly Float32Array[]): Promise<LocalClipProgress> {
    const open = this.#open;
    if (!open || open.key !== key) throw new WorkerError({ code: 'superseded', message: 'these CLIP vectors belong to a gallery or model no longer searched' });
    if (!Array.isArray(items) || !Array.isArray(vectors) || items.length !== vectors.length) throw bad('each CLIP vector needs the gallery item it belongs to');
    // All checked before any is kept: a batch is taken whole or not at all.
    items.forEach((item, i) => {
      const vector = vectors[i];
      if (!(vector instanceof Float32Array) || !open.index.fits(item, vector)) {
        throw bad(`the CLIP vector of gallery item ${String(item)} does not fit (${open.index.total} items, ${open.set.dim} finite values each)`);
      }
    });
    items.forEach((item, i) => open.index.add(item, vectors[i]));
    await this.shelf?.put(key, items.map((item, i) => ({ id: open.manifest.items[item].id, vector: vectors[i] })));
    return this.progress();
  }
}
