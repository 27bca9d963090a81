import { mulberry32 } from '../random.ts';
import { checkStop, gaussian, type ProgressFn, type StopFn } from './rows.ts';

/**
 * Eigenvalues of symmetric matrices without a dense O(n³) decomposition of the big matrix:
 * - `jacobiEigen`: cyclic Jacobi for small dense matrices (the projected m × m problems here);
 * - `lanczosTop`: Lanczos with full reorthogonalisation, largest eigenpairs of an operator;
 * - `subspaceTop`: block (subspace) iteration with Chebyshev filtering and Rayleigh–Ritz,
 *   largest eigenpairs of an operator whose spectrum lies in [lower, ∞).
 * Single-vector Lanczos cannot see more than one copy of a repeated eigenvalue (the Krylov space
 * holds one direction of each eigenspace); a kNN graph of well-separated clusters is disconnected
 * and its normalised affinity has eigenvalue 1 once per component, so the spectral index uses the
 * block method by default.
 */

/** y = A·x for a symmetric A (y is overwritten) */
export type SymOperator = (x: Float64Array, y: Float64Array) => void;

export interface EigenResult {
  /** the nev largest eigenvalues found, descending */
  readonly values: Float64Array;
  /** matching unit eigenvectors (each of length n) */
  readonly vectors: Float64Array[];
  /** ‖A·v − λ·v‖ of each pair */
  readonly residuals: Float64Array;
  /** Lanczos steps, or outer subspace iterations */
  readonly iterations: number;
  /** operator applications (matrix-vector products) */
  readonly matvecs: number;
  readonly converged: boolean;
}

export interface EigenOptions {
  readonly seed?: number;
  /** converged when every wanted residual ≤ tol · max(|λ₁|, 1e-300) */
  readonly tol?: number;
  readonly onProgress?: ProgressFn;
  readonly shouldStop?: StopFn;
}

// --- dense Jacobi ---------------------------------------------------------------------

/**
 * All eigenpairs of a small dense symmetric matrix (row-major n × n), by cyclic Jacobi
 * rotations. Returns values descending and vectors as a row-major n × n matrix whose column j
 * is the unit eigenvector of values[j]. O(n³) per sweep; for n up to a few hundred.
 */
export function jacobiEigen(
  matrix: ArrayLike<number>, n: number, options: { tol?: number; maxSweeps?: number } = {},
): { values: Float64Array; vectors: Float64Array; sweeps: number } {
  if (matrix.length !== n * n) throw new RangeError(`matrix holds ${matrix.length} values, expected ${n} × ${n}`);
  const A = Float64Array.from(matrix);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) { const v = 0.5 * (A[i * n + j] + A[j * n + i]); A[i * n + j] = v; A[j * n + i] = v; }
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  const tol = options.tol ?? 1e-14, maxSweeps = options.maxSweeps ?? 60;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += A[i] * A[i];
  let sweeps = 0;
  for (; sweeps < maxSweeps; sweeps++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] * A[p * n + q];
    if (off <= tol * tol * total || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) { // A ← A·J
          const akp = A[k * n + p], akq = A[k * n + q];
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) { // A ← Jᵀ·A
          const apk = A[p * n + k], aqk = A[q * n + k];
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        A[p * n + q] = 0;
        A[q * n + p] = 0;
        for (let k = 0; k < n; k++) { // V ← V·J
          const vkp = V[k * n + p], vkq = V[k * n + q];
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => A[b * n + b] - A[a * n + a] || a - b);
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  order.forEach((src, j) => {
    values[j] = A[src * n + src];
    for (let i = 0; i < n; i++) vectors[i * n + j] = V[i * n + src];
  });
  return { values, vectors, sweeps };
}

// --- small vector helpers ---------------------------------------------------------------

