/**
 * npx tsx scripts/eval-duplicates.ts DIR [--threshold 0.985] [--json] [--show-mixed]
 *
 * The duplicate finder ("Find duplicates" of a collection) on a labelled folder: DIR/<group>/<file>,
 * every file of a group a copy of one picture (e.g. made by scripts/make-neardup-set.ts, whose
 * `~name` folders hold one unrelated image each). Each file is indexed as the browser's indexer
 * does — SHA-256, classic vector, a THUMB_SIDE px WebP thumbnail (sharp here) — and the search
 * worker's own finder (workers/search/duplicates.ts) groups them and verifies each group with
 * local features on the thumbnails. Prints the pairwise precision of the groups per tier
 * (identical bytes, verified, similar), the recall of the labelled pairs, and how many verified
 * images name the edit their file is named after. --json prints one JSON object on stdout;
 * --show-mixed lists the groups that mix labels (to see whether the labels or the finder are wrong).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { classicEngine } from '../src/lib/engines/classic/index.ts';
import { THUMB_SIDE, type ImageRecord } from '../src/lib/collections/types.ts';
import { DEFAULT_DUPLICATE_THRESHOLD } from '../src/lib/duplicates/groups.ts';
import { scoreDuplicates, type FoundGroup } from '../src/lib/eval/duplicate-scores.ts';
import { layoutFromPaths } from '../src/lib/eval/groups.ts';
import { editTypeOf } from '../src/lib/eval/per-edit.ts';
import { checkInput } from '../src/lib/image/sniff.ts';
import { isImageError } from '../src/lib/image/errors.ts';
import { createDuplicateFinder } from '../workers/search/duplicates.ts';
import { createVerifier } from '../workers/search/verify.ts';
import { decodeBytes } from './lib/decode-node.ts';
import { listPaths } from './lib/eval-folder.ts';

const args = process.argv.slice(2);
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const json = args.includes('--json');
const threshold = Number(option('--threshold') ?? DEFAULT_DUPLICATE_THRESHOLD);
if (!dir || !(threshold > 0 && threshold <= 1)) {
  console.error('usage: npx tsx scripts/eval-duplicates.ts DIR [--threshold 0.985] [--json] [--show-mixed]');
  process.exit(2);
}
const log = json ? console.error : console.log;

const layout = layoutFromPaths(await listPaths(dir));
const records: ImageRecord[] = [];
const labelOf = new Map<string, string>();
const groupSizes = new Map<string, number>();
const t0 = performance.now();
for (const f of layout.files) {
  const path = join(dir, f.path);
  try {
    const bytes = await readFile(path);
    const { format } = checkInput(bytes, path);
    const raster = await decodeBytes(bytes, path);
    const scale = Math.min(1, THUMB_SIDE / Math.max(raster.width, raster.height));
    const thumb = await sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } })
      .resize(Math.max(1, Math.round(raster.width * scale)), Math.max(1, Math.round(raster.height * scale)))
      .webp({ quality: 82 }).toBuffer();
    records.push({
      collection: 'eval', path: f.path, size: bytes.length, mtime: (await stat(path)).mtimeMs,
      hash: createHash('sha256').update(bytes).digest('hex'), format, width: raster.width, height: raster.height,
      thumb: new Blob([new Uint8Array(thumb)], { type: 'image/webp' }), classic: classicEngine.extract(raster), added: Date.now(),
    });
    labelOf.set(f.path, f.group);
    groupSizes.set(f.group, (groupSizes.get(f.group) ?? 0) + 1);
  } catch (e) {
    if (!isImageError(e)) throw e;
    console.error(`skipped ${f.path}: ${(e as Error).message}`);
  }
  if (!json && records.length % 200 === 0) process.stderr.write(`\rindexed ${records.length}/${layout.files.length}`);
}
if (!json) process.stderr.write('\n');
const indexMs = performance.now() - t0;

const verifier = createVerifier({
  decode: async (bytes, name) => { const raster = await decodeBytes(bytes, name); return { raster, width: raster.width, height: raster.height }; },
  images: { key: () => { throw new Error('not used'); }, read: () => { throw new Error('not used'); } },
  cacheSize: records.length + 1,
});
const finder = createDuplicateFinder({ readImages: async () => records, emit: () => {}, features: verifier.features });
const t1 = performance.now();
const result = await finder.duplicates('eval', { threshold });
const findMs = performance.now() - t1;

const found: FoundGroup[] = result.groups.map((g) => ({
  tier: g.tier,
  labels: g.items.map((it) => labelOf.get(it.path)!),
  edits: g.items.map((it) => editTypeOf(it.path)),
  words: g.items.map((it) => it.verified?.words),
}));
const s = scoreDuplicates(found, groupSizes);
if (args.includes('--show-mixed')) for (const g of found) if (new Set(g.labels).size > 1) log(`  mixed ${g.tier} group: ${g.labels.map((l, i) => `${l}/${g.edits[i]}`).join(', ')}`);
const round = (x: number) => Math.round(x * 10000) / 10000;
const out = {
  images: records.length, threshold,
  precision: Object.fromEntries(Object.entries(s.byTier).map(([t, c]) => [t, { ...c, precision: round(c.precision) }])),
  true_pairs: s.truePairs, recall: round(s.recall), verified_recall: round(s.verifiedRecall),
  naming: s.naming, index_ms_per_image: round(indexMs / records.length), find_ms: Math.round(findMs),
};
if (json) console.log(JSON.stringify(out));
log(`duplicate finder on ${dir}: ${records.length} images, threshold ${threshold}`);
for (const [tier, c] of Object.entries(s.byTier)) {
  log(`  ${tier.padEnd(9)} ${String(c.groups).padStart(4)} groups (${c.pure} pure), pairs ${c.correct}/${c.pairs} right, precision ${round(c.precision)}`);
}
log(`  recall of the ${s.truePairs} labelled pairs: ${round(s.recall)} in any group, ${round(s.verifiedRecall)} in verified groups`);
log(`  verified images naming their edit: ${s.naming.right}/${s.naming.checked}`);
log(`  ${round(indexMs / records.length)} ms per image to index, ${Math.round(findMs)} ms to find and verify`);
