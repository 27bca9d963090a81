/** An IVF build for a million rows, where flat k-means costs too much. Pure: no Node or DOM API. */
import { groupBy, IvfIndex } from '../../src/lib/ann/ivf.ts';
import { kmeans } from '../../src/lib/ann/kmeans.ts';
import { rowInto, type AnnMatrix } from '../../src/lib/ann/rows.ts';

/**
 * Two-level IVF build for N where flat k-means costs too much (N·nlist·dim for the assignment
 * alone, 1e12 multiply-adds at 1M × 2000): k-means into G = round(√nlist) groups (trained on a
 * sample, every row assigned: N·G·dim), then in each group k-means into lists in proportion to
 * its size, every member assigned among its group's lists only (N·nlist/G·dim in all). The index
 * is the ordinary flat IvfIndex over all the lists' centroids: a query probes them all.
 */
export function buildIvfTwoLevel(
  matrix: AnnMatrix, nlist: number, seed: number, onProgress?: (f: number, phase: string) => void,
): { index: IvfIndex; groups: number } {
  const { dim, count: n } = matrix;
  const G = Math.max(1, Math.round(Math.sqrt(nlist)));
  const coarse = kmeans(matrix, { k: G, spherical: true, seed, onProgress: onProgress ? (f) => onProgress(0.25 * f, 'coarse') : undefined });
  const { offsets: gOff, ids: gIds } = groupBy(coarse.assignments, G);
  const centroids: Float32Array[] = [];
  const assignments = new Uint32Array(n);
  let base = 0;
  for (let g = 0; g < G; g++) {
    const members = gIds.subarray(gOff[g], gOff[g + 1]);
    const m = members.length;
    if (m === 0) continue;
    const kg = Math.max(1, Math.min(m, Math.round((nlist * m) / n)));
    const sub = subMatrix(matrix, members);
    const km = kmeans(sub, { k: kg, spherical: true, seed: seed + 1 + g });
    centroids.push(km.centroids);
    for (let i = 0; i < m; i++) assignments[members[i]] = base + km.assignments[i];
    base += kg;
    onProgress?.(0.25 + (0.75 * gOff[g + 1]) / n, 'fine');
  }
  const all = new Float32Array(base * dim);
  let o = 0;
  for (const c of centroids) { all.set(c, o); o += c.length; }
  const { offsets, ids } = groupBy(assignments, base);
  return { index: new IvfIndex(dim, n, base, all, offsets, ids), groups: G };
}

/** The given rows of a matrix as a new matrix of the same kind. */
function subMatrix(m: AnnMatrix, rows: Uint32Array): AnnMatrix {
  const { dim } = m;
  if (m.kind === 'i8') {
    const data = new Int8Array(rows.length * dim), scales = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      data.set(m.data.subarray(rows[i] * dim, (rows[i] + 1) * dim), i * dim);
      scales[i] = m.scales[rows[i]];
    }
    return { kind: 'i8', dim, count: rows.length, data, scales };
  }
  const data = new Float32Array(rows.length * dim);
  for (let i = 0; i < rows.length; i++) rowInto(m, rows[i], data.subarray(i * dim, (i + 1) * dim));
  return { kind: 'f32', dim, count: rows.length, data };
}

