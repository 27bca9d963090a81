import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { compileKernels, generatedSource, GENERATED_PATH } from '../../scripts/build-wasm.ts';
import { quantizeI8, quantizeQueryI7, type VectorMatrix } from '../../src/lib/format/vectors.ts';
import { getMeasure, MEASURES, type MeasureId } from '../../src/lib/ranking/measures.ts';
import { mulberry32 } from '../../src/lib/random.ts';
import { scoreAll } from '../../src/lib/ranking/scan.ts';
import { createScanner, scannerTopK } from '../../src/lib/ranking/scan-plan.ts';
import { topK } from '../../src/lib/ranking/topk.ts';
import {
  instantiateKernels,
  kernelBytes,
  relaxedKernelBytes,
  relaxedKernelWorks,
  wasmRelaxedSimdSupported,
  wasmSimdSupported,
  WasmScanner,
  type KernelExports,
} from '../../src/lib/ranking/wasm/kernels.ts';

const DIMS = [1, 7, 16, 33, 512, 515];

function randomFloats(n: number, seed: number): Float32Array {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => r() * 2 - 1);
}

function f32Matrix(count: number, dim: number, seed = 1): VectorMatrix & { kind: 'f32' } {
  return { kind: 'f32', dim, count, data: randomFloats(count * dim, seed) };
}

/** Dequantized copy of an i8 matrix, for the reference measures. */
function valuesOf(m: VectorMatrix & { kind: 'i8' }): Float32Array {
  return Float32Array.from(m.data, (b, k) => b * m.scales[Math.floor(k / m.dim)]);
}

/** |got - want| within rel·(|want| + scale) */
function expectNear(got: number, want: number, rel: number, scale = 1): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(rel * (Math.abs(want) + scale));
}

function kernels(): KernelExports {
  const k = instantiateKernels();
  if (!k) throw new Error('no WebAssembly SIMD');
  return k;
}

/** Copies arrays into a kernel memory at deliberately unaligned addresses; returns their pointers. */
function place(k: KernelExports, arrays: ArrayBufferView[]): number[] {
  const need = arrays.reduce((s, a) => s + a.byteLength + 32, 64);
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  let at = 4; // 4-aligned (typed-array views need it) but mostly not 16-aligned: v128 loads must not care
  return arrays.map((a) => {
    new Uint8Array(k.memory.buffer, at, a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const ptr = at;
    at = ((at + a.byteLength + 3) & ~3) + 20;
    return ptr;
  });
}

describe('kernels.generated.ts', () => {
  it('is exactly what npm run build:wasm makes from kernels.wat', async () => {
    const committed = await readFile(GENERATED_PATH, 'utf8');
    const fresh = await compileKernels();
    expect(committed).toBe(generatedSource(fresh));
    expect(kernelBytes()).toEqual(fresh.simd);
    expect(relaxedKernelBytes()).toEqual(fresh.relaxed);
  });

  it('is loaded where WebAssembly SIMD is supported (Node 20 has it)', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(WasmScanner.create()).toBeDefined();
  });

  it('scans int8 rows with the Relaxed SIMD kernel only where it passes its self-test (Node 20: SIMD)', () => {
    expect(WasmScanner.create()!.int8Kernel).toBe(wasmRelaxedSimdSupported() ? 'relaxed-simd' : 'simd');
    expect(WasmScanner.create({ relaxed: false })!.int8Kernel).toBe('simd');
  });

  it('self-tests a relaxed kernel by its results: a correct one passes, a wrong one (Node 20 draft) fails', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    /** a JS stand-in for dot_i8_relaxed, optionally with the draft's doubling and dropped bias */
    const fake = (draft: boolean) => ({
      dot_i8_relaxed(qb: number, rows: number, rowsums: number, scales: number, qscale: number, dim: number, count: number, out: number) {
        const buf = memory.buffer;
        for (let i = 0; i < count; i++) {
          const r = new Int8Array(buf, rows + i * dim, dim), q = new Uint8Array(buf, qb, dim);
          let acc = 0;
          for (let j = 0; j < dim; j++) acc += r[j] * q[j];
          if (draft) acc *= 2;
          else acc -= 64 * new Int32Array(buf, rowsums, count)[i];
          new Float32Array(buf, out, count)[i] = acc * qscale * new Float32Array(buf, scales, count)[i];
        }
      },
    });
    expect(relaxedKernelWorks(fake(false), memory)).toBe(true);
    expect(relaxedKernelWorks(fake(true), memory)).toBe(false);
  });
});

