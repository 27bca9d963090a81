import type { Planes } from './colour-space.ts';

export interface EdgeHistogramOptions {
  /** orientation bins (soft); even, so the mirror maps bins onto bins */
  readonly orientations: number;
  /** the image is split into grid × grid cells (soft, bilinear between cell centres) */
  readonly grid: number;
  /** gradient magnitude (on normalised luma) below which a pixel is treated as flat */
  readonly noise: number;
  /**
   * true: gradient direction over [0, 2π), so dark-on-light and light-on-dark edges differ;
   * false: orientation over [0, π)
   */
  readonly signed: boolean;
}

export const EDGE_HISTOGRAM: EdgeHistogramOptions = { orientations: 8, grid: 4, noise: 0.02, signed: false };

export function edgeHistogramDim(o: EdgeHistogramOptions = EDGE_HISTOGRAM): number {
  return o.orientations * o.grid * Math.ceil(o.grid / 2);
}

/**
 * Spatial histogram of edge orientations (the role of MPEG-7's edge histogram and CEDD's texture
 * part): per cell, gradient magnitude (minus a noise floor) summed into soft orientation bins.
 * Computed on contrast-normalised luma, so colour loss, brightness and contrast barely move it.
 *
 * Mirror-tolerant by construction: a left–right flip sends column c to grid−1−c and an edge at
 * angle θ to π−θ, so each cell is pooled with its mirror cell with that cell's orientations
 * reflected. The pooled histogram is identical for an image and its mirror, yet still tells a
 * "/" on the left from a "\\" on the left.
 */
export function edgeHistogram(p: Planes, luma: Float32Array, o: EdgeHistogramOptions = EDGE_HISTOGRAM): Float32Array {
  const { width: w, height: h } = p;
  const g = o.grid, nb = o.orientations;
  const full = new Float32Array(g * g * nb);
  const range = o.signed ? 2 * Math.PI : Math.PI;
  const binScale = nb / range;
  for (let y = 1; y < h - 1; y++) {
    const cy = ((y + 0.5) / h) * g - 0.5;
    const y0 = Math.floor(cy), fy = cy - y0;
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      const gx = luma[i + 1] - luma[i - 1];
      const gy = luma[i + w] - luma[i - w];
      const m = Math.sqrt(gx * gx + gy * gy) - o.noise;
      if (m <= 0) continue;
      // direction in [0, range), bin centres at k·range/nb
      let t = Math.atan2(gy, gx);
      if (t < 0) t += range;
      const b = t * binScale;
      const b0 = Math.floor(b), fb = b - b0;
      const o0 = b0 % nb, o1 = (b0 + 1) % nb;
      const cx = ((x + 0.5) / w) * g - 0.5;
      const x0 = Math.floor(cx), fx = cx - x0;
      for (let dy = 0; dy < 2; dy++) {
        const ry = y0 + dy;
        if (ry < 0 || ry >= g) continue;
        const wy = dy ? fy : 1 - fy;
        for (let dx = 0; dx < 2; dx++) {
          const rx = x0 + dx;
          if (rx < 0 || rx >= g) continue;
          const wxy = m * wy * (dx ? fx : 1 - fx);
          const cell = (ry * g + rx) * nb;
          full[cell + o0] += wxy * (1 - fb);
          full[cell + o1] += wxy * fb;
        }
      }
    }
  }
  return foldMirror(full, g, nb, o.signed);
}

/**
 * Pools cell (r, c) with cell (r, g−1−c) whose orientation bins are reflected: θ → π − θ, which
 * is bin k → −k (mod nb) for orientations over [0, π) and k → nb/2 − k for directions over [0, 2π).
 */
export function foldMirror(full: Float32Array, g: number, nb: number, signed = false): Float32Array {
  const shift = signed ? nb / 2 : 0;
  const half = Math.ceil(g / 2);
  const out = new Float32Array(g * half * nb);
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < half; c++) {
      const a = (r * g + c) * nb, m = (r * g + (g - 1 - c)) * nb, o = (r * half + c) * nb;
      for (let k = 0; k < nb; k++) out[o + k] = full[a + k] + full[m + ((shift - k + nb) % nb)];
    }
  }
  return out;
}

/**
 * The same histogram over colour boundaries: gradients of the two opponent-colour planes (Cb: blue
 * vs yellow, Cr: red vs green), signed, so "red above green" differs from "green above red". Blind
 * to shading and to outlines drawn in a darker shade of the same colour, it is the block least
 * affected by drawing style; a grey image gives an all-zero block.
 */
export function chromaEdgeHistogram(p: Planes, o: EdgeHistogramOptions): Float32Array {
  const plane = new Float32Array(p.cb.length);
  const out = new Float32Array(2 * edgeHistogramDim(o));
  // Cb and Cr span about ±0.5; ×4 puts their gradients on the scale of normalised luma.
  for (let i = 0; i < plane.length; i++) plane[i] = p.cb[i] * 4;
  out.set(edgeHistogram(p, plane, o));
  for (let i = 0; i < plane.length; i++) plane[i] = p.cr[i] * 4;
  out.set(edgeHistogram(p, plane, o), out.length / 2);
  return out;
}
