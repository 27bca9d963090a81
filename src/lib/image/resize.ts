import type { RgbRaster } from './raster.ts';

/**
 * Area-average resize (box filter with fractional pixel coverage), the one routine both the
 * browser worker and the Node scripts use, so the same file gives the same vector on both.
 * Works for down- and up-scaling; exact for integer ratios.
 */
export function resizeArea(src: RgbRaster, width: number, height: number): RgbRaster {
  if (width < 1 || height < 1) throw new RangeError(`bad target size ${width}x${height}`);
  if (src.width === width && src.height === height) return src;
  const xs = spans(src.width, width);
  const ys = spans(src.height, height);
  const tmp = new Float32Array(width * src.height * 3);
  // Horizontal pass: each output column is a weighted sum of source columns.
  for (let y = 0; y < src.height; y++) {
    const row = y * src.width * 3;
    const orow = y * width * 3;
    for (let x = 0; x < width; x++) {
      const s = xs[x];
      let r = 0, g = 0, b = 0;
      for (let k = 0; k < s.idx.length; k++) {
        const p = row + s.idx[k] * 3, w = s.w[k];
        r += src.data[p] * w; g += src.data[p + 1] * w; b += src.data[p + 2] * w;
      }
      const o = orow + x * 3;
      tmp[o] = r; tmp[o + 1] = g; tmp[o + 2] = b;
    }
  }
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const s = ys[y];
    const orow = y * width * 3;
    for (let x3 = 0; x3 < width * 3; x3++) {
      let v = 0;
      for (let k = 0; k < s.idx.length; k++) v += tmp[s.idx[k] * width * 3 + x3] * s.w[k];
      out[orow + x3] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return { width, height, data: out };
}

interface Span { idx: Int32Array; w: Float32Array }

/** For each output cell, the source cells it covers and the fraction of each (weights sum to 1). */
function spans(srcLen: number, dstLen: number): Span[] {
  const scale = srcLen / dstLen;
  const result: Span[] = [];
  for (let i = 0; i < dstLen; i++) {
    if (scale <= 1) {
      // Upscaling: linear interpolation between the two nearest source samples.
      const c = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), srcLen - 1);
      const a = Math.floor(c), b = Math.min(a + 1, srcLen - 1), f = c - a;
      result.push({ idx: Int32Array.of(a, b), w: Float32Array.of(1 - f, f) });
      continue;
    }
    const start = i * scale, end = start + scale;
    const first = Math.floor(start), last = Math.min(Math.ceil(end), srcLen);
    const idx: number[] = [], w: number[] = [];
    for (let j = first; j < last; j++) {
      const cover = Math.min(end, j + 1) - Math.max(start, j);
      if (cover > 1e-9) { idx.push(j); w.push(cover / scale); }
    }
    result.push({ idx: Int32Array.from(idx), w: Float32Array.from(w) });
  }
  return result;
}

/** Longest side of at most `maxSide`, aspect kept; returns the source when already small enough. */
export function fitWithin(src: RgbRaster, maxSide: number): RgbRaster {
  const long = Math.max(src.width, src.height);
  if (long <= maxSide) return src;
  const s = maxSide / long;
  return resizeArea(src, Math.max(1, Math.round(src.width * s)), Math.max(1, Math.round(src.height * s)));
}
