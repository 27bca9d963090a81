/**
 * The scale benchmark's measurements, shared by Node (scale-section.ts runs it in a child
 * process) and headless Chromium (scale-browser/worker.ts runs it in a dedicated worker). Pure:
 * no Node or DOM API, only what a worker and Node both have (performance.now, typed arrays,
 * WebAssembly). The host supplies memory readings at named stages (process RSS in Node, the
 * renderer's RSS from /proc in Chromium) and a log line sink.
 *
 * One run for one size N:
 *  1. Data: deterministic clustered unit vectors, 512-d (same seed → same bytes in every engine;
 *     a checksum of the int8 rows is reported to prove it). Blobs as in src/lib/ann/synthetic.ts
 *     (unit centres, point = normalise(centre + noise), noise norm `spread`), with
 *     round(√N / 4) blobs so one blob spans about four IVF lists at every N. Rows are generated in
 *     chunks and quantized to int8 with a per-row scale (quantizeI8) as they come; float32 rows
 *     are kept only up to `f32Limit` (f32 at 1M would be 2 GB). The exact float top-k of every
 *     query (the ground truth for recall) is computed chunk by chunk from the float rows as they
 *     are generated, so it is exact float cosine at every N, even where float rows are not kept.
 *  2. IVF (nlist ≈ √N): flat spherical k-means (buildIvf) on the float rows up to `flatIvfLimit`;
 *     above it a two-level build (coarse k-means into √nlist groups, then k-means inside each
 *     group, every row assigned within its group). Searched at each nprobe: int8 rows scanned
 *     with the float query, then a float re-rank of a 4·k shortlist (from the float rows where
 *     they are kept; from the dequantized int8 row otherwise — the same score the scan computed).
 *  3. Spectral routing (up to `spectralLimit`): buildSpectral with the kNN graph on the IVF
 *     partition, searched at each `probes` like IVF; next to it IVF at the nprobe that scans the
 *     same fraction of rows.
 *  4. Exact scans, interleaved query by query so a loaded machine slows them alike: plain
 *     TypeScript (createScanner(m, 'ts')), WebAssembly SIMD (the scanner createScanner(m, 'wasm')
 *     builds, a WasmScanner) and the bandwidth reference WasmScanner.sumBytes over the same rows
 *     in the same wasm memory; for f32 (where kept) and i8.
 */
import { buildIvf, groupBy, IvfIndex } from '../../src/lib/ann/ivf.ts';
import { kmeans } from '../../src/lib/ann/kmeans.ts';
import { recallAtK } from '../../src/lib/ann/recall.ts';
import { dotTile, gaussian, normalize, rowInto, type AnnMatrix } from '../../src/lib/ann/rows.ts';
import { buildSpectral, type SpectralIndex } from '../../src/lib/ann/spectral.ts';
import { quantizeI8, type I8Matrix, type VectorMatrix } from '../../src/lib/format/vectors.ts';
import { mulberry32 } from '../../src/lib/random.ts';
import { createScanner, scannerTopK, type Scanner } from '../../src/lib/scan-plan.ts';
import { wasmRelaxedSimdSupported, WasmScanner } from '../../src/lib/wasm/kernels.ts';
import { summarize, type Timing } from './stats.ts';

export interface ScaleOptions {
  /** rows */
  readonly n: number;
  readonly dim?: number;
  /** queries timed per mode (default 50) */
  readonly queries?: number;
  readonly k?: number;
  readonly seed?: number;
  readonly nprobes?: readonly number[];
  readonly spectralProbes?: readonly number[];
  /** keep float32 rows up to this N (default 200,000) */
  readonly f32Limit?: number;
  /** flat buildIvf up to this N, two-level above (default 200,000) */
  readonly flatIvfLimit?: number;
  /** build the spectral index up to this N (default 100,000) */
  readonly spectralLimit?: number;
}

/**
 * Float32 rows kept on disk, for the IVF re-rank where they do not fit in memory (1M × 512 is
 * 2 GB): written once in row order while the data is generated, then read a row at a time,
 * synchronously (an OPFS sync access handle in a worker, a file descriptor in Node).
 */
export interface FloatRowStore {
  /** where the rows are, for the report, e.g. "OPFS file" */
  readonly where: string;
  /** appends whole rows */
  append(rows: Float32Array): void;
  /** reads row `row` into `into` (dim values) */
  read(row: number, into: Float32Array): void;
  close(): Promise<void>;
}

