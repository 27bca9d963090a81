import { quantizeQueryI7, type I8Matrix, type VectorMatrix } from '../format/vectors.ts';
import { dotF32, dotInt8, dotU8 } from './dot.ts';
import type { MeasureId, Rows } from './measures.ts';

/**
 * Scores every row of a matrix against one query, fast. L2, cosine and correlation all reduce
 * to one dot product per row plus per-row sums that are computed once per matrix (cached), so
 * the scan reads each stored value once with a single multiply-add: half the work of the
 * textbook formulas in measures.ts, which stay the reference the tests compare against.
 * Byte rows (u8 with a scale) are scanned as bytes, never widened to a float copy.
 * int8 rows (i8, one scale per row): see scoreI8.
 */
export function scoreAll(query: Float32Array, matrix: VectorMatrix, measure: MeasureId): Float64Array {
  if (matrix.kind === 'i8') return scoreI8(query, matrix, measure);
  const { dim, count, data } = matrix;
  const scale = matrix.kind === 'u8' ? matrix.scale : 1;
  const q = scale === 1 ? query : query.map((x) => x / scale);
  const out = new Float64Array(count);
  if (measure === 'l1') {
    for (let i = 0; i < count; i++) out[i] = l1(q, data, i * dim, dim) * scale;
    return out;
  }
  let qs = 0, qq = 0;
  for (let j = 0; j < dim; j++) { qs += q[j]; qq += q[j] * q[j]; }
  const dots = new Float64Array(count);
  for (let i = 0; i < count; i++) dots[i] = matrix.kind === 'f32' ? dotF32(q, matrix.data, i * dim, dim) : dotU8(q, matrix.data, i * dim, dim);
  scoresFromDots(dots, rowStats(matrix), measure, qq, qs, dim, out);
  if (measure === 'l2' && scale !== 1) for (let i = 0; i < count; i++) out[i] *= scale;
  return out;
}

/**
 * int8 rows with per-row scales. l1 compares the float query with the rows' values
 * (int8 * scale). The dot-based measures (l2, cosine, correlation) quantize the query to
 * [-63, 63] (quantizeQueryI7: its own scale) and take exact integer dot products, so a row's dot
 * is int-dot * qscale * scale[row]; the scores are those of the quantized query against the rows'
 * values. The WebAssembly scanner (wasm/kernels.ts) computes the same integers with SIMD dot
 * products, so both scanners rank alike.
 */
function scoreI8(query: Float32Array, matrix: I8Matrix, measure: MeasureId): Float64Array {
  const { dim, count, data, scales } = matrix;
  const out = new Float64Array(count);
  if (measure === 'l1') {
    for (let i = 0; i < count; i++) {
      const s = scales[i], o = i * dim;
      let a0 = 0, a1 = 0, j = 0;
      for (; j + 1 < dim; j += 2) {
        a0 += Math.abs(query[j] - data[o + j] * s);
        a1 += Math.abs(query[j + 1] - data[o + j + 1] * s);
      }
      for (; j < dim; j++) a0 += Math.abs(query[j] - data[o + j] * s);
      out[i] = a0 + a1;
    }
    return out;
  }
  const qi = quantizeQueryI7(query);
  const q = qi.data, qscale = qi.scale;
  const { qq, qs } = quantizedQueryStats(q, qscale);
  const dots = new Float64Array(count);
  for (let i = 0; i < count; i++) dots[i] = dotInt8(q, data, i * dim, dim) * qscale * scales[i];
  return scoresFromDots(dots, rowStats(matrix), measure, qq, qs, dim, out);
}

/** Sum and sum of squares of a quantized query's values (int8 * qscale), in float64. */
export function quantizedQueryStats(q: Int8Array, qscale: number): { qq: number; qs: number } {
  let s = 0, ss = 0;
  for (let j = 0; j < q.length; j++) { s += q[j]; ss += q[j] * q[j]; }
  return { qq: ss * qscale * qscale, qs: s * qscale };
}

/**
 * The dot-based measures from one dot product per row and the rows' sums (rowStats), for a
 * query with sum of squares `qq` and sum `qs`: l2 = √(qq + ‖b‖² − 2q·b), cosine, and
 * correlation (covariance over the two standard deviations). Shared by scoreAll and the
 * WebAssembly scanner, so both finish the scores the same way.
 */
export function scoresFromDots(
  dots: ArrayLike<number>,
  stats: RowStats,
  measure: MeasureId,
  qq: number,
  qs: number,
  dim: number,
  out: Float64Array,
): Float64Array {
  const { sum, sumSq } = stats;
  const n = out.length;
  if (measure === 'l2') {
    for (let i = 0; i < n; i++) out[i] = Math.sqrt(Math.max(0, qq + sumSq[i] - 2 * dots[i]));
  } else if (measure === 'cosine') {
    for (let i = 0; i < n; i++) {
      const den = Math.sqrt(qq * sumSq[i]);
      out[i] = den > 0 ? dots[i] / den : 0;
    }
  } else if (measure === 'correlation') {
    const qv = Math.max(0, qq - (qs * qs) / dim);
    for (let i = 0; i < n; i++) {
      const bs = sum[i];
      const cov = dots[i] - (qs * bs) / dim;
      const den = Math.sqrt(qv * Math.max(0, sumSq[i] - (bs * bs) / dim));
      out[i] = den > 1e-12 ? cov / den : 0;
    }
  } else {
    throw new RangeError(`measure ${String(measure)} is not dot-based`);
  }
  return out;
}

export interface RowStats { readonly sum: Float64Array; readonly sumSq: Float64Array }
const statsCache = new WeakMap<Rows | Int8Array, RowStats>();

/**
 * Per-row sum and sum of squares, in stored units (bytes for u8); for i8 in values
 * (int8 * the row's scale), since each row has its own scale. Computed once per matrix.
 */
export function rowStats(matrix: VectorMatrix): RowStats {
  const cached = statsCache.get(matrix.data);
  if (cached) return cached;
  if (matrix.kind === 'i8') {
    const stats = i8RowStats(matrix);
    statsCache.set(matrix.data, stats);
    return stats;
  }
  const { dim, count, data } = matrix;
  const sum = new Float64Array(count), sumSq = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0, ss = 0;
    for (let j = i * dim, end = j + dim; j < end; j++) { const v = data[j]; s += v; ss += v * v; }
    sum[i] = s; sumSq[i] = ss;
  }
  const stats = { sum, sumSq };
  statsCache.set(data, stats);
  return stats;
}

function i8RowStats({ dim, count, data, scales }: I8Matrix): RowStats {
  const sum = new Float64Array(count), sumSq = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0, ss = 0;
    for (let j = i * dim, end = j + dim; j < end; j++) { const v = data[j]; s += v; ss += v * v; }
    const sc = scales[i];
    sum[i] = s * sc; sumSq[i] = ss * sc * sc;
  }
  return { sum, sumSq };
}

function l1(q: Float32Array, b: Rows, o: number, n: number): number {
  let s0 = 0, s1 = 0, i = 0;
  for (; i + 1 < n; i += 2) {
    s0 += Math.abs(q[i] - b[o + i]);
    s1 += Math.abs(q[i + 1] - b[o + i + 1]);
  }
  for (; i < n; i++) s0 += Math.abs(q[i] - b[o + i]);
  return s0 + s1;
}
