import { describe, expect, it } from 'vitest';
import { UnionFind, duplicateGroups, nearestNeighbours, unitRows, verificationCandidates } from '../../src/lib/duplicates/groups.ts';
import { mulberry32 } from '../../src/lib/random.ts';

describe('union-find', () => {
  it('joins sets transitively and lists groups of two or more by their first member', () => {
    const uf = new UnionFind(7);
    expect(uf.union(5, 6)).toBe(true);
    uf.union(1, 3);
    uf.union(3, 4);
    expect(uf.union(4, 1)).toBe(false);
    expect(uf.find(4)).toBe(uf.find(1));
    expect(uf.groups()).toEqual([[1, 3, 4], [5, 6]]);
    expect(uf.groups(1)).toHaveLength(4);
  });
});

describe('exact neighbours and duplicate groups', () => {
  const rand = mulberry32(9);
  const dim = 12;
  const base = Array.from({ length: 10 }, () => Array.from({ length: dim }, () => rand() - 0.5));
  // rows 10, 11: near copies of row 2; row 12: a near copy of row 7 at a lower similarity
  const near = (r: number[], eps: number) => r.map((x) => x + eps * (rand() - 0.5));
  const rows = [...base, near(base[2], 0.01), near(base[2], 0.01), near(base[7], 0.25)];
  const unit = unitRows(rows, dim);
  const cos = (a: number, b: number) => { let s = 0; for (let t = 0; t < dim; t++) s += unit[a * dim + t] * unit[b * dim + t]; return s; };

  it('lists, per row, the most similar others at or above the floor, best first, exactly', () => {
    const nb = nearestNeighbours(unit, dim, { k: 3, minSimilarity: -1 });
    for (let i = 0; i < rows.length; i++) {
      const brute = rows.map((_, j) => j).filter((j) => j !== i).sort((a, b) => cos(i, b) - cos(i, a)).slice(0, 3);
      expect(Array.from(nb.ids.slice(i * 3, i * 3 + 3))).toEqual(brute);
      expect(nb.sims[i * 3]).toBeCloseTo(cos(i, brute[0]), 5);
    }
    const floor = nearestNeighbours(unit, dim, { k: 3, minSimilarity: 0.99 });
    expect(Array.from(floor.ids.slice(0, 3))).toEqual([-1, -1, -1]);
    expect(Array.from(floor.ids.slice(2 * 3, 2 * 3 + 2)).sort()).toEqual([10, 11]);
  });

  it('groups pairs at the threshold, and always groups equal hashes', () => {
    const nb = nearestNeighbours(unit, dim, { k: 4, minSimilarity: 0.5 });
    const hashes = rows.map((_, i) => `h${i}`);
    const strict = duplicateGroups(nb, hashes, 0.995);
    expect(strict.map((g) => g.members)).toEqual([[2, 10, 11]]);
    expect(strict[0].identical).toBe(false);
    const loose = duplicateGroups(nb, hashes, Math.min(0.9, cos(7, 12) - 1e-3));
    expect(loose.map((g) => g.members)).toContainEqual([7, 12]);
    // Same bytes: grouped even when the vectors disagree (or are missing).
    hashes[0] = hashes[5] = hashes[9] = 'same';
    const withHash = duplicateGroups(nb, hashes, 0.995);
    expect(withHash.map((g) => g.members)).toEqual([[0, 5, 9], [2, 10, 11]]);
    expect(withHash[0].identical).toBe(true);
  });

  it('copes with no rows and zero vectors', () => {
    expect(nearestNeighbours(new Float32Array(0), 4).count).toBe(0);
    const zeros = unitRows([[0, 0], [0, 0]], 2);
    expect(Array.from(zeros)).toEqual([0, 0, 0, 0]);
    expect(duplicateGroups(nearestNeighbours(zeros, 2), ['a', 'a']).map((g) => g.members)).toEqual([[0, 1]]);
  });
});