export interface ScaleHost {
  /** a store for the float rows where they are not kept in memory; none: re-rank from the int8 rows */
  floatStore?(n: number, dim: number): Promise<FloatRowStore | undefined>;
  /** memory of the process at a stage, in bytes (after a GC where the host exposes one) */
  memory(stage: string): Promise<number | undefined>;
  log(message: string): void;
}

export interface ModeRow {
  readonly ms: Timing;
  /** mean rows scored from the scanned matrix per query / N */
  readonly scannedFraction: number;
  readonly recall: number;
}

export interface ExactRow {
  readonly dtype: 'f32' | 'i8';
  /** wasm-simd: the SIMD kernels; wasm-relaxed-simd: int8 rows on the Relaxed SIMD dot kernel */
  readonly scanner: 'ts' | 'wasm-simd' | 'wasm-relaxed-simd';
  readonly ms: Timing;
  /** median scan ms / median sumBytes ms over the same bytes (1 = as fast as reading them) */
  readonly ratioToSum: number;
  readonly recall: number;
}

export interface BandwidthRow {
  readonly dtype: 'f32' | 'i8';
  /** bytes read by one sumBytes call (the loaded rows) */
  readonly bytes: number;
  readonly ms: Timing;
  /** bytes / median ms */
  readonly gbPerS: number;
}

export interface ScaleResult {
  readonly n: number;
  readonly dim: number;
  readonly clusters: number;
  readonly spread: number;
  readonly seed: number;
  readonly queries: number;
  readonly k: number;
  /** FNV-1a over the int8 rows and the bits of their scales: equal in Node and Chromium */
  readonly checksum: string;
  readonly floatRowsKept: boolean;
  /** data generation, quantization and the exact float ground truth, ms */
  readonly generateMs: number;
  readonly wasmSimd: boolean;
  readonly wasmRelaxedSimd: boolean;
  readonly exact: ExactRow[];
  readonly bandwidth: BandwidthRow[];
  readonly ivf: {
    readonly nlist: number;
    readonly build: 'flat' | 'two-level';
    readonly buildMs: number;
    readonly groups?: number;
    /** where the re-rank's float rows come from: 'f32 rows' (memory), 'f32 rows read from disk (…)', 'dequantized int8 rows' */
    readonly rerank: string;
    readonly rows: (ModeRow & { readonly nprobe: number })[];
  };
  readonly spectral:
    | {
      readonly clusters: number;
      readonly buildMs: number;
      readonly graph: { readonly neighbors: number; readonly exact: boolean; readonly edges: number };
      readonly rows: (ModeRow & { readonly probes: number; readonly ivf: ModeRow & { readonly nprobe: number } })[];
    }
    | { readonly skipped: string };
  /** bytes at each stage, as the host measured them */
  readonly memory: Record<string, number | undefined>;
  /** bytes the benchmark's own arrays hold: int8 rows + scales, float rows, IVF index */
  readonly dataBytes: { readonly i8: number; readonly f32: number; readonly ivf: number };
}

const now = () => performance.now();
const gc = () => (globalThis as { gc?: () => void }).gc?.();

/** Blob count for N: one blob spans about four IVF lists (nlist ≈ √N). */
export function scaleClusters(n: number): number {
  return Math.max(2, Math.round(Math.sqrt(n) / 4));
}

export function scaleNlist(n: number): number {
  return Math.max(1, Math.round(Math.sqrt(n)));
}

// --- data ------------------------------------------------------------------------------------

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

// --- IVF --------------------------------------------------------------------------------------

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

// --- the run ----------------------------------------------------------------------------------

type Search = (q: Float32Array) => { hits: { index: number }[]; scanned: number };

/** Times one search mode over all queries (after one warm-up query). */
function timeMode(queries: Float32Array[], truth: number[][], k: number, n: number, search: Search): ModeRow {
  search(queries[0]);
  const ms: number[] = [], got: number[][] = [];
  let scanned = 0;
  for (const q of queries) {
    const t = now();
    const r = search(q);
    ms.push(now() - t);
    got.push(r.hits.map((h) => h.index));
    scanned += r.scanned;
  }
  return { ms: summarize(ms), scannedFraction: scanned / (queries.length * n), recall: recallAtK(got, truth, k) };
}

