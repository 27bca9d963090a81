import { quantizeQueryI7, type VectorMatrix } from '../../format/vectors.ts';
import type { MeasureId } from '../measures.ts';
import { quantizedQueryStats, rowStats, scoresFromDots, type RowStats } from '../scan.ts';
import { KERNELS_WASM_BASE64, RELAXED_KERNELS_WASM_BASE64 } from './kernels.generated.ts';
import { webAssemblyApi, type WasmMemory, type WasmModule } from './webassembly-api.ts';

/**
 * The WebAssembly SIMD scan kernels (kernels.wat, built into kernels.generated.ts by
 * `npm run build:wasm`). Compiled synchronously (the module is under 3 KB, so this is allowed
 * on a page's main thread too, and is instant in a worker or Node) after a feature check.
 */
export interface KernelExports {
  readonly memory: WasmMemory;
  dot_f32(q: number, rows: number, dim: number, count: number, out: number): void;
  l1_f32(q: number, rows: number, dim: number, count: number, out: number): void;
  l2sq_f32(q: number, rows: number, dim: number, count: number, out: number): void;
  /** q16: the quantized query (quantizeQueryI7) widened to i16; out[i] = f32(int dot) * qscale * scales[i] */
  dot_i8(q16: number, rows: number, scales: number, qscale: number, dim: number, count: number, out: number): void;
  /** float query against int8 rows widened to f32 (slower than dot_i8; kept for comparison) */
  dot_i8f(q: number, rows: number, scales: number, dim: number, count: number, out: number): void;
  l1_i8(q: number, rows: number, scales: number, dim: number, count: number, out: number): void;
  /** wrapping i32 sum of [ptr, ptr+len) read as i32x4 lanes (whole 64-byte blocks) plus the tail bytes */
  sum_bytes(ptr: number, len: number): number;
}

/** The Relaxed SIMD module (kernels-relaxed.wat), instantiated on a KernelExports' memory. */
export interface RelaxedKernelExports {
  /** qb: the quantized query biased by +64 (bytes 1..127); rowsums: i32 sums of each int8 row; out like dot_i8 */
  dot_i8_relaxed(qb: number, rows: number, rowsums: number, scales: number, qscale: number, dim: number, count: number, out: number): void;
}

/** The smallest module using a SIMD instruction (i8x16.splat, i8x16.popcnt): validates only where SIMD is supported. */
const SIMD_PROBE = Uint8Array.of(0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11);

