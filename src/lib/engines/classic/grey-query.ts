import { CLASSIC_BLOCKS, classicEngine } from './index.ts';

/** The colour blocks: what a nearly grey image cannot say anything about. */
const COLOUR_BLOCKS = [CLASSIC_BLOCKS.chromaEdges, CLASSIC_BLOCKS.spatialColour, CLASSIC_BLOCKS.layoutChroma] as const;

/** The chroma-edge block of an image with luma edges and no colour: pure filler (see fuse.ts). */
const GREY_FILLER: Float32Array = (() => {
  const side = 16, data = new Uint8Array(side * side * 3);
  for (let i = 0; i < side * side; i++) data.fill(((i % side) + (i / side | 0)) % 2 ? 200 : 60, i * 3, i * 3 + 3);
  const [a, b] = CLASSIC_BLOCKS.chromaEdges;
  return classicEngine.extract({ width: side, height: side, data }).slice(a, b);
})();

/** How far the query's chroma-edge block is the grey filler: 1 for a grey image, about 0 for colour. */
export function greyness(vector: Float32Array): number {
  const [a, b] = CLASSIC_BLOCKS.chromaEdges;
  let dot = 0, qq = 0, ff = 0;
  for (let i = a; i < b; i++) { dot += vector[i] * GREY_FILLER[i - a]; qq += vector[i] * vector[i]; ff += GREY_FILLER[i - a] ** 2; }
  return qq > 0 && ff > 0 ? dot / Math.sqrt(qq * ff) : 0;
}

/**
 * The query vector to rank with: a nearly grey query image (a grayscale copy, a black-and-white
 * photo) is compared on its luma blocks only. Its colour blocks are filler or grey bins, which
 * every grey image in the index shares, so left in they rank other grey images above the query's
 * own coloured originals. Colour queries are returned as they are.
 */
export function classicQueryVector(vector: Float32Array, threshold = 0.9): Float32Array {
  if (vector.length !== classicEngine.dim || greyness(vector) < threshold) return vector;
  const out = vector.slice();
  for (const [a, b] of COLOUR_BLOCKS) out.fill(0, a, b);
  return out;
}
