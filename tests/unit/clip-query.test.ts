import { describe, expect, it } from 'vitest';
import { looksVietnamese } from '../../src/lib/engines/clip/language.ts';
import { hybridQuery, normalize } from '../../src/lib/engines/clip/query.ts';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { queryVector } from '../../workers/search/query.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const v = (...xs: number[]) => Float32Array.from(xs);

describe('the hybrid query normalize(α·text + (1−α)·mean(images))', () => {
  const text = v(1, 0, 0), image = v(0, 1, 0);

  it('is the text at α = 1 and the image at α = 0', () => {
    expect(Array.from(hybridQuery({ text, images: [image], alpha: 1 }))).toEqual([1, 0, 0]);
    expect(Array.from(hybridQuery({ text, images: [image], alpha: 0 }))).toEqual([0, 1, 0]);
  });

  it('defaults to α = 0.6 and is unit length', () => {
    const q = hybridQuery({ text, images: [image] });
    expect(Math.hypot(...q)).toBeCloseTo(1, 6);
    expect(q[0] / q[1]).toBeCloseTo(0.6 / 0.4, 5);
  });

  it('normalises each part first, so a long vector does not outweigh α', () => {
    const q = hybridQuery({ text: v(100, 0, 0), images: [image], alpha: 0.5 });
    expect(q[0]).toBeCloseTo(q[1], 6);
  });

  it('averages several images', () => {
    const q = hybridQuery({ images: [v(1, 0, 0), v(0, 1, 0)] });
    expect(q[0]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('refuses an α outside 0..1 and an empty query', () => {
    expect(() => hybridQuery({ text, alpha: 1.5 })).toThrow(/between 0 and 1/);
    expect(() => hybridQuery({})).toThrow(/needs text, an image, or both/);
  });

  it('leaves a zero vector at zero instead of dividing by zero', () => {
    expect(Array.from(normalize(v(0, 0)))).toEqual([0, 0]);
  });
});

describe('query vectors in the search worker', () => {
  const matrix: VectorMatrix = { kind: 'f32', dim: 3, count: 2, data: v(0, 0, 1, 0, 1, 0) };

  it('uses a gallery item as the image of a CLIP query', () => {
    const q = queryVector({ text: v(1, 0, 0), images: [{ item: 0 }], alpha: 0.6 }, 'clip', matrix);
    expect(dot(q, v(1, 0, 0))).toBeGreaterThan(dot(q, v(0, 0, 1)));
  });

  it('refuses text with an engine that compares images only', () => {
    expect(() => queryVector({ text: v(1, 0, 0), images: [] }, 'classic', matrix)).toThrow(/text queries need the clip engine/);
  });

  it('refuses vectors of another model size and items that do not exist', () => {
    expect(() => queryVector({ images: [{ vector: v(1, 0) }] }, 'clip', matrix)).toThrow(/2 values; the clip engine uses 3/);
    expect(() => queryVector({ images: [{ item: 7 }] }, 'clip', matrix)).toThrow(/no gallery item 7/);
  });
});

describe('telling Vietnamese from English', () => {
  it.each(['xe màu đỏ', 'con chó trên bãi biển', 'hoa vàng', 'XANH DƯƠNG'])('"%s" is Vietnamese', (t) => expect(looksVietnamese(t)).toBe(true));
  it.each(['a dog on the beach', 'red car', 'naïve résumé', 'résumé', ''])('"%s" is not', (t) => expect(looksVietnamese(t)).toBe(false));
});