export async function runScale(options: ScaleOptions, host: ScaleHost): Promise<ScaleResult> {
  const n = options.n, dim = options.dim ?? 512, nq = options.queries ?? 50, k = options.k ?? 10, seed = options.seed ?? 1;
  const nprobes = options.nprobes ?? [1, 4, 8, 16, 32];
  const spectralProbes = options.spectralProbes ?? [1, 2, 4];
  const keepF32 = n <= (options.f32Limit ?? 200_000);
  const memory: Record<string, number | undefined> = {};
  const mark = async (stage: string) => { gc(); memory[stage] = await host.memory(stage); };
  const every = (label: string) => {
    let last = 0;
    return (f: number, phase?: string) => {
      const t = now();
      if (t - last > 15_000 || f >= 1) { last = t; host.log(`${n}: ${label}${phase ? ` (${phase})` : ''} ${(100 * f).toFixed(0)}%`); }
    };
  };
  await mark('start');

  // 1. data
  host.log(`${n}: generating ${n} × ${dim} rows (${keepF32 ? 'f32 + i8' : 'i8 only'}) and the exact float top-${k} of ${nq} queries`);
  const store = keepF32 ? undefined : await host.floatStore?.(n, dim);
  let t = now();
  const data = generateScaleData(n, { dim, queries: nq, k, seed, keepF32, floatSink: store && ((rows) => store.append(rows)), onProgress: every('data') });
  const generateMs = now() - t;
  const { i8, f32, queries, truth } = data;
  await mark('data');

  // 2. IVF
  const nlist = scaleNlist(n);
  const flat = !!f32 && n <= (options.flatIvfLimit ?? 200_000);
  host.log(`${n}: IVF build, nlist ${nlist}, ${flat ? 'flat k-means (buildIvf)' : 'two-level'}`);
  t = now();
  let ivf: IvfIndex, groups: number | undefined;
  if (flat) ivf = buildIvf(f32!, { nlist, seed, onProgress: every('IVF build') });
  else ({ index: ivf, groups } = buildIvfTwoLevel(f32 ?? i8, nlist, seed, every('IVF build')));
  const ivfBuildMs = now() - t;
  const scratch = new Float32Array(dim);
  const rerankWith = f32
    ? (id: number) => f32.data.subarray(id * dim, (id + 1) * dim)
    : store
      ? (id: number) => { store.read(id, scratch); return scratch; }
      : (id: number) => rowInto(i8, id, scratch);
  const ivfSearch = (nprobe: number): Search => (q) => ivf.search(q, { nprobe, k, rerank: i8, rerankWith });
  const ivfRows: (ModeRow & { nprobe: number })[] = [];
  for (const nprobe of nprobes) {
    if (nprobe > ivf.nlist) continue;
    ivfRows.push({ nprobe, ...timeMode(queries, truth, k, n, ivfSearch(nprobe)) });
    host.log(`${n}: IVF nprobe ${nprobe}: median ${ivfRows.at(-1)!.ms.medianMs.toFixed(2)} ms, recall@${k} ${ivfRows.at(-1)!.recall.toFixed(3)}`);
  }
  await mark('ivf');

  // 3. spectral routing
  let spectral: ScaleResult['spectral'];
  if (n <= (options.spectralLimit ?? 100_000)) {
    host.log(`${n}: spectral build (kNN graph on the IVF partition)`);
    t = now();
    let sp: SpectralIndex | undefined = buildSpectral(f32 ?? i8, { ivf, seed, onProgress: every('spectral build') });
    const buildMs = now() - t;
    const rows = [];
    for (const probes of spectralProbes) {
      if (probes > sp.clusterCount) continue;
      const s = sp;
      const row = timeMode(queries, truth, k, n, (q) => s.search(q, { probes, k, rerank: i8, rerankWith }));
      const match = Math.max(1, Math.min(ivf.nlist, Math.round(row.scannedFraction * ivf.nlist)));
      rows.push({ probes, ...row, ivf: { nprobe: match, ...timeMode(queries, truth, k, n, ivfSearch(match)) } });
      host.log(`${n}: spectral probes ${probes}: median ${row.ms.medianMs.toFixed(2)} ms, recall@${k} ${row.recall.toFixed(3)}, scanned ${(100 * row.scannedFraction).toFixed(1)}%`);
    }
    spectral = { clusters: sp.clusterCount, buildMs, graph: sp.graph, rows };
    sp = undefined;
    await mark('spectral');
  } else {
    spectral = {
      skipped: `not built above ${(options.spectralLimit ?? 100_000).toLocaleString('en')} rows (--scale-spectral-max): the kNN graph costs `
        + `≈ N·8·(N/nlist)·dim multiply-adds (4e12 at 1M) and the eigenproblem is over N nodes`,
    };
  }

  // 4. exact scans and the bandwidth reference: each WebAssembly scanner interleaved query by
  //    query with sumBytes over the rows in its own memory; one scanner's copy of the rows at a time
  const exact: ExactRow[] = [];
  const bandwidth: BandwidthRow[] = [];
  const wasmSimd = WasmScanner.create() !== undefined;
  const wasmRelaxedSimd = wasmRelaxedSimdSupported();
  let sink = 0;
  for (const m of [f32, i8]) {
    if (!m) continue;
    host.log(`${n}: exact scans over ${m.kind} rows (TypeScript, WebAssembly SIMD${m.kind === 'i8' && wasmRelaxedSimd ? ', Relaxed SIMD' : ''}, sumBytes)`);
    const variants: { scanner: 'wasm-simd' | 'wasm-relaxed-simd'; relaxed: boolean }[] = [{ scanner: 'wasm-simd', relaxed: false }];
    if (m.kind === 'i8' && wasmRelaxedSimd) variants.push({ scanner: 'wasm-relaxed-simd', relaxed: true });
    let sum: Timing | undefined;
    for (const { scanner, relaxed } of wasmSimd ? variants : []) {
      let w: WasmScanner | undefined = WasmScanner.create({ relaxed })!;
      w.load(m);
      const ws = w;
      const wasm: Scanner = { kind: 'wasm-simd', dim, count: n, scores: (q, measure) => ws.scores(q, measure) };
      await mark(`exact-${m.kind}-${scanner}`);
      scannerTopK(wasm, queries[0], 'cosine', k);
      // sumBytes is timed over `reps` calls (≥ 2 ms), since Chromium coarsens performance.now() to 0.1 ms
      let reps = 0;
      for (const t1 = now(); now() - t1 < 2 || reps < 1; reps++) sink += ws.sumBytes();
      const times: number[] = [], sums: number[] = [], got: number[][] = [];
      for (const q of queries) {
        let t0 = now();
        got.push(scannerTopK(wasm, q, 'cosine', k).map((h) => h.index));
        times.push(now() - t0);
        t0 = now();
        for (let r = 0; r < reps; r++) sink += ws.sumBytes();
        sums.push((now() - t0) / reps);
      }
      const own = summarize(sums);
      if (!sum) {
        sum = own;
        bandwidth.push({ dtype: m.kind, bytes: ws.rowBytes, ms: own, gbPerS: ws.rowBytes / own.medianMs / 1e6 });
      }
      const wMs = summarize(times);
      exact.push({ dtype: m.kind, scanner, ms: wMs, ratioToSum: wMs.medianMs / own.medianMs, recall: recallAtK(got, truth, k) });
      host.log(`${n}: exact ${m.kind} ${scanner}: ${wMs.medianMs.toFixed(2)} ms, sumBytes ${own.medianMs.toFixed(2)} ms (${(wMs.medianMs / own.medianMs).toFixed(2)}×)`);
      w = undefined;
    }
    const ts = createScanner(m, 'ts');
    scannerTopK(ts, queries[0], 'cosine', k);
    const times: number[] = [], got: number[][] = [];
    for (const q of queries) {
      const t0 = now();
      got.push(scannerTopK(ts, q, 'cosine', k).map((h) => h.index));
      times.push(now() - t0);
    }
    const tsMs = summarize(times);
    exact.push({ dtype: m.kind, scanner: 'ts', ms: tsMs, ratioToSum: sum ? tsMs.medianMs / sum.medianMs : NaN, recall: recallAtK(got, truth, k) });
    host.log(`${n}: exact ${m.kind} ts: ${tsMs.medianMs.toFixed(1)} ms`);
  }
  if (sink === 0.5) host.log('unreachable'); // keeps the checksums observable
  await store?.close();
  await mark('end');

  const ivfBytes = ivf.centroids.byteLength + ivf.offsets.byteLength + ivf.ids.byteLength;
  return {
    n, dim, clusters: data.clusters, spread: data.spread, seed, queries: nq, k, checksum: data.checksum,
    floatRowsKept: !!f32, generateMs, wasmSimd, wasmRelaxedSimd, exact, bandwidth,
    ivf: { nlist: ivf.nlist, build: flat ? 'flat' : 'two-level', buildMs: ivfBuildMs, groups, rerank: f32 ? 'f32 rows' : store ? `f32 rows read from disk (${store.where})` : 'dequantized int8 rows', rows: ivfRows },
    spectral, memory,
    dataBytes: { i8: i8.data.byteLength + i8.scales.byteLength, f32: f32 ? f32.data.byteLength : 0, ivf: ivfBytes },
  };
}
