import { describe, expect, it } from 'vitest';
import { decodeVectors, encodeVectors, HEADER_BYTES, readHeader } from '../../src/lib/format/vectors.ts';
import { fromHalf, halfTable, toHalf } from '../../src/lib/format/float16.ts';

const rows = Float32Array.from({ length: 3 * 5 }, (_, i) => (i - 7) / 8);
const meta = { engine: 'classic', engineVersion: 4, dim: 5 };

describe('versioned vector file', () => {
  it('round-trips float32 exactly, with the header describing the payload', () => {
    const bytes = encodeVectors({ ...meta, dtype: 'f32' }, rows);
    expect(bytes.length).toBe(HEADER_BYTES + rows.length * 4);
    const { header, matrix } = decodeVectors(bytes);
    expect(header).toMatchObject({ version: 1, dtype: 'f32', engine: 'classic', engineVersion: 4, dim: 5, count: 3 });
    expect(matrix.kind).toBe('f32');
    expect(Array.from(matrix.data)).toEqual(Array.from(rows));
  });

  it('stores float16 at half the size within half-precision error', () => {
    const { matrix } = decodeVectors(encodeVectors({ ...meta, dtype: 'f16' }, rows));
    Array.from(matrix.data).forEach((v, i) => expect(v).toBeCloseTo(rows[i], 3));
  });

  it('reads float16 and float32 rows wherever the file sits in its buffer (an odd offset included)', () => {
    for (const dtype of ['f16', 'f32'] as const) {
      const file = encodeVectors({ ...meta, dtype }, rows);
      const shifted = new Uint8Array(file.length + 1);
      shifted.set(file, 1);
      const aligned = decodeVectors(file).matrix.data;
      expect(Array.from(decodeVectors(shifted.subarray(1)).matrix.data)).toEqual(Array.from(aligned));
    }
  });

  it('refuses a float16 file holding an infinity, naming its row', () => {
    const bytes = encodeVectors({ ...meta, dtype: 'f16' }, rows);
    new DataView(bytes.buffer).setUint16(HEADER_BYTES + (2 * 5 + 1) * 2, 0x7c00, true);
    expect(() => decodeVectors(bytes, 'classic.ivec')).toThrow(/row 2/);
  });

  it('keeps u8 vectors as bytes with their scale', () => {
    const px = Float32Array.from([0, 1 / 255, 0.5, 1, 128 / 255, 0.2]);
    const { matrix } = decodeVectors(encodeVectors({ engine: 'pixels', engineVersion: 1, dim: 3, dtype: 'u8' }, px));
    expect(matrix.kind).toBe('u8');
    if (matrix.kind !== 'u8') return;
    expect(Array.from(matrix.data)).toEqual([0, 1, 128, 255, 128, 51]);
    expect(matrix.scale).toBeCloseTo(1 / 255);
  });

  it('rejects a file that is not a vector file', () => {
    const bytes = encodeVectors({ ...meta, dtype: 'f32' }, rows);
    bytes[0] = 'X'.charCodeAt(0);
    expect(() => readHeader(bytes, 'classic.ivec')).toThrow('classic.ivec: not an image-vector file (bad magic)');
  });

  it('rejects a newer format version with the version in the message', () => {
    const bytes = encodeVectors({ ...meta, dtype: 'f32' }, rows);
    bytes[8] = 2;
    expect(() => readHeader(bytes)).toThrow(/format version 2 is not supported/);
  });

  it('rejects a truncated or padded payload', () => {
    const bytes = encodeVectors({ ...meta, dtype: 'f32' }, rows);
    expect(() => readHeader(bytes.slice(0, bytes.length - 4))).toThrow(/does not match header \(3 × 5 f32/);
    expect(() => readHeader(new Uint8Array(10))).toThrow(/too short/);
  });
});

describe('half precision', () => {
  it.each([1, -2, 0.5, 65504, 1e-3, -0.333])('round-trips %f within relative 1e-3', (x) => {
    expect(Math.abs(fromHalf(toHalf(x)) - x) / Math.abs(x)).toBeLessThan(1e-3);
  });
  it('keeps zero and tiny subnormals close', () => {
    expect(fromHalf(toHalf(0))).toBe(0);
    expect(fromHalf(toHalf(1e-5))).toBeCloseTo(1e-5, 7);
  });
  it('widens through a table that agrees with fromHalf for every 16-bit pattern', () => {
    const table = halfTable();
    const differ: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      const same = Object.is(table[h], Math.fround(fromHalf(h))) || (Number.isNaN(table[h]) && Number.isNaN(fromHalf(h)));
      if (!same) differ.push(h);
    }
    expect(differ).toEqual([]);
  });
  it('saturates to infinity beyond the half range', () => {
    expect(fromHalf(toHalf(1e6))).toBe(Infinity);
  });
});
