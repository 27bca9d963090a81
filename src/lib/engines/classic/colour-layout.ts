import type { RgbRaster } from '../../image/raster.ts';
import { resizeArea } from '../../image/resize.ts';

export interface ColourLayoutOptions {
  /** luma coefficients kept: all (u, v) with u + v ≤ lumaOrder, except the DC term */
  readonly lumaOrder: number;
  /** chroma coefficients kept per channel: all (u, v) with u + v ≤ chromaOrder, DC included */
  readonly chromaOrder: number;
  /** cells per side of the grid the DCT runs on (MPEG-7 uses 8) */
  readonly grid: number;
}

export const COLOUR_LAYOUT: ColourLayoutOptions = { lumaOrder: 4, chromaOrder: 2, grid: 8 };

function count(order: number, N: number): number {
  let n = 0;
  for (let u = 0; u < N; u++) for (let v = 0; v < N; v++) if (u + v <= order) n++;
  return n;
}

export function layoutLumaDim(o: ColourLayoutOptions = COLOUR_LAYOUT): number { return count(o.lumaOrder, o.grid) - 1; }
export function layoutChromaDim(o: ColourLayoutOptions = COLOUR_LAYOUT): number { return 2 * count(o.chromaOrder, o.grid); }

const bases = new Map<number, Float32Array>();

/** cos((2x+1)uπ/2N) with the orthonormal scale folded in, one table per grid size */
function basis(N: number): Float32Array {
  let b = bases.get(N);
  if (!b) {
    b = new Float32Array(N * N);
    for (let u = 0; u < N; u++) for (let x = 0; x < N; x++) b[u * N + x] = (u ? Math.sqrt(2 / N) : Math.sqrt(1 / N)) * Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
    bases.set(N, b);
  }
  return b;
}

/**
 * MPEG-7 colour layout: the image squashed to an N×N grid (the shared area resize), each cell's
 * mean Y / Cb / Cr, then the low frequencies of a 2-D DCT. Luma is normalised to zero mean and
 * unit spread over the grid first, so brightness and contrast edits leave it alone (its DC term
 * is then always 0 and dropped). Coefficients with an odd horizontal frequency flip sign under a
 * left–right mirror, so they are kept as magnitudes: the layout is mirror-invariant.
 * Returns [luma block, chroma block] so they can be weighted separately (chroma is 0 for greys),
 * and the luma spread of the grid (standard deviation, 0..0.5) before normalisation: below about
 * 0.01 the grid is flat and its luma block is rounding noise.
 */
export function colourLayout(img: RgbRaster, o: ColourLayoutOptions = COLOUR_LAYOUT): [Float32Array, Float32Array, number] {
  const N = o.grid;
  const grid = resizeArea(img, N, N).data;
  const y = new Float32Array(N * N), cb = new Float32Array(N * N), cr = new Float32Array(N * N);
  let s = 0, ss = 0;
  for (let i = 0; i < N * N; i++) {
    const r = grid[i * 3] / 255, g = grid[i * 3 + 1] / 255, b = grid[i * 3 + 2] / 255;
    const l = 0.299 * r + 0.587 * g + 0.114 * b;
    y[i] = l; cb[i] = 0.564 * (b - l); cr[i] = 0.713 * (r - l);
    s += l; ss += l * l;
  }
  const mean = s / (N * N), sd = Math.sqrt(Math.max(ss / (N * N) - mean * mean, 0));
  for (let i = 0; i < N * N; i++) y[i] = (y[i] - mean) / Math.max(sd, 0.02);
  const luma = lowFrequencies(y, N, o.lumaOrder).subarray(1);
  const cbk = lowFrequencies(cb, N, o.chromaOrder), crk = lowFrequencies(cr, N, o.chromaOrder);
  const chroma = new Float32Array(cbk.length + crk.length);
  chroma.set(cbk); chroma.set(crk, cbk.length);
  return [luma.slice(), chroma, sd];
}

/** DCT coefficients (v = vertical, u = horizontal frequency) with u + v ≤ order, DC first. */
function lowFrequencies(plane: Float32Array, N: number, order: number): Float32Array {
  const B = basis(N);
  const out = new Float32Array(count(order, N));
  let k = 0;
  for (let sum = 0; sum <= order; sum++) {
    for (let v = 0; v <= sum; v++) {
      const u = sum - v;
      if (u >= N || v >= N) continue;
      let c = 0;
      for (let y = 0; y < N; y++) {
        const by = B[v * N + y];
        for (let x = 0; x < N; x++) c += by * B[u * N + x] * plane[y * N + x];
      }
      out[k++] = u % 2 ? Math.abs(c) : c;
    }
  }
  return out;
}
