import { fromHalf, toHalf } from './float16.ts';

/**
 * The versioned binary vector file (docs/FORMAT.md). Little-endian.
 *   0  magic "IMVEC\0\0\0"     8 bytes
 *   8  version u16 (=1)        10 header length u16 (=64)
 *  12  dtype u8                13 reserved (3 bytes, 0)
 *  16  engine id, ASCII, NUL-padded, 16 bytes
 *  32  engine version u32      36 dim u32        40 count u32
 *  44  scale f32 (u8 dtype: value = byte * scale; else 1)
 *  48  reserved, 16 bytes of 0
 *  64  payload: count * dim values of dtype, row-major
 */
export const MAGIC = 'IMVEC\0\0\0';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 64;

export type VectorDtype = 'f32' | 'f16' | 'u8';
const DTYPE_CODES: Record<VectorDtype, number> = { f32: 0, f16: 1, u8: 2 };
const DTYPE_BYTES: Record<VectorDtype, number> = { f32: 4, f16: 2, u8: 1 };

export interface VectorHeader {
  readonly version: number;
  readonly dtype: VectorDtype;
  readonly engine: string;
  readonly engineVersion: number;
  readonly dim: number;
  readonly count: number;
  readonly scale: number;
}

/** Vectors ready to rank: float rows, or bytes that mean `byte * scale` (kept small in memory). */
export type VectorMatrix =
  | { readonly kind: 'f32'; readonly dim: number; readonly count: number; readonly data: Float32Array }
  | { readonly kind: 'u8'; readonly dim: number; readonly count: number; readonly data: Uint8Array; readonly scale: number };

export class VectorFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VectorFormatError';
  }
}

export function encodeVectors(
  meta: { engine: string; engineVersion: number; dim: number; dtype: VectorDtype; scale?: number },
  rows: Float32Array,
): Uint8Array {
  const { dim, dtype } = meta;
  if (dim <= 0 || rows.length % dim !== 0) throw new RangeError(`rows (${rows.length}) are not a multiple of dim ${dim}`);
  if (meta.engine.length > 16 || !/^[\x20-\x7e]*$/.test(meta.engine)) throw new RangeError(`engine id must be ≤16 ASCII chars`);
  const count = rows.length / dim;
  const scale = dtype === 'u8' ? meta.scale ?? 1 / 255 : 1;
  const out = new Uint8Array(HEADER_BYTES + rows.length * DTYPE_BYTES[dtype]);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint16(8, FORMAT_VERSION, true);
  view.setUint16(10, HEADER_BYTES, true);
  out[12] = DTYPE_CODES[dtype];
  for (let i = 0; i < meta.engine.length; i++) out[16 + i] = meta.engine.charCodeAt(i);
  view.setUint32(32, meta.engineVersion, true);
  view.setUint32(36, dim, true);
  view.setUint32(40, count, true);
  view.setFloat32(44, scale, true);
  const body = HEADER_BYTES;
  if (dtype === 'f32') for (let i = 0; i < rows.length; i++) view.setFloat32(body + i * 4, rows[i], true);
  else if (dtype === 'f16') for (let i = 0; i < rows.length; i++) view.setUint16(body + i * 2, toHalf(rows[i]), true);
  else for (let i = 0; i < rows.length; i++) out[body + i] = Math.max(0, Math.min(255, Math.round(rows[i] / scale)));
  return out;
}

export function readHeader(bytes: Uint8Array, label = 'vector file'): VectorHeader {
  if (bytes.length < HEADER_BYTES) throw new VectorFormatError(`${label}: ${bytes.length} bytes is too short for a header (${HEADER_BYTES})`);
  for (let i = 0; i < 8; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) throw new VectorFormatError(`${label}: not an image-vector file (bad magic)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(8, true);
  if (version !== FORMAT_VERSION) throw new VectorFormatError(`${label}: format version ${version} is not supported (this app reads version ${FORMAT_VERSION})`);
  const headerBytes = view.getUint16(10, true);
  if (headerBytes !== HEADER_BYTES) throw new VectorFormatError(`${label}: header length ${headerBytes} is wrong (expected ${HEADER_BYTES})`);
  const code = bytes[12];
  const dtype = (Object.keys(DTYPE_CODES) as VectorDtype[]).find((k) => DTYPE_CODES[k] === code);
  if (!dtype) throw new VectorFormatError(`${label}: unknown dtype code ${code}`);
  let engine = '';
  for (let i = 16; i < 32 && bytes[i] !== 0; i++) engine += String.fromCharCode(bytes[i]);
  const header: VectorHeader = {
    version, dtype, engine,
    engineVersion: view.getUint32(32, true),
    dim: view.getUint32(36, true),
    count: view.getUint32(40, true),
    scale: view.getFloat32(44, true),
  };
  const expected = HEADER_BYTES + header.dim * header.count * DTYPE_BYTES[dtype];
  if (bytes.length !== expected) {
    throw new VectorFormatError(`${label}: size ${bytes.length} bytes does not match header (${header.count} × ${header.dim} ${dtype} = ${expected} bytes)`);
  }
  if (header.dim === 0) throw new VectorFormatError(`${label}: dimension is 0`);
  return header;
}

/** Parses and validates a vector file; floats come back as f32 rows, bytes stay bytes. */
export function decodeVectors(bytes: Uint8Array, label?: string): { header: VectorHeader; matrix: VectorMatrix } {
  const header = readHeader(bytes, label);
  const { dim, count } = header;
  const n = dim * count;
  const body = bytes.byteOffset + HEADER_BYTES;
  if (header.dtype === 'u8') {
    return { header, matrix: { kind: 'u8', dim, count, data: bytes.slice(HEADER_BYTES), scale: header.scale } };
  }
  const data = new Float32Array(n);
  const view = new DataView(bytes.buffer, body, bytes.byteLength - HEADER_BYTES);
  if (header.dtype === 'f32') for (let i = 0; i < n; i++) data[i] = view.getFloat32(i * 4, true);
  else for (let i = 0; i < n; i++) data[i] = fromHalf(view.getUint16(i * 2, true));
  return { header, matrix: { kind: 'f32', dim, count, data } };
}
