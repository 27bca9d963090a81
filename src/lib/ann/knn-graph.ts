/** The sparse cosine kNN graph spectral clustering starts from (spectral.ts). Pure and DOM-free. */
import { buildIvf, type IvfIndex } from './ivf.ts';
import { nearestCentres } from './lists.ts';
import { checkMatrix, checkStop, dotTile, floatRows, rowNorms, type AnnMatrix, type ProgressFn, type StopFn } from './rows.ts';

/**
 * Largest N for which the kNN graph is computed exactly by default: the exact graph costs
 * N²·dim/2 multiply-adds, kept under 10¹⁰ (≈ 10 s of single-threaded JS): 20 000 rows up to
 * 50 dims, 6 250 rows at 512 dims. Above it the IVF-probed graph is far cheaper and, on the
 * synthetic blobs, finds the same edges (docs/INDEX.md).
 */
export function defaultExactLimit(dim: number): number {
  return Math.min(20000, Math.floor(Math.sqrt(2e10 / Math.max(1, dim))));
}

export interface KnnGraph {
  readonly n: number;
  /** neighbours per row */
  readonly k: number;
  /** n × k neighbour rows, best first (−1 where a row has fewer than k) */
  readonly ids: Int32Array;
  /** n × k cosines, matching ids */
  readonly sims: Float32Array;
  /** true when computed exactly */
  readonly exact: boolean;
}

export interface KnnGraphOptions {
  readonly neighbors?: number;
  readonly exactLimit?: number;
  readonly nprobe?: number;
  readonly ivf?: IvfIndex;
  readonly seed?: number;
  readonly onProgress?: ProgressFn;
  readonly shouldStop?: StopFn;
}

/**
 * k nearest neighbours (cosine, self excluded) of every row. Exact for N ≤ exactLimit: tiles of
 * 64 × 64 rows, each pair computed once and offered to both rows (N²·dim/2 multiply-adds).
 * Above it, on an IVF partition: every list's rows are compared with the rows of the nprobe
 * lists nearest that list's centroid (≈ N·nprobe·N/nlist·dim, plus the IVF build).
 */
export function knnGraph(matrix: AnnMatrix, options: KnnGraphOptions = {}): KnnGraph {
  const { dim, count: n } = checkMatrix(matrix);
  const k = Math.min(Math.max(1, Math.floor(options.neighbors ?? 10)), Math.max(1, n - 1));
  const X = floatRows(matrix);
  const norms = rowNorms(matrix);
  const inv = new Float64Array(n);
  for (let i = 0; i < n; i++) inv[i] = norms[i] > 0 ? 1 / norms[i] : 0;
  const top = new TopKRows(n, k);
  const exact = n <= (options.exactLimit ?? defaultExactLimit(dim)) && !options.ivf;
  const progress = options.onProgress;
  if (exact) {
    const B = 64;
    const tile = new Float64Array(B * B);
    const blocks = Math.ceil(n / B), totalPairs = (blocks * (blocks + 1)) / 2;
    let done = 0;
    for (let a0 = 0; a0 < n; a0 += B) {
      const na = Math.min(B, n - a0);
      for (let b0 = a0; b0 < n; b0 += B) {
        checkStop(options.shouldStop);
        const nb = Math.min(B, n - b0);
        dotTile(X, a0, na, X, b0, nb, dim, tile);
        for (let i = 0; i < na; i++) {
          const a = a0 + i;
          for (let j = b0 === a0 ? i + 1 : 0; j < nb; j++) {
            const b = b0 + j;
            const s = tile[i * nb + j] * inv[a] * inv[b];
            top.offer(a, b, s);
            top.offer(b, a, s);
          }
        }
        done++;
      }
      progress?.(done / totalPairs, 'graph');
    }
  } else {
    const ivf = options.ivf ?? buildIvf(matrix, {
      seed: options.seed, shouldStop: options.shouldStop,
      onProgress: progress ? (f) => progress(0.5 * f, 'graph-ivf') : undefined,
    });
    if (ivf.count !== n || ivf.dim !== dim) throw new RangeError(`IVF index is for ${ivf.count} × ${ivf.dim} vectors, the matrix is ${n} × ${dim}`);
    const nprobe = Math.min(ivf.nlist, Math.max(1, Math.floor(options.nprobe ?? 8)));
    const B = 64;
    let maxList = 0;
    for (let l = 0; l < ivf.nlist; l++) maxList = Math.max(maxList, ivf.offsets[l + 1] - ivf.offsets[l]);
    const rowsA = new Float32Array(B * dim);
    let candBuf = new Float32Array(0);
    let tile = new Float64Array(0);
    for (let l = 0; l < ivf.nlist; l++) {
      checkStop(options.shouldStop);
      const members = ivf.list(l);
      if (members.length === 0) continue;
      const probed = nearestCentres(ivf.centroids.subarray(l * dim, (l + 1) * dim), ivf.centroids, ivf.nlist, dim, nprobe);
      if (!probed.includes(l)) probed[probed.length - 1] = l;
      const cand: number[] = [];
      for (const p of probed) for (const id of ivf.list(p)) cand.push(id);
      if (candBuf.length < cand.length * dim) candBuf = new Float32Array(cand.length * dim);
      for (let j = 0; j < cand.length; j++) candBuf.set(X.subarray(cand[j] * dim, (cand[j] + 1) * dim), j * dim);
      if (tile.length < B * cand.length) tile = new Float64Array(B * cand.length);
      for (let i0 = 0; i0 < members.length; i0 += B) {
        const na = Math.min(B, members.length - i0);
        for (let i = 0; i < na; i++) rowsA.set(X.subarray(members[i0 + i] * dim, (members[i0 + i] + 1) * dim), i * dim);
        dotTile(rowsA, 0, na, candBuf, 0, cand.length, dim, tile);
        for (let i = 0; i < na; i++) {
          const a = members[i0 + i];
          for (let j = 0; j < cand.length; j++) {
            const b = cand[j];
            if (b !== a) top.offer(a, b, tile[i * cand.length + j] * inv[a] * inv[b]);
          }
        }
      }
      progress?.((options.ivf ? 0 : 0.5) + ((options.ivf ? 1 : 0.5) * (l + 1)) / ivf.nlist, 'graph');
    }
  }
  return { n, k, ids: top.ids, sims: top.sims, exact };
}

/** Per-row best k (descending similarity, ties by ascending id), in flat typed arrays. */
class TopKRows {
  readonly ids: Int32Array;
  readonly sims: Float32Array;
  private readonly fill: Uint16Array;
  constructor(n: number, private readonly k: number) {
    this.ids = new Int32Array(n * k).fill(-1);
    this.sims = new Float32Array(n * k).fill(-Infinity);
    this.fill = new Uint16Array(n);
  }
  offer(row: number, id: number, s: number): void {
    const k = this.k, o = row * k, sims = this.sims, ids = this.ids;
    const f = this.fill[row];
    const sf = Math.fround(s);
    let p: number;
    if (f < k) {
      p = f;
      this.fill[row] = f + 1;
    } else {
      const w = sims[o + k - 1];
      if (sf < w || (sf === w && id > ids[o + k - 1])) return;
      p = k - 1;
    }
    while (p > 0 && (sims[o + p - 1] < sf || (sims[o + p - 1] === sf && ids[o + p - 1] > id))) {
      sims[o + p] = sims[o + p - 1];
      ids[o + p] = ids[o + p - 1];
      p--;
    }
    sims[o + p] = sf;
    ids[o + p] = id;
  }
}

