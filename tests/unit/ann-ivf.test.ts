import { beforeAll, describe, expect, it } from 'vitest';
import { buildIvf, decodeIvf, defaultNlist, encodeIvf, IvfFormatError, IvfIndex } from '../../src/lib/ann/ivf.ts';
import { groundTruth, recallAtK } from '../../src/lib/ann/recall.ts';
import { rowInto } from '../../src/lib/ann/rows.ts';
import { syntheticClusters, syntheticQueries } from '../../src/lib/ann/synthetic.ts';
import { quantizeI8 } from '../../src/lib/format/vectors.ts';
import { topK } from '../../src/lib/ranking/topk.ts';

const N = 5000, DIM = 64;
const set = syntheticClusters({ n: N, dim: DIM, clusters: 20, seed: 1 });
const { queries } = syntheticQueries(set, 100, 7);
let index: IvfIndex;
let truth: number[][];
const progress: number[] = [];

beforeAll(() => {
  index = buildIvf(set.matrix, { seed: 1, onProgress: (f) => progress.push(f) });
  truth = groundTruth(queries, set.matrix, 10);
}, 60_000);

const ids = (r: { hits: { index: number }[] }) => r.hits.map((h) => h.index);

describe('IVF index', { timeout: 30_000 }, () => {
  it('has round(2√N) lists covering every row once', () => {
    expect(defaultNlist(N)).toBe(141);
    expect(defaultNlist(100000)).toBe(632);
    expect(index.nlist).toBe(141);
    expect(index.offsets[0]).toBe(0);
    expect(index.offsets[index.nlist]).toBe(N);
    expect(new Set(index.ids).size).toBe(N);
    expect(progress.at(-1)).toBe(1);
  });

  it('reaches recall@10 ≥ 0.95 at nprobe 8 (6% of the rows scanned)', () => {
    const res = queries.map((q) => index.search(q, { nprobe: 8, k: 10, rerank: set.matrix }));
    const recall = recallAtK(res.map(ids), truth, 10);
    const scanned = res.reduce((a, r) => a + r.scanned, 0) / res.length / N;
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(scanned).toBeLessThan(0.1);
    // fewer lists, fewer rows, lower recall
    const one = queries.map((q) => index.search(q, { nprobe: 1, k: 10, rerank: set.matrix }));
    expect(recallAtK(one.map(ids), truth, 10)).toBeLessThan(recall);
    expect(one[0].scanned).toBeLessThan(res[0].scanned);
  });

  it('is exact search when every list is probed', () => {
    for (const q of queries.slice(0, 20)) {
      const got = index.search(q, { nprobe: index.nlist, k: 10, rerank: set.matrix });
      const want = topK(q, set.matrix, 'cosine', 10);
      expect(got.scanned).toBe(N);
      expect(ids(got)).toEqual(want.map((h) => h.index));
      got.hits.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 5));
    }
    const all = queries.map((q) => index.search(q, { nprobe: 10_000, k: 10, rerank: set.matrix }));
    expect(recallAtK(all.map(ids), truth, 10)).toBe(1);
  });

  it('scores int8 rows and re-ranks the shortlist in float32', () => {
    const i8 = quantizeI8(set.matrix.data, DIM);
    const rerankWith = (id: number) => set.matrix.data.subarray(id * DIM, (id + 1) * DIM);
    const res = queries.map((q) => index.search(q, { nprobe: index.nlist, k: 10, rerank: i8, rerankWith }));
    expect(recallAtK(res.map(ids), truth, 10)).toBe(1);
    const q = queries[0];
    const want = topK(q, set.matrix, 'cosine', 10);
    res[0].hits.forEach((h, i) => expect(h.score).toBeCloseTo(want[i].score, 6));
    // without the float pass, int8 scores are close but not exact
    const raw = index.search(q, { nprobe: index.nlist, k: 10, rerank: i8 });
    expect(raw.hits[0].score).toBeCloseTo(want[0].score, 2);
  });

  it('leaves out a row on request and normalises the query', () => {
    const row = rowInto(set.matrix, 42, new Float32Array(DIM));
    const hit = index.search(row.map((x) => x * 3), { nprobe: 4, k: 3, rerank: set.matrix });
    expect(hit.hits[0].index).toBe(42);
    expect(hit.hits[0].score).toBeCloseTo(1, 5);
    const without = index.search(row, { nprobe: 4, k: 3, rerank: set.matrix, exclude: 42 });
    expect(ids(without)).not.toContain(42);
  });

  it('rejects a matrix of another shape', () => {
    const other = syntheticClusters({ n: 10, dim: DIM, clusters: 2 }).matrix;
    expect(() => index.search(queries[0], { nprobe: 2, rerank: other })).toThrow(/5000 × 64/);
    expect(() => index.search(new Float32Array(3), { nprobe: 2, rerank: set.matrix })).toThrow(RangeError);
    expect(() => buildIvf(set.matrix, { nlist: 0 })).toThrow(RangeError);
  });

  it('builds the same index for the same seed', () => {
    const small = syntheticClusters({ n: 800, dim: 16, clusters: 6, seed: 3 }).matrix;
    const a = encodeIvf(buildIvf(small, { seed: 9 }));
    const b = encodeIvf(buildIvf(small, { seed: 9 }));
    expect(a).toEqual(b);
  });
});

