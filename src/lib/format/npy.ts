/**
 * NumPy's .npy format (version 1–3), as batch tools such as clip-retrieval write embeddings:
 * a 2-D little-endian float32 ('<f4') or float16 ('<f2') matrix in C order. Read into float32.
 */
import { fromHalf, toHalf } from './float16.ts';

export class NpyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NpyError';
  }
}

export interface NpyMatrix {
  readonly rows: number;
  readonly dim: number;
  readonly dtype: 'f32' | 'f16';
  /** row-major, rows × dim */
  readonly data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function decodeNpy(bytes: Uint8Array, label = 'the .npy file'): NpyMatrix {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new NpyError(`${label} is not a NumPy .npy file`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (major < 1 || major > 3 || start + headerLen > bytes.length) throw new NpyError(`${label}: unsupported .npy version ${major}`);
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new NpyError(`${label}: unreadable .npy header`);
  const dtype = descr === '<f4' ? 'f32' : descr === '<f2' ? 'f16' : undefined;
  if (!dtype) throw new NpyError(`${label}: dtype ${descr} is not supported (float32 '<f4' or float16 '<f2' expected)`);
  if (fortran === 'True') throw new NpyError(`${label}: Fortran-ordered arrays are not supported (save a C-ordered array)`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (shape.length !== 2 || shape.some((n) => !Number.isInteger(n) || n < 0)) throw new NpyError(`${label}: a 2-D matrix (images × dimensions) is expected, not shape (${shapeText})`);
  const [rows, dim] = shape;
  const body = start + headerLen;
  const width = dtype === 'f32' ? 4 : 2;
  if (bytes.length - body < rows * dim * width) throw new NpyError(`${label} is truncated: ${rows}×${dim} values announced, ${Math.floor((bytes.length - body) / width)} present`);
  const data = new Float32Array(rows * dim);
  for (let i = 0; i < data.length; i++) data[i] = dtype === 'f32' ? view.getFloat32(body + i * 4, true) : fromHalf(view.getUint16(body + i * 2, true));
  return { rows, dim, dtype, data };
}

/** A 2-D float32 or float16 .npy (version 1.0), e.g. to hand this project's vectors to other tools. */
export function encodeNpy(data: Float32Array, rows: number, dim: number, dtype: 'f32' | 'f16' = 'f32'): Uint8Array {
  const width = dtype === 'f32' ? 4 : 2;
  let header = `{'descr': '${dtype === 'f32' ? '<f4' : '<f2'}', 'fortran_order': False, 'shape': (${rows}, ${dim}), }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + rows * dim * width);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const body = 10 + header.length;
  for (let i = 0; i < rows * dim; i++) {
    if (dtype === 'f32') view.setFloat32(body + i * 4, data[i], true);
    else view.setUint16(body + i * 2, toHalf(data[i]), true);
  }
  return out;
}
