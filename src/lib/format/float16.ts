/** IEEE 754 half-precision conversion (Float16Array is not in every runtime we target). */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function toHalf(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    if ((mant >>> (shift - 1)) & 1 && ((half & 1) || (mant & ((1 << (shift - 1)) - 1)))) half++;
    return sign | half;
  }
  let half = sign | (e << 10) | (mant >>> 13);
  if ((mant & 0x1000) && ((half & 1) || (mant & 0xfff))) half++; // round to nearest even
  return half;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

let table: Float32Array | undefined;

/** Every half-precision value as a float32, indexed by its 16 bits (built once, 256 KiB). */
export function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) table[h] = fromHalf(h);
  }
  return table;
}
