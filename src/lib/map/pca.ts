/**
 * Principal component analysis by power iteration on the covariance of a matrix's rows — the
 * covariance is never formed: `C·v = Σᵢ ((xᵢ−μ)·v)(xᵢ−μ) / (n−1)` is one pass over the rows, so a
 * step costs 2·n·dim per component and memory stays O(dim). Pure and DOM-free (a Web Worker and
 * Node run it).
 *
 * - Orthogonal (subspace) iteration: all components are iterated together and re-orthonormalised
 *   (Gram–Schmidt) after each step, which converges to the leading eigenvectors in order.
 * - Rows are read in place for every `VectorMatrix` kind (f32, u8 with one scale, i8 with per-row
 *   scales); nothing is widened or centred in memory (the mean is folded into the dot products).
 * - Large matrices are fitted on a deterministic random sample of rows (`maxValues`, default
 *   24 M values: all rows of a 4,000 × 512 matrix, ~1,250 rows of 19,200-value raw pixels); the
 *   projection then covers every row.
 * - Variances use the sample covariance (n−1), as numpy.cov and scikit-learn's
 *   `explained_variance_` do. Each component's sign is fixed so that its largest-magnitude
 *   entry is positive (the answer is then unique for distinct eigenvalues).
 */
import type { VectorMatrix } from '../format/vectors.ts';
import { mulberry32, sampleIndices } from '../random.ts';

export interface PcaOptions {
  /** how many components (default 2) */
  readonly components?: number;
  /** iterations at most (default 300) */
  readonly maxIter?: number;
  /** stop when every component moved less than this: 1 − |cos(old, new)| (default 1e-9) */
  readonly tol?: number;
  readonly seed?: number;
  /** fit on at most this many values (rows × dim); default 24,000,000 */
  readonly maxValues?: number;
  readonly onProgress?: (fraction: number) => void;
}

export interface Pca {
  readonly dim: number;
  /** rows the fit used (all, or a sample) */
  readonly fitted: number;
  readonly mean: Float64Array;
  /** unit, mutually orthogonal, by decreasing variance */
  readonly components: readonly Float64Array[];
  /** variance along each component (eigenvalues of the sample covariance) */
  readonly variances: readonly number[];
  /** trace of the sample covariance (total variance), so `variances[i] / total` is the share explained */
  readonly totalVariance: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Row i's dot product with v (scales applied). */
export function rowDot(m: VectorMatrix, i: number, v: ArrayLike<number>): number {
  const { dim } = m;
  const o = i * dim;
  const d = m.data;
  let s = 0;
  for (let j = 0; j < dim; j++) s += d[o + j] * v[j];
  return m.kind === 'f32' ? s : s * (m.kind === 'u8' ? m.scale : m.scales[i]);
}

/** out += a · row i */
export function rowAxpy(m: VectorMatrix, i: number, a: number, out: Float64Array): void {
  const { dim } = m;
  const o = i * dim;
  const d = m.data;
  const f = m.kind === 'f32' ? a : a * (m.kind === 'u8' ? m.scale : m.scales[i]);
  for (let j = 0; j < dim; j++) out[j] += f * d[o + j];
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j] * b[j];
  return s;
}

/** Gram–Schmidt (twice, for stability) in place; a vector that vanishes is replaced by a random one. */
function orthonormalise(vs: Float64Array[], rand: () => number): void {
  for (let c = 0; c < vs.length; c++) {
    const v = vs[c];
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        const d = dot(v, vs[p]);
        for (let j = 0; j < v.length; j++) v[j] -= d * vs[p][j];
      }
    }
    const n = Math.sqrt(dot(v, v));
    if (!(n > 1e-300)) {
      for (let j = 0; j < v.length; j++) v[j] = rand() - 0.5;
      c--; // redo this one against the previous ones
      continue;
    }
    for (let j = 0; j < v.length; j++) v[j] /= n;
  }
}

