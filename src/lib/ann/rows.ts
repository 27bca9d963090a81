import { dotAt, dotF32, dotI8, dotU8 } from '../ranking/dot.ts';
import { firstNonFinite, type VectorMatrix } from '../format/vectors.ts';

export { dotAt, dotF32 };

/**
 * Row access shared by the approximate-search modules (k-means, IVF, spectral). Pure and
 * DOM-free: runs in a Web Worker and in Node.
 *
 * The modules accept any `VectorMatrix` (f32 rows, u8 bytes with one scale, i8 with one scale
 * per row). `I8Rows` is spelled out structurally so this code does not depend on which
 * revision of format/vectors.ts it is compiled against.
 */
export interface I8Rows {
  readonly kind: 'i8';
  readonly dim: number;
  readonly count: number;
  readonly data: Int8Array;
  readonly scales: Float32Array;
}

export type AnnMatrix = VectorMatrix | I8Rows;

/** Reports a fraction in [0, 1]; `phase` names the step for builds with several. */
export type ProgressFn = (fraction: number, phase?: string) => void;

/** Polled during long loops; returning true makes the computation throw `AnnAbortError`. */
export type StopFn = () => boolean;

export class AnnAbortError extends Error {
  constructor(message = 'approximate-search build was stopped') {
    super(message);
    this.name = 'AbortError';
  }
}

export function checkStop(shouldStop: StopFn | undefined): void {
  if (shouldStop?.()) throw new AnnAbortError();
}