export function wasmSimdSupported(): boolean {
  try {
    return webAssemblyApi()?.validate(SIMD_PROBE) ?? false;
  } catch {
    return false;
  }
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function kernelBytes(): Uint8Array<ArrayBuffer> {
  return fromBase64(KERNELS_WASM_BASE64);
}

export function relaxedKernelBytes(): Uint8Array<ArrayBuffer> {
  return fromBase64(RELAXED_KERNELS_WASM_BASE64);
}

let compiled: WasmModule | null | undefined;

/** The compiled module, or undefined where WebAssembly SIMD is unavailable. */
export function kernelModule(): WasmModule | undefined {
  if (compiled === undefined) {
    compiled = null;
    if (wasmSimdSupported()) {
      try {
        compiled = new (webAssemblyApi()!.Module)(kernelBytes());
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
  return mod ? (new (webAssemblyApi()!.Instance)(mod, {}).exports as unknown as KernelExports) : undefined;
}

let relaxedCompiled: WasmModule | null | undefined;

/**
 * Whether this engine runs the Relaxed SIMD kernel correctly (Chromium 114+; others fall back).
 * Validation is not enough: Node 20's V8, behind --experimental-wasm-relaxed-simd, accepts the
 * module but gives other results (an earlier draft of the proposal), so a small known dot
 * product decides.
 */
export function wasmRelaxedSimdSupported(): boolean {
  return relaxedModule() !== undefined;
}

function relaxedModule(): WasmModule | undefined {
  if (relaxedCompiled === undefined) {
    relaxedCompiled = null;
    try {
      const bytes = relaxedKernelBytes();
      const kernels = instantiateKernels();
      const wasm = webAssemblyApi();
      if (kernels && wasm?.validate(bytes)) {
        const mod = new wasm.Module(bytes);
        const relaxed = new wasm.Instance(mod, { kernels: { memory: kernels.memory } }).exports as unknown as RelaxedKernelExports;
        if (relaxedKernelWorks(relaxed, kernels.memory)) relaxedCompiled = mod;
      }
    } catch {
      relaxedCompiled = null;
    }
  }
  return relaxedCompiled ?? undefined;
}

/**
 * Runs `dot_i8_relaxed` on two rows of 37 values (two SIMD steps and a scalar tail, the int8
 * and 7-bit extremes included) in `memory` and checks the exact integer results.
 */
export function relaxedKernelWorks(relaxed: RelaxedKernelExports, memory: WasmMemory): boolean {
  const dim = 37, count = 2;
  const rows = Int8Array.from({ length: dim * count }, (_, x) => (x % 4 === 0 ? 127 : x % 4 === 1 ? -127 : ((x * 29) % 201) - 100));
  const q = Int8Array.from({ length: dim }, (_, j) => (j % 3 === 0 ? 63 : j % 3 === 1 ? -63 : ((j * 17) % 127) - 63));
  const want = [0, 1].map((i) => rows.subarray(i * dim, (i + 1) * dim).reduce((s, v, j) => s + v * q[j], 0));
  const sums = [0, 1].map((i) => rows.subarray(i * dim, (i + 1) * dim).reduce((s, v) => s + v, 0));
  const rowsAt = 0, qAt = 128, sumsAt = 192, scalesAt = 208, outAt = 224;
  const buf = memory.buffer;
  new Int8Array(buf, rowsAt, rows.length).set(rows);
  new Uint8Array(buf, qAt, dim).set(Uint8Array.from(q, (v) => v + 64));
  new Int32Array(buf, sumsAt, count).set(sums);
  new Float32Array(buf, scalesAt, count).set([1, 1]);
  relaxed.dot_i8_relaxed(qAt, rowsAt, sumsAt, scalesAt, 1, dim, count, outAt);
  const got = new Float32Array(memory.buffer, outAt, count);
  return got[0] === want[0] && got[1] === want[1];
}

/** The Relaxed SIMD kernel on the memory of `kernels`, or undefined where Relaxed SIMD is unavailable. */
export function instantiateRelaxedKernels(kernels: KernelExports): RelaxedKernelExports | undefined {
  const mod = relaxedModule();
  return mod ? (new (webAssemblyApi()!.Instance)(mod, { kernels: { memory: kernels.memory } }).exports as unknown as RelaxedKernelExports) : undefined;
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
  private stats: RowStats | undefined;
  private rowsPtr = 0;
  private scalesPtr = 0;
  private rowsumsPtr = 0;
  private cosFactorsPtr = 0;
  private queryPtr = 0;
  private outPtr = 0;

  private constructor(
    readonly kernels: KernelExports,
    private readonly relaxed: RelaxedKernelExports | undefined,
  ) {}

  /**
   * A scanner with its own memory, or undefined where WebAssembly SIMD is unavailable. int8 rows
   * are scanned with the Relaxed SIMD kernel where the engine has it (unless `relaxed: false`),
   * else with the SIMD one; both give the same integers.
   */
  static create(options: { relaxed?: boolean } = {}): WasmScanner | undefined {
    const k = instantiateKernels();
    if (!k) return undefined;
    return new WasmScanner(k, options.relaxed === false ? undefined : instantiateRelaxedKernels(k));
  }

  /** The kernel family an int8 scan runs on. */
  get int8Kernel(): 'relaxed-simd' | 'simd' {
    return this.relaxed ? 'relaxed-simd' : 'simd';
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
    this.rowsumsPtr = align16(this.scalesPtr + (matrix.kind === 'i8' ? count * 4 : 0));
    this.cosFactorsPtr = align16(this.rowsumsPtr + (matrix.kind === 'i8' && this.relaxed ? count * 4 : 0));
    this.queryPtr = align16(this.cosFactorsPtr + (matrix.kind === 'i8' ? count * 4 : 0));
    this.outPtr = align16(this.queryPtr + dim * 4 + 16);
    const need = this.outPtr + count * 4 + 16;
    const mem = this.kernels.memory;
    if (need > mem.buffer.byteLength) mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
    new Uint8Array(mem.buffer, this.rowsPtr, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (matrix.kind === 'i8') new Float32Array(mem.buffer, this.scalesPtr, count).set(matrix.scales);
    if (matrix.kind === 'i8') {
      const { sums, invNorms } = int8RowFactors(matrix.data, dim, count);
      if (this.relaxed) new Int32Array(mem.buffer, this.rowsumsPtr, count).set(sums);
      new Float32Array(mem.buffer, this.cosFactorsPtr, count).set(invNorms);
    }
    this.stats = rowStats(matrix);
    this.matrix = matrix;
  }

  /**
   * One score per row, like `scoreAll(query, matrix, measure)`. Cosine over int8 rows comes
   * straight out of the kernel in float32 (each row's scale replaced by 1/‖row‖, the query's by
   * 1/‖query‖); the other measures are finished here in float64.
   */
  scores(query: Float32Array, measure: MeasureId): Float32Array | Float64Array {
    const m = this.matrix;
    if (!m || !this.stats) throw new Error('no matrix loaded');
    const { dim, count } = m;
    if (query.length !== dim) throw new RangeError(`query has ${query.length} dims, index has ${dim}`);
    const k = this.kernels;
    const buf = k.memory.buffer;
    const raw = new Float32Array(buf, this.outPtr, count);
    if (measure === 'l1') {
      const out = new Float64Array(count);
      new Float32Array(buf, this.queryPtr, dim).set(query);
      if (m.kind === 'i8') k.l1_i8(this.queryPtr, this.rowsPtr, this.scalesPtr, dim, count, this.outPtr);
      else k.l1_f32(this.queryPtr, this.rowsPtr, dim, count, this.outPtr);
      for (let i = 0; i < count; i++) out[i] = raw[i];
      return out;
    }
    if (m.kind === 'f32') {
      new Float32Array(buf, this.queryPtr, dim).set(query);
      const out = new Float64Array(count);
      if (measure === 'l2') {
        k.l2sq_f32(this.queryPtr, this.rowsPtr, dim, count, this.outPtr);
        for (let i = 0; i < count; i++) out[i] = Math.sqrt(raw[i]);
        return out;
      }
      k.dot_f32(this.queryPtr, this.rowsPtr, dim, count, this.outPtr);
      let qq = 0, qs = 0;
      for (let j = 0; j < dim; j++) { qs += query[j]; qq += query[j] * query[j]; }
      return scoresFromDots(raw, this.stats, measure, qq, qs, dim, out);
    }
    // i8 rows, a dot-based measure: quantize the query to [-63, 63], integer dot products
    const qi = quantizeQueryI7(query);
    const cosine = measure === 'cosine';
    const qNorm = Math.sqrt(qi.data.reduce((s, v) => s + v * v, 0));
    // for cosine: int dot / (‖q‖ · ‖row‖) in integer units; the scales cancel
    const rowFactors = cosine ? this.cosFactorsPtr : this.scalesPtr;
    const qFactor = cosine ? (qNorm > 0 ? 1 / qNorm : 0) : qi.scale;
    if (this.relaxed) {
      const biased = new Uint8Array(buf, this.queryPtr, dim);
      for (let j = 0; j < dim; j++) biased[j] = qi.data[j] + 64;
      this.relaxed.dot_i8_relaxed(this.queryPtr, this.rowsPtr, this.rowsumsPtr, rowFactors, qFactor, dim, count, this.outPtr);
    } else {
      new Int16Array(buf, this.queryPtr, dim).set(qi.data);
      k.dot_i8(this.queryPtr, this.rowsPtr, rowFactors, qFactor, dim, count, this.outPtr);
    }
    if (cosine) return raw.slice();
    const { qq, qs } = quantizedQueryStats(qi.data, qi.scale);
    return scoresFromDots(raw, this.stats, measure, qq, qs, dim, new Float64Array(count));
  }

  /** Runs the bandwidth reference kernel over the loaded rows (the bytes a scan reads); returns its checksum. */
  sumBytes(): number {
    return this.kernels.sum_bytes(this.rowsPtr, this.rowBytes);
  }
}

/**
 * Per int8 row, in one pass: its integer sum (the relaxed kernel removes the query's +64 bias
 * with it) and 1 / ‖row‖ in integer units (0 for a zero row: cosine without the scales).
 */
function int8RowFactors(data: Int8Array, dim: number, count: number): { sums: Int32Array; invNorms: Float32Array } {
  const sums = new Int32Array(count);
  const invNorms = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0, ss = 0;
    for (let j = i * dim, end = j + dim; j < end; j++) { const v = data[j]; s += v; ss += v * v; }
    sums[i] = s;
    invNorms[i] = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  }
  return { sums, invNorms };
}