export function pca(matrix: VectorMatrix, options: PcaOptions = {}): Pca {
  const { dim, count } = matrix;
  const m = Math.max(1, Math.floor(options.components ?? 2));
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim ${dim} is not a positive integer`);
  if (m > dim) throw new RangeError(`${m} components asked of ${dim}-value vectors`);
  const rand = mulberry32(options.seed ?? 1);
  const maxIter = Math.max(1, Math.floor(options.maxIter ?? 300));
  const tol = options.tol ?? 1e-9;
  const budget = Math.max(dim * 2, options.maxValues ?? 24_000_000);
  const rows = sampleIndices(count, Math.min(count, Math.max(2, Math.floor(budget / dim))), rand);
  const n = rows.length;

  const mean = new Float64Array(dim);
  for (const i of rows) rowAxpy(matrix, i, 1, mean);
  if (n > 0) for (let j = 0; j < dim; j++) mean[j] /= n;
  const denom = Math.max(1, n - 1);
  let meanSq = 0;
  for (let j = 0; j < dim; j++) meanSq += mean[j] * mean[j];
  let total = 0;
  for (const i of rows) {
    // ||x − μ||² = ||x||² − 2 x·μ + ||μ||²
    total += rowDot(matrix, i, rowFloats(matrix, i)) - 2 * rowDot(matrix, i, mean) + meanSq;
  }
  total = Math.max(0, total / denom);

  let vs = Array.from({ length: m }, () => Float64Array.from({ length: dim }, () => rand() - 0.5));
  orthonormalise(vs, rand);
  const ws = Array.from({ length: m }, () => new Float64Array(dim));
  const s = new Float64Array(m);
  const mv = new Float64Array(m);
  let iterations = 0, converged = false;

  /** ws[c] = C · vs[c] */
  const multiply = () => {
    for (let c = 0; c < m; c++) { ws[c].fill(0); mv[c] = dot(mean, vs[c]); }
    const sums = new Float64Array(m);
    const d = matrix.data;
    for (const i of rows) {
      const o = i * dim;
      const scale = matrix.kind === 'f32' ? 1 : matrix.kind === 'u8' ? matrix.scale : matrix.scales[i];
      if (m === 2) {
        // The common case in one pass over the row for both dot products, one for both updates.
        const v0 = vs[0], v1 = vs[1], w0 = ws[0], w1 = ws[1];
        let a = 0, b = 0;
        for (let j = 0; j < dim; j++) { const x = d[o + j]; a += x * v0[j]; b += x * v1[j]; }
        const s0 = a * scale - mv[0], s1 = b * scale - mv[1];
        sums[0] += s0; sums[1] += s1;
        const f0 = s0 * scale, f1 = s1 * scale;
        for (let j = 0; j < dim; j++) { const x = d[o + j]; w0[j] += f0 * x; w1[j] += f1 * x; }
        continue;
      }
      for (let c = 0; c < m; c++) { s[c] = rowDot(matrix, i, vs[c]) - mv[c]; sums[c] += s[c]; }
      for (let c = 0; c < m; c++) rowAxpy(matrix, i, s[c], ws[c]);
    }
    for (let c = 0; c < m; c++) {
      const w = ws[c];
      for (let j = 0; j < dim; j++) w[j] = (w[j] - sums[c] * mean[j]) / denom;
    }
  };

  if (n >= 2 && total > 0) {
    while (iterations < maxIter) {
      multiply();
      const next = ws.map((w) => Float64Array.from(w));
      orthonormalise(next, rand);
      iterations++;
      let worst = 0;
      for (let c = 0; c < m; c++) worst = Math.max(worst, 1 - Math.abs(dot(next[c], vs[c])));
      vs = next;
      options.onProgress?.(Math.min(1, iterations / maxIter));
      if (worst < tol) { converged = true; break; }
    }
  } else {
    converged = true;
  }

  // Rayleigh quotients, then order by variance (orthogonal iteration already orders them, but
  // ties and an early stop could swap neighbours).
  multiply();
  const variances = vs.map((v, c) => Math.max(0, dot(v, ws[c])));
  const order = variances.map((_, c) => c).sort((a, b) => variances[b] - variances[a]);
  const components = order.map((c) => canonicalSign(vs[c]));
  options.onProgress?.(1);
  return { dim, fitted: n, mean, components, variances: order.map((c) => variances[c]), totalVariance: total, iterations, converged };
}

function rowFloats(m: VectorMatrix, i: number): Float64Array {
  const out = new Float64Array(m.dim);
  rowAxpy(m, i, 1, out);
  return out;
}

/** Flips v so that its largest-magnitude entry is positive. */
function canonicalSign(v: Float64Array): Float64Array {
  let at = 0;
  for (let j = 1; j < v.length; j++) if (Math.abs(v[j]) > Math.abs(v[at])) at = j;
  if (v[at] < 0) for (let j = 0; j < v.length; j++) v[j] = -v[j];
  return v;
}

/** Coordinates of one vector along the components. */
export function project(p: Pca, v: ArrayLike<number>): number[] {
  if (v.length !== p.dim) throw new RangeError(`a ${v.length}-value vector cannot be projected on ${p.dim}-value components`);
  return p.components.map((c) => dot(v, c) - dot(p.mean, c));
}

/** Coordinates of every row along the components: one Float32Array per component. */
export function projectRows(p: Pca, matrix: VectorMatrix): Float32Array[] {
  if (matrix.dim !== p.dim) throw new RangeError(`${matrix.dim}-value rows cannot be projected on ${p.dim}-value components`);
  const offsets = p.components.map((c) => dot(p.mean, c));
  return p.components.map((c, k) => {
    const out = new Float32Array(matrix.count);
    for (let i = 0; i < matrix.count; i++) out[i] = rowDot(matrix, i, c) - offsets[k];
    return out;
  });
}
