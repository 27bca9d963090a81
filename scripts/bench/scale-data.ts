/**
 * The scale benchmark's data: synthetic clustered unit vectors (deterministic from a seed, the
 * same bytes in Node and Chromium), their int8 quantization, and the exact float top-k of the
 * queries, computed chunk by chunk while the rows are made. Pure: no Node or DOM API.
 */
import { dotTile, gaussian, normalize } from '../../src/lib/ann/rows.ts';
import { quantizeI8, type I8Matrix, type VectorMatrix } from '../../src/lib/format/vectors.ts';
import { mulberry32 } from '../../src/lib/random.ts';

/** Blob count for N: one blob spans about four IVF lists (nlist ≈ √N). */
export function scaleClusters(n: number): number {
  return Math.max(2, Math.round(Math.sqrt(n) / 4));
}

export function scaleNlist(n: number): number {
  return Math.max(1, Math.round(Math.sqrt(n)));
}

/**
 * 65,536 standard normal quantiles, at (i + ½) / 65536, by Acklam's rational approximation
 * (relative error < 1.2e-9): each 32-bit draw of the generator gives two noise values by table
 * lookup, ~10× cheaper than Box–Muller, which matters at 512 M values.
 */
function normalTable(): Float32Array {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  const out = new Float32Array(65536);
  for (let i = 0; i < 65536; i++) {
    const p = (i + 0.5) / 65536;
    if (p < 0.02425) out[i] = tail(Math.sqrt(-2 * Math.log(p)));
    else if (p > 1 - 0.02425) out[i] = -tail(Math.sqrt(-2 * Math.log(1 - p)));
    else {
      const q = p - 0.5, r = q * q;
      out[i] = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
  }
  return out;
}

/** Writes `rows` points of the blobs into out (row-major, unit rows). */
function fillRows(
  out: Float32Array, rows: number, centres: Float32Array, clusters: number, dim: number,
  sigma: number, rand: () => number, table: Float32Array,
): void {
  for (let i = 0; i < rows; i++) {
    const c = Math.min(clusters - 1, Math.floor(rand() * clusters)) * dim;
    const o = i * dim;
    for (let j = 0; j < dim; j += 2) {
      const u = (rand() * 4294967296) >>> 0;
      out[o + j] = centres[c + j] + sigma * table[u & 0xffff];
      if (j + 1 < dim) out[o + j + 1] = centres[c + j + 1] + sigma * table[u >>> 16];
    }
    normalize(out, o, dim);
  }
}

/** Per query, the best k (largest dot, ties by lower row) over all rows offered so far. */
class TopKTable {
  readonly ids: Int32Array;
  readonly sims: Float64Array;
  constructor(readonly nq: number, readonly k: number) {
    this.ids = new Int32Array(nq * k).fill(-1);
    this.sims = new Float64Array(nq * k).fill(-Infinity);
  }
  /** rows arrive in ascending id order, so an equal score never displaces an earlier row */
  offer(q: number, id: number, s: number): void {
    const k = this.k, o = q * k, sims = this.sims, ids = this.ids;
    if (!(s > sims[o + k - 1])) return;
    let p = k - 1;
    while (p > 0 && sims[o + p - 1] < s) { sims[o + p] = sims[o + p - 1]; ids[o + p] = ids[o + p - 1]; p--; }
    sims[o + p] = s;
    ids[o + p] = id;
  }
  lists(): number[][] {
    return Array.from({ length: this.nq }, (_, q) => Array.from(this.ids.subarray(q * this.k, (q + 1) * this.k)).filter((i) => i >= 0));
  }
}

export interface ScaleData {
  readonly i8: I8Matrix;
  readonly f32?: VectorMatrix & { kind: 'f32' };
  readonly queries: Float32Array[];
  /** exact float cosine top-k of every query */
  readonly truth: number[][];
  readonly checksum: string;
  readonly clusters: number;
  readonly spread: number;
}

/**
 * The data set for N: blob centres (Box–Muller, from mulberry32(seed)), then `queries` fresh
 * points of the blobs from their own stream, then the N rows in chunks from the first stream.
 */
export function generateScaleData(
  n: number,
  opts: { dim: number; queries: number; k: number; seed: number; keepF32: boolean; floatSink?: (rows: Float32Array) => void; onProgress?: (f: number) => void },
): ScaleData {
  const { dim, k, seed } = opts;
  const clusters = scaleClusters(n), spread = 1;
  const sigma = spread / Math.sqrt(dim);
  const table = normalTable();
  const rand = mulberry32(seed);
  const centres = new Float32Array(clusters * dim);
  for (let c = 0; c < clusters; c++) {
    for (let j = 0; j < dim; j++) centres[c * dim + j] = gaussian(rand);
    normalize(centres, c * dim, dim);
  }
  const nq = opts.queries;
  const qFlat = new Float32Array(nq * dim);
  fillRows(qFlat, nq, centres, clusters, dim, sigma, mulberry32((seed ^ 0x9e3779b9) >>> 0), table);
  const queries = Array.from({ length: nq }, (_, q) => qFlat.slice(q * dim, (q + 1) * dim));

  const data = new Int8Array(n * dim);
  const scales = new Float32Array(n);
  const f32 = opts.keepF32 ? new Float32Array(n * dim) : undefined;
  const CHUNK = 1024;
  const scratch = f32 ? undefined : new Float32Array(CHUNK * dim);
  const tile = new Float64Array(nq * CHUNK);
  const top = new TopKTable(nq, k);
  let h = 0x811c9dc5;
  const scaleBits = new Uint32Array(scales.buffer);
  for (let i0 = 0; i0 < n; i0 += CHUNK) {
    const rows = Math.min(CHUNK, n - i0);
    const chunk = f32 ? f32.subarray(i0 * dim, (i0 + rows) * dim) : scratch!.subarray(0, rows * dim);
    fillRows(chunk, rows, centres, clusters, dim, sigma, rand, table);
    opts.floatSink?.(chunk);
    const q = quantizeI8(chunk, dim);
    data.set(q.data, i0 * dim);
    scales.set(q.scales, i0);
    const words = new Int32Array(q.data.buffer, q.data.byteOffset, (rows * dim) >> 2);
    for (let w = 0; w < words.length; w++) h = Math.imul(h ^ words[w], 0x01000193);
    for (let r = 0; r < rows; r++) h = Math.imul(h ^ scaleBits[i0 + r], 0x01000193);
    dotTile(qFlat, 0, nq, chunk, 0, rows, dim, tile);
    for (let qi = 0; qi < nq; qi++) {
      const o = qi * rows;
      for (let r = 0; r < rows; r++) top.offer(qi, i0 + r, tile[o + r]);
    }
    if (opts.onProgress && ((i0 / CHUNK) & 63) === 0) opts.onProgress((i0 + rows) / n);
  }
  return {
    i8: { kind: 'i8', dim, count: n, data, scales },
    f32: f32 ? { kind: 'f32', dim, count: n, data: f32 } : undefined,
    queries, truth: top.lists(), checksum: (h >>> 0).toString(16).padStart(8, '0'), clusters, spread,
  };
}

