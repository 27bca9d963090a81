import { describe, expect, it } from 'vitest';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { pca, project, projectRows } from '../../src/lib/map/pca.ts';
import { mulberry32 } from '../../src/lib/random.ts';

/**
 * The worked example of Lindsay I. Smith, "A tutorial on Principal Components Analysis" (2002),
 * section 3: ten 2-D points, their covariance eigenvalues and eigenvectors, and the data
 * expressed in the eigenvector basis, as printed there.
 */
const SMITH = {
  x: [2.5, 0.5, 2.2, 1.9, 3.1, 2.3, 2, 1, 1.5, 1.1],
  y: [2.4, 0.7, 2.9, 2.2, 3.0, 2.7, 1.6, 1.1, 1.6, 0.9],
  eigenvalues: [1.28402771, 0.0490833989],
  eigenvectors: [[-0.677873399, -0.735178656], [-0.735178656, 0.677873399]],
  /** "Transformed Data" table: first column along eigenvector 1, second along eigenvector 2 */
  transformed: [
    [-0.827970186, -0.175115307], [1.77758033, 0.142857227], [-0.992197494, 0.384374989],
    [-0.274210416, 0.130417207], [-1.67580142, -0.209498461], [-0.912949103, 0.175282444],
    [0.0991094375, -0.349824698], [1.14457216, 0.0464172582], [0.438046137, 0.0177646297],
    [1.22382056, -0.162675287],
  ],
};

const matrixOf = (rows: number[][]): VectorMatrix => ({ kind: 'f32', dim: rows[0].length, count: rows.length, data: Float32Array.from(rows.flat()) });

/** Cyclic Jacobi eigen-decomposition of a small symmetric matrix (the reference). */
function jacobi(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => [...r]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p][q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p][q]) < 1e-300) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k][p], mkq = m[k][q];
          m[k][p] = c * mkp - s * mkq; m[k][q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p][k], mqk = m[q][k];
          m[p][k] = c * mpk - s * mqk; m[q][k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq; v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = m.map((_, i) => i).sort((i, j) => m[j][j] - m[i][i]);
  return { values: order.map((i) => m[i][i]), vectors: order.map((i) => v.map((row) => row[i])) };
}

/** |cos| between two vectors: 1 when they span the same line. */
const alignment = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] ** 2; nb += b[i] ** 2; }
  return Math.abs(d) / Math.sqrt(na * nb);
};

