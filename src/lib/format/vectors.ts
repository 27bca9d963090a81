import { MessageError } from '../messages/message-error.ts';
import { asText, message, type Sentence } from '../messages/sentence.ts';
import { halfTable, toHalf } from './float16.ts';

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
 *      (i8 dtype: then count f32 row scales; value = int8 * scale[row])
 */
export const MAGIC = 'IMVEC\0\0\0';
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = 64;

export type VectorDtype = 'f32' | 'f16' | 'u8' | 'i8';
const DTYPE_CODES: Record<VectorDtype, number> = { f32: 0, f16: 1, u8: 2, i8: 3 };
const DTYPE_BYTES: Record<VectorDtype, number> = { f32: 4, f16: 2, u8: 1, i8: 1 };

/** Payload size: the values, plus one f32 scale per row for i8. */
function payloadBytes(dtype: VectorDtype, dim: number, count: number): number {
  return dim * count * DTYPE_BYTES[dtype] + (dtype === 'i8' ? 4 * count : 0);
}

export interface VectorHeader {
  readonly version: number;
  readonly dtype: VectorDtype;
  readonly engine: string;
  readonly engineVersion: number;
  readonly dim: number;
  readonly count: number;
  readonly scale: number;
}

/**
 * Vectors ready to rank: float rows, bytes that mean `byte * scale`, or signed bytes with one
 * scale per row (`int8 * scales[row]`); byte kinds are kept small in memory.
 */
export type VectorMatrix =
  | { readonly kind: 'f32'; readonly dim: number; readonly count: number; readonly data: Float32Array }
  | { readonly kind: 'u8'; readonly dim: number; readonly count: number; readonly data: Uint8Array; readonly scale: number }
  | I8Matrix;

/** int8 rows with a per-row scale: value = data[i * dim + j] * scales[i]. */
export interface I8Matrix {
  readonly kind: 'i8';
  readonly dim: number;
  readonly count: number;
  readonly data: Int8Array;
  readonly scales: Float32Array;
}

/**
 * Quantizes float rows to int8 with one scale per row: scale = max|x| / 127 (0 for an all-zero
 * row), value = round-to-nearest(x / scale) (halves away from zero) clamped to [-127, 127].
 * The scale is rounded to float32 first, so `int8 * scale` is within scale/2 of x.
 */
export function quantizeI8(rows: Float32Array, dim: number): I8Matrix {
  if (dim <= 0 || rows.length % dim !== 0) throw new RangeError(`rows (${rows.length}) are not a multiple of dim ${dim}`);
  const count = rows.length / dim;
  const data = new Int8Array(rows.length);
  const scales = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const o = i * dim;
    let max = 0;
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(rows[o + j]));
    const scale = Math.fround(max / 127);
    scales[i] = scale;
    if (scale === 0) continue;
    for (let j = 0; j < dim; j++) {
      const v = rows[o + j] / scale;
      const r = v < 0 ? -Math.round(-v) : Math.round(v);
      data[o + j] = r > 127 ? 127 : r < -127 ? -127 : r;
    }
  }
  return { kind: 'i8', dim, count, data, scales };
}

/** The largest magnitude of a query quantized by quantizeQueryI7. */
export const QUERY_I7_MAX = 63;

/**
 * A query for int8 rows: its values rounded to integers in [-63, 63] with one scale
 * (max |value| / 63), so that it fits the 7-bit operand of WebAssembly's relaxed int8 dot
 * product. Every int8 scan (TypeScript and both WebAssembly kernels) uses this one query, so
 * they compute the same integer dot products.
 */
export function quantizeQueryI7(query: Float32Array): { readonly data: Int8Array; readonly scale: number } {
  let max = 0;
  for (let j = 0; j < query.length; j++) max = Math.max(max, Math.abs(query[j]));
  const scale = Math.fround(max / QUERY_I7_MAX);
  const data = new Int8Array(query.length);
  if (scale > 0) {
    for (let j = 0; j < query.length; j++) {
      const v = query[j] / scale;
      const r = v < 0 ? -Math.round(-v) : Math.round(v);
      data[j] = r > QUERY_I7_MAX ? QUERY_I7_MAX : r < -QUERY_I7_MAX ? -QUERY_I7_MAX : r;
    }
  }
  return { data, scale };
}

/** Row `i` of any matrix as a new float32 array of its values (scales applied). */
export function rowAsFloats(matrix: VectorMatrix, i: number): Float32Array {
  const { dim } = matrix;
  if (!Number.isInteger(i) || i < 0 || i >= matrix.count) throw new RangeError(`row ${i} is out of range (0..${matrix.count - 1})`);
  const start = i * dim;
  if (matrix.kind === 'f32') return matrix.data.slice(start, start + dim);
  const scale = matrix.kind === 'u8' ? matrix.scale : matrix.scales[i];
  const out = new Float32Array(dim);
  for (let j = 0; j < dim; j++) out[j] = matrix.data[start + j] * scale;
  return out;
}

