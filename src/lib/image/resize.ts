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
  const data = src.data, sw3 = src.width * 3, sh = src.height;
  const xStart = xs.start, xIdx = xs.idx, xW = xs.w;
  const stride = width * 3;
  const tmp = new Float32Array(stride * sh);
  // Horizontal pass: each output column is a weighted sum of adjacent source columns.
  for (let y = 0, row = 0, orow = 0; y < sh; y++, row += sw3, orow += stride) {
    for (let x = 0, o = orow; x < width; x++, o += 3) {
      const to = xStart[x + 1];
      let k = xStart[x];
      let p = row + xIdx[k] * 3, w = xW[k];
      let r = data[p] * w, g = data[p + 1] * w, b = data[p + 2] * w;
      for (k++; k < to; k++) {
        p += 3; w = xW[k];
        r += data[p] * w; g += data[p + 1] * w; b += data[p + 2] * w;
      }
      tmp[o] = r; tmp[o + 1] = g; tmp[o + 2] = b;
    }
  }
  // Vertical pass, a row at a time (same order of sums as one pixel at a time, so same result).
  const out = new Uint8Array(stride * height);
  const acc = new Float64Array(stride);
  const yStart = ys.start, yIdx = ys.idx, yW = ys.w;
  for (let y = 0, orow = 0; y < height; y++, orow += stride) {
    const to = yStart[y + 1];
    let k = yStart[y];
    {
      const base = yIdx[k] * stride, w = yW[k];
      for (let x3 = 0; x3 < stride; x3++) acc[x3] = tmp[base + x3] * w;
    }
    for (k++; k < to; k++) {
      const base = yIdx[k] * stride, w = yW[k];
      for (let x3 = 0; x3 < stride; x3++) acc[x3] += tmp[base + x3] * w;
    }
    for (let x3 = 0; x3 < stride; x3++) {
      const v = acc[x3];
      out[orow + x3] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return { width, height, data: out };
}

/**
 * All output cells' source cells and weights, flat: cell i uses entries start[i] .. start[i+1]-1,
 * whose source cells are adjacent (idx[k+1] = idx[k] + 1). Weights are float32 values held as
 * float64, so the sums are those of the float32 weights.
 */
interface Spans { start: Int32Array; idx: Int32Array; w: Float64Array }

/** For each output cell, the source cells it covers and the fraction of each (weights sum to 1). */
function spans(srcLen: number, dstLen: number): Spans {
  const scale = srcLen / dstLen;
  const start = new Int32Array(dstLen + 1);
  const idx: number[] = [], w: number[] = [];
  for (let i = 0; i < dstLen; i++) {
    start[i] = idx.length;
    if (scale <= 1) {
      // Upscaling: linear interpolation between the two nearest source samples (one at the last).
      const c = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), srcLen - 1);
      const a = Math.floor(c), b = Math.min(a + 1, srcLen - 1), f = c - a;
      if (b === a) { idx.push(a); w.push(1); } else { idx.push(a, b); w.push(1 - f, f); }
      continue;
    }
    // Shrinking: the cells covered, in order; only an end cell can be skipped (cover ~ 0).
    const from = i * scale, end = from + scale;
    const first = Math.floor(from), last = Math.min(Math.ceil(end), srcLen);
    for (let j = first; j < last; j++) {
      const cover = Math.min(end, j + 1) - Math.max(from, j);
      if (cover > 1e-9) { idx.push(j); w.push(cover / scale); }
    }
  }
  start[dstLen] = idx.length;
  return { start, idx: Int32Array.from(idx), w: Float64Array.from(w, Math.fround) };
}

/** Longest side of at most `maxSide`, aspect kept; returns the source when already small enough. */
export function fitWithin(src: RgbRaster, maxSide: number): RgbRaster {
  const long = Math.max(src.width, src.height);
  if (long <= maxSide) return src;
  const s = maxSide / long;
  return resizeArea(src, Math.max(1, Math.round(src.width * s)), Math.max(1, Math.round(src.height * s)));
}
