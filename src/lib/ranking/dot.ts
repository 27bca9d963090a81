/**
 * The plain-TypeScript dot products, one per pair of array types. They are the same loop on
 * purpose: V8 compiles each for one element type (monomorphic), which a single function over a
 * union of typed arrays would lose. Four independent accumulators let the CPU overlap the
 * multiply-adds. `q` starts at 0; `b` at offset `o`.
 */

export function dotF32(q: Float32Array, b: Float32Array, o: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += q[i] * b[o + i];
    s1 += q[i + 1] * b[o + i + 1];
    s2 += q[i + 2] * b[o + i + 2];
    s3 += q[i + 3] * b[o + i + 3];
  }
  for (; i < n; i++) s0 += q[i] * b[o + i];
  return s0 + s1 + s2 + s3;
}

/** dot of a[ao..ao+n) and b[bo..bo+n) */
export function dotAt(a: Float32Array, ao: number, b: Float32Array, bo: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[ao + i] * b[bo + i];
    s1 += a[ao + i + 1] * b[bo + i + 1];
    s2 += a[ao + i + 2] * b[bo + i + 2];
    s3 += a[ao + i + 3] * b[bo + i + 3];
  }
  for (; i < n; i++) s0 += a[ao + i] * b[bo + i];
  return s0 + s1 + s2 + s3;
}

/** float query, byte row */
export function dotU8(q: Float32Array, b: Uint8Array, o: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += q[i] * b[o + i];
    s1 += q[i + 1] * b[o + i + 1];
    s2 += q[i + 2] * b[o + i + 2];
    s3 += q[i + 3] * b[o + i + 3];
  }
  for (; i < n; i++) s0 += q[i] * b[o + i];
  return s0 + s1 + s2 + s3;
}

/** float query, int8 row */
export function dotI8(q: Float32Array, b: Int8Array, o: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += q[i] * b[o + i];
    s1 += q[i + 1] * b[o + i + 1];
    s2 += q[i + 2] * b[o + i + 2];
    s3 += q[i + 3] * b[o + i + 3];
  }
  for (; i < n; i++) s0 += q[i] * b[o + i];
  return s0 + s1 + s2 + s3;
}

/** int8 query, int8 row: exact, since the products summed in a double stay integers far below 2^53 */
export function dotInt8(q: Int8Array, b: Int8Array, o: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += q[i] * b[o + i];
    s1 += q[i + 1] * b[o + i + 1];
    s2 += q[i + 2] * b[o + i + 2];
    s3 += q[i + 3] * b[o + i + 3];
  }
  for (; i < n; i++) s0 += q[i] * b[o + i];
  return s0 + s1 + s2 + s3;
}
