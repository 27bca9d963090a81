/**
 * Scale: exact scans, IVF and spectral routing over 10k / 100k / 1M synthetic 512-d unit vectors,
 * in Node and in headless Chromium, side by side (docs/BENCHMARKS.md, "Scale").
 *
 * The measurements are scale-core.ts, run unchanged in both places:
 *  - Node: a child process per size (`node --expose-gc <tsx loader> scale-section.ts --scale-child`),
 *    so each size starts from a clean heap; memory = the child's RSS after a GC at each stage and
 *    its peak RSS (VmHWM) over the run.
 *  - Chromium: the bench page scripts/bench/scale-browser/ is built with
 *    `vite build --config vite.bench.config.ts` into .cache/bench-scale/, served by vite preview and
 *    opened in a fresh headless Chromium per size (launched with --js-flags=--expose-gc); its
 *    dedicated worker generates the same data and runs the same code. Memory = VmRSS of the
 *    renderer process that hosts the worker (found in /proc by its DedicatedWorker thread), read
 *    at each stage after a GC in the worker, and that process's VmHWM (peak RSS) at the end. The
 *    page is not cross-origin isolated, so performance.measureUserAgentSpecificMemory is not
 *    available; CDP Runtime.getHeapUsage would miss the typed arrays and wasm memory that hold
 *    the rows, so /proc it is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { descendants, hasWorkerThreads, procKb, stopTree } from './proc.ts';
import { runScale, type ExactRow, type FloatRowStore, type ScaleOptions, type ScaleResult } from './scale-core.ts';
import { fmt } from './stats.ts';

const PORT = 4183;
const OUT_DIR = '.cache/bench-scale';
const MB = 1e6;
const PARTIAL = 'bench-results/scale-partial.json';
/** the issue's target at 1M rows, in Chromium */
export const SCALE_TARGET = { n: 1_000_000, recall: 0.95, ms: 30, memoryBytes: 600 * MB } as const;

export interface ScaleRun extends ScaleResult {
  where: 'node' | 'chromium';
  /** wall time of the whole run for this size, ms */
  wallMs: number;
  /** peak RSS of the process that ran it (Node: the child; Chromium: the worker's renderer) */
  peakRss?: number;
  /** 1-minute load average of the machine when the run started and ended (2 cores, shared) */
  load: [number, number];
  /** the same process's memory at each stage, from /proc: RSS split into private and file-backed pages, and PSS */
  memoryDetail?: Record<string, ProcMemory | undefined>;
}

/**
 * A process's memory from /proc: `rss` (VmRSS) = `anon` (RssAnon: its heap, typed arrays, wasm
 * memory) + `file` (RssFile: mapped files — for Chromium mostly the chromium binary's code,
 * shared with every other Chromium process) + `shmem` (RssShmem: shared memory segments);
 * `pss` (smaps_rollup Pss) divides each shared page among the processes that map it.
 */
export interface ProcMemory {
  rss: number;
  anon: number;
  file: number;
  shmem: number;
  pss?: number;
}

export async function procMemory(pid: number | 'self'): Promise<ProcMemory | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = (text: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    const pss = kb(rollup, 'Pss');
    return { rss: kb(status, 'VmRSS'), anon: kb(status, 'RssAnon'), file: kb(status, 'RssFile'), shmem: kb(status, 'RssShmem'), pss: Number.isNaN(pss) ? undefined : pss };
  } catch { return undefined; }
}

export interface ScaleTargetCheck {
  n: number;
  where: 'chromium' | 'node';
  /** the smallest nprobe reaching the recall target, if any */
  nprobe?: number;
  recall?: number;
  medianMs?: number;
  p95Ms?: number;
  /**
   * Private memory (RssAnon + RssShmem) of the process when serving IVF queries (rows + index,
   * before any exact scanner is loaded): what the page itself costs. RSS also counts the pages of
   * the Chromium binary it maps (≈ 106 MB, shared with every Chromium process), so it is given
   * beside it, with PSS, not used for the check.
   */
  memoryBytes?: number;
  rssBytes?: number;
  pssBytes?: number;
  recallMet: boolean;
  msMet: boolean;
  memoryMet: boolean;
  met: boolean;
}

