/**
 * npx tsx scripts/bench/verify-speed.ts [--dir DIR] [--photos N] [--reps N] [--json]
 * (also a section of `npm run bench`; --skip-verify leaves it out)
 *
 * "Verify matches" (src/lib/verify/) in Node: the speed of verifying the top 50 of one query,
 * and how well it tells copies from other photos.
 * - Photos: the JPEGs of DIR (default /usr/share/backgrounds, Debian's lomiri/gnome wallpapers,
 *   when it exists), else N synthetic photos (scripts/lib/synthetic-photos.ts). Each is decoded
 *   as the app decodes a file (scripts/lib/decode-node.ts: shrunk while decoding to a shorter
 *   side of about 224 px, as the browser worker does).
 * - Edits of each photo, made on the raster: crop (70 % of the area), mirror, rotations by
 *   90° / 180°, half size, JPEG quality 30, mirrored crop. Each must verify with the right words;
 *   every pair of different photos must not verify.
 * - Speed: extraction (raster → features) per image; the top 50 verified against a query with
 *   their features cached (the worker's steady state) and cold (features extracted first).
 *   Decoding is not included (the browser's createImageBitmap differs from sharp).
 */
import { DEFAULT_PHOTO_DIR, verifySection } from './verify-section.ts';
import { fmt } from './stats.ts';

const args = process.argv.slice(2);
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const r = await verifySection({ dir: option('--dir') ?? DEFAULT_PHOTO_DIR, photos: Number(option('--photos') ?? 16), reps: Number(option('--reps') ?? 20) });
if (args.includes('--json')) console.log(JSON.stringify(r, null, 2));
else {
  const cpu = (k: string) => fmt(r.cpuMs[k]?.medianMs ?? NaN, 1);
  console.log(`verify matches — ${r.photos} photos from ${r.source}; ${r.options.size} px, ≤ ${r.options.maxKeypoints} keypoints (mean ${fmt(r.keypointsMean, 0)})`);
  console.log(`(median wall ms / median CPU ms of this process; load average ${fmt(r.loadAverage, 1)} at the end)`);
  console.log(`extraction per image: ${fmt(r.extractMs.medianMs, 1)} / ${cpu('extract')} ms`);
  console.log(`top ${r.top}, features cached: ${fmt(r.cachedMs.medianMs, 1)} / ${cpu('cached')} ms (${r.cachedMs.n} runs)`);
  console.log(`top ${r.top}, cold (extract + verify): ${fmt(r.coldMs.medianMs, 0)} / ${cpu('cold')} ms (${r.coldMs.n} runs)`);
  for (const [name, s] of Object.entries(r.perEdit)) console.log(`  ${name.padEnd(14)} verified ${s.verified}/${s.total}, named right ${s.named}/${s.total}`);
  console.log(`  unrelated pairs verified: ${r.unrelated.falseVerified}/${r.unrelated.pairs}`);
}
