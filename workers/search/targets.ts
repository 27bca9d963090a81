/** The matrices a search scans (the gallery's, each selected collection's) and how their rows become hits. */
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import type { MeasureId } from '../../src/lib/ranking/measures.ts';
import { createScanner, scannerTopK, type Scanner } from '../../src/lib/ranking/scan-plan.ts';
import type { ImageFacts } from '../../src/lib/search/filters.ts';
import type { SearchHit } from '../../src/protocol/search.ts';

/** One matrix to scan and how its rows become hits. */
export interface Target {
  readonly matrix: VectorMatrix;
  hit(row: number, score: number): SearchHit;
  /** what filters ask of the image of a row */
  facts(row: number): ImageFacts;
}

/** One scanner per matrix (WebAssembly SIMD where available: it copies the rows into its memory once). */
const scanners = new WeakMap<VectorMatrix, Scanner>();
export function scannerFor(matrix: VectorMatrix): Scanner {
  let s = scanners.get(matrix);
  if (!s) { s = createScanner(matrix); scanners.set(matrix, s); }
  return s;
}

/** The k best hits of each target (its filter mask, if any, applied before top-k), by an exact scan. */
export function scanExactly(targets: ReadonlyMap<Target, Uint8Array | undefined>, query: Float32Array, measure: MeasureId, k: number): SearchHit[] {
  return [...targets].flatMap(([t, mask]) => scannerTopK(scannerFor(t.matrix), query, measure, Math.min(k, t.matrix.count), mask ? { mask } : {}).map((h) => t.hit(h.index, h.score)));
}

/** One image of any source: a collection's image or a gallery item. */
export const hitKey = (h: SearchHit) => `${h.collection ?? ''}/${h.index}`;
