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
  const data = src.data, sw = src.width;
  const tmp = new Float32Array(width * src.height * 3);
  // Horizontal pass: each output column is a weighted sum of source columns.
  for (let y = 0; y < src.height; y++) {
    const row = y * sw * 3;
    const orow = y * width * 3;
    for (let x = 0; x < width; x++) {
      const from = xs.start[x], to = xs.start[x + 1];
      let r = 0, g = 0, b = 0;
      for (let k = from; k < to; k++) {
        const p = row + xs.idx[k] * 3, w = xs.w[k];
        r += data[p] * w; g += data[p + 1] * w; b += data[p + 2] * w;
      }
      const o = orow + x * 3;
      tmp[o] = r; tmp[o + 1] = g; tmp[o + 2] = b;
    }
  }
  // Vertical pass, a row at a time (same order of sums as one pixel at a time, so same result).
  const stride = width * 3;
  const out = new Uint8Array(width * height * 3);
  const acc = new Float64Array(stride);
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    for (let k = ys.start[y]; k < ys.start[y + 1]; k++) {
      const base = ys.idx[k] * stride, w = ys.w[k];
      for (let x3 = 0; x3 < stride; x3++) acc[x3] += tmp[base + x3] * w;
    }
    const orow = y * stride;
    for (let x3 = 0; x3 < stride; x3++) {
      const v = acc[x3];
      out[orow + x3] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return { width, height, data: out };
}

/** All output cells' source cells and weights, flat: cell i uses entries start[i] .. start[i+1]-1. */
interface Spans { start: Int32Array; idx: Int32Array; w: Float32Array }

/** For each output cell, the source cells it covers and the fraction of each (weights sum to 1). */
function spans(srcLen: number, dstLen: number): Spans {
  const scale = srcLen / dstLen;
  const start = new Int32Array(dstLen + 1);
  const idx: number[] = [], w: number[] = [];
  for (let i = 0; i < dstLen; i++) {
    start[i] = idx.length;
    if (scale <= 1) {
      // Upscaling: linear interpolation between the two nearest source samples.
      const c = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), srcLen - 1);
      const a = Math.floor(c), b = Math.min(a + 1, srcLen - 1), f = c - a;
      idx.push(a, b);
      w.push(1 - f, f);
      continue;
    }
    const from = i * scale, end = from + scale;
    const first = Math.floor(from), last = Math.min(Math.ceil(end), srcLen);
    for (let j = first; j < last; j++) {
      const cover = Math.min(end, j + 1) - Math.max(from, j);
      if (cover > 1e-9) { idx.push(j); w.push(cover / scale); }
    }
  }
  start[dstLen] = idx.length;
  return { start, idx: Int32Array.from(idx), w: Float32Array.from(w) };
}

/** Longest side of at most `maxSide`, aspect kept; returns the source when already small enough. */
export function fitWithin(src: RgbRaster, maxSide: number): RgbRaster {
  const long = Math.max(src.width, src.height);
  if (long <= maxSide) return src;
  const s = maxSide / long;
  return resizeArea(src, Math.max(1, Math.round(src.width * s)), Math.max(1, Math.round(src.height * s)));
}