function dot(a: Float64Array, b: Float64Array): number {
  let s0 = 0, s1 = 0, i = 0;
  const n = a.length;
  for (; i + 1 < n; i += 2) { s0 += a[i] * b[i]; s1 += a[i + 1] * b[i + 1]; }
  if (i < n) s0 += a[i] * b[i];
  return s0 + s1;
}

/** y += a·x */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

function randomVector(n: number, rand: () => number): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = gaussian(rand);
  return v;
}

/** Orthogonalises v against unit, mutually orthogonal `basis` (twice: "twice is enough"). */
function orthogonalise(v: Float64Array, basis: readonly Float64Array[], count = basis.length): void {
  for (let pass = 0; pass < 2; pass++) for (let i = 0; i < count; i++) axpy(-dot(basis[i], v), basis[i], v);
}

// --- Lanczos -----------------------------------------------------------------------------

export interface LanczosOptions extends EigenOptions {
  /** Krylov basis size at most (default min(n, max(3·nev, 2·nev + 20))) */
  readonly maxBasis?: number;
}

/**
 * The nev largest eigenpairs of a symmetric operator on Rⁿ by Lanczos with full
 * reorthogonalisation (every new vector orthogonalised twice against the whole basis, so no
 * spurious copies appear). The basis grows until the wanted Ritz pairs' residuals
 * (β_m·|last component of the Ritz vector|) are below tol, or maxBasis. If the Krylov space
 * becomes invariant, the iteration continues from a random vector orthogonal to it.
 * Memory n·m floats; time m matvecs + n·m² for the reorthogonalisation.
 */
export function lanczosTop(op: SymOperator, n: number, nev: number, options: LanczosOptions = {}): EigenResult {
  if (!(nev >= 1 && nev <= n)) throw new RangeError(`nev must be in 1..${n}, got ${nev}`);
  const rand = mulberry32(options.seed ?? 1);
  const tol = options.tol ?? 1e-8;
  const maxBasis = Math.min(n, Math.max(nev, Math.floor(options.maxBasis ?? Math.max(3 * nev, 2 * nev + 20))));
  const Q: Float64Array[] = [];
  const alpha: number[] = [], beta: number[] = [];
  let q = randomVector(n, rand);
  q = scale(q, 1 / Math.sqrt(dot(q, q)));
  let nextCheck = Math.min(maxBasis, nev + 10);
  let result: { values: Float64Array; S: Float64Array; m: number; residuals: Float64Array } | null = null;
  let converged = false, matvecs = 0;
  for (let j = 0; j < maxBasis; j++) {
    checkStop(options.shouldStop);
    Q.push(q);
    const w = new Float64Array(n);
    op(q, w);
    matvecs++;
    const a = dot(q, w);
    alpha.push(a);
    axpy(-a, q, w);
    if (j > 0) axpy(-beta[j - 1], Q[j - 1], w);
    orthogonalise(w, Q);
    let b = Math.sqrt(dot(w, w));
    const m = j + 1;
    const scaleT = Math.max(...alpha.map(Math.abs), ...beta.map(Math.abs), 1e-300);
    let next: Float64Array | null = null;
    if (b <= 1e-10 * scaleT) {
      // invariant subspace: continue from a fresh direction (finds other eigenspaces)
      b = 0;
      if (m < n) {
        const r = randomVector(n, rand);
        orthogonalise(r, Q);
        const rn = Math.sqrt(dot(r, r));
        if (rn > 1e-10) next = scale(r, 1 / rn);
      }
    } else {
      next = scale(w, 1 / b);
    }
    beta.push(b);
    if (m >= nextCheck || m === maxBasis || !next) {
      const T = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        T[i * m + i] = alpha[i];
        if (i + 1 < m) { T[i * m + i + 1] = beta[i]; T[(i + 1) * m + i] = beta[i]; }
      }
      const { values, vectors: S } = jacobiEigen(T, m);
      const k = Math.min(nev, m);
      const residuals = new Float64Array(k);
      for (let i = 0; i < k; i++) residuals[i] = Math.abs(b * S[(m - 1) * m + i]);
      result = { values, S, m, residuals };
      const bound = tol * Math.max(Math.abs(values[0]), 1e-300);
      options.onProgress?.(m / maxBasis, 'lanczos');
      if (k === nev && residuals.every((r) => r <= bound)) { converged = true; break; }
      nextCheck = Math.min(maxBasis, Math.max(m + 5, Math.ceil(m * 1.25)));
    }
    if (!next) break;
    q = next;
  }
  const { values, S, m, residuals } = result!;
  const k = Math.min(nev, m);
  const vectors: Float64Array[] = [];
  for (let i = 0; i < k; i++) {
    const y = new Float64Array(n);
    for (let j = 0; j < m; j++) { const s = S[j * m + i]; if (s !== 0) axpy(s, Q[j], y); }
    vectors.push(y);
  }
  return { values: values.slice(0, k), vectors, residuals, iterations: m, matvecs, converged };
}