/** A vector file that cannot be read; its message is data (a programmer-facing detail stays a plain sentence). */
export class VectorFormatError extends MessageError {
  constructor(what: Sentence) {
    super(asText(what));
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
  const out = new Uint8Array(HEADER_BYTES + payloadBytes(dtype, dim, count));
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
  else if (dtype === 'u8') for (let i = 0; i < rows.length; i++) out[body + i] = Math.max(0, Math.min(255, Math.round(rows[i] / scale)));
  else {
    const q = quantizeI8(rows, dim);
    out.set(new Uint8Array(q.data.buffer, q.data.byteOffset, q.data.byteLength), body);
    const scalesAt = body + rows.length;
    for (let i = 0; i < count; i++) view.setFloat32(scalesAt + i * 4, q.scales[i], true);
  }
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
  const expected = HEADER_BYTES + payloadBytes(dtype, header.dim, header.count);
  if (bytes.length !== expected) {
    const scales = dtype === 'i8' ? ` + ${header.count} f32 scales` : '';
    throw new VectorFormatError(`${label}: size ${bytes.length} bytes does not match header (${header.count} × ${header.dim} ${dtype}${scales} = ${expected} bytes)`);
  }
  if (header.dim === 0) throw new VectorFormatError(`${label}: dimension is 0`);
  if (dtype === 'u8' && !(header.scale > 0 && header.scale < Infinity)) throw new VectorFormatError(`${label}: its scale ${header.scale} must be finite and > 0`);
  return header;
}

/** Parses and validates a vector file; floats come back as f32 rows, bytes (u8, i8 + scales) stay bytes. */
export function decodeVectors(bytes: Uint8Array, label?: string): { header: VectorHeader; matrix: VectorMatrix } {
  const header = readHeader(bytes, label);
  const { dim, count } = header;
  const n = dim * count;
  const body = bytes.byteOffset + HEADER_BYTES;
  if (header.dtype === 'u8') {
    return { header, matrix: { kind: 'u8', dim, count, data: bytes.slice(HEADER_BYTES), scale: header.scale } };
  }
  if (header.dtype === 'i8') {
    const data = new Int8Array(bytes.buffer, body, n).slice();
    const scales = new Float32Array(count);
    const view = new DataView(bytes.buffer, body + n, count * 4);
    for (let i = 0; i < count; i++) {
      const s = view.getFloat32(i * 4, true);
      if (!(s >= 0 && s < Infinity)) throw new VectorFormatError(`${label ?? 'vector file'}: row ${i} has scale ${s} (must be finite and ≥ 0)`);
      scales[i] = s;
    }
    return { header, matrix: { kind: 'i8', dim, count, data, scales } };
  }
  const data = header.dtype === 'f32' ? readFloat32(bytes, body, n) : readHalves(bytes, body, n);
  const bad = firstNonFinite(data);
  if (bad >= 0) {
    throw new VectorFormatError(message('worker.nonFinite', { file: label ?? 'vector file', row: String(Math.floor(bad / dim)), value: String(data[bad]) }));
  }
  return { header, matrix: { kind: 'f32', dim, count, data } };
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `n` little-endian float32 values at byte `offset` of the buffer, as a new array (one copy). */
function readFloat32(bytes: Uint8Array, offset: number, n: number): Float32Array {
  if (littleEndian && offset % 4 === 0) return new Float32Array(bytes.buffer, offset, n).slice();
  const data = new Float32Array(n);
  const view = new DataView(bytes.buffer, offset, n * 4);
  for (let i = 0; i < n; i++) data[i] = view.getFloat32(i * 4, true);
  return data;
}

/** `n` little-endian half-precision values at byte `offset`, widened through a table (no per-value arithmetic). */
function readHalves(bytes: Uint8Array, offset: number, n: number): Float32Array {
  const table = halfTable();
  const data = new Float32Array(n);
  if (littleEndian && offset % 2 === 0) {
    const halves = new Uint16Array(bytes.buffer, offset, n);
    for (let i = 0; i < n; i++) data[i] = table[halves[i]];
  } else {
    const view = new DataView(bytes.buffer, offset, n * 2);
    for (let i = 0; i < n; i++) data[i] = table[view.getUint16(i * 2, true)];
  }
  return data;
}

/**
 * The index of the first NaN or ±Infinity, or -1. Non-finite values poison every score they touch
 * (a NaN row scores NaN, or 0 in the integer kernels), so they are refused wherever vectors enter.
 */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}
