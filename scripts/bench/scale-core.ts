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
import { buildIvf, IvfIndex } from '../../src/lib/ann/ivf.ts';
import { recallAtK } from '../../src/lib/ann/recall.ts';
import { rowInto } from '../../src/lib/ann/rows.ts';
import { buildSpectral, type SpectralIndex } from '../../src/lib/ann/spectral.ts';
import { createScanner, scannerTopK, type Scanner } from '../../src/lib/ranking/scan-plan.ts';
import { wasmRelaxedSimdSupported, WasmScanner } from '../../src/lib/ranking/wasm/kernels.ts';
import { buildIvfTwoLevel } from './ivf-two-level.ts';
import { generateScaleData, scaleNlist } from './scale-data.ts';
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
    // eslint-disable-next-line no-useless-assignment -- releases the index for the garbage collector before the next stage
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
      // eslint-disable-next-line no-useless-assignment -- releases the index for the garbage collector before the next stage
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
