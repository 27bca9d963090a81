import type { GrayImage } from './gray.ts';

/** Radius of the disc whose intensity centroid gives a keypoint's orientation (ORB's 15). */
export const PATCH_RADIUS = 15;

/** For each row offset dy of the disc, the largest |dx| inside it. */
const HALF_WIDTHS = Int32Array.from({ length: PATCH_RADIUS + 1 }, (_, dy) => Math.floor(Math.sqrt(PATCH_RADIUS * PATCH_RADIUS - dy * dy)));

/**
 * Orientation by intensity centroid (Rosin): the angle, in radians, from the keypoint to the
 * centre of mass of the brightness in a disc around it. Rotating the image rotates this angle
 * with it, which is what makes the descriptor rotation-invariant.
 */
export function centroidAngle(img: GrayImage, x: number, y: number): number {
  const { width: w, data } = img;
  let m10 = 0, m01 = 0;
  for (let dy = -PATCH_RADIUS; dy <= PATCH_RADIUS; dy++) {
    const half = HALF_WIDTHS[Math.abs(dy)];
    const row = (y + dy) * w + x;
    for (let dx = -half; dx <= half; dx++) {
      const v = data[row + dx];
      m10 += dx * v;
      m01 += dy * v;
    }
  }
  return Math.atan2(m01, m10);
}
