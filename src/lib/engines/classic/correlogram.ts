import type { Planes } from './colour-space.ts';

export interface CorrelogramOptions {
  /** hue bins for coloured pixels */
  readonly hues: number;
  /** lightness levels for coloured pixels */
  readonly shades: number;
  /** lightness levels for grey pixels; 0 leaves grey pixels out (a grey image gives a zero block) */
  readonly greys: number;
  /** chroma at or above this counts as coloured */
  readonly chroma: number;
  /** pixel distances at which colour coherence is measured */
  readonly distances: readonly number[];
  /**
   * 'probability': P(neighbour is c | pixel is c), LIRE's auto-correlogram;
   * 'joint': P(pixel is c and neighbour is c), which also carries how much of c there is
   * and keeps a colour of three pixels from counting as much as one covering half the image.
   */
  readonly mode: 'probability' | 'joint';
}

export const CORRELOGRAM: CorrelogramOptions = { hues: 8, shades: 2, greys: 0, chroma: 0.14, distances: [1, 3, 6], mode: 'joint' };

export function correlogramDim(o: CorrelogramOptions = CORRELOGRAM): number {
  return (o.hues * o.shades + o.greys) * o.distances.length;
}

const SKIP = 255;

/** Hard colour index per pixel: hue × shade for coloured pixels, then the grey levels. */
export function quantise(p: Planes, light: Float32Array, o: CorrelogramOptions, out = new Uint8Array(p.y.length)): Uint8Array {
  const greyBase = o.hues * o.shades;
  for (let i = 0; i < out.length; i++) {
    const l = light[i] < 0 ? 0 : light[i] >= 1 ? 0.9999 : light[i];
    if (p.chroma[i] < o.chroma) out[i] = o.greys > 0 ? greyBase + Math.floor(l * o.greys) : SKIP;
    else out[i] = Math.floor((p.hue[i] / 6) * o.hues) % o.hues * o.shades + Math.floor(l * o.shades);
  }
  return out;
}

/**
 * Auto colour correlogram (Huang et al. 1997, as in LIRE): for each colour c and distance d, the
 * probability that a pixel d steps right or down from a c-pixel is also c. It tells a blob of red
 * from red speckles, which a histogram cannot. Horizontal and vertical pairs only, counted in both
 * directions, so a left–right mirror gives exactly the same values.
 */
export function correlogram(p: Planes, light: Float32Array, o: CorrelogramOptions = CORRELOGRAM): Float32Array {
  const { width: w, height: h } = p;
  const q = quantise(p, light, o);
  const k = o.hues * o.shades + o.greys;
  const out = new Float32Array(k * o.distances.length);
  const same = new Float32Array(k), total = new Float32Array(k);
  let pairs = 0;
  const count = (c: number, e: number) => {
    pairs += 2;
    if (c !== SKIP) total[c]++;
    if (e !== SKIP) total[e]++;
    if (e === c && c !== SKIP) same[c] += 2;
  };
  o.distances.forEach((d, di) => {
    same.fill(0);
    total.fill(0);
    pairs = 0;
    for (let y = 0; y < h; y++) {
      const row = y * w;
      for (let x = 0; x < w; x++) {
        const c = q[row + x];
        if (x + d < w) count(c, q[row + x + d]);
        if (y + d < h) count(c, q[row + d * w + x]);
      }
    }
    for (let c = 0; c < k; c++) {
      const den = o.mode === 'joint' ? pairs : total[c];
      out[c * o.distances.length + di] = den > 0 ? same[c] / den : 0;
    }
  });
  return out;
}
