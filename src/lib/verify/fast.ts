import type { GrayImage } from './gray.ts';

/** The 16 pixels of the Bresenham circle of radius 3 around a candidate, clockwise from the top. */
const CIRCLE_X = [0, 1, 2, 3, 3, 3, 2, 1, 0, -1, -2, -3, -3, -3, -2, -1];
const CIRCLE_Y = [-3, -3, -2, -1, 0, 1, 2, 3, 3, 3, 2, 1, 0, -1, -2, -3];

/** True when the 16-bit ring mask has 9 or more neighbouring set bits (the ring wraps). */
function hasArcOf9(mask: number): boolean {
  const m = mask | (mask << 16);
  let run = m;
  for (let k = 1; k < 9; k++) run &= m >>> k;
  return run !== 0;
}

/**
 * FAST-9 corners: pixels with 9 contiguous circle pixels all brighter than it by more than
 * `threshold`, or all darker. Pixels closer than `border` to an edge are skipped (the
 * descriptor needs room around a keypoint). Returns pixel indices (y * width + x).
 */
export function fast9(img: GrayImage, threshold: number, border: number): Int32Array {
  const { width: w, height: h, data } = img;
  const offsets = CIRCLE_X.map((dx, i) => CIRCLE_Y[i] * w + dx);
  const b = Math.max(3, border);
  const found: number[] = [];
  for (let y = b; y < h - b; y++) {
    for (let x = b; x < w - b; x++) {
      const p = y * w + x;
      const v = data[p];
      const hi = v + threshold, lo = v - threshold;
      // Any arc of 9 covers at least two of the four compass pixels: a cheap first rejection.
      const n = data[p + offsets[0]], e = data[p + offsets[4]], s = data[p + offsets[8]], wv = data[p + offsets[12]];
      const brighter = +(n > hi) + +(e > hi) + +(s > hi) + +(wv > hi);
      const darker = +(n < lo) + +(e < lo) + +(s < lo) + +(wv < lo);
      if (brighter < 2 && darker < 2) continue;
      let bm = 0, dm = 0;
      for (let k = 0; k < 16; k++) {
        const c = data[p + offsets[k]];
        if (c > hi) bm |= 1 << k;
        else if (c < lo) dm |= 1 << k;
      }
      if ((brighter >= 2 && hasArcOf9(bm)) || (darker >= 2 && hasArcOf9(dm))) found.push(p);
    }
  }
  return Int32Array.from(found);
}
