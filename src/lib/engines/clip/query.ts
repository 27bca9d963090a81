/** Vector arithmetic for CLIP queries: every vector the engine ranks with is unit length. */

export function normalize(v: Float32Array): Float32Array {
  let ss = 0;
  for (let i = 0; i < v.length; i++) ss += v[i] * v[i];
  const out = new Float32Array(v.length);
  if (ss === 0) return out;
  const inv = 1 / Math.sqrt(ss);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv;
  return out;
}

export function mean(vectors: readonly Float32Array[]): Float32Array {
  if (vectors.length === 0) throw new RangeError('mean of no vectors');
  const out = new Float32Array(vectors[0].length);
  for (const v of vectors) {
    if (v.length !== out.length) throw new RangeError(`vectors of ${v.length} and ${out.length} dims cannot be averaged`);
    for (let i = 0; i < v.length; i++) out[i] += v[i] / vectors.length;
  }
  return out;
}

export const DEFAULT_ALPHA = 0.6;

/**
 * The seeds' hybrid query: normalize(α·text + (1−α)·mean(images)), each part unit length first.
 * Text only or images only use that part alone (α is then irrelevant).
 */
export function hybridQuery(parts: { text?: Float32Array; images?: readonly Float32Array[]; alpha?: number }): Float32Array {
  const alpha = parts.alpha ?? DEFAULT_ALPHA;
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`α must be between 0 and 1, got ${alpha}`);
  const text = parts.text ? normalize(parts.text) : undefined;
  const image = parts.images && parts.images.length > 0 ? normalize(mean(parts.images.map(normalize))) : undefined;
  if (text && image) {
    if (text.length !== image.length) throw new RangeError(`text (${text.length}-d) and image (${image.length}-d) vectors differ`);
    return normalize(text.map((t, i) => alpha * t + (1 - alpha) * image[i]));
  }
  const only = text ?? image;
  if (!only) throw new RangeError('a query needs text, an image, or both');
  return only;
}

/** Bumped when stored CLIP vectors change meaning (pre-processing, normalisation); with the model id it says whether they can be reused. */
export const CLIP_VECTORS_VERSION = 1;
