import type { RgbRaster } from '../image/raster.ts';
import { resizeArea } from '../image/resize.ts';

/**
 * 64-bit DCT perceptual hash ("pHash"): the image squashed to 32×32 luma with the shared area
 * resize, a 2-D DCT, and one bit per coefficient of the lowest 8×8 frequencies, set where the
 * coefficient is above their median. Re-encoding, resizing and mild tone edits move few bits;
 * different pictures differ in about half of them. For exact and near-exact copies only: it is
 * not meant to survive crops, mirroring or rotation (the classic vector and verification do).
 * The 64 bits are held as two unsigned 32-bit halves so it runs without BigInt arithmetic.
 */
export interface PerceptualHash {
  /** bits 63..32 (coefficients 0..31 in row-major u, v order) */
  readonly hi: number;
  /** bits 31..0 (coefficients 32..63) */
  readonly lo: number;
}

const SIDE = 32;
const KEEP = 8;

let cosTable: Float64Array | undefined;

/** cos((2x+1)uπ/2N) for u < KEEP, x < SIDE; scale factors do not change the median comparison */
function table(): Float64Array {
  if (!cosTable) {
    cosTable = new Float64Array(KEEP * SIDE);
    for (let u = 0; u < KEEP; u++) for (let x = 0; x < SIDE; x++) cosTable[u * SIDE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIDE));
  }
  return cosTable;
}

function lumaGrid(image: RgbRaster): Float64Array {
  const small = resizeArea(image, SIDE, SIDE);
  const luma = new Float64Array(SIDE * SIDE);
  for (let i = 0, p = 0; i < luma.length; i++, p += 3) luma[i] = 0.299 * small.data[p] + 0.587 * small.data[p + 1] + 0.114 * small.data[p + 2];
  return luma;
}

/** the KEEP×KEEP lowest DCT coefficients of the grid, row-major by (vertical u, horizontal v) */
function lowFrequencies(luma: Float64Array): Float64Array {
  const c = table();
  const rows = new Float64Array(SIDE * KEEP); // horizontal transform of every row
  for (let y = 0; y < SIDE; y++) {
    for (let v = 0; v < KEEP; v++) {
      let s = 0;
      for (let x = 0; x < SIDE; x++) s += luma[y * SIDE + x] * c[v * SIDE + x];
      rows[y * KEEP + v] = s;
    }
  }
  const out = new Float64Array(KEEP * KEEP);
  for (let u = 0; u < KEEP; u++) {
    for (let v = 0; v < KEEP; v++) {
      let s = 0;
      for (let y = 0; y < SIDE; y++) s += rows[y * KEEP + v] * c[u * SIDE + y];
      out[u * KEEP + v] = s;
    }
  }
  return out;
}

function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const m = sorted.length >> 1;
  return (sorted[m - 1] + sorted[m]) / 2;
}

export function perceptualHash(image: RgbRaster): PerceptualHash {
  const coefficients = lowFrequencies(lumaGrid(image));
  // The DC term is the mean brightness, far above every other coefficient: it would always set its
  // bit and pull the median, so the median is taken over the 63 others (its bit stays informative
  // only as "brighter than the median detail", a constant 1 for any real picture).
  const med = median(coefficients.subarray(1));
  let hi = 0, lo = 0;
  for (let i = 0; i < 64; i++) {
    if (coefficients[i] <= med) continue;
    if (i < 32) hi |= 1 << (31 - i);
    else lo |= 1 << (63 - i);
  }
  return { hi: hi >>> 0, lo: lo >>> 0 };
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** number of differing bits, 0..64 */
export function hammingDistance(a: PerceptualHash, b: PerceptualHash): number {
  return popcount32((a.hi ^ b.hi) >>> 0) + popcount32((a.lo ^ b.lo) >>> 0);
}

/** 16 lowercase hex digits, the form stored beside a file's SHA-256 */
export function perceptualHashHex(h: PerceptualHash): string {
  return h.hi.toString(16).padStart(8, '0') + h.lo.toString(16).padStart(8, '0');
}

export function parsePerceptualHash(hex: string): PerceptualHash {
  if (!/^[0-9a-f]{16}$/i.test(hex)) throw new RangeError(`not a 64-bit hex hash: ${hex}`);
  return { hi: parseInt(hex.slice(0, 8), 16) >>> 0, lo: parseInt(hex.slice(8), 16) >>> 0 };
}

/**
 * Hashes this close count as the same picture: re-encodes and resizes land at 0–6, unrelated
 * photos around 32. A conventional cut for 64-bit pHash.
 */
export const NEAR_EXACT_MAX_DISTANCE = 10;
