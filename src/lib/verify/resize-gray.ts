import type { GrayImage } from './gray.ts';

/** For each output cell: the first source cell, how many it covers, and their weights (flat). */
interface Spans { readonly first: Int32Array; readonly count: Int32Array; readonly offset: Int32Array; readonly weights: Float32Array }

/**
 * Area average when shrinking, linear interpolation when enlarging — the rule of the shared
 * resizeArea (src/lib/image/resize.ts), on one channel and with flat tables, because the
 * pyramid is rebuilt for every image that is verified.
 */
function spans(srcLen: number, dstLen: number): Spans {
  const scale = srcLen / dstLen;
  const first = new Int32Array(dstLen), count = new Int32Array(dstLen), offset = new Int32Array(dstLen);
  const weights: number[] = [];
  for (let i = 0; i < dstLen; i++) {
    offset[i] = weights.length;
    if (scale <= 1) {
      const c = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), srcLen - 1);
      const a = Math.floor(c), f = c - a;
      first[i] = a;
      if (a + 1 < srcLen) { count[i] = 2; weights.push(1 - f, f); } else { count[i] = 1; weights.push(1); }
      continue;
    }
    const start = i * scale, end = start + scale;
    const lo = Math.floor(start), hi = Math.min(Math.ceil(end), srcLen);
    first[i] = lo;
    for (let j = lo; j < hi; j++) weights.push(Math.max(0, Math.min(end, j + 1) - Math.max(start, j)) / scale);
    count[i] = hi - lo;
  }
  return { first, count, offset, weights: Float32Array.from(weights) };
}

export function resizeGray(src: GrayImage, width: number, height: number): GrayImage {
  if (src.width === width && src.height === height) return src;
  const xs = spans(src.width, width), ys = spans(src.height, height);
  const tmp = new Float32Array(width * src.height);
  for (let y = 0; y < src.height; y++) {
    const row = y * src.width, orow = y * width;
    for (let x = 0; x < width; x++) {
      let v = 0;
      const f = row + xs.first[x], o = xs.offset[x];
      for (let k = 0; k < xs.count[x]; k++) v += src.data[f + k] * xs.weights[o + k];
      tmp[orow + x] = v;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const orow = y * width, f = ys.first[y], o = ys.offset[y], n = ys.count[y];
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (let k = 0; k < n; k++) v += tmp[(f + k) * width + x] * ys.weights[o + k];
      out[orow + x] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return { width, height, data: out };
}
