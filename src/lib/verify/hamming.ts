import { DESCRIPTOR_WORDS } from './brief-pattern.ts';

/** Set bits of a 32-bit word (SWAR: no table, no loop). */
export function popcount32(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Hamming distance between descriptor `i` of `a` and descriptor `j` of `b`. */
export function hamming(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  let d = 0;
  for (let k = 0; k < DESCRIPTOR_WORDS; k++) d += popcount32(a[i * DESCRIPTOR_WORDS + k] ^ b[j * DESCRIPTOR_WORDS + k]);
  return d;
}