function scale(v: Float64Array, a: number): Float64Array {
  for (let i = 0; i < v.length; i++) v[i] *= a;
  return v;
}

// --- block (subspace) iteration with Chebyshev filtering ------------------------------------

/**
 * Y = A·X for a block of b vectors stored row-major (n × b: row i holds the b vectors' i-th
 * entries). A sparse matrix applies to a whole block in one pass over its entries.
 */
export type BlockOperator = (X: Float64Array, Y: Float64Array, b: number) => void;

export interface SubspaceOptions extends EigenOptions {
  /** block size (default nev + max(6, ⌈nev/10⌉), at most n) */
  readonly block?: number;
  /** Chebyshev filter degree per outer iteration (default 10; 1 = plain power iteration) */
  readonly degree?: number;
  /** outer iterations at most (default 60) */
  readonly maxIter?: number;
  /** a lower bound of the spectrum (default −1: a normalised affinity's spectrum is in [−1, 1]) */
  readonly lower?: number;
  /** the same operator applied to a row-major block at once (faster than column by column) */
  readonly blockOp?: BlockOperator;
}

/**
 * The nev largest eigenpairs by block subspace iteration: a block X of b ≥ nev orthonormal
 * vectors is repeatedly multiplied by p(A), a degree-d Chebyshev polynomial that is small on
 * [lower, cutoff] (the unwanted part of the spectrum, cutoff = smallest current Ritz value) and
 * grows fast above it, then re-orthonormalised (SVQB: eigen-decomposition of the b × b Gram
 * matrix, twice); a Rayleigh–Ritz step (Jacobi on the b × b projected matrix XᵀAX) gives the
 * Ritz pairs. Repeated eigenvalues (up to b copies) are found. Blocks are row-major, so every
 * n-length pass reads contiguous rows of b values.
 * Per iteration: d block products + ≈ 5·n·b² flops; memory ≈ 4·n·b doubles.
 */
