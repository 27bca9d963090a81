/**
 * The Relaxed SIMD int8 kernel runs only in engines that have Relaxed SIMD, which Node 20 (the
 * unit tests' engine) has not, so its checks against a reference run here, in Chromium: the
 * committed binaries, instantiated as kernels.ts does (the relaxed module on the SIMD module's
 * memory), against a plain integer dot product and against the SIMD kernel.
 */
import { expect, test } from '@playwright/test';
import { KERNELS_WASM_BASE64, RELAXED_KERNELS_WASM_BASE64 } from '../../src/lib/ranking/wasm/kernels.generated.ts';

interface Mismatch {
  dim: number;
  row: number;
  kernel: string;
  got: number;
  want: number;
}

test('the relaxed int8 kernel gives the exact integer dot products in Chromium, like the SIMD kernel', async ({ page }) => {
  await page.goto('about:blank');
  const result = await page.evaluate(
    async ({ simdB64, relaxedB64 }) => {
      const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const simd = (await WebAssembly.instantiate(bytes(simdB64), {})).instance.exports as unknown as {
        memory: WebAssembly.Memory;
        dot_i8(q16: number, rows: number, scales: number, qscale: number, dim: number, count: number, out: number): void;
      };
      const relaxedBytes = bytes(relaxedB64);
      if (!WebAssembly.validate(relaxedBytes)) return { validated: false, mismatches: [] as Mismatch[], checked: 0 };
      const relaxed = (await WebAssembly.instantiate(relaxedBytes, { kernels: { memory: simd.memory } })).instance.exports as unknown as {
        dot_i8_relaxed(qb: number, rows: number, rowsums: number, scales: number, qscale: number, dim: number, count: number, out: number): void;
      };
      simd.memory.grow(2);
      let seed = 12345;
      const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
      const mismatches: Mismatch[] = [];
      let checked = 0;
      for (const dim of [1, 7, 16, 33, 64, 100, 512, 515]) {
        const count = 9;
        // int8 rows and a 7-bit query, their extremes (±127, ±63) included
        const rows = Int8Array.from({ length: count * dim }, (_, x) => (x % 7 === 0 ? 127 : x % 7 === 1 ? -127 : Math.round(rand() * 254) - 127));
        const q = Int8Array.from({ length: dim }, (_, j) => (j % 5 === 0 ? 63 : j % 5 === 1 ? -63 : Math.round(rand() * 126) - 63));
        const sums = Int32Array.from({ length: count }, (_, i) => rows.subarray(i * dim, (i + 1) * dim).reduce((a, b) => a + b, 0));
        const buf = simd.memory.buffer;
        // unaligned rows on purpose: v128 loads must not care
        const rowsAt = 3, qbAt = 80_000, q16At = 81_000, sumsAt = 83_000, scalesAt = 84_000, outAt = 85_000;
        new Int8Array(buf, rowsAt, rows.length).set(rows);
        new Uint8Array(buf, qbAt, dim).set(Uint8Array.from(q, (v) => v + 64));
        new Int16Array(buf, q16At, dim).set(q);
        new Int32Array(buf, sumsAt, count).set(sums);
        new Float32Array(buf, scalesAt, count).fill(1);
        const run = (kernel: string, call: () => void) => {
          call();
          const out = new Float32Array(simd.memory.buffer, outAt, count);
          for (let i = 0; i < count; i++) {
            let want = 0;
            for (let j = 0; j < dim; j++) want += rows[i * dim + j] * q[j];
            checked++;
            if (out[i] !== want) mismatches.push({ dim, row: i, kernel, got: out[i], want });
          }
        };
        run('relaxed', () => relaxed.dot_i8_relaxed(qbAt, rowsAt, sumsAt, scalesAt, 1, dim, count, outAt));
        run('simd', () => simd.dot_i8(q16At, rowsAt, scalesAt, 1, dim, count, outAt));
      }
      return { validated: true, mismatches, checked };
    },
    { simdB64: KERNELS_WASM_BASE64, relaxedB64: RELAXED_KERNELS_WASM_BASE64 },
  );
  expect(result.validated, 'Chromium 114+ has Relaxed SIMD').toBe(true);
  expect(result.checked).toBe(2 * 8 * 9);
  expect(result.mismatches).toEqual([]);
});