describe('duplicate groups never chain unrelated images', () => {
  /** neighbour lists from explicit similarities (k = n - 1, best first) */
  function lists(n: number, pairs: [number, number, number][]): Parameters<typeof duplicateGroups>[0] {
    const k = n - 1;
    const per = Array.from({ length: n }, () => [] as [number, number][]);
    for (const [a, b, s] of pairs) { per[a].push([b, s]); per[b].push([a, s]); }
    const ids = new Int32Array(n * k).fill(-1);
    const sims = new Float32Array(n * k);
    per.forEach((l, i) => l.sort((x, y) => y[1] - x[1]).forEach(([j, s], t) => { ids[i * k + t] = j; sims[i * k + t] = s; }));
    return { count: n, k, ids, sims };
  }

  it('A≈B and B≈C but A and C unlike: not one group of three (single-link chaining)', () => {
    const nb = lists(3, [[0, 1, 0.95], [1, 2, 0.94], [0, 2, 0.84]]);
    expect(duplicateGroups(nb, [undefined, undefined, undefined], 0.9).map((g) => g.members)).toEqual([[0, 1]]);
  });

  it('every member meets the threshold against every other member, so against the first one shown', () => {
    // a long chain of look-alikes: each next one 0.95 like the last, 0.85 like the one before
    const n = 8;
    const pairs: [number, number, number][] = [];
    for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1, 0.95]);
    for (let i = 0; i + 2 < n; i++) pairs.push([i, i + 2, 0.85]);
    const groups = duplicateGroups(lists(n, pairs), new Array(n).fill(undefined), 0.9);
    const sim = new Map(pairs.map(([a, b, s]) => [`${a},${b}`, s]));
    for (const g of groups) {
      expect(g.members.length).toBe(2);
      for (const a of g.members) for (const b of g.members) if (a < b) expect(sim.get(`${a},${b}`) ?? 0).toBeGreaterThanOrEqual(0.9);
    }
  });
});

describe('copies the vectors tolerate less (a crop, a turn) are checked with local features', () => {
  function lists(n: number, pairs: [number, number, number][]): Parameters<typeof duplicateGroups>[0] {
    const k = n - 1;
    const per = Array.from({ length: n }, () => [] as [number, number][]);
    for (const [a, b, s] of pairs) { per[a].push([b, s]); per[b].push([a, s]); }
    const ids = new Int32Array(n * k).fill(-1);
    const sims = new Float32Array(n * k);
    per.forEach((l, i) => l.sort((x, y) => y[1] - x[1]).forEach(([j, s], t) => { ids[i * k + t] = j; sims[i * k + t] = s; }));
    return { count: n, k, ids, sims };
  }
  const none = (n: number) => new Array<undefined>(n).fill(undefined);

  it('candidates are the pairs below the threshold and above the floor, each once, strongest first', () => {
    const nb = lists(4, [[0, 1, 0.99], [0, 2, 0.95], [1, 3, 0.92], [2, 3, 0.85]]);
    expect(verificationCandidates(nb, 0.985, 0.9)).toEqual([[0, 2], [1, 3]]);
  });

  it('each image offers only its closest few', () => {
    const nb = lists(5, [[0, 1, 0.97], [0, 2, 0.96], [0, 3, 0.95], [0, 4, 0.94]]);
    expect(verificationCandidates(nb, 0.985, 0.9, 2)).toEqual([[0, 1], [0, 2], [0, 3], [0, 4]]); // 3 and 4 offer their one pair themselves
    const lone = lists(3, [[0, 1, 0.97], [0, 2, 0.96], [1, 2, 0.5]]);
    expect(verificationCandidates({ ...lone }, 0.985, 0.9, 1)).toEqual([[0, 1], [0, 2]]);
  });

  it('a linked pair joins a group as if it met the threshold, still by complete linkage', () => {
    const nb = lists(3, [[0, 1, 0.99], [0, 2, 0.95], [1, 2, 0.94]]);
    expect(duplicateGroups(nb, none(3), 0.985).map((g) => g.members)).toEqual([[0, 1]]);
    // 2 is shown to be a copy of 0 but not of 1: it cannot join {0, 1}
    expect(duplicateGroups(nb, none(3), 0.985, [[0, 2]]).map((g) => g.members)).toEqual([[0, 1]]);
    expect(duplicateGroups(nb, none(3), 0.985, [[0, 2], [2, 1]]).map((g) => g.members)).toEqual([[0, 1, 2]]);
    // links never outrank real similarities: 3 pairs with 4 (a link) only after 3–5 (0.99) is taken
    const nb6 = lists(6, [[3, 5, 0.99], [3, 4, 0.92]]);
    expect(duplicateGroups(nb6, none(6), 0.985, [[3, 4]]).map((g) => g.members)).toEqual([[3, 5]]);
  });
});
