import type { VectorMatrix } from '../format/vectors.ts';
import { getMeasure, type MeasureId } from './measures.ts';
import { scoreAll } from './scan.ts';

export interface Hit {
  /** row of the vector in the searched matrix */
  readonly index: number;
  readonly score: number;
}

export interface TopKOptions {
  /** a row to leave out (leave-one-out evaluation) */
  readonly exclude?: number;
  /** rows that may be returned (1) or not (0): the search's filters, applied before top-k */
  readonly mask?: Uint8Array;
}

/**
 * Exact top-k. Order: best score first for the measure's kind (ascending distance, descending
 * similarity); equal scores by ascending row index, so the same query always gives the same list.
 * Scores come from `scoreAll` (byte matrices included); a bounded heap keeps the selection
 * O(N log k) instead of a full sort.
 */
export function topK(query: Float32Array, matrix: VectorMatrix, measureId: MeasureId, k: number, options: TopKOptions = {}): Hit[] {
  const { dim, count } = matrix;
  if (query.length !== dim) throw new RangeError(`query has ${query.length} dims, index has ${dim}`);
  if (matrix.data.length !== dim * count) throw new RangeError(`matrix holds ${matrix.data.length} values, expected ${count} × ${dim}`);
  const sign = getMeasure(measureId).kind === 'distance' ? 1 : -1; // heap key: smaller is better
  const scores = scoreAll(query, matrix, measureId);
  const heap = new BoundedHeap(Math.max(0, Math.min(k, count)));
  for (let i = 0; i < count; i++) {
    if (i !== options.exclude && (!options.mask || options.mask[i])) heap.offer(sign * scores[i], i);
  }
  return heap.sorted().map(({ key, index }) => ({ index, score: sign * key }));
}

interface Entry { key: number; index: number }

/** a ranks after b: larger key, or equal key and larger index */
function after(a: Entry, b: Entry): boolean {
  return a.key > b.key || (a.key === b.key && a.index > b.index);
}

/** Keeps the `cap` entries with the smallest keys; its root is the last of them. */
export class BoundedHeap {
  private readonly items: Entry[] = [];
  constructor(private readonly cap: number) {}

  offer(key: number, index: number): void {
    if (this.cap === 0 || Number.isNaN(key)) return;
    const h = this.items;
    if (h.length < this.cap) {
      h.push({ key, index });
      this.up(h.length - 1);
    } else if (h[0].key > key || (h[0].key === key && h[0].index > index)) {
      // (after(h[0], entry) without allocating the entry: most offers of a long scan are refused)
      h[0] = { key, index };
      this.down(0);
    }
  }

  /**
   * The key an offer must not exceed to be kept (the worst kept key once full; +Infinity
   * before; −Infinity when nothing is kept): lets a long scan skip the call for most rows.
   */
  get bound(): number {
    if (this.cap === 0) return -Infinity;
    return this.items.length < this.cap ? Infinity : this.items[0].key;
  }

  sorted(): Entry[] {
    return [...this.items].sort((a, b) => a.key - b.key || a.index - b.index);
  }

  private up(i: number): void {
    const h = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!after(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.items;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let w = i;
      if (l < h.length && after(h[l], h[w])) w = l;
      if (r < h.length && after(h[r], h[w])) w = r;
      if (w === i) return;
      [h[i], h[w]] = [h[w], h[i]];
      i = w;
    }
  }
}
