import { describe, expect, it } from 'vitest';
import { quantizeI8, type VectorMatrix } from '../../src/lib/format/vectors.ts';
import { getMeasure, MEASURES, type MeasureId } from '../../src/lib/ranking/measures.ts';
import { BoundedHeap, topK } from '../../src/lib/ranking/topk.ts';

function rng(seed: number) {
  return () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function randomMatrix(count: number, dim: number, seed = 1): VectorMatrix & { kind: 'f32' } {
  const r = rng(seed);
  return { kind: 'f32', dim, count, data: Float32Array.from({ length: count * dim }, () => r() * 2 - 1) };
}

/** The obvious way: score everything, sort everything. */
function sortTopK(q: Float32Array, m: VectorMatrix & { kind: 'f32' | 'u8' }, id: MeasureId, k: number) {
  const meas = getMeasure(id);
  const rows = Array.from({ length: m.count }, (_, i) => ({ index: i, score: meas.score(q, m.data, i * m.dim) }));
  rows.sort((x, y) => (meas.kind === 'distance' ? x.score - y.score : y.score - x.score) || x.index - y.index);
  return rows.slice(0, k);
}

describe('exact top-k', () => {
  it.each(MEASURES)('equals a full sort for %s', (id) => {
    const m = randomMatrix(500, 37);
    const q = randomMatrix(1, 37, 9).data;
    const got = topK(q, m, id, 25);
    const want = sortTopK(q, m, id, 25);
    expect(got.map((h) => h.index)).toEqual(want.map((h) => h.index));
    got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 5));
  });

  it('ranks distances ascending and similarities descending', () => {
    const m = randomMatrix(200, 8);
    const q = randomMatrix(1, 8, 3).data;
    const l2 = topK(q, m, 'l2', 10).map((h) => h.score);
    const cos = topK(q, m, 'cosine', 10).map((h) => h.score);
    expect(l2).toEqual([...l2].sort((x, y) => x - y));
    expect(cos).toEqual([...cos].sort((x, y) => y - x));
  });

  it('puts the query itself first under every measure', () => {
    const m = randomMatrix(300, 16);
    const q = m.data.slice(42 * 16, 43 * 16);
    for (const id of MEASURES) expect(topK(q, m, id, 1)[0].index).toBe(42);
  });

  it('breaks ties by ascending row, whatever the insertion order', () => {
    const dim = 3;
    const row = [1, 0, 0];
    const m: VectorMatrix = { kind: 'f32', dim, count: 6, data: Float32Array.from([...row, ...row, 0, 1, 0, ...row, ...row, ...row]) };
    expect(topK(Float32Array.from(row), m, 'cosine', 4).map((h) => h.index)).toEqual([0, 1, 3, 4]);
    expect(topK(Float32Array.from(row), m, 'l1', 10).map((h) => h.index)).toEqual([0, 1, 3, 4, 5, 2]);
  });

  it('returns everything when k exceeds N, and nothing when k is 0', () => {
    const m = randomMatrix(5, 4);
    expect(topK(m.data.slice(0, 4), m, 'l2', 50)).toHaveLength(5);
    expect(topK(m.data.slice(0, 4), m, 'l2', 0)).toEqual([]);
  });

  it('can leave one row out (leave-one-out evaluation)', () => {
    const m = randomMatrix(50, 4);
    const hits = topK(m.data.slice(0, 4), m, 'cosine', 50, { exclude: 0 });
    expect(hits).toHaveLength(49);
    expect(hits.some((h) => h.index === 0)).toBe(false);
  });

  it('gives byte matrices the same ranking and scores as their float values', () => {
    const r = rng(5);
    const dim = 20, count = 100, scale = 1 / 255;
    const bytes = Uint8Array.from({ length: dim * count }, () => Math.floor(r() * 256));
    const floats: VectorMatrix = { kind: 'f32', dim, count, data: Float32Array.from(bytes, (b) => b * scale) };
    const asBytes: VectorMatrix = { kind: 'u8', dim, count, data: bytes, scale };
    const q = Float32Array.from({ length: dim }, () => r());
    for (const id of MEASURES) {
      const want = topK(q, floats, id, 10);
      const got = topK(q, asBytes, id, 10);
      expect(got.map((h) => h.index)).toEqual(want.map((h) => h.index));
      got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 4));
    }
  });

  it('refuses a query of the wrong dimension', () => {
    expect(() => topK(new Float32Array(3), randomMatrix(4, 4), 'l2', 1)).toThrow(/3 dims.*4/);
  });
});

describe('BoundedHeap', () => {
  it.each([0, 1, 7, 50, 400, 1000])('keeps the same %i entries as a full sort, ties by index', (cap) => {
    const r = rng(cap + 3);
    // few distinct keys, so many ties; offered in random order
    const entries = Array.from({ length: 400 }, (_, index) => ({ key: Math.floor(r() * 20) - 10, index }));
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [entries[i], entries[j]] = [entries[j], entries[i]];
    }
    const heap = new BoundedHeap(cap);
    for (const e of entries) heap.offer(e.key, e.index);
    const want = [...entries].sort((a, b) => a.key - b.key || a.index - b.index).slice(0, cap);
    expect(heap.sorted()).toEqual(want);
  });

  it('says the bound an offer must beat: none before it is full, the worst kept key after, -Infinity when it keeps nothing', () => {
    const heap = new BoundedHeap(2);
    expect(heap.bound).toBe(Infinity);
    heap.offer(5, 0);
    expect(heap.bound).toBe(Infinity);
    heap.offer(3, 1);
    expect(heap.bound).toBe(5);
    heap.offer(4, 2);
    expect(heap.bound).toBe(4);
    expect(new BoundedHeap(0).bound).toBe(-Infinity);
  });

  it('ignores NaN keys', () => {
    const heap = new BoundedHeap(3);
    heap.offer(NaN, 0);
    heap.offer(2, 1);
    heap.offer(1, 2);
    expect(heap.sorted()).toEqual([{ key: 1, index: 2 }, { key: 2, index: 1 }]);
  });
});

describe('exact top-k on int8 rows', () => {
  it('equals a full sort of the reference l1 on the rows\' values', () => {
    const dim = 33, count = 300;
    const floats = randomMatrix(count, dim, 21).data;
    const m = quantizeI8(floats, dim);
    const values: VectorMatrix & { kind: 'f32' } = { kind: 'f32', dim, count, data: Float32Array.from(m.data, (b, k) => b * m.scales[Math.floor(k / dim)]) };
    const q = randomMatrix(1, dim, 22).data;
    const got = topK(q, m, 'l1', 15);
    const want = sortTopK(q, values, 'l1', 15);
    expect(got.map((h) => h.index)).toEqual(want.map((h) => h.index));
    got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 4));
  });
});