describe('IVF serialisation', { timeout: 30_000 }, () => {
  it('round-trips through bytes', () => {
    const bytes = encodeIvf(index);
    expect(String.fromCharCode(...bytes.subarray(0, 8))).toBe('IMIVF\0\0\0');
    expect(bytes.length).toBe(32 + 4 * (141 * DIM + 142 + N));
    // from a copy at an odd offset (as a slice of a bigger buffer would be)
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const back = decodeIvf(shifted.subarray(3));
    expect(back.dim).toBe(DIM);
    expect(back.count).toBe(N);
    expect(back.nlist).toBe(index.nlist);
    expect(back.centroids).toEqual(index.centroids);
    expect(back.offsets).toEqual(index.offsets);
    expect(back.ids).toEqual(index.ids);
    const q = queries[3];
    expect(back.search(q, { nprobe: 5, rerank: set.matrix })).toEqual(index.search(q, { nprobe: 5, rerank: set.matrix }));
  });

  it('rejects bad input with a clear error', () => {
    const good = encodeIvf(index);
    const bad = (mutate: (b: Uint8Array, v: DataView) => Uint8Array | void) => {
      const b = good.slice();
      return mutate(b, new DataView(b.buffer)) ?? b;
    };
    expect(() => decodeIvf(new Uint8Array(10))).toThrow(/too short/);
    expect(() => decodeIvf(bad((b) => { b[0] = 0x58; }))).toThrow(/bad magic/);
    expect(() => decodeIvf(bad((_b, v) => v.setUint16(8, 2, true)))).toThrow(/version 2 is not supported/);
    expect(() => decodeIvf(bad((b) => b.subarray(0, b.length - 4)))).toThrow(/does not match header/);
    expect(() => decodeIvf(bad((_b, v) => v.setUint32(32 + 4 * 141 * DIM + 4 * 141, N - 1, true)))).toThrow(/offsets/);
    const idsAt = 32 + 4 * (141 * DIM + 142);
    expect(() => decodeIvf(bad((_b, v) => v.setUint32(idsAt, N, true)))).toThrow(/out of range/);
    expect(() => decodeIvf(bad((_b, v) => v.setUint32(idsAt, v.getUint32(idsAt + 4, true), true)))).toThrow(/appears twice/);
    expect(() => decodeIvf(bad((_b, v) => v.setFloat32(32, NaN, true)))).toThrow(/not finite/);
    try {
      decodeIvf(bad((b) => { b[1] = 0; }), 'gallery.ivf');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(IvfFormatError);
      expect((e as Error).message).toMatch(/^gallery\.ivf: /);
    }
  });
});
