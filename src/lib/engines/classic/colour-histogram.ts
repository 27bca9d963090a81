import type { Planes } from './colour-space.ts';

export interface ColourHistogramOptions {
  /** hue bins around the wheel (soft, circular) */
  readonly hues: number;
  /** lightness levels for coloured pixels (soft) */
  readonly shades: number;
  /** lightness levels for grey pixels (soft); 0 leaves grey pixels out, so a grey image gives a zero block */
  readonly greys: number;
  /** chroma below `grey` is pure grey, above `colour` pure colour, linear in between */
  readonly grey: number;
  readonly colour: number;
}

export const COLOUR_HISTOGRAM: ColourHistogramOptions = { hues: 12, shades: 2, greys: 0, grey: 0.06, colour: 0.22 };

export function colourHistogramDim(o: ColourHistogramOptions = COLOUR_HISTOGRAM): number {
  return o.hues * o.shades + o.greys;
}

/**
 * Fuzzy colour histogram in the spirit of CEDD's 24 fuzzy colours: every pixel spreads one unit of
 * mass over its two nearest hue bins, two nearest shade levels and, in proportion to how grey it
 * is, over the two nearest grey levels. Soft edges keep JPEG noise and small brightness or
 * saturation shifts from flipping pixels between bins. `light` is the lightness plane to use
 * (raw or normalised luma). Returns mass per bin (sums to the pixel count).
 */
export function colourHistogram(p: Planes, light: Float32Array, o: ColourHistogramOptions = COLOUR_HISTOGRAM): Float32Array {
  const out = new Float32Array(colourHistogramDim(o));
  const greyBase = o.hues * o.shades;
  const span = o.colour - o.grey;
  for (let i = 0; i < p.y.length; i++) {
    const c = p.chroma[i];
    const wc = c <= o.grey ? 0 : c >= o.colour ? 1 : (c - o.grey) / span;
    const l = light[i] < 0 ? 0 : light[i] > 1 ? 1 : light[i];
    if (wc < 1 && o.greys > 0) spread(out, greyBase, o.greys, l, 1 - wc);
    if (wc > 0) {
      const h = (p.hue[i] / 6) * o.hues - 0.5;
      const h0 = Math.floor(h), fh = h - h0;
      const a = ((h0 % o.hues) + o.hues) % o.hues, b = (a + 1) % o.hues;
      spread(out, a * o.shades, o.shades, l, wc * (1 - fh));
      spread(out, b * o.shades, o.shades, l, wc * fh);
    }
  }
  return out;
}

/** Adds `w` to `levels` bins at `base` by linear interpolation of x ∈ [0, 1] between bin centres. */
export function spread(out: Float32Array, base: number, levels: number, x: number, w: number): void {
  if (levels === 1) { out[base] += w; return; }
  const t = x * levels - 0.5;
  if (t <= 0) { out[base] += w; return; }
  if (t >= levels - 1) { out[base + levels - 1] += w; return; }
  const k = Math.floor(t), f = t - k;
  out[base + k] += w * (1 - f);
  out[base + k + 1] += w * f;
}

/** Soft histogram of lightness over all pixels, colour or not: the part of colour a grey copy keeps. */
export function lightnessHistogram(light: Float32Array, bins: number): Float32Array {
  const out = new Float32Array(bins);
  for (let i = 0; i < light.length; i++) spread(out, 0, bins, light[i] < 0 ? 0 : light[i] > 1 ? 1 : light[i], 1);
  return out;
}