export function subspaceTop(op: SymOperator, n: number, nev: number, options: SubspaceOptions = {}): EigenResult {
  if (!(nev >= 1 && nev <= n)) throw new RangeError(`nev must be in 1..${n}, got ${nev}`);
  const rand = mulberry32(options.seed ?? 1);
  const tol = options.tol ?? 1e-6;
  const b = Math.min(n, Math.max(nev, Math.floor(options.block ?? nev + Math.max(6, Math.ceil(nev / 10)))));
  const degree = Math.max(1, Math.floor(options.degree ?? 10));
  const maxIter = Math.max(1, Math.floor(options.maxIter ?? 60));
  const lower = options.lower ?? -1;
  let matvecs = 0;
  const colIn = new Float64Array(n), colOut = new Float64Array(n);
  const blockOp: BlockOperator = options.blockOp ?? ((X, Y, bb) => {
    for (let j = 0; j < bb; j++) {
      for (let i = 0; i < n; i++) colIn[i] = X[i * bb + j];
      op(colIn, colOut);
      for (let i = 0; i < n; i++) Y[i * bb + j] = colOut[i];
    }
  });
  const apply = (X: Float64Array, Y: Float64Array) => { blockOp(X, Y, b); matvecs += b; };

  let X = new Float64Array(n * b);
  for (let i = 0; i < X.length; i++) X[i] = gaussian(rand);
  svqb(X, n, b, rand);
  let W = new Float64Array(n * b);
  apply(X, W);
  let theta: Float64Array = new Float64Array(b);
  const residuals = new Float64Array(b);
  const rowTmp = new Float64Array(4 * b);
  const rayleighRitz = () => {
    const T = gram(X, W, n, b);
    const { values, vectors: S } = jacobiEigen(T, b);
    rotateRows(X, n, b, S, rowTmp);
    rotateRows(W, n, b, S, rowTmp);
    theta = values;
    residuals.fill(0);
    for (let i = 0; i < n; i++) {
      const o = i * b;
      for (let j = 0; j < b; j++) { const e = W[o + j] - theta[j] * X[o + j]; residuals[j] += e * e; }
    }
    for (let j = 0; j < b; j++) residuals[j] = Math.sqrt(residuals[j]);
  };
  rayleighRitz();
  let spare = new Float64Array(n * b), spare2 = new Float64Array(n * b);
  let iterations = 0, converged = false, worst0 = 10;
  for (; iterations < maxIter; iterations++) {
    checkStop(options.shouldStop);
    const bound = tol * Math.max(Math.abs(theta[0]), 1e-300);
    let worst = 0;
    for (let i = 0; i < nev; i++) worst = Math.max(worst, residuals[i] / bound);
    if (iterations === 0) worst0 = Math.max(worst, 10);
    // progress: how far the worst residual has come down (log scale) towards tol
    options.onProgress?.(worst <= 1 ? 1 : Math.max(iterations / maxIter, 1 - Math.log(worst) / Math.log(worst0)), 'eigen');
    if (worst <= 1) { converged = true; break; }
    // Chebyshev filter on [lower, cutoff], scaled to 1 at the top Ritz value (no overflow):
    // Y_{k+1} = 2σ_{k+1}/e·(A − c)Y_k − σ_k σ_{k+1}·Y_{k−1}, σ_{k+1} = 1/(2/σ_1 − σ_k)
    const cutoff = Math.max(theta[b - 1], lower + 1e-3 * Math.max(1e-300, theta[0] - lower));
    const top = Math.max(theta[0], cutoff + 1e-3 * Math.max(1e-300, cutoff - lower));
    const e = (cutoff - lower) / 2, c = (cutoff + lower) / 2;
    const sigma1 = e / (top - c);
    let sigma = sigma1;
    let Y0 = X, Y1 = spare; // Y1 = (σ1/e)(A − c)X, with W = A·X from Rayleigh–Ritz
    { const f = sigma1 / e; for (let p = 0; p < n * b; p++) Y1[p] = f * (W[p] - c * X[p]); }
    let free = spare2, freeW = W;
    for (let d = 2; d <= degree; d++) {
      const sNew = 1 / (2 / sigma1 - sigma);
      const AY = free;
      apply(Y1, AY);
      const f = (2 * sNew) / e, g = sigma * sNew;
      for (let p = 0; p < n * b; p++) AY[p] = f * (AY[p] - c * Y1[p]) - g * Y0[p];
      // rotate buffers: Y0 ← Y1, Y1 ← AY; the old Y0 (or the spent W) becomes free
      free = Y0 === X ? freeW : Y0;
      if (Y0 === X) freeW = X;
      Y0 = Y1; Y1 = AY; sigma = sNew;
    }
    // Y1 is the filtered block; collect the other buffers for the next round
    const pool = [X, W, spare, spare2].filter((buf) => buf !== Y1);
    X = Y1;
    svqb(X, n, b, rand);
    W = pool[0];
    apply(X, W);
    spare = pool[1]; spare2 = pool[2];
    rayleighRitz();
  }
  const k = nev;
  const vectors: Float64Array[] = [];
  for (let j = 0; j < k; j++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = X[i * b + j];
    vectors.push(v);
  }
  return { values: theta.slice(0, k), vectors, residuals: residuals.slice(0, k), iterations, matvecs, converged };
}

