/**
 * Cost of the filter mask the search worker builds before top-k (src/lib/search/filters.ts):
 * 100,000 synthetic images (two thirds photos with folders, dates, types and sizes; one third
 * gallery items), median of 9 runs after 3 warm-ups, per kind of filter. Then what a date sort
 * with a query adds to ranking: the DATE_SORT_POOL best of 100,000 random 512-d vectors, cut at a
 * threshold and sorted by date, against the 20 best (relevance).
 *
 *   npx tsx scripts/bench/filters.ts
 */
import { byDateAbove, DATE_SORT_POOL, factsOfItem, factsOfRecord, filterMask, type SearchFilters } from '../../src/lib/search/filters.ts';
import { createScanner, scannerTopK } from '../../src/lib/ranking/scan-plan.ts';

const n = 100_000;
const facts = Array.from({ length: n }, (_, i) =>
  i % 3
    ? factsOfRecord({ path: `y${i % 7}/m${i % 12}/p${i}.jpg`, mtime: 1.6e12 + i * 6e5, taken: i % 2 ? 1.6e12 + i * 1e6 : null, format: i % 4 ? 'jpeg' : 'png', width: 4000 - (i % 3000), height: 3000 })
    : factsOfItem({ category: `c${i % 9}`, source: i % 2 ? 'noto' : 'twemoji' }),
);
const cases: Record<string, SearchFilters> = {
  folder: { folders: ['y3'] },
  'date range': { from: '2021-01-01', to: '2022-06-30' },
  category: { categories: ['c3', 'c6'] },
  'five at once': { folders: ['y3', 'y4/m2'], from: '2021-01-01', types: ['jpeg'], minMegapixels: 4, orientations: ['landscape'] },
};
for (const [name, f] of Object.entries(cases)) {
  for (let w = 0; w < 3; w++) filterMask(n, (r) => facts[r], f);
  const times: number[] = [];
  let kept = 0;
  for (let r = 0; r < 9; r++) {
    const t = performance.now();
    const mask = filterMask(n, (row) => facts[row], f)!;
    times.push(performance.now() - t);
    kept = mask.reduce((s, m) => s + m, 0);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(13)} ${times[4].toFixed(1).padStart(6)} ms  (${kept.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} kept)`);
}

// A date sort with a query: the pool of the best, the threshold, the dates (src/lib/search/filters.ts, byDateAbove).
{
  const dim = 512;
  const data = new Float32Array(n * dim);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 12.9898) * 0.5;
  const scanner = createScanner({ kind: 'f32', dim, count: n, data } as Parameters<typeof createScanner>[0]);
  const query = new Float32Array(dim).map((_, i) => Math.cos(i * 0.37));
  const median = (run: () => void) => {
    for (let w = 0; w < 3; w++) run();
    const times: number[] = [];
    for (let r = 0; r < 9; r++) { const t = performance.now(); run(); times.push(performance.now() - t); }
    return times.sort((a, b) => a - b)[4];
  };
  const relevance = median(() => scannerTopK(scanner, query, 'cosine', 20));
  const byDate = median(() => {
    const pool = scannerTopK(scanner, query, 'cosine', DATE_SORT_POOL).map((h) => ({ score: h.score, date: facts[h.index].date }));
    byDateAbove(pool, 20, 'newest', pool[pool.length >> 1].score, 'similarity');
  });
  console.log(`relevance k=20 ${relevance.toFixed(1).padStart(6)} ms  (${n.toLocaleString('en-US')} × ${dim}, ${scanner.kind})`);
  console.log(`date sort      ${byDate.toFixed(1).padStart(6)} ms  (the ${DATE_SORT_POOL.toLocaleString('en-US')} best, half above the threshold, the 20 newest)`);
}

// The date taken read while indexing (src/indexing/taken-date.ts): the head of a 12 MP JPEG with EXIF, per file.
const { default: sharp } = await import('sharp');
const { readTakenDate } = await import('../../src/indexing/taken-date.ts');
const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
  .jpeg({ quality: 85 })
  .withExif({ IFD0: { Make: 'Bench', Model: 'Camera' }, IFD2: { DateTimeOriginal: '2024:05:06 07:08:09', OffsetTimeOriginal: '+07:00' } })
  .toBuffer();
const blob = new Blob([new Uint8Array(photo)]);
for (let w = 0; w < 20; w++) await readTakenDate(blob);
const reads: number[] = [];
for (let r = 0; r < 101; r++) {
  const t = performance.now();
  await readTakenDate(blob);
  reads.push(performance.now() - t);
}
reads.sort((a, b) => a - b);
console.log(`EXIF date     ${reads[50].toFixed(2).padStart(6)} ms per file  (median of 101, ${(photo.length / 1e6).toFixed(1)} MB JPEG, 4000×3000)`);
