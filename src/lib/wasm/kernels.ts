import { quantizeI8, type VectorMatrix } from '../format/vectors.ts';
import type { MeasureId } from '../measures.ts';
import { rowStats } from '../scan.ts';
import { KERNELS_WASM_BASE64 } from './kernels.generated.ts';

/**
 * The WebAssembly SIMD scan kernels (kernels.wat, built into kernels.generated.ts by
 * `npm run build:wasm`). Compiled synchronously (the module is under 3 KB, so this is allowed
 * on a page's main thread too, and is instant in a worker or Node) after a feature check.
 */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  dot_f32(q: number, rows: number, dim: number, count: number, out: number): void;
  l1_f32(q: number, rows: number, dim: number, count: number, out: number): void;
  l2sq_f32(q: number, rows: number, dim: number, count: number, out: number): void;
  /** q16: the int8-quantized query widened to i16; out[i] = f32(int dot) * qscale * scales[i] */
  dot_i8(q16: number, rows: number, scales: number, qscale: number, dim: number, count: number, out: number): void;
  /** float query against int8 rows widened to f32 (slower than dot_i8; kept for comparison) */
  dot_i8f(q: number, rows: number, scales: number, dim: number, count: number, out: number): void;
  l1_i8(q: number, rows: number, scales: number, dim: number, count: number, out: number): void;
  /** wrapping i32 sum of [ptr, ptr+len) read as i32x4 lanes (whole 64-byte blocks) plus the tail bytes */
  sum_bytes(ptr: number, len: number): number;
}

/** The smallest module using a SIMD instruction (i8x16.splat, i8x16.popcnt): validates only where SIMD is supported. */
const SIMD_PROBE = Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11);

export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

