import { buildAffinity, normalizedAffinity, normalizedAffinityBlock, type AffinityKernel } from './affinity.ts';
import { lanczosTop, subspaceTop, type EigenResult } from './eigen.ts';
import { knnGraph } from './knn-graph.ts';
import { groupBy, type IvfIndex } from './ivf.ts';
import { kmeans } from './kmeans.ts';
import { nearestCentres, scanLists, type ListSearchOptions, type ListSearchResult } from './lists.ts';
import {
  checkFinite, checkMatrix, checkStop, dotAt, rowDot, rowInto, rowNorms, unitQuery,
  type AnnMatrix, type ProgressFn, type StopFn,
} from './rows.ts';

export { buildAffinity, normalizedAffinity, normalizedAffinityBlock, type Affinity, type AffinityKernel } from './affinity.ts';
export { defaultExactLimit, knnGraph, type KnnGraph, type KnnGraphOptions } from './knn-graph.ts';

/**
 * Spectral-clustering search (Ng–Jordan–Weiss on a sparse kNN graph):
 *  1. kNN graph by cosine: exact in tiles for N ≤ exactLimit (default: 20k rows up to 50 dims,
 *     6 250 at 512 dims, see defaultExactLimit), otherwise from an IVF probe (each list's rows
 *     compared with the rows of the `graphNprobe` lists nearest its centroid);
 *  2. affinity: union-symmetrised graph, weights by a self-tuning Gaussian kernel
 *     w_ij = exp(−d²_ij / (σ_i σ_j)), σ_i = distance to i's 7th neighbour, d² = 2 − 2·cos
 *     (or a fixed Gaussian, or the cosine itself);
 *  3. M = D^-1/2 W D^-1/2; its c largest eigenvectors (= the normalised Laplacian's smallest) by
 *     block subspace iteration with Chebyshev filtering (default) or Lanczos with full
 *     reorthogonalisation — never a dense n × n decomposition;
 *  4. rows of the n × c eigenvector matrix normalised to unit length, k-means'd into c clusters;
 *  5. for search: each cluster's centre in the ORIGINAL space (mean of members, normalised) and
 *     medoid (member closest to the centre). A query is routed to the `probes` clusters with the
 *     nearest centres, and ranked exactly inside them.
 */
export interface SpectralBuildOptions {
  /** clusters c (default `defaultClusterCount(N)`) */
  readonly clusters?: number;
  /** neighbours per row in the kNN graph (default 10) */
  readonly neighbors?: number;
  /** edge weights (default 'self-tuning') */
  readonly kernel?: AffinityKernel;
  /** exact tiled kNN graph up to this many rows, IVF-probed above (default `defaultExactLimit(dim)`) */
  readonly exactLimit?: number;
  /** lists compared per list when the graph is built on an IVF probe (default 8) */
  readonly graphNprobe?: number;
  /** an IVF index over the same rows to build the graph on (else one is built when needed) */
  readonly ivf?: IvfIndex;
  /** default 'subspace' (finds repeated eigenvalues: disconnected graphs) */
  readonly eigensolver?: 'subspace' | 'lanczos';
  /** eigen residual tolerance, relative (default 1e-5) */
  readonly eigenTol?: number;
  /** outer subspace iterations (or Lanczos basis size) at most (default 60; Lanczos 3·c) */
  readonly eigenMaxIter?: number;
  /** k-means restarts on the spectral embedding (default 3; it is c-dimensional, so cheap) */
  readonly restarts?: number;
  readonly seed?: number;
  readonly onProgress?: ProgressFn;
  readonly shouldStop?: StopFn;
}

export interface SpectralSearchOptions extends ListSearchOptions {
  /** clusters scanned (default 1) */
  readonly probes?: number;
  /** rows scored (default: the matrix the index was built from); may be quantized */
  readonly rerank?: AnnMatrix;
}

export interface ClusterInfo {
  readonly id: number;
  readonly size: number;
  /** unit mean of the members' vectors */
  readonly centre: Float32Array;
  /** the member closest (by cosine) to the centre */
  readonly medoid: number;
  /** member row ids, ascending (a view) */
  readonly members: Uint32Array;
}

