import type { RgbRaster } from '../image/raster.ts';
import { toGray, type GrayImage } from './gray.ts';
import { resizeGray } from './resize-gray.ts';

/** One level of the scale pyramid: the image and how many working pixels one of its pixels spans. */
export interface PyramidLevel {
  readonly image: GrayImage;
  /** level pixel × scale = working-size pixel (1 for the first level) */
  readonly scale: number;
}

export interface PyramidOptions {
  /** longer side of the first level, px (the image is scaled up or down to it) */
  readonly size: number;
  readonly levels: number;
  /** each level is this much smaller than the one before */
  readonly factor: number;
}

/**
 * A grayscale pyramid at a fixed working size, so the cost of verification does not depend on
 * the size of the file and two copies of a photo at different resolutions look alike.
 * Levels stop before a side gets smaller than `minSide`.
 */
export function grayPyramid(img: RgbRaster, o: PyramidOptions, minSide = 48): PyramidLevel[] {
  const s0 = o.size / Math.max(img.width, img.height);
  // The smaller levels are made from the first, not from a possibly large source.
  const first = resizeGray(toGray(img), Math.max(1, Math.round(img.width * s0)), Math.max(1, Math.round(img.height * s0)));
  const levels: PyramidLevel[] = [{ image: first, scale: 1 }];
  for (let l = 1; l < o.levels; l++) {
    const shrink = o.factor ** l;
    const w = Math.max(1, Math.round(first.width / shrink));
    const h = Math.max(1, Math.round(first.height / shrink));
    if (Math.min(w, h) < minSide) break;
    levels.push({ image: resizeGray(first, w, h), scale: first.width / w });
  }
  return levels;
}