export function kernelBytes(): Uint8Array<ArrayBuffer> {
  const text = atob(KERNELS_WASM_BASE64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or undefined where WebAssembly SIMD is unavailable. */
export function kernelModule(): WebAssembly.Module | undefined {
  if (compiled === undefined) {
    compiled = null;
    if (wasmSimdSupported()) {
      try {
        compiled = new WebAssembly.Module(kernelBytes());
      } catch {
        compiled = null;
      }
    }
  }
  return compiled ?? undefined;
}

/** A fresh instance (with its own memory), or undefined where WebAssembly SIMD is unavailable. */
export function instantiateKernels(): KernelExports | undefined {
  const mod = kernelModule();
  return mod ? (new WebAssembly.Instance(mod, {}).exports as unknown as KernelExports) : undefined;
}

const PAGE = 65536;
const align16 = (n: number) => (n + 15) & ~15;

/** A matrix kind the kernels scan. */
export type WasmMatrixKind = 'f32' | 'i8';

/**
 * Owns one kernel instance and its memory: `load` copies a matrix's rows (and i8 scales) into
 * wasm memory once; `scores` then scans them for one query. Scores match `scoreAll` (scan.ts):
 * cosine and correlation come from one dot product per row plus cached row sums (rowStats),
 * l1 from the l1 kernel, and l2 from the squared-L2 kernel for f32 rows (no cancellation for
 * near-identical vectors) or from dot + row sums for i8 rows. For i8 rows the dot-based
 * measures (cosine, correlation, l2) compare the int8-quantized query (per-query scale, the same
 * rule as the rows) with the rows, exactly like scoreAll; l1 uses the float query.
 */
export class WasmScanner {
  private matrix: (VectorMatrix & { kind: WasmMatrixKind }) | undefined;
  private stats: { readonly sum: Float64Array; readonly sumSq: Float64Array } | undefined;
  private rowsPtr = 0;
  private scalesPtr = 0;
  private queryPtr = 0;
  private outPtr = 0;

  private constructor(readonly kernels: KernelExports) {}

  /** A scanner with its own memory, or undefined where WebAssembly SIMD is unavailable. */
  static create(): WasmScanner | undefined {
    const k = instantiateKernels();
    return k ? new WasmScanner(k) : undefined;
  }

  static supports(matrix: VectorMatrix): matrix is VectorMatrix & { kind: WasmMatrixKind } {
    return matrix.kind === 'f32' || matrix.kind === 'i8';
  }

  get dim(): number { return this.matrix?.dim ?? 0; }
  get count(): number { return this.matrix?.count ?? 0; }
  /** bytes of row values in wasm memory: what one scan reads (plus 4 bytes a row of i8 scales) */
  get rowBytes(): number { return this.matrix ? this.matrix.data.byteLength : 0; }

  /**
   * Copies the matrix into wasm memory (growing it as needed; a RangeError when it cannot grow).
   * Row sums are computed here, once. Throws a RangeError for a kind the kernels do not scan (u8).
   */
  load(matrix: VectorMatrix): void {
    if (!WasmScanner.supports(matrix)) throw new RangeError(`the wasm scanner scans f32 and i8 matrices, not ${matrix.kind}`);
    const { dim, count, data } = matrix;
    if (data.length !== dim * count) throw new RangeError(`matrix holds ${data.length} values, expected ${count} × ${dim}`);
    this.rowsPtr = 0;
    this.scalesPtr = align16(data.byteLength);
    this.queryPtr = align16(this.scalesPtr + (matrix.kind === 'i8' ? count * 4 : 0));
    this.outPtr = align16(this.queryPtr + dim * 4 + 16);
    const need = this.outPtr + count * 4 + 16;
    const mem = this.kernels.memory;
    if (need > mem.buffer.byteLength) mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
    new Uint8Array(mem.buffer, this.rowsPtr, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (matrix.kind === 'i8') new Float32Array(mem.buffer, this.scalesPtr, count).set(matrix.scales);
    this.stats = rowStats(matrix);
    this.matrix = matrix;
  }

  /** One score per row, like `scoreAll(query, matrix, measure)`. */
  scores(query: Float32Array, measure: MeasureId): Float64Array {
    const m = this.matrix;
    if (!m || !this.stats) throw new Error('no matrix loaded');
    const { dim, count } = m;
    if (query.length !== dim) throw new RangeError(`query has ${query.length} dims, index has ${dim}`);
    const k = this.kernels;
    const buf = k.memory.buffer;
    const out = new Float64Array(count);
    const raw = new Float32Array(buf, this.outPtr, count);
    if (measure === 'l1') {
      new Float32Array(buf, this.queryPtr, dim).set(query);
      if (m.kind === 'i8') k.l1_i8(this.queryPtr, this.rowsPtr, this.scalesPtr, dim, count, this.outPtr);
      else k.l1_f32(this.queryPtr, this.rowsPtr, dim, count, this.outPtr);
      for (let i = 0; i < count; i++) out[i] = raw[i];
      return out;
    }
    if (m.kind === 'f32') {
      new Float32Array(buf, this.queryPtr, dim).set(query);
      if (measure === 'l2') {
        k.l2sq_f32(this.queryPtr, this.rowsPtr, dim, count, this.outPtr);
        for (let i = 0; i < count; i++) out[i] = Math.sqrt(raw[i]);
        return out;
      }
      k.dot_f32(this.queryPtr, this.rowsPtr, dim, count, this.outPtr);
      let qq = 0, qs = 0;
      for (let j = 0; j < dim; j++) { qs += query[j]; qq += query[j] * query[j]; }
      return fromDots(raw, this.stats, measure, qq, qs, dim, out);
    }
    // i8 rows, a dot-based measure: quantize the query like a row, integer dot products
    const qi = quantizeI8(query, dim);
    const qscale = qi.scales[0];
    new Int16Array(buf, this.queryPtr, dim).set(qi.data);
    k.dot_i8(this.queryPtr, this.rowsPtr, this.scalesPtr, qscale, dim, count, this.outPtr);
    const { qq, qs } = quantizedQueryStats(qi.data, qscale);
    return fromDots(raw, this.stats, measure, qq, qs, dim, out);
  }

  /** Runs the bandwidth reference kernel over the loaded rows (the bytes a scan reads); returns its checksum. */
  sumBytes(): number {
    return this.kernels.sum_bytes(this.rowsPtr, this.rowBytes);
  }
}

/** Sum and sum of squares of a quantized query's values (int8 * qscale), in float64. */
export function quantizedQueryStats(q: Int8Array, qscale: number): { qq: number; qs: number } {
  let s = 0, ss = 0;
  for (let j = 0; j < q.length; j++) { s += q[j]; ss += q[j] * q[j]; }
  return { qq: ss * qscale * qscale, qs: s * qscale };
}

/** scan.ts's formulas: scores from one dot product per row and the rows' sums. */
function fromDots(
  dots: Float32Array,
  stats: { readonly sum: Float64Array; readonly sumSq: Float64Array },
  measure: MeasureId,
  qq: number,
  qs: number,
  dim: number,
  out: Float64Array,
): Float64Array {
  const { sum, sumSq } = stats;
  const n = out.length;
  if (measure === 'l2') {
    for (let i = 0; i < n; i++) out[i] = Math.sqrt(Math.max(0, qq + sumSq[i] - 2 * dots[i]));
  } else if (measure === 'cosine') {
    for (let i = 0; i < n; i++) {
      const den = Math.sqrt(qq * sumSq[i]);
      out[i] = den > 0 ? dots[i] / den : 0;
    }
  } else if (measure === 'correlation') {
    const qv = Math.max(0, qq - (qs * qs) / dim);
    for (let i = 0; i < n; i++) {
      const bs = sum[i];
      const cov = dots[i] - (qs * bs) / dim;
      const den = Math.sqrt(qv * Math.max(0, sumSq[i] - (bs * bs) / dim));
      out[i] = den > 1e-12 ? cov / den : 0;
    }
  } else {
    throw new RangeError(`measure ${String(measure)} is not dot-based`);
  }
  return out;
}
