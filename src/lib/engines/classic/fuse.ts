import { mulberry32 } from '../../random.ts';

/** One block of the fused descriptor and how much it counts. */
export interface Block {
  readonly values: Float32Array;
  /** share of the block in the cosine of two fused vectors */
  readonly weight: number;
  /** signed power applied first: 0.5 turns a histogram into its square root (Hellinger) */
  readonly power: number;
  /**
   * subtract the block's own mean before normalising: two unrelated histograms then score about 0
   * instead of "everything positive overlaps a bit", which makes block scores comparable
   */
  readonly centre: boolean;
  /**
   * how much the block can be trusted, in [0, 1] (1 if omitted): the colour blocks of a nearly
   * grey image say little. The untrusted share is replaced by noise (see `fuse`).
   */
  readonly confidence?: number;
}

/**
 * Concatenates blocks into one vector: each block is power-normalised, optionally centred, scaled
 * to unit L2 length, then multiplied by √weight. Every vector therefore has the same length
 * √Σweight, and the cosine of two vectors is the weight-averaged cosine of their blocks; L2
 * distance ranks exactly the same way, L1 and correlation nearly so.
 *
 * A block that is empty (all zero, e.g. the colour of a grey image) or untrusted is filled, in
 * proportion, with a pseudo-random unit vector seeded by `seed` (derived from the image itself, so
 * the same image always gives the same vector). A zero block would be worse: cosine divides by the
 * whole length, so it would quietly inflate the image's other blocks and make all grey images look
 * alike. Random filler is orthogonal to everything on average, so "unknown" counts as "no
 * evidence either way" against colour and grey images alike.
 */
export function fuse(blocks: readonly Block[], seed = 1): Float32Array {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.values.length, 0));
  const rand = mulberry32(seed);
  let at = 0;
  for (const b of blocks) {
    const v = out.subarray(at, at + b.values.length);
    at += v.length;
    let sum = 0;
    for (let i = 0; i < v.length; i++) {
      const x = b.values[i];
      const y = b.power === 1 ? x : x < 0 ? -Math.pow(-x, b.power) : Math.pow(x, b.power);
      v[i] = y;
      sum += y;
    }
    if (b.centre) subtractMean(v, sum);
    const len = norm(v);
    const conf = len > 1e-12 ? Math.min(1, Math.max(0, b.confidence ?? 1)) : 0;
    for (let i = 0; i < v.length; i++) v[i] = conf > 0 ? (v[i] / len) * conf : 0;
    if (conf < 1) {
      const r = new Float32Array(v.length);
      let s = 0;
      for (let i = 0; i < r.length; i++) { r[i] = rand() - 0.5; s += r[i]; }
      if (b.centre) subtractMean(r, s);
      const k = Math.sqrt(1 - conf * conf) / (norm(r) || 1);
      for (let i = 0; i < v.length; i++) v[i] += r[i] * k;
    }
    const k = Math.sqrt(b.weight) / (norm(v) || 1);
    for (let i = 0; i < v.length; i++) v[i] *= k;
  }
  return out;
}

function subtractMean(v: Float32Array, sum: number): void {
  const mean = sum / v.length;
  for (let i = 0; i < v.length; i++) v[i] -= mean;
}

function norm(v: Float32Array): number {
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += v[i] * v[i];
  return Math.sqrt(ss);
}

/** FNV-1a over bytes: the filler seed, from the working image so equal images get equal filler. */
export function hashBytes(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h;
}