describe('SIMD kernels agree with the reference measures', () => {
  const count = 5;

  it.each(DIMS)('f32 dot, l1, squared l2 for dim %i', (dim) => {
    const k = kernels();
    const q = randomFloats(dim, dim);
    const rows = randomFloats(count * dim, dim + 1);
    const [qp, rp, op] = place(k, [q, rows, new Float32Array(count)]);
    const out = () => new Float32Array(k.memory.buffer, op, count);
    const l1 = getMeasure('l1'), l2 = getMeasure('l2');
    k.dot_f32(qp, rp, dim, count, op);
    out().forEach((v, i) => {
      let want = 0;
      for (let j = 0; j < dim; j++) want += q[j] * rows[i * dim + j];
      expectNear(v, want, 1e-5, dim / 16);
    });
    k.l1_f32(qp, rp, dim, count, op);
    out().forEach((v, i) => expectNear(v, l1.score(q, rows, i * dim), 1e-5, 1));
    k.l2sq_f32(qp, rp, dim, count, op);
    out().forEach((v, i) => expectNear(v, l2.score(q, rows, i * dim) ** 2, 1e-5, 1));
  });

  it.each(DIMS)('i8 dot (quantized query), dot (float query) and l1 for dim %i', (dim) => {
    const k = kernels();
    const m = quantizeI8(randomFloats(count * dim, dim + 2), dim);
    const values = valuesOf(m);
    const q = randomFloats(dim, dim + 3);
    const qi = quantizeQueryI7(q);
    const [q16p, qp, rp, sp, op] = place(k, [Int16Array.from(qi.data), q, m.data, m.scales, new Float32Array(count)]);
    const out = () => new Float32Array(k.memory.buffer, op, count);
    k.dot_i8(q16p, rp, sp, qi.scale, dim, count, op);
    out().forEach((v, i) => {
      let acc = 0;
      for (let j = 0; j < dim; j++) acc += qi.data[j] * m.data[i * dim + j];
      expectNear(v, acc * qi.scale * m.scales[i], 1e-6, 0); // integer dot: exact but for the f32 scaling
    });
    k.dot_i8f(qp, rp, sp, dim, count, op);
    out().forEach((v, i) => {
      let want = 0;
      for (let j = 0; j < dim; j++) want += q[j] * values[i * dim + j];
      expectNear(v, want, 1e-5, dim / 16);
    });
    k.l1_i8(qp, rp, sp, dim, count, op);
    out().forEach((v, i) => expectNear(v, getMeasure('l1').score(q, values, i * dim), 1e-5, 1));
  });

  it('sum_bytes reads every byte (whole blocks as i32 lanes, then the tail)', () => {
    const k = kernels();
    const r = mulberry32(7);
    for (const len of [0, 1, 15, 63, 64, 65, 1000, 4099]) {
      const bytes = Uint8Array.from({ length: len }, () => Math.floor(r() * 256));
      const [p] = place(k, [bytes]);
      const blocks = len & ~63;
      const words = new DataView(bytes.buffer);
      let want = 0;
      for (let i = 0; i < blocks; i += 4) want = (want + words.getInt32(i, true)) | 0;
      for (let i = blocks; i < len; i++) want = (want + bytes[i]) | 0;
      expect(k.sum_bytes(p, len)).toBe(want);
    }
  });
});