/** c = round(√N / 2) clamped to 2..100: about 50·√N rows a cluster, eigen cost bounded. */
export function defaultClusterCount(n: number): number {
  return Math.max(Math.min(2, n), Math.min(100, n, Math.round(Math.sqrt(n) / 2)));
}

export class SpectralIndex {
  constructor(
    readonly dim: number,
    readonly count: number,
    /** c × dim unit centres in the original vector space */
    readonly centres: Float32Array,
    readonly medoids: Uint32Array,
    /** cluster c holds ids[offsets[c] .. offsets[c + 1]) */
    readonly offsets: Uint32Array,
    readonly ids: Uint32Array,
    /** cluster of every row */
    readonly assignments: Uint32Array,
    /** the c largest eigenvalues of D^-1/2 W D^-1/2 */
    readonly eigenvalues: Float64Array,
    readonly graph: { readonly neighbors: number; readonly exact: boolean; readonly edges: number },
    private readonly matrix: AnnMatrix,
    /** how the eigensolver went: iterations, operator applications, convergence */
    readonly eigen: { readonly iterations: number; readonly matvecs: number; readonly converged: boolean } = { iterations: 0, matvecs: 0, converged: true },
  ) {}

  get clusterCount(): number {
    return this.medoids.length;
  }

  /** the `probes` clusters whose centres are nearest the query, nearest first */
  route(query: Float32Array, options: { probes?: number } = {}): number[] {
    const q = unitQuery(query, this.dim);
    return nearestCentres(q, this.centres, this.clusterCount, this.dim, clampProbes(options.probes ?? 1, this.clusterCount));
  }

  /** exact cosine ranking over the members of the routed clusters (default k = 100, probes = 1) */
  search(query: Float32Array, options: SpectralSearchOptions = {}): ListSearchResult {
    const m = options.rerank ?? this.matrix;
    if (m.dim !== this.dim || m.count !== this.count) {
      throw new RangeError(`spectral index is for ${this.count} × ${this.dim} vectors, the matrix is ${m.count} × ${m.dim}`);
    }
    const q = unitQuery(query, this.dim);
    const lists = nearestCentres(q, this.centres, this.clusterCount, this.dim, clampProbes(options.probes ?? 1, this.clusterCount));
    return scanLists(q, lists, this.offsets, this.ids, m, { ...options, k: options.k ?? 100 });
  }

  clusters(): ClusterInfo[] {
    return Array.from({ length: this.clusterCount }, (_, c) => ({
      id: c,
      size: this.offsets[c + 1] - this.offsets[c],
      centre: this.centres.subarray(c * this.dim, (c + 1) * this.dim),
      medoid: this.medoids[c],
      members: this.ids.subarray(this.offsets[c], this.offsets[c + 1]),
    }));
  }
}

function clampProbes(probes: number, n: number): number {
  if (!(probes >= 1)) throw new RangeError(`probes must be ≥ 1, got ${probes}`);
  return Math.min(n, Math.floor(probes));
}

