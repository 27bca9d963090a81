import type { RgbRaster } from '../../image/raster.ts';
import { fitWithin, resizeArea } from '../../image/resize.ts';
import { COLOUR_HISTOGRAM, colourHistogram, lightnessHistogram, type ColourHistogramOptions } from './colour-histogram.ts';
import { COLOUR_LAYOUT, colourLayout, type ColourLayoutOptions } from './colour-layout.ts';
import { normalisedLuma, toPlanes } from './colour-space.ts';
import { CORRELOGRAM, correlogram, type CorrelogramOptions } from './correlogram.ts';
import { EDGE_HISTOGRAM, edgeHistogram, type EdgeHistogramOptions } from './edge-histogram.ts';
import { SPATIAL_COLOUR, spatialColour, type SpatialColourOptions } from './spatial-colour.ts';
import { TEXTURE, texture, type TextureOptions } from './texture.ts';

export type BlockName = 'colour' | 'lightness' | 'correlogram' | 'lumaCorrelogram' | 'edges' | 'texture' | 'layoutLuma' | 'layoutChroma' | 'spatialColour';
export const BLOCK_NAMES: readonly BlockName[] = ['colour', 'lightness', 'correlogram', 'lumaCorrelogram', 'edges', 'texture', 'layoutLuma', 'layoutChroma', 'spatialColour'];

export interface DescriptorParams {
  /** longest side of the working image, reached by shrinking or enlarging with the shared resize */
  readonly side: number;
  readonly colour: ColourHistogramOptions;
  readonly correlogram: CorrelogramOptions;
  readonly lightness: number;
  readonly lumaCorrelogram: CorrelogramOptions;
  readonly edges: EdgeHistogramOptions;
  readonly texture: TextureOptions;
  readonly layout: ColourLayoutOptions;
  readonly spatialColour: SpatialColourOptions;
  /** colour blocks bin lightness after brightness/contrast normalisation (true) or as is */
  readonly normaliseColourLight: boolean;
}

export const DEFAULT_PARAMS: DescriptorParams = {
  side: 96,
  colour: COLOUR_HISTOGRAM,
  correlogram: CORRELOGRAM,
  lightness: 8,
  lumaCorrelogram: { hues: 0, shades: 0, greys: 6, chroma: Infinity, distances: [1, 3, 6], mode: 'joint' },
  edges: EDGE_HISTOGRAM,
  texture: TEXTURE,
  layout: COLOUR_LAYOUT,
  spatialColour: SPATIAL_COLOUR,
  normaliseColourLight: false,
};

/** The image at the working size: longest side exactly `side`, aspect kept. */
export function workingImage(image: RgbRaster, side: number): RgbRaster {
  const long = Math.max(image.width, image.height);
  if (long >= side) return fitWithin(image, side);
  const s = side / long;
  return resizeArea(image, Math.max(1, Math.round(image.width * s)), Math.max(1, Math.round(image.height * s)));
}

/** Every block, raw (before power and normalisation), from one pass over shared planes. */
export function extractBlocks(image: RgbRaster, p: DescriptorParams = DEFAULT_PARAMS): Record<BlockName, Float32Array> {
  const img = workingImage(image, p.side);
  const planes = toPlanes(img);
  const luma = normalisedLuma(planes.y);
  const light = p.normaliseColourLight ? luma : planes.y;
  const [layoutLuma, layoutChroma] = colourLayout(img, p.layout);
  return {
    colour: colourHistogram(planes, light, p.colour),
    lightness: lightnessHistogram(luma, p.lightness),
    correlogram: correlogram(planes, light, p.correlogram),
    lumaCorrelogram: correlogram(planes, luma, p.lumaCorrelogram),
    edges: edgeHistogram(planes, luma, p.edges),
    texture: texture(luma, img.width, img.height, p.texture),
    layoutLuma,
    layoutChroma,
    spatialColour: spatialColour(planes, light, p.spatialColour),
  };
}
