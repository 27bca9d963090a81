import type { GrayImage } from './gray.ts';

/**
 * Separable 5-tap binomial blur ([1 4 6 4 1] / 16 each way, edges clamped). BRIEF compares
 * single pixels, so it needs the noise and JPEG ringing smoothed away first.
 */
export function binomialBlur(img: GrayImage): GrayImage {
  const { width: w, height: h, data } = img;
  const tmp = new Uint16Array(w * h);
  const out = new Uint8Array(w * h);
  const cx = (x: number) => (x < 0 ? 0 : x >= w ? w - 1 : x);
  const cy = (y: number) => (y < 0 ? 0 : y >= h ? h - 1 : y);
  for (let y = 0; y < h; y++) {
    const r = y * w;
    for (let x = 0; x < w; x++) {
      tmp[r + x] = data[r + cx(x - 2)] + 4 * data[r + cx(x - 1)] + 6 * data[r + x] + 4 * data[r + cx(x + 1)] + data[r + cx(x + 2)];
    }
  }
  for (let y = 0; y < h; y++) {
    const a = cy(y - 2) * w, b = cy(y - 1) * w, c = y * w, d = cy(y + 1) * w, e = cy(y + 2) * w;
    for (let x = 0; x < w; x++) {
      out[c + x] = (tmp[a + x] + 4 * tmp[b + x] + 6 * tmp[c + x] + 4 * tmp[d + x] + tmp[e + x] + 128) >> 8;
    }
  }
  return { width: w, height: h, data: out };
}
