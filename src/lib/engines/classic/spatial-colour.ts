import { spread } from './colour-histogram.ts';
import type { Planes } from './colour-space.ts';

export interface SpatialColourOptions {
  /** the image is split into grid × grid cells (soft, bilinear between cell centres) */
  readonly grid: number;
  /** hue bins per cell (soft, circular); grey pixels add nothing */
  readonly hues: number;
  /** lightness levels per hue (soft), so dark orange (brown) is told from light orange (skin) */
  readonly shades: number;
  /** lightness levels per cell over all pixels, weighted by how grey each pixel is (0 = none) */
  readonly greys: number;
  /** chroma below `grey` is pure grey, above `colour` pure colour, linear in between */
  readonly grey: number;
  readonly colour: number;
}

export const SPATIAL_COLOUR: SpatialColourOptions = { grid: 6, hues: 8, shades: 1, greys: 2, grey: 0.06, colour: 0.22 };

export function spatialColourDim(o: SpatialColourOptions = SPATIAL_COLOUR): number {
  return o.grid * Math.ceil(o.grid / 2) * (o.hues * o.shades + o.greys);
}

/**
 * Where the colours are: a soft hue histogram per cell of a grid (the role of MPEG-7's colour
 * layout and of LIRE's spatial pyramids, at hue resolution). Cells are pooled with their
 * left–right mirror cell, so a flipped image gives the same block while top/bottom and
 * centre/edge placement still count. Grey pixels add nothing unless `greys` > 0.
 */
export function spatialColour(p: Planes, light: Float32Array, o: SpatialColourOptions = SPATIAL_COLOUR): Float32Array {
  const { width: w, height: h } = p;
  const g = o.grid, half = Math.ceil(g / 2), nc = o.hues * o.shades, nb = nc + o.greys;
  const out = new Float32Array(g * half * nb);
  const span = o.colour - o.grey;
  const local = new Float32Array(nb);
  const col = new Int32Array(w * 2), colW = new Float32Array(w * 2);
  for (let x = 0; x < w; x++) {
    const cx = ((x + 0.5) / w) * g - 0.5, x0 = Math.floor(cx), fx = cx - x0;
    for (let d = 0; d < 2; d++) {
      const c = x0 + d;
      col[x * 2 + d] = c < 0 || c >= g ? -1 : c < half ? c : g - 1 - c;
      colW[x * 2 + d] = d ? fx : 1 - fx;
    }
  }
  for (let y = 0; y < h; y++) {
    const cy = ((y + 0.5) / h) * g - 0.5, y0 = Math.floor(cy), fy = cy - y0;
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const c = p.chroma[i];
      const wc = c <= o.grey ? 0 : c >= o.colour ? 1 : (c - o.grey) / span;
      if (wc === 0 && o.greys === 0) continue;
      const l = light[i] < 0 ? 0 : light[i] > 1 ? 1 : light[i];
      local.fill(0);
      if (wc > 0) {
        const t = (p.hue[i] / 6) * o.hues - 0.5;
        const t0 = Math.floor(t), f = t - t0;
        const a = ((t0 % o.hues) + o.hues) % o.hues;
        spread(local, a * o.shades, o.shades, l, wc * (1 - f));
        spread(local, ((a + 1) % o.hues) * o.shades, o.shades, l, wc * f);
      }
      if (o.greys > 0 && wc < 1) spread(local, nc, o.greys, l, 1 - wc);
      for (let dy = 0; dy < 2; dy++) {
        const r = y0 + dy;
        if (r < 0 || r >= g) continue;
        const wy = dy ? fy : 1 - fy;
        for (let dx = 0; dx < 2; dx++) {
          const cc = col[x * 2 + dx];
          if (cc < 0) continue;
          const k = wy * colW[x * 2 + dx], base = (r * half + cc) * nb;
          for (let b = 0; b < nb; b++) out[base + b] += k * local[b];
        }
      }
    }
  }
  return out;
}