export interface ScaleFigures {
  sizes: number[];
  queries: number;
  runs: ScaleRun[];
  userAgent?: string;
  node: string;
  /** the issue's target, checked on the largest size run in Chromium (or Node without a browser) */
  target?: ScaleTargetCheck;
  /** every run in Chromium generated the same int8 bytes as in Node */
  sameDataInBoth?: boolean;
}

export interface ScaleSectionOptions {
  sizes: number[];
  browser: boolean;
  queries?: number;
  /** build the spectral index up to this many rows */
  spectralLimit?: number;
}

// --- Node: one child process per size --------------------------------------------------------

const SELF = fileURLToPath(import.meta.url);

async function nodeRun(options: ScaleOptions): Promise<ScaleRun> {
  const loader = process.execArgv.some((a) => a.includes('tsx')) ? process.execArgv : ['--import', 'tsx'];
  const t0 = performance.now();
  const load0 = loadavg()[0];
  const child = spawn(process.execPath, [...loader, '--expose-gc', SELF, '--scale-child', JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => { out += d; });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = out.trim().split('\n').at(-1) ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`scale: the Node run for ${options.n} rows failed (exit ${code})`);
  const { result, peakRss, memoryDetail } = JSON.parse(line) as { result: ScaleResult; peakRss?: number; memoryDetail?: ScaleRun['memoryDetail'] };
  return { ...result, where: 'node', wallMs: performance.now() - t0, peakRss, load: [load0, loadavg()[0]], memoryDetail };
}

/** Float rows in a temporary file (deleted on close), read with pread. */
function fileFloatStore(n: number, dim: number): FloatRowStore {
  const path = join(tmpdir(), `scale-f32-${process.pid}-${n}x${dim}.bin`);
  const fd = openSync(path, 'w+');
  const rowBytes = dim * 4;
  let end = 0;
  return {
    where: 'temporary file',
    append(rows) {
      end += writeSync(fd, rows, 0, rows.byteLength, end);
    },
    read(row, into) {
      readSync(fd, into, 0, rowBytes, row * rowBytes);
    },
    async close() {
      closeSync(fd);
      await rm(path, { force: true });
    },
  };
}

async function childMain(): Promise<void> {
  const options = JSON.parse(process.argv[process.argv.indexOf('--scale-child') + 1]) as ScaleOptions;
  const t0 = performance.now();
  const memoryDetail: Record<string, ProcMemory | undefined> = {};
  const result = await runScale(options, {
    floatStore: async (n, dim) => fileFloatStore(n, dim),
    memory: async (stage) => { memoryDetail[stage] = await procMemory('self'); return process.memoryUsage().rss; },
    log: (m) => console.error(`scale [node ${((performance.now() - t0) / 1000).toFixed(0)} s] ${m}`),
  });
  const peakRss = await procKb('/proc/self/status', 'VmHWM');
  process.stdout.write(`${JSON.stringify({ result, peakRss, memoryDetail })}\n`);
}

// --- Chromium: the bench page in a fresh browser per size --------------------------------------

/** The Chromium renderer below this process that runs a dedicated worker (the bench worker). */
async function workerRenderer(): Promise<number | undefined> {
  for (const pid of await descendants(process.pid)) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes('--type=renderer') && (await hasWorkerThreads(pid))) return pid;
  }
  return undefined;
}

