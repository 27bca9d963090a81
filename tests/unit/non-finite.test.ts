/**
 * Non-finite numbers are refused where vectors enter (the vector file reader, which the gallery
 * load and collection import use), and the map and spectral code hold up on degenerate input:
 * a NaN row is named instead of giving a cluster without a medoid (-1), identical rows and fewer
 * rows than clusters still cluster every row.
 */
import { describe, expect, it } from 'vitest';
import { buildSpectral } from '../../src/lib/ann/spectral.ts';
import { decodeVectors, encodeVectors, firstNonFinite, HEADER_BYTES, VectorFormatError } from '../../src/lib/format/vectors.ts';
import { buildLayout } from '../../src/lib/map/layout.ts';

const meta = { engine: 'classic', engineVersion: 1, dim: 4 } as const;
const matrix = (n: number, dim: number, f: (i: number, t: number) => number) =>
  ({ kind: 'f32' as const, dim, count: n, data: Float32Array.from({ length: n * dim }, (_, x) => f(Math.floor(x / dim), x % dim)) });

describe('the vector file reader refuses non-finite numbers', () => {
  it.each([
    ['NaN in f32', 'f32', Number.NaN, /row 1 has the value NaN \(vectors must be finite numbers\)/],
    ['Infinity in f32', 'f32', Number.POSITIVE_INFINITY, /row 1 has the value Infinity/],
    ['-Infinity in f16', 'f16', Number.NEGATIVE_INFINITY, /row 1 has the value -Infinity/],
    ['NaN in f16', 'f16', Number.NaN, /row 1 has the value NaN/],
  ] as const)('%s', (_, dtype, value, message) => {
    const rows = new Float32Array(12).fill(0.5);
    rows[6] = value;
    const file = encodeVectors({ ...meta, dtype }, rows);
    expect(() => decodeVectors(file, 'gallery vectors classic.bin')).toThrow(VectorFormatError);
    expect(() => decodeVectors(file, 'gallery vectors classic.bin')).toThrow(message);
  });

  it('refuses a byte file whose scale is not a finite positive number', () => {
    const file = encodeVectors({ ...meta, dtype: 'u8' }, new Float32Array(8));
    new DataView(file.buffer, file.byteOffset).setFloat32(44, Number.NaN, true);
    expect(() => decodeVectors(file, 'pixels.bin')).toThrow(/pixels\.bin: its scale NaN must be finite and > 0/);
  });

  it('still reads finite files, extremes included', () => {
    const rows = Float32Array.from([3.4e38, -3.4e38, 1e-45, -0, 0, 1, 2, 3]);
    const { matrix: m } = decodeVectors(encodeVectors({ ...meta, dtype: 'f32' }, rows));
    expect(m.kind === 'f32' && Array.from(m.data)).toEqual(Array.from(rows));
    expect(HEADER_BYTES).toBe(64);
  });

  it('firstNonFinite finds the first bad value or says -1', () => {
    expect(firstNonFinite([1, 2, 3])).toBe(-1);
    expect(firstNonFinite([1, Number.NaN, Number.POSITIVE_INFINITY])).toBe(1);
  });
});

describe('the map with degenerate input', () => {
  it('names a NaN row instead of drawing a cluster whose medoid is -1', () => {
    const m = matrix(60, 8, (i, t) => (i === 3 ? Number.NaN : Math.sin(i * 7 + t)));
    expect(() => buildLayout(m)).toThrow('map vectors: row 3 has the value NaN (vectors must be finite numbers)');
  });

  it('gives every cluster a member as its medoid, whatever medoids it was given', () => {
    const m = matrix(6, 3, (i, t) => i + t);
    const layout = buildLayout(m, { given: { assignments: [0, 0, 1, 1, 2, 2], medoids: [-1, 0, 99] } });
    expect(layout.clusters.map((c) => c.medoid).sort()).toEqual([0, 2, 4]);
  });

  it('draws identical rows as one cluster', () => {
    const layout = buildLayout(matrix(40, 8, (_, t) => t + 1));
    expect(layout.clusters.length).toBeGreaterThan(0);
    for (const c of layout.clusters) expect(c.medoid).toBeGreaterThanOrEqual(0);
    expect(layout.clusters.reduce((n, c) => n + c.size, 0)).toBe(40);
  });
});

describe('spectral clustering with degenerate input', () => {
  it('names a NaN row instead of failing in the eigensolver', () => {
    const m = matrix(60, 8, (i, t) => (i === 3 ? Number.NaN : Math.sin(i * 7 + t)));
    expect(() => buildSpectral(m)).toThrow('matrix: row 3 has the value NaN (vectors must be finite numbers)');
  });

  it('clusters all-identical rows (every row assigned, medoids are members)', () => {
    const index = buildSpectral(matrix(60, 8, (_, t) => t + 1));
    expect(index.assignments.length).toBe(60);
    for (const m of index.medoids) expect(m).toBeLessThan(60);
  });

  it('takes one cluster a row when asked for more clusters than rows', () => {
    const index = buildSpectral(matrix(3, 4, (i, t) => Math.cos(i * 3 + t)), { clusters: 12 });
    expect(index.medoids.length).toBe(3);
    expect(() => buildSpectral(matrix(0, 4, () => 0))).toThrow('there are no vectors to cluster');
  });
});
