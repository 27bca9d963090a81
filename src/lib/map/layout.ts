/**
 * A 2-D map of a set of vectors: PCA to two coordinates (./pca.ts) and k-means clusters on the
 * full vectors (src/lib/ann/kmeans.ts), each cluster with its medoid (the member nearest its
 * centroid) — or clusters given by the caller (the spectral index's, with its medoids). Clusters are numbered by decreasing size, so colours are stable for a data set.
 * Pure and DOM-free.
 */
import { kmeans } from '../ann/kmeans.ts';
import { checkFinite, checkMatrix } from '../ann/rows.ts';
import type { VectorMatrix } from '../format/vectors.ts';
import { pca, project, projectRows, rowAxpy, type Pca } from './pca.ts';

export const DEFAULT_CLUSTERS = 12;

export interface MapCluster {
  /** points in the cluster */
  readonly size: number;
  /** the point (row) nearest the cluster's centroid */
  readonly medoid: number;
}

export interface MapLayout {
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** cluster of every row, 0 = the largest cluster */
  readonly cluster: Uint16Array;
  readonly clusters: readonly MapCluster[];
  /** share of the total variance along x and y */
  readonly explained: readonly [number, number];
  readonly pca: Pca;
}

export type LayoutPhase = 'pca' | 'clusters' | 'layout';

export interface LayoutOptions {
  /** k of k-means (default 12; at most the number of rows) */
  readonly clusters?: number;
  readonly seed?: number;
  /** unit vectors compared by cosine: spherical k-means (default true) */
  readonly spherical?: boolean;
  /** clusters found elsewhere (the spectral index): used as they are, instead of k-means */
  readonly given?: GivenClusters;
  readonly onProgress?: (phase: LayoutPhase, fraction: number) => void;
}

export interface GivenClusters {
  /** cluster of every row, 0..count-1 */
  readonly assignments: ArrayLike<number>;
  /** the row shown for each cluster */
  readonly medoids: ArrayLike<number>;
}

export function buildLayout(matrix: VectorMatrix, options: LayoutOptions = {}): MapLayout {
  checkFinite(checkMatrix(matrix, 'map vectors'), 'map vectors'); // a NaN row would have no distance to anything, hence no cluster or medoid
  const n = matrix.count;
  const seed = options.seed ?? 1;
  const progress = options.onProgress;
  // A picture needs the axes to a few decimals, not to machine precision.
  const fit = pca(matrix, { components: Math.min(2, matrix.dim), seed, tol: 1e-5, maxIter: 150,
    // raw pixels (19,200 values): fit on ~400 rows; the projection still covers every row
    maxValues: matrix.dim > 2048 ? 8_000_000 : undefined, onProgress: progress && ((f) => progress('pca', f)) });
  const coords = projectRows(fit, matrix);
  const x = coords[0] ?? new Float32Array(n);
  const y = coords[1] ?? new Float32Array(n);
  const total = fit.totalVariance;
  const explained: [number, number] = [total > 0 ? (fit.variances[0] ?? 0) / total : 0, total > 0 ? (fit.variances[1] ?? 0) / total : 0];
  if (n === 0) return { x, y, cluster: new Uint16Array(0), clusters: [], explained, pca: fit };

  const { assignments, counts, medoid } = options.given ? given(options.given, n) : kmeansClusters(matrix, options, seed);
  const k = counts.length;

  // Renumber by decreasing size (ties: lower medoid row first); empty clusters are dropped.
  const order = Array.from({ length: k }, (_, j) => j)
    .filter((j) => counts[j] > 0)
    .sort((a, b) => counts[b] - counts[a] || medoid[a] - medoid[b]);
  const label = new Uint16Array(k);
  order.forEach((j, rank) => (label[j] = rank));
  const cluster = new Uint16Array(n);
  for (let i = 0; i < n; i++) cluster[i] = label[assignments[i]];
  const clusters = order.map((j) => ({ size: counts[j], medoid: medoid[j] }));
  progress?.('layout', 1);
  return { x, y, cluster, clusters, explained, pca: fit };
}

interface Clusters {
  readonly assignments: ArrayLike<number>;
  readonly counts: ArrayLike<number>;
  readonly medoid: ArrayLike<number>;
}

function given(g: GivenClusters, n: number): Clusters {
  if (g.assignments.length !== n) throw new RangeError(`given clusters cover ${g.assignments.length} rows, the matrix has ${n}`);
  const k = g.medoids.length;
  if (k > 65535) throw new RangeError(`${k} clusters are too many to draw`);
  const counts = new Uint32Array(k);
  for (let i = 0; i < n; i++) {
    const c = g.assignments[i];
    if (!(c >= 0 && c < k)) throw new RangeError(`row ${i} is in cluster ${c}, outside 0..${k - 1}`);
    counts[c]++;
  }
  // Every drawn cluster needs a medoid that is one of its members: a missing or foreign one is
  // replaced by the cluster's first member.
  const medoid = Int32Array.from(g.medoids);
  const owned = (j: number) => medoid[j] >= 0 && medoid[j] < n && g.assignments[medoid[j]] === j;
  for (let i = 0; i < n; i++) {
    const c = g.assignments[i];
    if (!owned(c)) medoid[c] = i;
  }
  return { assignments: g.assignments, counts, medoid };
}

function kmeansClusters(matrix: VectorMatrix, options: LayoutOptions, seed: number): Clusters {
  const n = matrix.count;
  const progress = options.onProgress;
  const k = Math.max(1, Math.min(options.clusters ?? DEFAULT_CLUSTERS, n, 65535));
  const km = kmeans(matrix, {
    k, seed, spherical: options.spherical ?? true,
    // Colours for a picture: one seeding, and for very long vectors a smaller training sample.
    ...(matrix.dim > 2048 ? { sampleSize: 32 * k, maxIter: 15 } : {}),
    onProgress: progress && ((f) => progress('clusters', f)),
  });

  // Medoids: the member nearest its centroid (squared distance; ||x||² − 2x·c + ||c||²).
  const dim = matrix.dim;
  const best = new Float64Array(k).fill(Infinity);
  const medoid = new Int32Array(k).fill(-1);
  const cc = new Float64Array(k);
  for (let j = 0; j < k; j++) for (let t = 0; t < dim; t++) cc[j] += km.centroids[j * dim + t] ** 2;
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    const j = km.assignments[i];
    row.fill(0);
    rowAxpy(matrix, i, 1, row);
    let xx = 0, xc = 0;
    for (let t = 0; t < dim; t++) { xx += row[t] * row[t]; xc += row[t] * km.centroids[j * dim + t]; }
    const d = xx - 2 * xc + cc[j];
    if (d < best[j] || medoid[j] < 0) { best[j] = d; medoid[j] = i; } // a member is a medoid even if its distance is not a number
    if (progress && (i & 1023) === 0) progress('layout', i / n);
  }
  return { assignments: km.assignments, counts: km.counts, medoid };
}

/** A vector's position on the map (the same PCA). */
export function projectPoint(layout: MapLayout, v: ArrayLike<number>): { x: number; y: number } {
  const [x = 0, y = 0] = project(layout.pca, v);
  return { x, y };
}
