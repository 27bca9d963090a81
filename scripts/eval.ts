/**
 * npm run eval -- DIR [--engine pixels|classic|clip] [--model PATH_OR_ID] [--measure l1|l2|cosine|correlation]
 *                     [--index exact|ivf|cluster] [--nprobe N] [--probes N] [--verify] [--json]
 *
 * --verify ranks as "Verify matches" does for an image query: the first 50 results are checked
 * with local features (src/lib/verify/, computed here from each decoded image) and those that
 * verify move to the front; mAP and P@1 are then of that order, and ms/query includes the checks.
 * --index ivf|cluster ranks through the approximate index (cosine) and also reports the exact
 * mAP and the loss, the mean scanned fraction and the index build time.
 * Leave-one-out retrieval benchmark. DIR/<group>/<files>: files in one folder are relevant to
 * each other. Every image queries all the others with the app's own ranking (topK), and we print
 * the number of images, mAP, P@1, ms per image to index (read + decode + extract, one at a time)
 * and ms per query (one full ranking). --json prints exactly one JSON object on stdout
 * ({images, mAP, p_at_1, ms_per_image, ms_per_query, ap_by_edit}); everything else goes to stderr.
 * AP and P@1 are also split by edit type: the file name without extension (crop.jpg → "crop").
 * Files that cannot be decoded are reported and skipped. `--engine clip` runs the CLIP image tower
 * (the model folder given by --model, default public/models/Xenova/clip-vit-base-patch32).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classicQueryVector } from '../src/lib/engines/classic/grey-query.ts';
import { halfTurnedVector } from '../src/lib/engines/classic/index.ts';
import { VERIFY_TOP } from '../src/lib/verify/rerank.ts';
import { isSearchEngineId, type SearchEngineId } from '../src/lib/engines/types.ts';
import { layoutFromPaths } from '../src/lib/eval/groups.ts';
import { approxRanker, INDEX_MODES, type IndexMode } from '../src/lib/eval/index-rankers.ts';
import { leaveOneOut, type Ranker } from '../src/lib/eval/leave-one-out.ts';
import { verifiedRanker } from '../src/lib/eval/verified-ranker.ts';
import { topK } from '../src/lib/ranking/topk.ts';
import { extractFeatures, type ImageFeatures } from '../src/lib/verify/features.ts';
import { prepareQuery, verifyPair, type PreparedQuery } from '../src/lib/verify/verify.ts';
import { editTypeOf, summaryByEditType } from '../src/lib/eval/per-edit.ts';
import { isImageError } from '../src/lib/image/errors.ts';
import { getMeasure, isMeasureId, MEASURES, type MeasureId } from '../src/lib/ranking/measures.ts';
import { decodeBytes } from './lib/decode-node.ts';
import { nodeEmbedder } from './lib/node-embedder.ts';
import { listPaths } from './lib/eval-folder.ts';

const USAGE = 'usage: npm run eval -- DIR [--engine pixels|classic|clip] [--model PATH_OR_ID] [--measure l1|l2|cosine|correlation] [--index exact|ivf|cluster] [--nprobe N] [--probes N] [--verify] [--json]';

interface Options { dir: string; engine: SearchEngineId; model?: string; measure?: MeasureId; json: boolean; index: IndexMode; nprobe?: number; probes?: number; verify: boolean }

function parseArgs(argv: string[]): Options {
  let dir: string | undefined, engineId = 'classic', measure: string | undefined, model: string | undefined, json = false, verify = false;
  let index = 'exact', nprobe: number | undefined, probes: number | undefined;
  const positive = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${v}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--verify') verify = true;
    else if (a === '--index') index = argv[++i];
    else if (a === '--nprobe') nprobe = positive('--nprobe', argv[++i]);
    else if (a === '--probes') probes = positive('--probes', argv[++i]);
    else if (a === '--engine') engineId = argv[++i];
    else if (a === '--measure') measure = argv[++i];
    else if (a === '--model') model = argv[++i];
    else if (a === '-h' || a === '--help') { console.error(USAGE); process.exit(0); }
    else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (dir === undefined) dir = a;
    else throw new Error(`only one DIR, got "${dir}" and "${a}"\n${USAGE}`);
  }
  if (!dir) throw new Error(USAGE);
  if (!isSearchEngineId(engineId)) throw new Error(`unknown engine "${engineId}" (pixels, classic or clip)`);
  if (measure !== undefined && !isMeasureId(measure)) throw new Error(`unknown measure "${measure}" (one of ${MEASURES.join(', ')})`);
  if (!(INDEX_MODES as readonly string[]).includes(index)) throw new Error(`unknown index "${index}" (one of ${INDEX_MODES.join(', ')})`);
  if (index !== 'exact' && measure !== undefined && measure !== 'cosine') throw new Error(`--index ${index} ranks by cosine; leave out --measure or use cosine`);
  return { dir, engine: engineId, model, measure, json, index: index as IndexMode, nprobe, probes, verify };
}

async function main() {
  const opt = parseArgs(process.argv.slice(2));
  const engine = await nodeEmbedder(opt.engine, opt.model);
  const measure = opt.index === 'exact' ? opt.measure ?? engine.defaultMeasure : 'cosine';
  const layout = layoutFromPaths(await listPaths(opt.dir));
  for (const { path, reason } of layout.ignored.slice(0, 20)) console.error(`skipped ${path}: ${reason}`);
  if (layout.ignored.length > 20) console.error(`skipped ${layout.ignored.length - 20} more paths`);
  const rows = new Float32Array(layout.files.length * engine.dim);
  const labels: string[] = [];
  const edits: string[] = [];
  const features: ImageFeatures[] = [];
  const halfTurned: (Float32Array | undefined)[] = [];
  let msIndex = 0, msFeatures = 0, msExtract = 0, bad = 0;
  for (const f of layout.files) {
    const path = join(opt.dir, f.path);
    const t0 = performance.now();
    try {
      const raster = await decodeBytes(await readFile(path), path);
      const t1 = performance.now();
      rows.set((await engine.embedImages([raster]))[0], labels.length * engine.dim);
      const t2 = performance.now();
      msIndex += t2 - t0;
      msExtract += t2 - t1;
      if (opt.verify) {
        features.push(extractFeatures(raster));
        if (opt.engine === 'classic') halfTurned.push(halfTurnedVector(raster));
        msFeatures += performance.now() - t2;
      }
      labels.push(f.group);
      edits.push(editTypeOf(f.path));
    } catch (e) {
      if (!isImageError(e) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      bad++;
      console.error(`skipped ${(e as Error).message}`);
    }
    if (!opt.json && labels.length % 500 === 0) process.stderr.write(`\rindexed ${labels.length}/${layout.files.length}`);
  }
  const n = labels.length;
  if (!opt.json && n >= 500) process.stderr.write('\n');
  if (n === 0) throw new Error(`no readable images under ${opt.dir}/<group>/`);
  const matrix = { kind: 'f32' as const, dim: engine.dim, count: n, data: rows.subarray(0, n * engine.dim) };
  await engine.dispose();
  const approx = opt.index === 'exact' ? undefined : approxRanker(matrix, opt.index, { nprobe: opt.nprobe, probes: opt.probes });
  // The query as the search worker makes it: a nearly grey classic query is compared on its luma blocks.
  const asQuery = (q: Float32Array) => (opt.engine === 'classic' ? classicQueryVector(q) : q);
  const exactRank: Ranker = (query, exclude, k) => topK(asQuery(query), matrix, measure, k, { exclude });
  const approxRank: Ranker | undefined = approx && ((query, exclude, k) => approx.rank(asQuery(query), exclude, k));
  const baseRank = approxRank ?? exactRank;
  // As the search worker does: a classic picture query is ranked upside down too before the checks.
  const alternate = opt.engine === 'classic' && getMeasure(measure).kind === 'similarity' ? (i: number) => halfTurned[i] : undefined;
  const verified = opt.verify ? verifiedRanker(baseRank, (q, c) => verifyPair(prepared(q), features[c]), VERIFY_TOP, alternate) : undefined;
  const preparedCache = new Map<number, PreparedQuery>();
  function prepared(i: number): PreparedQuery {
    let p = preparedCache.get(i);
    if (!p) { preparedCache.clear(); p = prepareQuery(features[i]); preparedCache.set(i, p); }
    return p;
  }
  const r = leaveOneOut(matrix, labels, measure, verified ?? baseRank);
  const unverified = verified ? leaveOneOut(matrix, labels, measure, baseRank) : r;
  const exact = approx ? leaveOneOut(matrix, labels, measure, exactRank) : r;
  const groups = new Set(labels).size;
  const byEdit = summaryByEditType(r.perQuery, edits);
  const result = {
    images: n,
    mAP: round(r.mAP, 4),
    p_at_1: round(r.pAt1, 4),
    ms_per_image: round(msIndex / n, 3),
    ms_per_query: round(r.msPerQuery, 3),
    ap_by_edit: Object.fromEntries([...byEdit].map(([k, s]) => [k, round(s.mAP, 4)])),
    ...(verified ? { verify: true, unverified_mAP: round(unverified.mAP, 4), unverified_p_at_1: round(unverified.pAt1, 4), ms_features_per_image: round(msFeatures / n, 3) } : {}),
    ...(approx ? {
      index: opt.index,
      exact_mAP: round(exact.mAP, 4),
      mAP_loss: round(exact.mAP - r.mAP, 4),
      scanned_fraction: round(approx.scannedFraction(), 4),
      build_ms: round(approx.buildMs, 1),
      exact_ms_per_query: round(exact.msPerQuery, 3),
    } : {}),
  };
  const log = opt.json ? console.error : console.log;
  log(`engine ${engine.engine} (${engine.dim} dims), measure ${measure}, ${opt.dir}`);
  log(`images        ${n} in ${groups} groups${bad ? `, ${bad} unreadable skipped` : ''}`);
  log(`queries       ${r.queries} counted${r.skipped ? `, ${r.skipped} skipped for mAP/P@1 (no other image in their group)` : ''}`);
  log(`mAP           ${result.mAP.toFixed(4)}`);
  log(`P@1           ${result.p_at_1.toFixed(4)}`);
  log(`ms/image      ${result.ms_per_image.toFixed(3)}  (read+decode+extract; extract alone ${(msExtract / n).toFixed(3)})`);
  log(`ms/query      ${result.ms_per_query.toFixed(3)}  (${approx ? approx.describe : `full ranking of ${n - 1} images`})`);
  if (verified) log(`verify        top 50 checked with local features: without it mAP ${unverified.mAP.toFixed(4)}, P@1 ${unverified.pAt1.toFixed(4)}; features ${(msFeatures / n).toFixed(1)} ms/image`);
  for (const [edit, s] of byEdit) log(`  ${edit.padEnd(22)} AP ${s.mAP.toFixed(4)}  P@1 ${s.pAt1.toFixed(4)}  (${s.queries} queries)`);
  if (approx) {
    log(`index         ${approx.describe}, built in ${(approx.buildMs / 1000).toFixed(2)} s, scans ${(approx.scannedFraction() * 100).toFixed(1)}% of the rows per query`);
    log(`exact mAP     ${exact.mAP.toFixed(4)}  → loss ${(exact.mAP - r.mAP).toFixed(4)} (exact ms/query ${exact.msPerQuery.toFixed(3)})`);
  }
  if (opt.json) console.log(JSON.stringify(result));
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Number.isFinite(x) ? Math.round(x * f) / f : x;
}

main().catch((e) => {
  console.error(`eval: ${(e as Error).message}`);
  process.exit(1);
});
