import type { RgbRaster } from '../../image/raster.ts';

/**
 * Per-pixel planes every block reads, computed once per image (no per-pixel allocation):
 * luma and two opponent-colour planes, plus HSV-style hue / chroma for the colour histograms.
 * All values are floats in [0, 1] except `hue` (in [0, 6), the six sectors of the colour wheel)
 * and `cb`/`cr` (in [-0.5, 0.5]).
 */
export interface Planes {
  readonly width: number;
  readonly height: number;
  /** Rec. 601 luma */
  readonly y: Float32Array;
  readonly cb: Float32Array;
  readonly cr: Float32Array;
  /** max(r,g,b) − min(r,g,b): 0 for greys, 1 for fully saturated primaries */
  readonly chroma: Float32Array;
  /** hue sector position in [0, 6); meaningless (0) where chroma is 0 */
  readonly hue: Float32Array;
}

export function toPlanes(img: RgbRaster): Planes {
  const n = img.width * img.height;
  const y = new Float32Array(n), cb = new Float32Array(n), cr = new Float32Array(n);
  const chroma = new Float32Array(n), hue = new Float32Array(n);
  const d = img.data;
  for (let i = 0, p = 0; i < n; i++, p += 3) {
    const r = d[p] / 255, g = d[p + 1] / 255, b = d[p + 2] / 255;
    const l = 0.299 * r + 0.587 * g + 0.114 * b;
    y[i] = l;
    cb[i] = 0.564 * (b - l);
    cr[i] = 0.713 * (r - l);
    const max = r > g ? (r > b ? r : b) : g > b ? g : b;
    const min = r < g ? (r < b ? r : b) : g < b ? g : b;
    const c = max - min;
    chroma[i] = c;
    if (c > 0) {
      let h = max === r ? (g - b) / c : max === g ? 2 + (b - r) / c : 4 + (r - g) / c;
      if (h < 0) h += 6;
      hue[i] = h;
    }
  }
  return { width: img.width, height: img.height, y, cb, cr, chroma, hue };
}

/**
 * Luma stretched to zero mean and unit spread, then mapped back to about [0, 1]
 * (mean 0.5, ±2 standard deviations), so brightness and contrast edits hardly move it.
 */
export function normalisedLuma(y: Float32Array, out = new Float32Array(y.length)): Float32Array {
  let s = 0, ss = 0;
  for (let i = 0; i < y.length; i++) { s += y[i]; ss += y[i] * y[i]; }
  const mean = s / y.length;
  const sd = Math.sqrt(Math.max(ss / y.length - mean * mean, 0));
  const k = 0.25 / Math.max(sd, 0.02);
  for (let i = 0; i < y.length; i++) out[i] = 0.5 + (y[i] - mean) * k;
  return out;
}

/**
 * Share of the image that is coloured, in [0, 1]: the mean over pixels of a soft "is coloured"
 * weight (0 below chroma `grey`, 1 above `colour`). 0 for a grey image.
 */
export function colourfulness(p: Planes, grey: number, colour: number): number {
  let s = 0;
  const span = colour - grey;
  for (let i = 0; i < p.chroma.length; i++) {
    const c = p.chroma[i];
    s += c <= grey ? 0 : c >= colour ? 1 : (c - grey) / span;
  }
  return p.chroma.length ? s / p.chroma.length : 0;
}
