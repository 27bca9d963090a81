import { describe, expect, it } from 'vitest';
import { getMeasure, MEASURES } from '../../src/lib/ranking/measures.ts';

const a = Float32Array.of(1, 2, 3, 4);
const b = Float32Array.of(2, 2, 1, 8);

describe('the four measures', () => {
  it('L1 sums absolute differences', () => {
    expect(getMeasure('l1').score(a, b, 0)).toBeCloseTo(1 + 0 + 2 + 4);
  });

  it('L2 is the Euclidean length of the difference', () => {
    expect(getMeasure('l2').score(a, b, 0)).toBeCloseTo(Math.sqrt(1 + 0 + 4 + 16));
  });

  it('cosine ignores length and is 1 for parallel vectors', () => {
    expect(getMeasure('cosine').score(a, Float32Array.of(2, 4, 6, 8), 0)).toBeCloseTo(1);
    expect(getMeasure('cosine').score(a, b, 0)).toBeCloseTo((2 + 4 + 3 + 32) / (Math.sqrt(30) * Math.sqrt(73)));
  });

  it('correlation ignores an added constant, unlike cosine', () => {
    const shifted = a.map((x) => x + 10);
    expect(getMeasure('correlation').score(a, shifted, 0)).toBeCloseTo(1);
    expect(getMeasure('cosine').score(a, shifted, 0)).toBeLessThan(0.99);
  });

  it('reads the row at the given offset of a matrix', () => {
    const matrix = new Float32Array([...a, ...b]);
    for (const id of MEASURES) expect(getMeasure(id).score(a, matrix, 4)).toBeCloseTo(getMeasure(id).score(a, b, 0));
  });

  it('a zero vector has similarity 0, not NaN', () => {
    const zero = new Float32Array(4);
    expect(getMeasure('cosine').score(a, zero, 0)).toBe(0);
    expect(getMeasure('correlation').score(a, Float32Array.of(5, 5, 5, 5), 0)).toBe(0);
  });

  it('names its kind so ranking knows which way is better', () => {
    expect(MEASURES.map((m) => getMeasure(m).kind)).toEqual(['distance', 'distance', 'similarity', 'similarity']);
  });
});