/**
 * T = XᵀY for row-major n × b blocks, assumed symmetric (XᵀX, or XᵀAX for symmetric A): only
 * the upper triangle is computed, in 4 × 4 register tiles over chunks of rows, then mirrored.
 */
function gram(X: Float64Array, Y: Float64Array, n: number, b: number): Float64Array {
  const T = new Float64Array(b * b);
  const R = 256;
  const b4 = b - (b % 4);
  for (let i0 = 0; i0 < n; i0 += R) {
    const i1 = Math.min(n, i0 + R);
    for (let a = 0; a < b4; a += 4) {
      for (let c = a; c < b4; c += 4) {
        let t00 = 0, t01 = 0, t02 = 0, t03 = 0, t10 = 0, t11 = 0, t12 = 0, t13 = 0;
        let t20 = 0, t21 = 0, t22 = 0, t23 = 0, t30 = 0, t31 = 0, t32 = 0, t33 = 0;
        for (let o = i0 * b; o < i1 * b; o += b) {
          const x0 = X[o + a], x1 = X[o + a + 1], x2 = X[o + a + 2], x3 = X[o + a + 3];
          const y0 = Y[o + c], y1 = Y[o + c + 1], y2 = Y[o + c + 2], y3 = Y[o + c + 3];
          t00 += x0 * y0; t01 += x0 * y1; t02 += x0 * y2; t03 += x0 * y3;
          t10 += x1 * y0; t11 += x1 * y1; t12 += x1 * y2; t13 += x1 * y3;
          t20 += x2 * y0; t21 += x2 * y1; t22 += x2 * y2; t23 += x2 * y3;
          t30 += x3 * y0; t31 += x3 * y1; t32 += x3 * y2; t33 += x3 * y3;
        }
        let r = a * b + c;
        T[r] += t00; T[r + 1] += t01; T[r + 2] += t02; T[r + 3] += t03; r += b;
        T[r] += t10; T[r + 1] += t11; T[r + 2] += t12; T[r + 3] += t13; r += b;
        T[r] += t20; T[r + 1] += t21; T[r + 2] += t22; T[r + 3] += t23; r += b;
        T[r] += t30; T[r + 1] += t31; T[r + 2] += t32; T[r + 3] += t33;
      }
    }
    // the last b mod 4 columns
    for (let c = b4; c < b; c++) {
      for (let a = 0; a <= c; a++) {
        let t = 0;
        for (let o = i0 * b; o < i1 * b; o += b) t += X[o + a] * Y[o + c];
        T[a * b + c] += t;
      }
    }
  }
  // mirror the upper triangle (4 × 4 diagonal tiles hold both halves: average them)
  for (let a = 0; a < b; a++) for (let c = a + 1; c < b; c++) {
    const lowerDone = Math.floor(a / 4) === Math.floor(c / 4) && c < b4;
    const v = lowerDone ? 0.5 * (T[a * b + c] + T[c * b + a]) : T[a * b + c];
    T[a * b + c] = v; T[c * b + a] = v;
  }
  return T;
}

