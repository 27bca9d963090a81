import { mulberry32, sampleIndices } from '../random.ts';
import {
  checkFinite, checkMatrix, checkStop, dotAt, dotRows, dotTile, rowInto, rowsView,
  type AnnMatrix, type ProgressFn, type StopFn,
} from './rows.ts';

/**
 * k-means (Lloyd) with k-means++ seeding, trained on a random sample of the rows, then (by
 * default) every row assigned to its nearest centroid. Deterministic for a seed.
 *
 * - Sample: `defaultSampleSize(n, k) = min(n, 50·k)` rows. Centroid error shrinks like
 *   1/√(points per centroid); FAISS warns below 39 points per centroid and caps at 256. Each
 *   Lloyd iteration costs sample·k·dim, so 256·k would make training cost several times the
 *   final n·k·dim assignment pass at N = 100k; measured IVF recall at nprobe ≥ 4 did not change
 *   between 16, 32 and 64 rows per centroid (docs/INDEX.md), and 50 keeps a margin above
 *   FAISS's floor for real, less regular data.
 * - Seeding: greedy k-means++ (D² sampling, 2 + ⌊ln k⌋ candidates a step, the one lowering the
 *   potential most is kept) over a random max(1024, 4·k) of the sample rows: seeding costs
 *   k·trials passes over its rows, so it runs on a subset, as scikit-learn's mini-batch k-means
 *   does; Lloyd then refines on the whole sample.
 * - Every assignment (Lloyd steps and the final pass) is exact and brute force, in register-
 *   blocked tiles of rows × centroids (as FAISS does with a GEMM). Triangle-inequality pruning
 *   was tried (Hamerly's bounds; bounds on groups of centroids) and removed: on 512-d data
 *   distances concentrate (a point's distance to its own centroid is close to half the distance
 *   between centroids), so the bounds pruned under 10% of the work and cost more than they saved.
 * - Stops when fewer than `tol` (default 0.1%) of sample assignments change, or `maxIter`.
 * - `spherical`: centroids are re-normalised to unit length after each update (cosine k-means
 *   for unit vectors; nearest by Euclidean distance = largest dot product then).
 * - Empty clusters are repaired by moving to them the point farthest from its centroid (taken
 *   from a cluster with more than one point).
 */
export interface KMeansOptions {
  readonly k: number;
  readonly seed?: number;
  /** training rows; default `defaultSampleSize(count, k)`, raised to k when smaller */
  readonly sampleSize?: number;
  /** Lloyd iterations at most (default 20) */
  readonly maxIter?: number;
  /** stop when the fraction of changed assignments is below this (default 0.001) */
  readonly tol?: number;
  readonly spherical?: boolean;
  /** independent seedings; the lowest sample inertia wins (default 1) */
  readonly restarts?: number;
  /** assign every row of the matrix at the end (default true) */
  readonly assignAll?: boolean;
  readonly onProgress?: ProgressFn;
  readonly shouldStop?: StopFn;
}

export interface KMeansResult {
  readonly k: number;
  readonly dim: number;
  /** k × dim, row-major */
  readonly centroids: Float32Array;
  /** nearest centroid of every row of the matrix (empty when assignAll is false) */
  readonly assignments: Uint32Array;
  /** rows per centroid over the whole matrix (over the sample when assignAll is false) */
  readonly counts: Uint32Array;
  readonly sampleSize: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** sum of squared distances of the sample rows to their centroids */
  readonly inertia: number;
}

export function defaultSampleSize(n: number, k: number): number {
  return Math.min(n, 50 * k);
}

