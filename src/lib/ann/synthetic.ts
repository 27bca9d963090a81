import { mulberry32 } from '../random.ts';
import { gaussian, normalize } from './rows.ts';

/**
 * Deterministic synthetic data for approximate-search tests and benchmarks: Gaussian blobs on
 * the unit sphere. Blob centres are random unit vectors (nearly orthogonal in high dimension);
 * a point is normalise(centre + noise), noise ~ N(0, spread²/dim · I), so ‖noise‖ ≈ spread and
 * a point's cosine to its centre is about 1/√(1 + spread²) (0.71 at spread 1). Labels are drawn
 * uniformly, so blob sizes are roughly n / clusters.
 */
export interface SyntheticOptions {
  readonly n: number;
  /** default 512 */
  readonly dim?: number;
  readonly clusters: number;
  /** noise norm relative to the unit centre (default 1) */
  readonly spread?: number;
  /** default 1 */
  readonly seed?: number;
}

export interface SyntheticSet {
  readonly matrix: { readonly kind: 'f32'; readonly dim: number; readonly count: number; readonly data: Float32Array };
  /** planted blob of each row */
  readonly labels: Uint32Array;
  /** clusters × dim unit centres */
  readonly centres: Float32Array;
  readonly dim: number;
  readonly clusters: number;
  readonly spread: number;
}

export function syntheticClusters(options: SyntheticOptions): SyntheticSet {
  const { n, clusters } = options;
  const dim = options.dim ?? 512, spread = options.spread ?? 1;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(clusters) || clusters < 1) throw new RangeError(`clusters must be a positive integer, got ${clusters}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  const rand = mulberry32(options.seed ?? 1);
  const centres = new Float32Array(clusters * dim);
  for (let c = 0; c < clusters; c++) {
    for (let j = 0; j < dim; j++) centres[c * dim + j] = gaussian(rand);
    normalize(centres, c * dim, dim);
  }
  const labels = new Uint32Array(n);
  const data = new Float32Array(n * dim);
  fillPoints(data, labels, centres, dim, clusters, spread, rand);
  return { matrix: { kind: 'f32', dim, count: n, data }, labels, centres, dim, clusters, spread };
}

/** Fresh points from the same blobs (a different stream for each seed): queries for a set. */
export function syntheticQueries(set: SyntheticSet, count: number, seed = 2): { queries: Float32Array[]; labels: Uint32Array } {
  const rand = mulberry32((seed ^ 0x9e3779b9) >>> 0);
  const { dim, clusters, spread, centres } = set;
  const labels = new Uint32Array(count);
  const data = new Float32Array(count * dim);
  fillPoints(data, labels, centres, dim, clusters, spread, rand);
  const queries = Array.from({ length: count }, (_, i) => data.slice(i * dim, (i + 1) * dim));
  return { queries, labels };
}

function fillPoints(
  data: Float32Array, labels: Uint32Array, centres: Float32Array, dim: number,
  clusters: number, spread: number, rand: () => number,
): void {
  const sigma = spread / Math.sqrt(dim);
  for (let i = 0; i < labels.length; i++) {
    const c = Math.min(clusters - 1, Math.floor(rand() * clusters));
    labels[i] = c;
    const o = i * dim;
    for (let j = 0; j < dim; j++) data[o + j] = centres[c * dim + j] + sigma * gaussian(rand);
    normalize(data, o, dim);
  }
}
