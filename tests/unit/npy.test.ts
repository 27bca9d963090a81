import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, NpyError } from '../../src/lib/format/npy.ts';

/** A .npy header as NumPy writes it (version 1.0, padded to 64 bytes). */
function npy(descr: string, shape: string, body: Uint8Array): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, 10 + header.length);
  return out;
}

describe('.npy reader (--vectors)', () => {
  it('reads a float32 matrix as NumPy writes it', () => {
    const values = new Float32Array([0.5, -1, 2, 3.25, 0, 1e-3]);
    const m = decodeNpy(npy('<f4', '(2, 3)', new Uint8Array(values.buffer)));
    expect(m).toMatchObject({ rows: 2, dim: 3, dtype: 'f32' });
    expect([...m.data]).toEqual([...values]);
  });

  it('reads float16 (half the size), to float32', () => {
    // 1.0 = 0x3c00, -2.0 = 0xc000, 0.5 = 0x3800, 65504 = 0x7bff
    const halves = new Uint16Array([0x3c00, 0xc000, 0x3800, 0x7bff]);
    const m = decodeNpy(npy('<f2', '(2, 2)', new Uint8Array(halves.buffer)));
    expect(m.dtype).toBe('f16');
    expect([...m.data]).toEqual([1, -2, 0.5, 65504]);
  });

  it('round-trips what it writes, in both dtypes', () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i));
    expect([...decodeNpy(encodeNpy(data, 4, 6)).data]).toEqual([...data]);
    const half = decodeNpy(encodeNpy(data, 4, 6, 'f16'));
    expect(half).toMatchObject({ rows: 4, dim: 6, dtype: 'f16' });
    half.data.forEach((v, i) => expect(v).toBeCloseTo(data[i], 3));
  });

  it('refuses other dtypes, shapes, truncated files and non-.npy bytes with a clear message', () => {
    expect(() => decodeNpy(npy('<f8', '(1, 2)', new Uint8Array(16)))).toThrow(/float64|<f8.*not supported/);
    expect(() => decodeNpy(npy('<f4', '(2, 2, 2)', new Uint8Array(32)))).toThrow(/2-D matrix/);
    expect(() => decodeNpy(npy('<f4', '(4, 4)', new Uint8Array(20)))).toThrow(/truncated/);
    expect(() => decodeNpy(new TextEncoder().encode('file.jpg\n'))).toThrow(NpyError);
  });
});