export function buildSpectral(matrix: AnnMatrix, options: SpectralBuildOptions = {}): SpectralIndex {
  checkFinite(checkMatrix(matrix));
  const { dim, count: n } = matrix;
  if (n === 0) throw new RangeError('there are no vectors to cluster');
  const asked = options.clusters ?? defaultClusterCount(n);
  if (!Number.isInteger(asked) || asked < 1) throw new RangeError(`clusters must be a positive integer, got ${asked}`);
  const c = Math.min(asked, n); // fewer rows than clusters: one cluster a row

  const seed = options.seed ?? 1;
  const progress = options.onProgress;
  const stage = (from: number, to: number) => (progress ? (f: number, phase?: string) => progress(from + (to - from) * f, phase) : undefined);

  const graph = knnGraph(matrix, {
    neighbors: options.neighbors, exactLimit: options.exactLimit, nprobe: options.graphNprobe,
    ivf: options.ivf, seed, onProgress: stage(0, 0.5), shouldStop: options.shouldStop,
  });
  const affinity = buildAffinity(graph, options.kernel ?? 'self-tuning');
  const op = normalizedAffinity(affinity);

  let eig: EigenResult;
  const eigenOpts = { seed, tol: options.eigenTol ?? 1e-5, onProgress: stage(0.5, 0.85), shouldStop: options.shouldStop };
  if (c === n) {
    eig = { values: new Float64Array(0), vectors: [], residuals: new Float64Array(0), iterations: 0, matvecs: 0, converged: true };
  } else if (options.eigensolver === 'lanczos') {
    eig = lanczosTop(op, n, c, { ...eigenOpts, maxBasis: options.eigenMaxIter });
  } else {
    eig = subspaceTop(op, n, c, { ...eigenOpts, maxIter: options.eigenMaxIter, lower: -1, blockOp: normalizedAffinityBlock(affinity) });
  }

  // spectral embedding: row i = (v_1[i], …, v_c[i]) / ‖·‖
  let labels: Uint32Array;
  if (c === n) {
    labels = Uint32Array.from({ length: n }, (_, i) => i);
  } else {
    const emb = new Float32Array(n * c);
    for (let j = 0; j < c; j++) { const v = eig.vectors[j]; for (let i = 0; i < n; i++) emb[i * c + j] = v[i]; }
    for (let i = 0; i < n; i++) {
      const o = i * c;
      const norm = Math.sqrt(dotAt(emb, o, emb, o, c));
      if (norm > 0) for (let j = 0; j < c; j++) emb[o + j] /= norm;
    }
    const km = kmeans({ kind: 'f32', dim: c, count: n, data: emb }, {
      k: c, spherical: true, seed, restarts: options.restarts ?? 3, onProgress: stage(0.85, 0.95), shouldStop: options.shouldStop,
    });
    labels = km.assignments;
  }

  // drop empty clusters, then centres in the original space and medoids
  const used = new Int32Array(c).fill(-1);
  let kept = 0;
  for (let i = 0; i < n; i++) if (used[labels[i]] < 0) used[labels[i]] = 0;
  for (let j = 0; j < c; j++) if (used[j] === 0) used[j] = kept++;
  const assignments = labels.map((l) => used[l]);
  const { offsets, ids } = groupBy(assignments, kept);
  const centres = new Float32Array(kept * dim);
  const medoids = new Uint32Array(kept);
  const row = new Float32Array(dim);
  const sum = new Float64Array(dim);
  const norms = rowNorms(matrix);
  for (let j = 0; j < kept; j++) {
    checkStop(options.shouldStop);
    sum.fill(0);
    for (let p = offsets[j]; p < offsets[j + 1]; p++) {
      const id = ids[p];
      rowInto(matrix, id, row);
      const inv = norms[id] > 0 ? 1 / norms[id] : 0;
      for (let t = 0; t < dim; t++) sum[t] += row[t] * inv;
    }
    let len = 0;
    for (let t = 0; t < dim; t++) len += sum[t] * sum[t];
    len = Math.sqrt(len);
    const centre = centres.subarray(j * dim, (j + 1) * dim);
    for (let t = 0; t < dim; t++) centre[t] = len > 0 ? sum[t] / len : 0;
    let best = -Infinity, medoid = ids[offsets[j]];
    for (let p = offsets[j]; p < offsets[j + 1]; p++) {
      const id = ids[p];
      const s = norms[id] > 0 ? rowDot(matrix, id, centre) / norms[id] : 0;
      if (s > best) { best = s; medoid = id; }
    }
    medoids[j] = medoid;
    progress?.(0.95 + (0.05 * (j + 1)) / kept, 'centres');
  }
  return new SpectralIndex(
    dim, n, centres, medoids, offsets, ids, assignments, eig.values,
    { neighbors: graph.k, exact: graph.exact, edges: affinity.cols.length / 2 }, matrix,
    { iterations: eig.iterations, matvecs: eig.matvecs, converged: eig.converged },
  );
}