/** X ← X·S in place (S row-major b × b), four rows × four columns at a time in registers */
function rotateRows(X: Float64Array, n: number, b: number, S: Float64Array, tmp: Float64Array): void {
  const b4 = b - (b % 4);
  if (tmp.length < 4 * b) throw new RangeError('rotateRows: scratch too small');
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o0 = i * b, o1 = o0 + b, o2 = o1 + b, o3 = o2 + b;
    for (let j = 0; j < b4; j += 4) {
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      let a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
      for (let k = 0, sk = j; k < b; k++, sk += b) {
        const s0 = S[sk], s1 = S[sk + 1], s2 = S[sk + 2], s3 = S[sk + 3];
        const x0 = X[o0 + k], x1 = X[o1 + k], x2 = X[o2 + k], x3 = X[o3 + k];
        a00 += x0 * s0; a01 += x0 * s1; a02 += x0 * s2; a03 += x0 * s3;
        a10 += x1 * s0; a11 += x1 * s1; a12 += x1 * s2; a13 += x1 * s3;
        a20 += x2 * s0; a21 += x2 * s1; a22 += x2 * s2; a23 += x2 * s3;
        a30 += x3 * s0; a31 += x3 * s1; a32 += x3 * s2; a33 += x3 * s3;
      }
      tmp[j] = a00; tmp[j + 1] = a01; tmp[j + 2] = a02; tmp[j + 3] = a03;
      tmp[b + j] = a10; tmp[b + j + 1] = a11; tmp[b + j + 2] = a12; tmp[b + j + 3] = a13;
      tmp[2 * b + j] = a20; tmp[2 * b + j + 1] = a21; tmp[2 * b + j + 2] = a22; tmp[2 * b + j + 3] = a23;
      tmp[3 * b + j] = a30; tmp[3 * b + j + 1] = a31; tmp[3 * b + j + 2] = a32; tmp[3 * b + j + 3] = a33;
    }
    for (let j = b4; j < b; j++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = 0; k < b; k++) {
        const sv = S[k * b + j];
        a0 += X[o0 + k] * sv; a1 += X[o1 + k] * sv; a2 += X[o2 + k] * sv; a3 += X[o3 + k] * sv;
      }
      tmp[j] = a0; tmp[b + j] = a1; tmp[2 * b + j] = a2; tmp[3 * b + j] = a3;
    }
    for (let j = 0; j < 4 * b; j++) X[o0 + j] = tmp[j];
  }
  for (; i < n; i++) {
    const o = i * b;
    for (let j = 0; j < b; j++) {
      let a = 0;
      for (let k = 0; k < b; k++) a += X[o + k] * S[k * b + j];
      tmp[j] = a;
    }
    for (let j = 0; j < b; j++) X[o + j] = tmp[j];
  }
}

/**
 * Orthonormalises the b columns of a row-major n × b block in place by SVQB (Stathopoulos &
 * Wu): G = XᵀX = UΣUᵀ, X ← X·U·Σ^-1/2, repeated until XᵀX = I to 1e-10 (usually twice).
 * Directions with σ ≤ 1e-12·σ_max are numerically dependent: their columns are replaced by
 * random ones, which the next pass orthogonalises.
 */
function svqb(X: Float64Array, n: number, b: number, rand: () => number): void {
  const tmp = new Float64Array(4 * b);
  for (let pass = 0; pass < 6; pass++) {
    const G = gram(X, X, n, b);
    let off = 0;
    for (let a = 0; a < b; a++) for (let c = 0; c < b; c++) off = Math.max(off, Math.abs(G[a * b + c] - (a === c ? 1 : 0)));
    if (off < 1e-10) return;
    const { values, vectors: U } = jacobiEigen(G, b);
    const max = Math.max(values[0], 1e-300);
    const S = new Float64Array(b * b);
    const dropped: number[] = [];
    for (let j = 0; j < b; j++) {
      if (values[j] <= 1e-12 * max) { dropped.push(j); continue; }
      const f = 1 / Math.sqrt(values[j]);
      for (let k = 0; k < b; k++) S[k * b + j] = U[k * b + j] * f;
    }
    rotateRows(X, n, b, S, tmp);
    if (dropped.length === b && pass > 2) throw new Error('svqb: the block has collapsed to zero');
    const scale = 1 / Math.sqrt(n);
    for (const j of dropped) for (let i = 0; i < n; i++) X[i * b + j] = gaussian(rand) * scale;
  }
  throw new Error('svqb: could not orthonormalise the block');
}
