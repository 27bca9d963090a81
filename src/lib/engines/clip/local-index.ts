/**
 * CLIP vectors of a gallery made in the browser, for a gallery shipped without vectors of the
 * model the visitor has (docs/FORMAT.md, "CLIP vectors made in the browser"). Pure: the search
 * worker keeps one of these per open set, IndexedDB keeps the vectors between visits.
 */
import type { GalleryManifest } from '../../gallery/manifest.ts';
import type { VectorMatrix } from '../../format/vectors.ts';
import { CLIP_VECTORS_VERSION } from './query.ts';

/** What a set of locally made vectors is keyed by: a new model, dtype or vector version is a new set. */
export interface LocalClipSetId {
  /** the gallery folder's URL (absolute, ending in "/") */
  readonly gallery: string;
  readonly model: string;
  readonly dtype: string;
  readonly dim: number;
  readonly version: number;
}

export function localClipSetId(gallery: string, model: string, dtype: string, dim: number): LocalClipSetId {
  return { gallery, model, dtype, dim, version: CLIP_VECTORS_VERSION };
}

/** The IndexedDB key of a set (vectors are stored under it with their gallery item id). */
export function localClipSetKey(set: LocalClipSetId): string {
  return JSON.stringify([set.gallery, set.model, set.dtype, set.dim, set.version]);
}

/**
 * Does the gallery need CLIP vectors made in the browser for this model? Yes when it ships
 * none, or ships them for another model (vectors of two models do not compare).
 */
export function galleryNeedsLocalClip(manifest: GalleryManifest, modelId: string): boolean {
  const shipped = manifest.engines.clip;
  return !shipped || (!!shipped.model && shipped.model !== modelId);
}

/**
 * A gallery's vectors as they arrive, in any order: rows are kept in arrival order with the
 * gallery item each belongs to. `matrix()` is a view of the rows so far (a new object after each
 * change, so caches keyed by the matrix see the change).
 */
export class PartialIndex {
  readonly #data: Float32Array;
  readonly #rowOfItem: Int32Array;
  readonly #itemOfRow: Int32Array;
  #count = 0;
  #view?: VectorMatrix;

  constructor(readonly total: number, readonly dim: number) {
    if (!Number.isInteger(total) || total < 0) throw new Error(`a gallery has a whole number of items, got ${total}`);
    if (!Number.isInteger(dim) || dim < 1) throw new Error(`vectors need a positive whole dimension, got ${dim}`);
    this.#data = new Float32Array(total * dim);
    this.#rowOfItem = new Int32Array(total).fill(-1);
    this.#itemOfRow = new Int32Array(total);
  }

  get done(): number {
    return this.#count;
  }

  get complete(): boolean {
    return this.#count === this.total;
  }

  has(item: number): boolean {
    return this.#rowOfItem[item] >= 0;
  }

  /** Could this vector be the item's: an item of the gallery, `dim` finite values? */
  fits(item: number, vector: Float32Array): boolean {
    if (!Number.isInteger(item) || item < 0 || item >= this.total || vector.length !== this.dim) return false;
    for (let i = 0; i < vector.length; i++) if (!Number.isFinite(vector[i])) return false;
    return true;
  }

  /** Adds (or replaces) an item's vector; false when the item or the vector does not fit this index. */
  add(item: number, vector: Float32Array): boolean {
    if (!this.fits(item, vector)) return false;
    let row = this.#rowOfItem[item];
    if (row < 0) {
      row = this.#count++;
      this.#rowOfItem[item] = row;
      this.#itemOfRow[row] = item;
    }
    this.#data.set(vector, row * this.dim);
    this.#view = undefined;
    return true;
  }

  /** The items still missing, in gallery order. */
  missing(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.total; i++) if (this.#rowOfItem[i] < 0) out.push(i);
    return out;
  }

  itemOfRow(row: number): number {
    return this.#itemOfRow[row];
  }

  /** The row holding the item's vector, or -1. */
  rowOfItem(item: number): number {
    return Number.isInteger(item) && item >= 0 && item < this.total ? this.#rowOfItem[item] : -1;
  }

  matrix(): VectorMatrix {
    this.#view ??= { kind: 'f32', dim: this.dim, count: this.#count, data: this.#data.subarray(0, this.#count * this.dim) };
    return this.#view;
  }
}

/**
 * Time left from the time per image measured so far (the mean of the last `window` images, so
 * a first slow image or a busy spell fades out); undefined until one has been measured.
 */
export class EtaClock {
  readonly #times: number[] = [];
  constructor(private readonly window = 20) {}

  record(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.#times.push(ms);
    if (this.#times.length > this.window) this.#times.shift();
  }

  msPerImage(): number | undefined {
    return this.#times.length ? this.#times.reduce((a, b) => a + b, 0) / this.#times.length : undefined;
  }

  etaMs(left: number): number | undefined {
    const per = this.msPerImage();
    return per === undefined ? undefined : Math.round(per * Math.max(0, left));
  }
}
