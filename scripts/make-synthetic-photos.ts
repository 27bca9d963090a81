/**
 * npx tsx scripts/make-synthetic-photos.ts OUT_DIR [--count 80]
 *
 * Photo-like synthetic images (scripts/lib/synthetic-photos.ts: gradient, soft shapes, grain),
 * 640×480 JPEGs, every one a different picture: a photo source for scripts/make-neardup-set.ts
 * whose labels are certain (no two sources are versions of one picture).
 */
import { writeSyntheticPhotos } from './lib/synthetic-photos.ts';

const args = process.argv.slice(2);
const i = args.indexOf('--count');
const count = i >= 0 ? Number(args[i + 1]) : 80;
const out = args.find((a, j) => !a.startsWith('--') && args[j - 1] !== '--count');
if (!out || !Number.isInteger(count) || count < 1) {
  console.error('usage: npx tsx scripts/make-synthetic-photos.ts OUT_DIR [--count 80]');
  process.exit(2);
}
const written = await writeSyntheticPhotos(out, count);
console.log(`${written.length} synthetic photos -> ${out}`);