async function buildPage(): Promise<void> {
  const child = spawn('npx', ['vite', 'build', '--config', 'vite.bench.config.ts'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`scale: vite build --config vite.bench.config.ts failed (exit ${code})`);
}

async function chromiumRun(options: ScaleOptions): Promise<{ run: ScaleRun; userAgent: string }> {
  // imported here, so that the Node child processes (which import this file) stay lean
  const { chromium } = await import('@playwright/test');
  const { chromiumLaunchOptions } = await import('../lib/chromium.ts');
  const launch = { ...chromiumLaunchOptions, args: [...chromiumLaunchOptions.args, '--js-flags=--expose-gc'], headless: true };
  // a profile on disk, so that OPFS (the float rows of the re-rank, 2 GB at 1M) is a file, not memory
  const profile = await mkdtemp(join(tmpdir(), 'scale-profile-'));
  const context = await chromium.launchPersistentContext(profile, launch);
  const t0 = performance.now();
  const load0 = loadavg()[0];
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    let renderer: number | undefined;
    let peakRss: number | undefined;
    const memoryDetail: Record<string, ProcMemory | undefined> = {};
    await page.exposeFunction('scaleMemory', async (stage: string) => {
      renderer ??= await workerRenderer();
      if (renderer === undefined) return undefined;
      const hwm = await procKb(`/proc/${renderer}/status`, 'VmHWM');
      if (hwm !== undefined) peakRss = Math.max(peakRss ?? 0, hwm);
      memoryDetail[stage] = await procMemory(renderer);
      return memoryDetail[stage]?.rss;
    });
    await page.exposeFunction('scaleLog', (m: string) => { console.error(`scale [chromium ${((performance.now() - t0) / 1000).toFixed(0)} s] ${m}`); });
    page.on('pageerror', (e) => console.error(`scale [chromium] page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForSelector('body[data-ready="true"]');
    const result = await page.evaluate((o) => (window as unknown as { runScale(o: ScaleOptions): Promise<ScaleResult> }).runScale(o), options);
    const userAgent = await page.evaluate(() => navigator.userAgent);
    return { run: { ...result, where: 'chromium', wallMs: performance.now() - t0, peakRss, load: [load0, loadavg()[0]], memoryDetail }, userAgent };
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

// --- the section ------------------------------------------------------------------------------

export async function scaleSection(opts: ScaleSectionOptions): Promise<ScaleFigures> {
  const queries = opts.queries ?? 50;
  const runs: ScaleRun[] = [];
  let userAgent: string | undefined;
  let server: ChildProcess | undefined;
  const t0 = performance.now();
  try {
    if (opts.browser) {
      await buildPage();
      const { startPreview } = await import('./browser-section.ts');
      server = await startPreview(OUT_DIR, PORT);
    }
    for (const n of opts.sizes) {
      const options: ScaleOptions = { n, queries, spectralLimit: opts.spectralLimit };
      console.error(`scale: ${n.toLocaleString('en')} rows in Node`);
      runs.push(await nodeRun(options));
      if (opts.browser) {
        console.error(`scale: ${n.toLocaleString('en')} rows in Chromium`);
        const r = await chromiumRun(options);
        runs.push(r.run);
        userAgent = r.userAgent;
      }
      // a long run (1M, spectral at 100k) keeps what it measured if a later size fails
      await mkdir('bench-results', { recursive: true });
      await writeFile(PARTIAL, JSON.stringify({ sizes: opts.sizes, runs }, null, 2));
    }
  } finally {
    if (server) await stopTree(server);
  }
  console.error(`scale: done in ${((performance.now() - t0) / 60000).toFixed(1)} min`);
  const largest = Math.max(...opts.sizes);
  const where = opts.browser ? 'chromium' : 'node';
  const run = runs.find((r) => r.n === largest && r.where === where);
  const chromiumRuns = runs.filter((r) => r.where === 'chromium');
  return {
    sizes: opts.sizes, queries, runs, userAgent, node: process.version,
    target: run ? checkTarget(run) : undefined,
    sameDataInBoth: chromiumRuns.length ? chromiumRuns.every((c) => runs.some((r) => r.where === 'node' && r.n === c.n && r.checksum === c.checksum)) : undefined,
  };
}

/** The issue's target: recall@10 ≥ 0.95 at ≤ 30 ms a query with ≤ 600 MB (checked at the largest N run). */
export function checkTarget(run: ScaleRun): ScaleTargetCheck {
  const row = run.ivf.rows.find((r) => r.recall >= SCALE_TARGET.recall);
  const detail = run.memoryDetail?.ivf;
  const memoryBytes = detail ? detail.anon + detail.shmem : run.memory.ivf;
  const recallMet = !!row, msMet = !!row && row.ms.medianMs <= SCALE_TARGET.ms;
  const memoryMet = memoryBytes !== undefined && memoryBytes <= SCALE_TARGET.memoryBytes;
  return {
    n: run.n, where: run.where, nprobe: row?.nprobe, recall: row?.recall, medianMs: row?.ms.medianMs, p95Ms: row?.ms.p95Ms,
    memoryBytes, rssBytes: detail?.rss ?? run.memory.ivf, pssBytes: detail?.pss, recallMet, msMet, memoryMet, met: run.n >= SCALE_TARGET.n && recallMet && msMet && memoryMet,
  };
}

// --- table --------------------------------------------------------------------------------------

const short = (n: number) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
const mbs = (b: number | undefined) => (b === undefined ? '—' : fmt(b / MB, 0));
const pct = (f: number) => `${fmt(100 * f, f < 0.1 ? 2 : 1)} %`;
const SCANNER_ORDER: readonly ExactRow['scanner'][] = ['ts', 'wasm-simd', 'wasm-relaxed-simd'];
const SCANNER_LABEL: Record<ExactRow['scanner'], string> = { ts: 'TypeScript', 'wasm-simd': 'WASM SIMD', 'wasm-relaxed-simd': 'WASM Relaxed SIMD' };
const timing = (r: { ms: { medianMs: number; p95Ms: number } } | undefined) => (r ? `${fmt(r.ms.medianMs)} / ${fmt(r.ms.p95Ms)}` : '—');

/**
 * Rows for bench.ts's `| where | figure | value |` table: one per size and mode, Node and
 * Chromium side by side in the value (ms are median / p95 per query; recall@10 is against the
 * exact float top 10 and is the same in both, since the data and the code are).
 */
export function scaleRows(f: ScaleFigures): string[] {
  const lines: string[] = [];
  for (const n of f.sizes) {
    const node = f.runs.find((r) => r.n === n && r.where === 'node');
    const chr = f.runs.find((r) => r.n === n && r.where === 'chromium');
    const any = (node ?? chr)!;
    if (!any) continue;
    const where = `scale ${short(n)}`;
    const both = (pick: (r: ScaleRun) => string) => [node && `Node ${pick(node)}`, chr && `Chromium **${pick(chr)}**`].filter(Boolean).join(' · ');
    /** a figure that should agree in both (recall, rows scanned): once, or both where they differ */
    const same = (pick: (r: ScaleRun) => number | undefined, show: (x: number) => string) => {
      const a = node ? pick(node) : undefined, b = chr ? pick(chr) : undefined;
      if (a === undefined || b === undefined) return a === undefined && b === undefined ? '—' : show((a ?? b)!);
      return show(a) !== show(b) ? `${show(a)} (Node) / ${show(b)} (Chromium)` : show(a);
    };
    const recallOf = (pick: (r: ScaleRun) => number | undefined) => same(pick, (x) => fmt(x, 3));
    lines.push(`| ${where} | data: ${short(n)} × ${any.dim}, ${any.clusters} blobs, ${any.queries} queries; ${any.floatRowsKept ? 'f32 + i8 rows' : 'i8 rows only (no f32 rows in memory)'} | generate + exact float top-${any.k}: ${both((r) => `${fmt(r.generateMs / 1000, 1)} s`)}; checksum ${node?.checksum ?? ''}${chr && node ? (chr.checksum === node.checksum ? ' (same in Chromium)' : ` ≠ Chromium ${chr.checksum}`) : chr?.checksum ?? ''} |`);
    for (const b of any.bandwidth) {
      const pickB = (r: ScaleRun) => { const x = r.bandwidth.find((y) => y.dtype === b.dtype); return x ? `${fmt(x.ms.medianMs)} ms = ${fmt(x.gbPerS, 1)} GB/s` : '—'; };
      lines.push(`| ${where} | bandwidth reference: WasmScanner.sumBytes over the ${b.dtype} rows (${mbs(b.bytes)} MB) | ${both(pickB)} |`);
    }
    const exactKinds = [...(chr?.exact ?? []), ...(node?.exact ?? [])].filter((e, i, all) => all.findIndex((y) => y.dtype === e.dtype && y.scanner === e.scanner) === i);
    exactKinds.sort((a, b) => (a.dtype === b.dtype ? SCANNER_ORDER.indexOf(a.scanner) - SCANNER_ORDER.indexOf(b.scanner) : a.dtype === 'f32' ? -1 : 1));
    for (const e of exactKinds) {
      const pickE = (r: ScaleRun) => { const x = r.exact.find((y) => y.dtype === e.dtype && y.scanner === e.scanner); return x ? `${timing(x)} (${fmt(x.ratioToSum, 1)}× sum)` : '—'; };
      const label = `exact ${SCANNER_LABEL[e.scanner]} ${e.dtype}`;
      lines.push(`| ${where} | ${label}: ms median / p95 (× sumBytes ms) · recall@${any.k} | ${both(pickE)} · ${recallOf((r) => r.exact.find((y) => y.dtype === e.dtype && y.scanner === e.scanner)?.recall)} |`);
    }
    const rerank = any.ivf.rerank === 'f32 rows' ? 'f32 re-rank'
      : any.ivf.rerank.startsWith('f32 rows read from disk') ? `f32 re-rank, rows read from disk: Node a temporary file, Chromium an OPFS file`
        : 're-rank from dequantized i8 (no f32 rows)';
    lines.push(`| ${where} | IVF build: nlist ${any.ivf.nlist}, ${any.ivf.build === 'flat' ? 'flat k-means (buildIvf)' : `two-level (${any.ivf.groups} groups)`} | ${both((r) => `${fmt(r.ivf.buildMs / 1000, 1)} s`)} |`);
    for (const row of any.ivf.rows) {
      const pickI = (r: ScaleRun) => timing(r.ivf.rows.find((y) => y.nprobe === row.nprobe));
      const iv = (r: ScaleRun) => r.ivf.rows.find((y) => y.nprobe === row.nprobe);
      lines.push(`| ${where} | IVF nprobe ${row.nprobe} (i8 scan + ${rerank}): ms median / p95 · recall@${any.k} · rows scanned | ${both(pickI)} · ${recallOf((r) => iv(r)?.recall)} · ${same((r) => iv(r)?.scannedFraction, pct)} |`);
    }
    if ('skipped' in any.spectral) {
      lines.push(`| ${where} | spectral routing | ${any.spectral.skipped} |`);
    } else {
      const s = any.spectral;
      lines.push(`| ${where} | spectral build: ${s.clusters} clusters, kNN graph (${s.graph.neighbors} neighbours, ${s.graph.edges.toLocaleString('en')} edges) on the IVF partition | ${both((r) => ('skipped' in r.spectral ? '—' : `${fmt(r.spectral.buildMs / 1000, 1)} s`))} |`);
      for (const row of s.rows) {
        const pickS = (r: ScaleRun) => ('skipped' in r.spectral ? '—' : timing(r.spectral.rows.find((y) => y.probes === row.probes)));
        const pickM = (r: ScaleRun) => ('skipped' in r.spectral ? '—' : timing(r.spectral.rows.find((y) => y.probes === row.probes)?.ivf));
        const sp = (r: ScaleRun) => ('skipped' in r.spectral ? undefined : r.spectral.rows.find((y) => y.probes === row.probes));
        lines.push(`| ${where} | spectral probes ${row.probes}: ms median / p95 · recall@${any.k} · rows scanned | ${both(pickS)} · ${recallOf((r) => sp(r)?.recall)} · ${same((r) => sp(r)?.scannedFraction, pct)} |`);
        lines.push(`| ${where} | … IVF at the same scanned fraction (nprobe ${same((r) => sp(r)?.ivf.nprobe, String)}) | ${both(pickM)} · ${recallOf((r) => sp(r)?.ivf.recall)} · ${same((r) => sp(r)?.ivf.scannedFraction, pct)} |`);
      }
    }
    const memNode = node ? `Node RSS ${mbs(node.memory.start)} · ${mbs(node.memory.data)} · ${mbs(node.memory.ivf)} · ${mbs(node.peakRss)}` : undefined;
    const memChr = chr ? `Chromium renderer RSS ${mbs(chr.memory.start)} · **${mbs(chr.memory.data)} · ${mbs(chr.memory.ivf)}** · ${mbs(chr.peakRss)}` : undefined;
    lines.push(`| ${where} | wall time of the size's run · machine load (1-min average, start → end) | ${both((r) => `${fmt(r.wallMs / 60000, 1)} min · ${fmt(r.load[0], 1)} → ${fmt(r.load[1], 1)}`)} |`);
    lines.push(`| ${where} | memory, MB: empty page/process · after data · serving IVF (rows + index) · peak over the run (VmHWM) | ${[memNode, memChr].filter(Boolean).join('; ')} (rows: i8 ${mbs(any.dataBytes.i8)}, f32 ${mbs(any.dataBytes.f32)}, IVF ${mbs(any.dataBytes.ivf)}) |`);
    const split = (r: ScaleRun, stage: string) => {
      const d = r.memoryDetail?.[stage];
      return d ? `${mbs(d.anon + d.shmem)} / ${mbs(d.file)} / ${mbs(d.pss)}` : '—';
    };
    lines.push(`| ${where} | memory split, MB: private (RssAnon + RssShmem) / file-backed (RssFile) / PSS — empty page · serving IVF | ${both((r) => `${split(r, 'start')} · ${split(r, 'ivf')}`)} |`);
  }
  const t = f.target;
  if (t) {
    const verdict = t.met ? '**met**' : t.n < SCALE_TARGET.n ? `not checked: the target is for 1M rows (largest run: ${short(t.n)})` : `**not met** (${[
      t.recallMet ? '' : `no nprobe reached recall ${SCALE_TARGET.recall}`,
      t.recallMet && !t.msMet ? `${fmt(t.medianMs!)} ms > ${SCALE_TARGET.ms} ms` : '',
      t.memoryMet ? '' : `${mbs(t.memoryBytes)} MB private > 600 MB`,
    ].filter(Boolean).join('; ')})`;
    lines.push(`| scale target (${t.where}, ${short(t.n)}) | recall@10 ≥ 0.95 at ≤ 30 ms/query with ≤ 600 MB (private memory of the ${t.where === 'chromium' ? 'renderer' : 'process'}) | nprobe ${t.nprobe ?? '—'}: recall ${t.recall === undefined ? '—' : fmt(t.recall, 3)}, ${t.medianMs === undefined ? '—' : fmt(t.medianMs)} ms median (p95 ${t.p95Ms === undefined ? '—' : fmt(t.p95Ms)}), ${mbs(t.memoryBytes)} MB private (RSS ${mbs(t.rssBytes)}, PSS ${mbs(t.pssBytes)}): ${verdict} |`);
  }
  return lines;
}

if (process.argv.includes('--scale-child')) {
  childMain().catch((e) => {
    console.error(`scale child: ${(e as Error).stack ?? e}`);
    process.exit(1);
  });
}