/** Validates the matrix shape; returns it typed as `AnnMatrix`. */
export function checkMatrix(matrix: AnnMatrix, label = 'matrix'): AnnMatrix {
  const { dim, count } = matrix;
  if (!Number.isInteger(dim) || dim <= 0) throw new RangeError(`${label}: dim ${dim} is not a positive integer`);
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${label}: count ${count} is not a non-negative integer`);
  if (matrix.data.length !== dim * count) throw new RangeError(`${label} holds ${matrix.data.length} values, expected ${count} × ${dim}`);
  if (matrix.kind === 'i8' && matrix.scales.length !== count) throw new RangeError(`${label}: ${matrix.scales.length} row scales for ${count} rows`);
  return matrix;
}

/**
 * Refuses a matrix with a NaN or infinite value, naming the row: one such row poisons every norm,
 * centroid, graph edge and eigenvector it touches. One pass over the values, so builders call it
 * (k-means, spectral, the map), not per-query scans.
 */
export function checkFinite(matrix: AnnMatrix, label = 'matrix'): AnnMatrix {
  const values = matrix.kind === 'f32' ? matrix.data : matrix.kind === 'i8' ? matrix.scales : [matrix.scale];
  const bad = firstNonFinite(values);
  if (bad >= 0) {
    const row = matrix.kind === 'f32' ? Math.floor(bad / matrix.dim) : matrix.kind === 'i8' ? bad : 0;
    throw new RangeError(`${label}: row ${row} has the value ${values[bad]} (vectors must be finite numbers)`);
  }
  return matrix;
}

/** Scale of row i: values are `data * rowScale(m, i)`. */
export function rowScale(m: AnnMatrix, i: number): number {
  return m.kind === 'f32' ? 1 : m.kind === 'u8' ? m.scale : m.scales[i];
}

/** Writes row i's real values (scales applied) into `out` (length ≥ dim) and returns it. */
export function rowInto(m: AnnMatrix, i: number, out: Float32Array): Float32Array {
  const { dim } = m;
  const o = i * dim;
  if (m.kind === 'f32') {
    out.set(m.data.subarray(o, o + dim));
    return out;
  }
  const s = rowScale(m, i);
  const d = m.data;
  for (let j = 0; j < dim; j++) out[j] = d[o + j] * s;
  return out;
}

/** Rows i0..i1 (exclusive) as contiguous float32; a zero-copy view for f32 matrices. */
export function rowsView(m: AnnMatrix, i0: number, i1: number, scratch?: Float32Array): Float32Array {
  const { dim } = m;
  if (m.kind === 'f32') return m.data.subarray(i0 * dim, i1 * dim);
  const out = scratch && scratch.length >= (i1 - i0) * dim ? scratch.subarray(0, (i1 - i0) * dim) : new Float32Array((i1 - i0) * dim);
  for (let i = i0; i < i1; i++) rowInto(m, i, out.subarray((i - i0) * dim, (i - i0 + 1) * dim));
  return out;
}

/** All rows as float32: the data itself for f32 matrices, otherwise a widened copy. */
export function floatRows(m: AnnMatrix): Float32Array {
  return rowsView(m, 0, m.count);
}

/** q · row i in real units (scales applied). Each stored kind has its own monomorphic loop. */
export function rowDot(m: AnnMatrix, i: number, q: Float32Array): number {
  const o = i * m.dim;
  if (m.kind === 'f32') return dotF32(q, m.data, o, m.dim);
  if (m.kind === 'u8') return dotU8(q, m.data, o, m.dim) * m.scale;
  return dotI8(q, m.data, o, m.dim) * m.scales[i];
}

const normCache = new WeakMap<object, Float32Array>();

/** Euclidean norm of every row in real units; computed once per matrix data array. */
export function rowNorms(m: AnnMatrix): Float32Array {
  const cached = normCache.get(m.data);
  if (cached && cached.length === m.count) return cached;
  const { dim, count } = m;
  const out = new Float32Array(count);
  const row = new Float32Array(dim);
  for (let i = 0; i < count; i++) {
    rowInto(m, i, row);
    out[i] = Math.sqrt(dotF32(row, row, 0, dim));
  }
  normCache.set(m.data, out);
  return out;
}

/** Scales v to unit length in place; returns the original norm (a zero vector is left as is). */
export function normalize(v: Float32Array | Float64Array, offset = 0, n = v.length - offset): number {
  let s = 0;
  for (let j = offset; j < offset + n; j++) s += v[j] * v[j];
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = offset; j < offset + n; j++) v[j] /= norm;
  return norm;
}

/** A unit-length float32 copy of a query. */
export function unitQuery(query: Float32Array, dim: number): Float32Array {
  if (query.length !== dim) throw new RangeError(`query has ${query.length} dims, index has ${dim}`);
  const q = Float32Array.from(query);
  normalize(q);
  return q;
}

/**
 * Four dot products sharing one row: out[o + t] = A[a..a+n) · B[b_t..b_t+n). Each loaded value
 * of A feeds four multiply-adds.
 */
export function dots1x4(
  A: Float32Array, a: number, B: Float32Array, b0: number, b1: number, b2: number, b3: number,
  n: number, out: Float64Array, o: number,
): void {
  let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
  for (let t = 0; t < n; t++) {
    const u = A[a + t];
    p0 += u * B[b0 + t]; p1 += u * B[b1 + t]; p2 += u * B[b2 + t]; p3 += u * B[b3 + t];
  }
  out[o] = p0; out[o + 1] = p1; out[o + 2] = p2; out[o + 3] = p3;
}

/**
 * Eight dot products of two rows of A (offsets x0, x1) with four rows of B, register-blocked:
 * out[o0 + t] = A_x0 · B_bt, out[o1 + t] = A_x1 · B_bt. About twice the throughput of one dot
 * product at a time in V8.
 */
export function dots2x4(
  A: Float32Array, x0: number, x1: number, B: Float32Array, c0: number, c1: number, c2: number, c3: number,
  n: number, out: Float64Array, o0: number, o1: number,
): void {
  let p0 = 0, p1 = 0, p2 = 0, p3 = 0, r0 = 0, r1 = 0, r2 = 0, r3 = 0;
  for (let t = 0; t < n; t++) {
    const u = A[x0 + t], v = A[x1 + t];
    const e = B[c0 + t], f = B[c1 + t], g = B[c2 + t], h = B[c3 + t];
    p0 += u * e; p1 += u * f; p2 += u * g; p3 += u * h;
    r0 += v * e; r1 += v * f; r2 += v * g; r3 += v * h;
  }
  out[o0] = p0; out[o0 + 1] = p1; out[o0 + 2] = p2; out[o0 + 3] = p3;
  out[o1] = r0; out[o1 + 1] = r1; out[o1 + 2] = r2; out[o1 + 3] = r3;
}

/**
 * Dot products of rows at arbitrary offsets of A with all nb rows of B starting at row b0:
 * out[r * nb + j] = A[aOff[r] ..] · B_row(b0 + j), for r < aOff.length. Pairs of A rows use the
 * 2 × 4 kernel.
 */
export function dotRows(
  A: Float32Array, aOff: ArrayLike<number>, na: number,
  B: Float32Array, b0: number, nb: number, dim: number, out: Float64Array,
): void {
  let r = 0;
  for (; r + 1 < na; r += 2) {
    const x0 = aOff[r], x1 = aOff[r + 1];
    const o0 = r * nb, o1 = o0 + nb;
    let j = 0;
    for (; j + 3 < nb; j += 4) {
      const c = (b0 + j) * dim;
      dots2x4(A, x0, x1, B, c, c + dim, c + 2 * dim, c + 3 * dim, dim, out, o0 + j, o1 + j);
    }
    for (; j < nb; j++) {
      const c = (b0 + j) * dim;
      out[o0 + j] = dotAt(A, x0, B, c, dim);
      out[o1 + j] = dotAt(A, x1, B, c, dim);
    }
  }
  for (; r < na; r++) {
    const x = aOff[r], o = r * nb;
    let j = 0;
    for (; j + 3 < nb; j += 4) {
      const c = (b0 + j) * dim;
      dots1x4(A, x, B, c, c + dim, c + 2 * dim, c + 3 * dim, dim, out, o + j);
    }
    for (; j < nb; j++) out[o + j] = dotAt(A, x, B, (b0 + j) * dim, dim);
  }
}

const tileOffsets = new Float64Array(1024);

/**
 * Dot products of a tile of contiguous rows: out[i * nb + j] = A_row(a0 + i) · B_row(b0 + j)
 * for i < na, j < nb (row r of A starts at A[r * dim]).
 */
export function dotTile(
  A: Float32Array, a0: number, na: number,
  B: Float32Array, b0: number, nb: number,
  dim: number, out: Float64Array,
): void {
  const offs = na <= tileOffsets.length ? tileOffsets : new Float64Array(na);
  for (let i = 0; i < na; i++) offs[i] = (a0 + i) * dim;
  dotRows(A, offs, na, B, b0, nb, dim, out);
}

/** A standard normal deviate from a uniform generator (Box–Muller, one of the pair). */
export function gaussian(rand: () => number): number {
  let u = 0;
  while (u <= 1e-300) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}