describe('WasmScanner', () => {
  it.each(DIMS)('scores f32 rows like the reference measures and scoreAll, dim %i', (dim) => {
    const m = f32Matrix(40, dim, dim);
    const s = WasmScanner.create()!;
    s.load(m);
    const q = randomFloats(dim, 99);
    for (const id of MEASURES) {
      const got = s.scores(q, id);
      const ts = scoreAll(q, m, id);
      const meas = getMeasure(id);
      got.forEach((v, i) => {
        expectNear(v, meas.score(q, m.data, i * dim), 1e-4, 1e-3);
        expectNear(v, ts[i], 1e-4, 1e-3);
      });
    }
  });

  it.each(DIMS)('scores i8 rows like scoreAll and like the reference on the values, dim %i', (dim) => {
    const m = quantizeI8(randomFloats(40 * dim, dim + 5), dim);
    const values = valuesOf(m);
    const s = WasmScanner.create()!;
    s.load(m);
    const q = randomFloats(dim, 98);
    const qi = quantizeQueryI7(q);
    const qValues = Float32Array.from(qi.data, (b) => b * qi.scale);
    for (const id of MEASURES) {
      const got = s.scores(q, id);
      const ts = scoreAll(q, m, id);
      const meas = getMeasure(id);
      got.forEach((v, i) => {
        // l1 takes the float query; the dot-based measures the 7-bit quantized one
        expectNear(v, meas.score(id === 'l1' ? q : qValues, values, i * dim), 1e-4, 1e-3);
        expectNear(v, ts[i], 1e-4, 1e-3);
      });
    }
  });

  it('gives zero vectors a cosine of 0, not NaN', () => {
    const m = quantizeI8(Float32Array.of(0, 0, 0, 1, 2, 3), 3);
    const s = WasmScanner.create()!;
    s.load(m);
    expect(Array.from(s.scores(Float32Array.of(1, 1, 1), 'cosine'))[0]).toBe(0);
    expect(Array.from(s.scores(Float32Array.of(0, 0, 0), 'cosine'))).toEqual([0, 0]);
    expect(Array.from(s.scores(Float32Array.of(0, 0, 0), 'correlation'))).toEqual([0, 0]);
  });

  it('grows its memory for a larger matrix and refuses u8 and wrong query sizes', () => {
    const s = WasmScanner.create()!;
    s.load(f32Matrix(3, 4));
    const big = f32Matrix(3000, 64, 2);
    s.load(big);
    expect(s.count).toBe(3000);
    expect(s.rowBytes).toBe(3000 * 64 * 4);
    const q = big.data.slice(64 * 17, 64 * 18);
    expect(scannerTopK(createScanner(big, 'wasm'), q, 'l2', 1)[0]).toEqual({ index: 17, score: 0 });
    expect(() => s.scores(new Float32Array(3), 'l2')).toThrow(/3 dims/);
    expect(() => s.load({ kind: 'u8', dim: 2, count: 1, data: Uint8Array.of(1, 2), scale: 1 })).toThrow(/not u8/);
    expect(typeof s.sumBytes()).toBe('number');
  });
});

describe('createScanner', () => {
  it('uses WebAssembly SIMD for f32 and i8, TypeScript for u8 or when asked', () => {
    const f = f32Matrix(10, 8);
    expect(createScanner(f).kind).toBe('wasm-simd');
    expect(createScanner(quantizeI8(f.data, 8)).kind).toBe('wasm-simd');
    expect(createScanner(f, 'ts').kind).toBe('ts');
    const u: VectorMatrix = { kind: 'u8', dim: 2, count: 1, data: Uint8Array.of(1, 2), scale: 1 };
    expect(createScanner(u).kind).toBe('ts');
    expect(() => createScanner(u, 'wasm')).toThrow(/not u8/);
  });

  const cases: [string, VectorMatrix][] = [
    ['f32', f32Matrix(1000, 515, 11)],
    ['i8', quantizeI8(f32Matrix(1000, 515, 12).data, 515)],
    ['f32 dim 7', f32Matrix(1000, 7, 13)],
    ['i8 dim 33', quantizeI8(f32Matrix(1000, 33, 14).data, 33)],
  ];
  it.each(cases)('top-k through the wasm scanner equals the TS scanner and topK (%s)', (_, m) => {
    const wasm = createScanner(m, 'wasm'), ts = createScanner(m, 'ts');
    for (let t = 0; t < 5; t++) {
      const q = randomFloats(m.dim, 200 + t);
      for (const id of MEASURES as MeasureId[]) {
        const a = scannerTopK(wasm, q, id, 10), b = scannerTopK(ts, q, id, 10);
        expect(a.map((h) => h.index)).toEqual(b.map((h) => h.index));
        a.forEach((h, i) => expectNear(h.score, b[i].score, 1e-4, 1e-3));
        expect(b).toEqual(topK(q, m, id, 10));
      }
    }
  });

  it('returns every row, best first, when N is smaller than k', () => {
    for (const m of [f32Matrix(3, 33, 4), quantizeI8(f32Matrix(3, 33, 4).data, 33)]) {
      const q = randomFloats(33, 5);
      for (const id of MEASURES) {
        const a = scannerTopK(createScanner(m, 'wasm'), q, id, 10);
        expect(a).toHaveLength(3);
        expect(a.map((h) => h.index)).toEqual(scannerTopK(createScanner(m, 'ts'), q, id, 10).map((h) => h.index));
        expect(scannerTopK(createScanner(m, 'wasm'), q, id, 10, { exclude: 1 }).map((h) => h.index)).not.toContain(1);
        expect(scannerTopK(createScanner(m, 'wasm'), q, id, 0)).toEqual([]);
      }
    }
  });
});