export function kmeans(matrix: AnnMatrix, options: KMeansOptions): KMeansResult {
  checkFinite(checkMatrix(matrix));
  const { dim, count: n } = matrix;
  const k = options.k;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (k > n) throw new RangeError(`k (${k}) is larger than the number of rows (${n})`);
  const rand = mulberry32(options.seed ?? 1);
  const s = Math.min(n, Math.max(k, Math.floor(options.sampleSize ?? defaultSampleSize(n, k))));
  const restarts = Math.max(1, Math.floor(options.restarts ?? 1));
  const assignAll = options.assignAll ?? true;
  const progress = options.onProgress;
  // Progress weights: each restart ≈ 3 passes over the sample, the final assignment 1 over n.
  const trainWork = restarts * 3 * s, totalWork = trainWork + (assignAll ? n : 0);

  // The sample: indices sorted ascending (memory order); f32 rows are read in place.
  const sampleIdx = sampleIndices(n, s, rand);
  let src: Float32Array, idx: Uint32Array;
  if (matrix.kind === 'f32') {
    src = matrix.data;
    idx = sampleIdx;
  } else {
    src = new Float32Array(s * dim);
    for (let i = 0; i < s; i++) rowInto(matrix, sampleIdx[i], src.subarray(i * dim, (i + 1) * dim));
    idx = Uint32Array.from({ length: s }, (_, i) => i);
  }
  const data: Sample = { src, idx, dim, s, xx: new Float64Array(s) };
  for (let i = 0; i < s; i++) { const o = idx[i] * dim; data.xx[i] = dotAt(src, o, src, o, dim); }

  let best: Trained | null = null;
  for (let r = 0; r < restarts; r++) {
    const base = (r * 3 * s) / totalWork, span = (3 * s) / totalWork;
    const run = train(data, k, rand, {
      maxIter: options.maxIter ?? 20,
      tol: options.tol ?? 0.001,
      spherical: options.spherical ?? false,
      shouldStop: options.shouldStop,
      progress: progress ? (f, phase) => progress(base + span * f, phase) : undefined,
    });
    if (!best || run.inertia < best.inertia) best = run;
  }
  const trained = best!;

  let assignments: Uint32Array = new Uint32Array(0);
  let counts: Uint32Array;
  if (assignAll) {
    assignments = assignNearest(matrix, trained.centroids, k, {
      shouldStop: options.shouldStop,
      onProgress: progress ? (f) => progress((trainWork + f * n) / totalWork, 'assign') : undefined,
    });
    counts = new Uint32Array(k);
    for (let i = 0; i < n; i++) counts[assignments[i]]++;
  } else {
    counts = new Uint32Array(k);
    for (let i = 0; i < s; i++) counts[trained.assign[i]]++;
  }
  progress?.(1, assignAll ? 'assign' : 'kmeans');
  return {
    k, dim, centroids: trained.centroids, assignments, counts, sampleSize: s,
    iterations: trained.iterations, converged: trained.converged, inertia: trained.inertia,
  };
}

/**
 * Nearest centroid (smallest Euclidean distance; ties to the lower index) for every row,
 * computed in tiles of rows × centroids. For unit centroids this is the largest dot product.
 */
export function assignNearest(
  matrix: AnnMatrix, centroids: Float32Array, k: number,
  opts: { onProgress?: (f: number) => void; shouldStop?: StopFn } = {},
): Uint32Array {
  const { dim, count: n } = matrix;
  if (centroids.length !== k * dim) throw new RangeError(`centroids hold ${centroids.length} values, expected ${k} × ${dim}`);
  const cc = new Float64Array(k);
  for (let j = 0; j < k; j++) cc[j] = dotAt(centroids, j * dim, centroids, j * dim, dim);
  const out = new Uint32Array(n);
  const tile = new Float64Array(BATCH * k);
  const scratch = matrix.kind === 'f32' ? undefined : new Float32Array(BATCH * dim);
  for (let i0 = 0; i0 < n; i0 += BATCH) {
    checkStop(opts.shouldStop);
    const i1 = Math.min(n, i0 + BATCH);
    const rows = rowsView(matrix, i0, i1, scratch);
    dotTile(rows, 0, i1 - i0, centroids, 0, k, dim, tile);
    for (let r = 0; r < i1 - i0; r++) out[i0 + r] = argNearest(tile, r * k, k, 0, cc);
    if (opts.onProgress && ((i0 / BATCH) & 31) === 0) opts.onProgress(i1 / n);
  }
  opts.onProgress?.(1);
  return out;
}