describe('pca (power iteration on the covariance)', () => {
  it("reproduces Smith's worked example: eigenvalues, eigenvectors and the transformed data", () => {
    const m = matrixOf(SMITH.x.map((x, i) => [x, SMITH.y[i]]));
    const p = pca(m, { components: 2 });
    expect(p.converged).toBe(true);
    expect(p.fitted).toBe(10);
    expect(p.variances[0]).toBeCloseTo(SMITH.eigenvalues[0], 6);
    expect(p.variances[1]).toBeCloseTo(SMITH.eigenvalues[1], 6);
    expect(p.totalVariance).toBeCloseTo(SMITH.eigenvalues[0] + SMITH.eigenvalues[1], 6);
    // Eigenvectors are defined up to sign; ours has its largest entry positive.
    const signs = p.components.map((c, k) => Math.sign(c[0] * SMITH.eigenvectors[k][0] + c[1] * SMITH.eigenvectors[k][1]));
    p.components.forEach((c, k) => {
      expect(c[0] * signs[k]).toBeCloseTo(SMITH.eigenvectors[k][0], 6);
      expect(c[1] * signs[k]).toBeCloseTo(SMITH.eigenvectors[k][1], 6);
    });
    const [xs, ys] = projectRows(p, m);
    SMITH.transformed.forEach(([a, b], i) => {
      expect(xs[i] * signs[0]).toBeCloseTo(a, 5);
      expect(ys[i] * signs[1]).toBeCloseTo(b, 5);
      const [px, py] = project(p, [SMITH.x[i], SMITH.y[i]]);
      expect(px).toBeCloseTo(xs[i], 5);
      expect(py).toBeCloseTo(ys[i], 5);
    });
  });

  it('matches a Jacobi eigen-decomposition of the covariance in 6-D (unit, orthogonal, ordered)', () => {
    const rand = mulberry32(7);
    const dim = 6, n = 400;
    // Gaussian-ish data with very different spreads along a random rotation.
    const spread = [5, 3, 1.5, 0.7, 0.3, 0.1];
    const rows = Array.from({ length: n }, () => {
      const z = spread.map((s) => s * (rand() + rand() + rand() - 1.5));
      return z.map((_, j) => z.reduce((acc, zk, k) => acc + zk * Math.cos((j + 1) * (k + 2) * 0.7), 0) + 10);
    });
    const mean = Array.from({ length: dim }, (_, j) => rows.reduce((a, r) => a + r[j], 0) / n);
    const cov = Array.from({ length: dim }, (_, a) => Array.from({ length: dim }, (_, b) => rows.reduce((acc, r) => acc + (r[a] - mean[a]) * (r[b] - mean[b]), 0) / (n - 1)));
    const ref = jacobi(cov);
    const p = pca(matrixOf(rows), { components: 3 });
    expect(p.variances).toHaveLength(3);
    for (let k = 0; k < 3; k++) {
      expect(p.variances[k] / ref.values[k]).toBeCloseTo(1, 5);
      expect(alignment(p.components[k], ref.vectors[k])).toBeGreaterThan(1 - 1e-6);
    }
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += p.components[a][j] * p.components[b][j];
      expect(d).toBeCloseTo(a === b ? 1 : 0, 8);
    }
    expect(p.totalVariance).toBeCloseTo(ref.values.reduce((a, b) => a + b, 0), 6);
  });

  it('reads byte matrices in place (u8 with a scale, i8 with row scales) like their float values', () => {
    const rand = mulberry32(3);
    const dim = 8, n = 60;
    const bytes = Uint8Array.from({ length: n * dim }, (_, i) => Math.floor(rand() * 200) + (i % dim) * 5);
    const scale = 1 / 255;
    const u8: VectorMatrix = { kind: 'u8', dim, count: n, data: bytes, scale };
    const f32: VectorMatrix = { kind: 'f32', dim, count: n, data: Float32Array.from(bytes, (b) => b * scale) };
    const i8: VectorMatrix = { kind: 'i8', dim, count: n, data: Int8Array.from(bytes, (b) => b - 128), scales: new Float32Array(n).fill(scale) };
    const a = pca(u8), b = pca(f32), c = pca(i8);
    expect(a.variances[0]).toBeCloseTo(b.variances[0], 6);
    expect(alignment(a.components[0], b.components[0])).toBeGreaterThan(1 - 1e-6);
    // i8 is the same data shifted by a constant: same covariance.
    expect(c.variances[0]).toBeCloseTo(b.variances[0], 6);
    expect(alignment(c.components[1], b.components[1])).toBeGreaterThan(1 - 1e-6);
  });

  it('fits on a deterministic sample when the matrix is large, and projects every row', () => {
    const rand = mulberry32(11);
    const dim = 4, n = 2000;
    const data = Float32Array.from({ length: n * dim }, (_, i) => (i % dim === 0 ? 10 : 1) * (rand() - 0.5));
    const m: VectorMatrix = { kind: 'f32', dim, count: n, data };
    const p1 = pca(m, { maxValues: 400 * dim, seed: 5 });
    const p2 = pca(m, { maxValues: 400 * dim, seed: 5 });
    expect(p1.fitted).toBe(400);
    expect(Array.from(p1.components[0])).toEqual(Array.from(p2.components[0]));
    expect(Math.abs(p1.components[0][0])).toBeGreaterThan(0.99); // the wide axis
    expect(projectRows(p1, m)[0]).toHaveLength(n);
  });

  it('handles degenerate input: one row, identical rows, and rejects too many components', () => {
    const one = pca(matrixOf([[1, 2, 3]]));
    expect(one.variances).toEqual([0, 0]);
    const same = pca(matrixOf([[1, 1], [1, 1], [1, 1]]));
    expect(same.totalVariance).toBe(0);
    expect(projectRows(same, matrixOf([[1, 1]]))[0][0]).toBeCloseTo(0, 12);
    expect(() => pca(matrixOf([[1], [2]]), { components: 2 })).toThrow(RangeError);
  });
});
