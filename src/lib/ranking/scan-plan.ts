import type { VectorMatrix } from '../format/vectors.ts';
import { getMeasure, type MeasureId } from './measures.ts';
import { scoreAll } from './scan.ts';
import { BoundedHeap, type Hit, type TopKOptions } from './topk.ts';
import { WasmScanner } from './wasm/kernels.ts';

export type ScannerKind = 'wasm-simd' | 'ts';
export type ScannerPreference = 'auto' | 'wasm' | 'ts';

/** Scores every row of one matrix against a query; the same scores whichever kind (to float rounding). */
export interface Scanner {
  readonly kind: ScannerKind;
  readonly dim: number;
  readonly count: number;
  scores(query: Float32Array, measure: MeasureId): Float32Array | Float64Array;
}

/**
 * A scanner for a matrix. 'auto': WebAssembly SIMD when the engine has it and the matrix is
 * f32 or i8 (u8 rows, and a matrix that cannot fit in wasm memory, stay on TypeScript);
 * 'wasm': WebAssembly SIMD or an error; 'ts': scoreAll (scan.ts).
 * The wasm scanner copies the matrix into its own memory once, here.
 */
export function createScanner(matrix: VectorMatrix, prefer: ScannerPreference = 'auto'): Scanner {
  const { dim, count } = matrix;
  if (prefer !== 'ts' && WasmScanner.supports(matrix)) {
    const wasm = WasmScanner.create();
    if (wasm) {
      try {
        wasm.load(matrix);
        return { kind: 'wasm-simd', dim, count, scores: (query, measure) => wasm.scores(query, measure) };
      } catch (e) {
        if (prefer === 'wasm') throw e;
      }
    } else if (prefer === 'wasm') {
      throw new Error('WebAssembly SIMD is not available in this engine');
    }
  } else if (prefer === 'wasm') {
    throw new RangeError(`the wasm scanner scans f32 and i8 matrices, not ${matrix.kind}`);
  }
  return { kind: 'ts', dim, count, scores: (query, measure) => scoreAll(query, matrix, measure) };
}

/**
 * Exact top-k through a scanner: the same order as topK (topk.ts) — best first for the
 * measure, ties by ascending row — with a bounded heap over the scanner's scores.
 */
export function scannerTopK(scanner: Scanner, query: Float32Array, measureId: MeasureId, k: number, options: TopKOptions = {}): Hit[] {
  if (query.length !== scanner.dim) throw new RangeError(`query has ${query.length} dims, index has ${scanner.dim}`);
  const sign = getMeasure(measureId).kind === 'distance' ? 1 : -1; // heap key: smaller is better
  const scores = scanner.scores(query, measureId);
  const heap = new BoundedHeap(Math.max(0, Math.min(k, scanner.count)));
  let bound = heap.bound;
  for (let i = 0; i < scanner.count; i++) {
    const key = sign * scores[i];
    if (key > bound || i === options.exclude || (options.mask && !options.mask[i])) continue; // (NaN is refused by offer)
    heap.offer(key, i);
    bound = heap.bound;
  }
  return heap.sorted().map(({ key, index }) => ({ index, score: sign * key }));
}