interface Sample {
  /** rows live at src[idx[i] * dim] */
  readonly src: Float32Array;
  readonly idx: Uint32Array;
  readonly dim: number;
  readonly s: number;
  /** squared norms of the sample rows */
  readonly xx: Float64Array;
}

interface Trained {
  centroids: Float32Array;
  assign: Uint32Array;
  iterations: number;
  converged: boolean;
  inertia: number;
}

interface TrainOptions {
  maxIter: number;
  tol: number;
  spherical: boolean;
  shouldStop?: StopFn;
  progress?: (f: number, phase: string) => void;
}

function train(data: Sample, k: number, rand: () => number, opt: TrainOptions): Trained {
  const { src, idx, dim, s, xx } = data;
  const C = new Float32Array(k * dim);
  const cc = new Float64Array(k);
  const assign = new Uint32Array(s);
  const dist = (i: number, j: number): number =>
    Math.sqrt(Math.max(0, xx[i] + cc[j] - 2 * dotAt(src, idx[i] * dim, C, j * dim, dim)));

  // --- greedy k-means++ seeding on a random subset of the sample -----------------------
  // Each step draws `trials` candidates by D² sampling and keeps the one that lowers the
  // potential Σ D² most (scikit-learn's default, 2 + ⌊ln k⌋ trials): plain k-means++ often puts
  // two seeds in one blob and none in another, which Lloyd cannot undo.
  const m = Math.min(s, Math.max(SEED_MIN, SEED_PER_CENTROID * k));
  const seeds = m === s ? Uint32Array.from({ length: s }, (_, i) => i) : sampleIndices(s, m, rand);
  const X = new Float32Array(m * dim); // the seeding rows, contiguous
  const sx = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    X.set(src.subarray(idx[seeds[r]] * dim, (idx[seeds[r]] + 1) * dim), r * dim);
    sx[r] = xx[seeds[r]];
  }
  const trials = Math.min(m, 2 + Math.floor(Math.log(k)));
  const D = new Float64Array(m); // squared distance to the nearest chosen centre
  const candOff = new Float64Array(trials);
  const candDots = new Float64Array(trials * m);
  const setCentre = (j: number, r: number) => {
    C.set(X.subarray(r * dim, (r + 1) * dim), j * dim);
    cc[j] = sx[r];
  };
  const first = Math.floor(rand() * m);
  setCentre(0, first);
  candOff[0] = first * dim;
  dotRows(X, candOff, 1, X, 0, m, dim, candDots);
  for (let r = 0; r < m; r++) D[r] = Math.max(0, sx[r] + sx[first] - 2 * candDots[r]);
  for (let t = 1; t < k; t++) {
    if ((t & 7) === 0) { checkStop(opt.shouldStop); opt.progress?.((t / k) * SEED_SHARE, 'kmeans-seed'); }
    let total = 0;
    for (let r = 0; r < m; r++) total += D[r];
    const cand: number[] = [];
    for (let c = 0; c < trials; c++) {
      let pick = Math.floor(rand() * m); // all points on centres (duplicates): any; repaired later
      if (total > 0) {
        let target = rand() * total;
        pick = m - 1;
        for (let r = 0; r < m; r++) { target -= D[r]; if (target < 0) { pick = r; break; } }
      }
      cand.push(pick);
      candOff[c] = pick * dim;
    }
    dotRows(X, candOff, trials, X, 0, m, dim, candDots);
    let best = 0, bestPot = Infinity;
    for (let c = 0; c < trials; c++) {
      let pot = 0;
      const o = c * m, sc = sx[cand[c]];
      for (let r = 0; r < m; r++) pot += Math.min(D[r], Math.max(0, sx[r] + sc - 2 * candDots[o + r]));
      if (pot < bestPot) { bestPot = pot; best = c; }
    }
    const o = best * m, sc = sx[cand[best]];
    for (let r = 0; r < m; r++) D[r] = Math.min(D[r], Math.max(0, sx[r] + sc - 2 * candDots[o + r]));
    setCentre(t, cand[best]);
  }
  if (opt.spherical) normalizeCentroids(C, cc, k, dim);

  // --- Lloyd iterations: exact assignment in batches of rows × all centroids ----------
  const d2 = new Float64Array(s);
  const counts = new Uint32Array(k);
  const sums = new Float64Array(k * dim);
  const assignSample = (): number => {
    for (let j = 0; j < k; j++) cc[j] = dotAt(C, j * dim, C, j * dim, dim);
    let changes = 0;
    for (let i0 = 0; i0 < s; i0 += BATCH) {
      checkStop(opt.shouldStop);
      const nb = Math.min(BATCH, s - i0);
      for (let r = 0; r < nb; r++) batchOff[r] = idx[i0 + r] * dim;
      dotRows(src, batchOff, nb, C, 0, k, dim, batchDots);
      for (let r = 0; r < nb; r++) {
        const i = i0 + r;
        const j = argNearest(batchDots, r * k, k, xx[i], cc);
        if (j !== assign[i]) changes++;
        assign[i] = j;
        d2[i] = Math.max(0, xx[i] + cc[j] - 2 * batchDots[r * k + j]);
      }
    }
    return changes;
  };
  const batchOff = new Float64Array(BATCH);
  const batchDots = new Float64Array(BATCH * k);
  assignSample();
  let changes = s; // the seeding's assignment does not count towards convergence
  let iterations = 0, converged = false;
  for (;;) {
    // repair empty clusters (take the point farthest from its centroid), then move centroids
    counts.fill(0);
    for (let i = 0; i < s; i++) counts[assign[i]]++;
    for (let j = 0; j < k; j++) {
      if (counts[j] > 0) continue;
      let far = -1, fd = -1;
      for (let i = 0; i < s; i++) if (counts[assign[i]] > 1 && d2[i] > fd) { fd = d2[i]; far = i; }
      if (far < 0) break; // fewer distinct points than clusters: nothing to move
      counts[assign[far]]--;
      assign[far] = j;
      counts[j] = 1;
      d2[far] = 0;
      changes++;
    }
    sums.fill(0);
    for (let i = 0; i < s; i++) {
      const o = idx[i] * dim, so = assign[i] * dim;
      for (let t = 0; t < dim; t++) sums[so + t] += src[o + t];
    }
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) continue; // keeps its previous position
      for (let t = 0; t < dim; t++) C[j * dim + t] = sums[j * dim + t] / counts[j];
    }
    if (opt.spherical) normalizeCentroids(C, cc, k, dim);
    else for (let j = 0; j < k; j++) cc[j] = dotAt(C, j * dim, C, j * dim, dim);
    iterations++;
    opt.progress?.(SEED_SHARE + (1 - SEED_SHARE) * Math.min(1, iterations / opt.maxIter), 'kmeans');
    if (changes < opt.tol * s) { converged = true; break; }
    if (iterations >= opt.maxIter) break;
    changes = assignSample();
  }

  let inertia = 0;
  for (let i = 0; i < s; i++) { const d = dist(i, assign[i]); inertia += d * d; }
  return { centroids: C, assign, iterations, converged, inertia };
}

/** k-means++ seeds are drawn from max(SEED_MIN, SEED_PER_CENTROID·k) sample rows. */
const SEED_PER_CENTROID = 4;
const SEED_MIN = 1024;
/** share of a training run's progress given to seeding */
const SEED_SHARE = 0.2;
/** rows per assignment batch */
const BATCH = 32;

/** index of the smallest ‖x‖² + ‖c_j‖² − 2·x·c_j (ties: lower j) */
function argNearest(dots: Float64Array, o: number, k: number, xx: number, cc: Float64Array): number {
  let bj = 0, bd = Infinity;
  for (let j = 0; j < k; j++) {
    const d = xx + cc[j] - 2 * dots[o + j];
    if (d < bd) { bd = d; bj = j; }
  }
  return bj;
}

function normalizeCentroids(C: Float32Array, cc: Float64Array, k: number, dim: number): void {
  for (let j = 0; j < k; j++) {
    const o = j * dim;
    const norm = Math.sqrt(dotAt(C, o, C, o, dim));
    if (norm > 0) for (let t = 0; t < dim; t++) C[o + t] /= norm;
    cc[j] = dotAt(C, o, C, o, dim);
  }
}
