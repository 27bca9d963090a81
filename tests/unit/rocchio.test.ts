import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/lib/engines/clip/query.ts';
import { ROCCHIO, rocchio } from '../../src/lib/feedback/rocchio.ts';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { queryVector } from '../../workers/search/query.ts';

const v = (...xs: number[]) => Float32Array.from(xs);
const close = (a: Float32Array, b: number[]) => Array.from(a).forEach((x, i) => expect(x).toBeCloseTo(b[i], 6));

describe('Rocchio: q′ = α·q + β·mean(good) − γ·mean(bad)', () => {
  it('uses α = 1, β = 0.75, γ = 0.15 by default', () => {
    expect(ROCCHIO).toEqual({ alpha: 1, beta: 0.75, gamma: 0.15 });
    close(rocchio({ query: v(1, 0, 0), positive: [v(0, 1, 0)], negative: [v(0, 0, 1)] }), [1, 0.75, -0.15]);
  });

  it('averages the good and the bad vectors', () => {
    close(rocchio({ query: v(0, 0), positive: [v(1, 0), v(0, 1)], negative: [v(2, 0), v(0, 2)] }), [0.75 * 0.5 - 0.15, 0.75 * 0.5 - 0.15]);
  });

  it('is the query itself without feedback, and leaves an empty side out', () => {
    close(rocchio({ query: v(0.3, 0.4) }), [0.3, 0.4]);
    close(rocchio({ query: v(1, 0), negative: [v(1, 1)] }), [0.85, -0.15]);
    close(rocchio({ query: v(1, 0), positive: [v(0, 1)] }), [1, 0.75]);
  });

  it('normalised (cosine engines): unit length, feedback vectors made unit length first', () => {
    const q = rocchio({ query: normalize(v(1, 0)), positive: [v(0, 10)], normalize: true });
    expect(Math.hypot(...q)).toBeCloseTo(1, 6);
    expect(q[1] / q[0]).toBeCloseTo(0.75, 6); // the long good vector counts like a unit one
  });

  it('takes other weights', () => {
    close(rocchio({ query: v(1), positive: [v(1)], negative: [v(1)], weights: { alpha: 0.5, beta: 1, gamma: 1 } }), [0.5]);
  });

  it('refuses vectors of another length', () => {
    expect(() => rocchio({ query: v(1, 0), positive: [v(1, 0, 0)] })).toThrow(RangeError);
  });

  it('a result marked bad falls below one it barely beat; one marked good rises', () => {
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
    const query = normalize(v(1, 0, 0));
    const bad = normalize(v(1, 0.3, 0));
    const other = normalize(v(1, 0, 0.32));
    expect(dot(query, bad)).toBeGreaterThan(dot(query, other));
    const away = rocchio({ query, negative: [bad], normalize: true });
    expect(dot(away, bad)).toBeLessThan(dot(away, other));
    const towards = rocchio({ query, positive: [normalize(v(1, 0, 0.4))], normalize: true });
    expect(dot(towards, other)).toBeGreaterThan(dot(towards, bad));
  });
});

describe('queryVector with positive / negative items (search worker)', () => {
  const matrix: VectorMatrix = { kind: 'f32', dim: 2, count: 3, data: v(1, 0, 0, 1, 0.6, 0.8) };

  it('weight-free engines: Rocchio on the image mean, not normalised', () => {
    const q = queryVector({ images: [{ item: 0 }], positive: [{ item: 1 }], negative: [{ vector: v(2, 2) }] }, 'classic', matrix);
    close(q, [1 - 0.3, 0.75 - 0.3]);
  });

  it('CLIP: the hybrid query, then Rocchio, then unit length', () => {
    const q = queryVector({ images: [{ item: 0 }], positive: [{ item: 1 }] }, 'clip', matrix);
    expect(Math.hypot(...q)).toBeCloseTo(1, 6);
    expect(q[1] / q[0]).toBeCloseTo(0.75, 6);
  });

  it('without feedback lists the query is as before', () => {
    close(queryVector({ images: [{ item: 2 }] }, 'classic', matrix), [0.6, 0.8]);
    close(queryVector({ images: [{ item: 2 }], positive: [], negative: [] }, 'classic', matrix), [0.6, 0.8]);
  });

  it('rejects bad feedback entries with bad-request', () => {
    expect(() => queryVector({ images: [{ item: 0 }], negative: [{ item: 9 }] }, 'classic', matrix)).toThrow(/no gallery item 9/);
    expect(() => queryVector({ images: [{ item: 0 }], positive: [{ vector: v(1, 2, 3) }] }, 'classic', matrix)).toThrow(/3 values/);
    expect(() => queryVector({ images: [{ item: 0 }], positive: 'x' as never }, 'classic', matrix)).toThrow(/must be an array/);
  });
});
