import { buildIvf, type IvfIndex } from './ivf.ts';
import { groundTruth, recallAtK } from './recall.ts';
import { rowNorms } from './rows.ts';
import { buildSpectral } from './spectral.ts';
import { syntheticClusters, syntheticQueries } from './synthetic.ts';

/**
 * Measures IVF and spectral routing against exact search on synthetic blobs: build times,
 * recall@10, rows scanned and ms/query. Pure computation plus a `log` callback, so it runs in
 * Node or a worker; docs/INDEX.md gives the command and the numbers.
 *
 *   npx tsx -e "import('./src/lib/ann/measure.ts').then((m) => m.measureAnn({ log: console.log }))"
 */
export interface AnnMeasureOptions {
  readonly n?: number;
  readonly dim?: number;
  readonly clusters?: number;
  readonly spread?: number;
  readonly queries?: number;
  readonly seed?: number;
  readonly nprobes?: readonly number[];
  readonly probes?: readonly number[];
  /** spectral clusters (default: the planted count) */
  readonly spectralClusters?: number;
  readonly spectral?: boolean;
  /** build the spectral kNN graph on the measured IVF index (default true) */
  readonly reuseIvf?: boolean;
  readonly log?: (line: string) => void;
}

export interface AnnMeasurement {
  readonly n: number;
  readonly dim: number;
  readonly ivf: {
    readonly nlist: number;
    readonly buildMs: number;
    readonly phasesMs: Record<string, number>;
    readonly rows: { nprobe: number; recall10: number; scannedFraction: number; msPerQuery: number }[];
  };
  readonly spectral?: {
    readonly clusters: number;
    readonly buildMs: number;
    readonly phasesMs: Record<string, number>;
    readonly graphExact: boolean;
    readonly rows: { probes: number; recall10: number; scannedFraction: number; msPerQuery: number }[];
  };
}

export function measureAnn(options: AnnMeasureOptions = {}): AnnMeasurement {
  const n = options.n ?? 100_000, dim = options.dim ?? 512, clusters = options.clusters ?? 100;
  const log = options.log ?? (() => {});
  const now = () => performance.now();
  let t = now();
  const set = syntheticClusters({ n, dim, clusters, spread: options.spread, seed: options.seed ?? 1 });
  const { queries } = syntheticQueries(set, options.queries ?? 200, (options.seed ?? 1) + 100);
  log(`data: ${n} × ${dim}, ${clusters} blobs, ${queries.length} queries (${((now() - t) / 1000).toFixed(1)} s)`);
  t = now();
  const truth = groundTruth(queries, set.matrix, 10);
  const exactMs = (now() - t) / queries.length;
  log(`exact top-10: ${exactMs.toFixed(1)} ms/query (full scan)`);

  rowNorms(set.matrix); // cached once per matrix; not part of any query's time
  t = now();
  const ivfPhases = phaseTimer(now);
  const ivf: IvfIndex = buildIvf(set.matrix, { seed: options.seed ?? 1, onProgress: ivfPhases.onProgress });
  const ivfBuildMs = now() - t;
  const ivfPhasesMs = ivfPhases.done();
  log(`IVF build: nlist ${ivf.nlist}, ${(ivfBuildMs / 1000).toFixed(1)} s (${formatPhases(ivfPhasesMs)}; k-means on ${ivf.training?.sampleSize} rows, ${ivf.training?.iterations} iterations${ivf.training?.converged ? ', converged' : ''})`);
  ivf.search(queries[0], { nprobe: 1, rerank: set.matrix }); // warm-up
  const ivfRows = [];
  for (const nprobe of options.nprobes ?? [1, 4, 8, 16, 32]) {
    t = now();
    const res = queries.map((q) => ivf.search(q, { nprobe, k: 10, rerank: set.matrix }));
    const ms = (now() - t) / queries.length;
    const row = {
      nprobe,
      recall10: recallAtK(res.map((r) => r.hits.map((h) => h.index)), truth, 10),
      scannedFraction: res.reduce((a, r) => a + r.scanned, 0) / res.length / n,
      msPerQuery: ms,
    };
    ivfRows.push(row);
    log(`IVF nprobe ${nprobe}: recall@10 ${row.recall10.toFixed(3)}, scanned ${(100 * row.scannedFraction).toFixed(2)}%, ${ms.toFixed(2)} ms/query`);
  }
  const result: AnnMeasurement = { n, dim, ivf: { nlist: ivf.nlist, buildMs: ivfBuildMs, phasesMs: ivfPhasesMs, rows: ivfRows } };
  if (options.spectral === false) return result;

  const c = options.spectralClusters ?? clusters;
  const spPhases = phaseTimer(now);
  t = now();
  const sp = buildSpectral(set.matrix, {
    clusters: c, seed: options.seed ?? 1, ivf: options.reuseIvf === false ? undefined : ivf,
    onProgress: spPhases.onProgress,
  });
  const spBuildMs = now() - t;
  const phasesMs = spPhases.done();
  log(`spectral build: ${sp.clusterCount} clusters, ${(spBuildMs / 1000).toFixed(1)} s (${formatPhases(phasesMs)}); graph ${sp.graph.exact ? 'exact' : 'IVF-probed'}${options.reuseIvf === false ? '' : ' on the IVF index above'}, ${sp.graph.edges} edges; eigen ${sp.eigen.iterations} iterations${sp.eigen.converged ? ', converged' : ', NOT converged'}`);
  sp.search(queries[0], { probes: 1, k: 10 }); // warm-up
  const spRows = [];
  for (const probes of options.probes ?? [1, 2, 4]) {
    t = now();
    const res = queries.map((q) => sp.search(q, { probes, k: 10 }));
    const ms = (now() - t) / queries.length;
    const row = {
      probes,
      recall10: recallAtK(res.map((r) => r.hits.map((h) => h.index)), truth, 10),
      scannedFraction: res.reduce((a, r) => a + r.scanned, 0) / res.length / n,
      msPerQuery: ms,
    };
    spRows.push(row);
    log(`spectral probes ${probes}: recall@10 ${row.recall10.toFixed(3)}, scanned ${(100 * row.scannedFraction).toFixed(2)}%, ${ms.toFixed(2)} ms/query`);
  }
  return { ...result, spectral: { clusters: sp.clusterCount, buildMs: spBuildMs, phasesMs, graphExact: sp.graph.exact, rows: spRows } };
}

/** Wall time per progress phase (the phase names builds report through onProgress). */
function phaseTimer(now: () => number) {
  const ms: Record<string, number> = {};
  let phase = '', start = now();
  return {
    onProgress: (_f: number, p?: string) => {
      if (p && p !== phase) {
        if (phase) ms[phase] = (ms[phase] ?? 0) + now() - start;
        phase = p; start = now();
      }
    },
    done: () => {
      if (phase) ms[phase] = (ms[phase] ?? 0) + now() - start;
      phase = '';
      return ms;
    },
  };
}

function formatPhases(ms: Record<string, number>): string {
  return Object.entries(ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`).join(', ');
}
