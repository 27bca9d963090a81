import type { Engine } from '../types.ts';
import type { RgbRaster } from '../../image/raster.ts';
import { colourLayout } from './colour-layout.ts';
import { normalisedLuma, toPlanes, type Planes } from './colour-space.ts';
import { framing } from './content-box.ts';
import { workingImage } from './descriptor.ts';
import { edgeHistogram } from './edge-histogram.ts';
import { fuse, type Block } from './fuse.ts';
import { canonicalOrientation, turnHalf } from './orientation.ts';
import { spatialColour } from './spatial-colour.ts';
import { texture } from './texture.ts';

/** Side the content box is searched at, and the sides the blocks are computed at. */
const BOX_SIDE = 256, SMALL = 32, TEXTURE_SIDE = 64;
const FILLER_SEED = 1;
/**
 * Flat pictures: a block normalised to unit length from almost nothing is decoder noise (the
 * browser's and Node's decoders differ by a level or two), so below these raw amounts the block
 * fades to the fixed-seed filler, the same on both sides. Luma layout: spread of the 8×8 grid's
 * luma (0..0.5); chroma edges: the block's raw sum (photos ≥ ~70, flat wallpapers ≤ ~0.3).
 */
const FLAT_LAYOUT: readonly [number, number] = [0.01, 0.03], FLAT_CHROMA_EDGES: readonly [number, number] = [0.5, 5];
const ramp = (x: number, [lo, hi]: readonly [number, number]) => Math.min(1, Math.max(0, (x - lo) / (hi - lo)));

/**
 * Block weights (shares of the cosine), chosen by a coordinate search on the development sets
 * (emoji pairs + near-duplicate photos + near-duplicate emoji; docs/CLASSIC.md).
 */
const W = { edges: 0.56, chromaEdges: 0.07, spatialColour: 0.099, layoutLuma: 0.142, layoutChroma: 0.049, texture: 0.06 };

function at(img: RgbRaster, side: number): { img: RgbRaster; planes: Planes; luma: Float32Array } {
  const small = workingImage(img, side);
  const planes = toPlanes(small);
  return { img: small, planes, luma: normalisedLuma(planes.y) };
}

/** Edges of the two chroma planes (amplified: chroma varies less than luma). */
function chromaEdges(p: Planes): Float32Array {
  const o = { orientations: 8, grid: 4, noise: 0.02, signed: true };
  const a = edgeHistogram(p, p.cb.map((v) => v * 4), o), b = edgeHistogram(p, p.cr.map((v) => v * 4), o);
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** The blocks of an image's descriptor, in the order `fuse` lays them out (see CLASSIC_BLOCKS). */
function blocksOf(image: RgbRaster, halfTurn = false): Block[] | undefined {
  const { raster, drawing } = framing(workingImage(image, BOX_SIDE));
  if (halfTurn && drawing) return undefined;
  // Pictures are turned to a canonical orientation, so a copy turned by 90° matches; drawings on
  // a plain background keep theirs (an arrow's direction is its meaning).
  const canonical = drawing ? raster : canonicalOrientation(raster);
  const framed = halfTurn ? turnHalf(canonical) : canonical;
  const s = at(framed, SMALL), t = at(framed, TEXTURE_SIDE);
  const [layoutLuma, layoutChroma, lumaSpread] = colourLayout(s.img, { lumaOrder: 7, chromaOrder: 5, grid: 8 });
  const edgesOfChroma = chromaEdges(s.planes);
  let chromaEnergy = 0;
  for (const v of edgesOfChroma) chromaEnergy += Math.abs(v);
  const blocks: Block[] = [
    { values: edgeHistogram(s.planes, s.luma, { orientations: 16, grid: 4, noise: 0.02, signed: true }), weight: W.edges, power: 0.5, centre: false },
    { values: edgesOfChroma, weight: W.chromaEdges, power: 0.5, centre: false, confidence: ramp(chromaEnergy, FLAT_CHROMA_EDGES) },
    { values: spatialColour(s.planes, s.planes.y, { grid: 5, hues: 8, shades: 1, greys: 2, grey: 0.06, colour: 0.22 }), weight: W.spatialColour, power: 0.5, centre: false },
    { values: layoutLuma, weight: W.layoutLuma, power: 1, centre: false, confidence: ramp(lumaSpread, FLAT_LAYOUT) },
    { values: layoutChroma, weight: W.layoutChroma, power: 1, centre: false },
    { values: texture(t.luma, t.img.width, t.img.height, { radii: [1, 2], tolerance: 0.02 }), weight: W.texture, power: 0.5, centre: false },
  ];
  return blocks;
}

// A fixed filler seed: a seed hashed from the pixels would differ between two decoders that
// disagree by one level, and the browser and Node must give the same vector for the same file.
const describe = (image: RgbRaster): Float32Array => fuse(blocksOf(image)!, FILLER_SEED);

/**
 * The vector of a picture as its canonical orientation would be upside down; undefined for a
 * drawing (never turned). Canonical orientation puts the brighter long side up, so a copy of a
 * picture whose bottom is brighter, turned by 90°, comes back upside down: "Verify matches" ranks
 * with this vector too, so such a copy reaches the results it checks (src/lib/verify/candidates.ts).
 */
export function halfTurnedVector(image: RgbRaster): Float32Array | undefined {
  const blocks = blocksOf(image, true);
  return blocks && fuse(blocks, FILLER_SEED);
}

export type ClassicBlockName = 'edges' | 'chromaEdges' | 'spatialColour' | 'layoutLuma' | 'layoutChroma' | 'texture';
const BLOCK_ORDER: readonly ClassicBlockName[] = ['edges', 'chromaEdges', 'spatialColour', 'layoutLuma', 'layoutChroma', 'texture'];

/** Where each block lies in the classic vector: [start, end) per block name. */
export const CLASSIC_BLOCKS: Readonly<Record<ClassicBlockName, readonly [number, number]>> = (() => {
  const sizes = blocksOf({ width: 16, height: 16, data: new Uint8Array(16 * 16 * 3) })!.map((b) => b.values.length);
  let at = 0;
  return Object.fromEntries(BLOCK_ORDER.map((name, i) => [name, [at, (at += sizes[i])] as const])) as Record<ClassicBlockName, readonly [number, number]>;
})();

const DIM = CLASSIC_BLOCKS.texture[1];

export const classicEngine: Engine = {
  id: 'classic',
  version: 2,
  dim: DIM,
  label: 'Classic (colour + texture + layout)',
  description: 'Weight-free descriptors fused into one vector: edge and chroma-edge histograms, spatial colour, colour layout and texture, on the content box. Cosine ranks it.',
  defaultMeasure: 'cosine',
  extract: describe,
};
