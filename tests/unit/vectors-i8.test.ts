import { describe, expect, it } from 'vitest';
import { storageRecall as scriptsStorageRecall } from '../../scripts/lib/storage-check.ts';
import { storageRecall, storageRecallAt10 } from '../../src/lib/format/recall.ts';
import {
  decodeVectors, encodeVectors, HEADER_BYTES, quantizeI8, readHeader, rowAsFloats, VectorFormatError, type VectorMatrix,
} from '../../src/lib/format/vectors.ts';
import { mulberry32 } from '../../src/lib/random.ts';

const meta = { engine: 'clip', engineVersion: 1 };

function randomRows(count: number, dim: number, seed = 1, spread = 1): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: count * dim }, () => (r() * 2 - 1) * spread);
}

/** Rows around a few centres, like embeddings of similar images. */
function clusteredRows(count: number, dim: number, seed = 3): Float32Array {
  const r = mulberry32(seed);
  const centres = randomRows(8, dim, seed + 1);
  const out = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const c = Math.floor(r() * 8);
    for (let j = 0; j < dim; j++) out[i * dim + j] = centres[c * dim + j] + (r() * 2 - 1) * 0.3;
  }
  return out;
}

describe('int8 vectors with a per-row scale', () => {
  it.each([1, 7, 16, 33, 512, 515])('round-trips dim %i within scale/2 per value', (dim) => {
    const count = 9;
    const rows = randomRows(count, dim, dim, 3);
    rows.fill(0, 2 * dim, 3 * dim); // an all-zero row
    const bytes = encodeVectors({ ...meta, dim, dtype: 'i8' }, rows);
    expect(bytes.length).toBe(HEADER_BYTES + count * dim + 4 * count);
    expect(bytes[12]).toBe(3);
    const { header, matrix } = decodeVectors(bytes, 'clip.ivec');
    expect(header).toMatchObject({ dtype: 'i8', dim, count, scale: 1 });
    expect(matrix.kind).toBe('i8');
    if (matrix.kind !== 'i8') return;
    expect(matrix.data).toBeInstanceOf(Int8Array);
    expect(matrix.scales).toHaveLength(count);
    for (let i = 0; i < count; i++) {
      let max = 0;
      for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(rows[i * dim + j]));
      const scale = matrix.scales[i];
      expect(scale).toBe(Math.fround(max / 127));
      let top = 0;
      for (let j = 0; j < dim; j++) {
        const b = matrix.data[i * dim + j];
        expect(Math.abs(b)).toBeLessThanOrEqual(127);
        top = Math.max(top, Math.abs(b));
        expect(Math.abs(b * scale - rows[i * dim + j])).toBeLessThanOrEqual(scale / 2 + 1e-7 * max);
      }
      if (max > 0) expect(top).toBe(127); // the largest value uses the full range
    }
    expect(matrix.scales[2]).toBe(0);
    expect(Array.from(matrix.data.subarray(2 * dim, 3 * dim)).every((b) => b === 0)).toBe(true);
  });

  it('rounds to nearest, halves away from zero, symmetrically', () => {
    const q = quantizeI8(Float32Array.of(127, 0.5, -0.5, 1.49, -1.51, -127), 6);
    expect(q.scales[0]).toBe(1);
    expect(Array.from(q.data)).toEqual([127, 1, -1, 1, -2, -127]);
  });

  it('rejects bad payload lengths and bad scales', () => {
    const dim = 5, count = 3;
    const bytes = encodeVectors({ ...meta, dim, dtype: 'i8' }, randomRows(count, dim));
    expect(() => readHeader(bytes.slice(0, -1), 'clip.ivec')).toThrow(/clip\.ivec: size .* does not match header \(3 × 5 i8 \+ 3 f32 scales = 91 bytes\)/);
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    expect(() => decodeVectors(padded)).toThrow(VectorFormatError);
    expect(() => decodeVectors(bytes.slice(0, HEADER_BYTES + dim * count))).toThrow(/does not match header/); // scales missing
    const negative = bytes.slice();
    new DataView(negative.buffer).setFloat32(HEADER_BYTES + dim * count + 4, -1, true);
    expect(() => decodeVectors(negative, 'clip.ivec')).toThrow(/row 1 has scale -1/);
    const nan = bytes.slice();
    new DataView(nan.buffer).setFloat32(HEADER_BYTES + dim * count, NaN, true);
    expect(() => decodeVectors(nan)).toThrow(/row 0 has scale NaN/);
  });

  it('keeps the other dtypes as they were', () => {
    const rows = randomRows(2, 3);
    expect(decodeVectors(encodeVectors({ ...meta, dim: 3, dtype: 'f16' }, rows)).matrix.kind).toBe('f32');
    expect(encodeVectors({ ...meta, dim: 3, dtype: 'f32' }, rows).length).toBe(HEADER_BYTES + 24);
    expect(encodeVectors({ ...meta, dim: 3, dtype: 'u8' }, rows).length).toBe(HEADER_BYTES + 6);
  });

  it('rowAsFloats gives a row of every kind as values', () => {
    const f: VectorMatrix = { kind: 'f32', dim: 2, count: 2, data: Float32Array.of(1, 2, 3, 4) };
    const u: VectorMatrix = { kind: 'u8', dim: 2, count: 2, data: Uint8Array.of(1, 2, 3, 4), scale: 0.5 };
    const i: VectorMatrix = { kind: 'i8', dim: 2, count: 2, data: Int8Array.of(1, -2, 3, -4), scales: Float32Array.of(2, 0.25) };
    expect(Array.from(rowAsFloats(f, 1))).toEqual([3, 4]);
    expect(Array.from(rowAsFloats(u, 1))).toEqual([1.5, 2]);
    expect(Array.from(rowAsFloats(i, 0))).toEqual([2, -4]);
    expect(Array.from(rowAsFloats(i, 1))).toEqual([0.75, -1]);
    const row = rowAsFloats(f, 0);
    row[0] = 9;
    expect(f.data[0]).toBe(1); // a copy
    expect(() => rowAsFloats(f, 2)).toThrow(RangeError);
  });
});

describe('storage recall@10', () => {
  const dim = 64, count = 600;
  const rows = clusteredRows(count, dim);

  it('is near 1 for f16 and i8 on clustered vectors, and deterministic', () => {
    const f16 = storageRecallAt10(rows, dim, 'f16');
    const i8 = storageRecallAt10(rows, dim, 'i8');
    expect(f16).toBeGreaterThan(0.98);
    expect(i8).toBeGreaterThan(0.9);
    expect(storageRecallAt10(rows, dim, 'i8')).toBe(i8);
  });

  it('leaves each query out of its own results', () => {
    // 11 rows: without itself a query has exactly 10 neighbours, the same in any storage
    expect(storageRecallAt10(randomRows(11, 16, 5), 16, 'i8')).toBe(1);
    expect(storageRecall(rows, dim, 'f32')).toBe(1);
  });

  it('is what scripts/lib/storage-check delegates to', () => {
    expect(scriptsStorageRecall(rows, dim, 'i8', 10, 50)).toBe(storageRecallAt10(rows, dim, 'i8', 50));
  });
});
