/**
 * Cost of the filter mask the search worker builds before top-k (src/lib/search/filters.ts):
 * 100,000 synthetic images (two thirds photos with folders, dates, types and sizes; one third
 * gallery items), median of 9 runs after 3 warm-ups, per kind of filter.
 *
 *   npx tsx scripts/bench/filters.ts
 */
import { factsOfItem, factsOfRecord, filterMask, type SearchFilters } from '../../src/lib/search/filters.ts';

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
