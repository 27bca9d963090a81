import type { ImageFeatures } from './features.ts';
import type { Match } from './match.ts';
import { applySimilarity, invertSimilarity, type Similarity } from './similarity.ts';

/** Cells per side of the grid laid on each frame. */
export const COVERAGE_GRID = 4;

/**
 * How evenly the inliers spread over what the two images show in common: on each frame, of the
 * grid cells that hold keypoints inside the overlap (the part of the frame the transform maps into
 * the other image), the share that also hold an inlier; the smaller of the two shares.
 *
 * A copy — cropped, turned, recompressed — matches wherever both images have texture, so this is
 * near 1. Two different pictures that share one part (flags with the same canton, two emoji with
 * the same face, a logo on two photos) match only in that part, so it is low even when the part
 * alone gives enough inliers.
 */
export function inlierCoverage(
  q: ImageFeatures, c: ImageFeatures, matches: readonly Match[], inliers: Uint8Array, t: Similarity, mirrored: boolean, grid = COVERAGE_GRID,
): number {
  const qx = (i: number) => (mirrored ? q.width - 1 - q.x[i] : q.x[i]);
  const inv = invertSimilarity(t);
  const qInlier = new Set<number>(), cInlier = new Set<number>();
  matches.forEach((m, i) => { if (inliers[i]) { qInlier.add(m.query); cInlier.add(m.train); } });
  const side = (f: ImageFeatures, other: ImageFeatures, x: (i: number) => number, map: Similarity, isInlier: Set<number>) => {
    const withPoints = new Uint8Array(grid * grid), withInliers = new Uint8Array(grid * grid);
    for (let i = 0; i < f.count; i++) {
      const [ox, oy] = applySimilarity(map, x(i), f.y[i]);
      if (ox < 0 || oy < 0 || ox >= other.width || oy >= other.height) continue;
      const cell = Math.min(grid - 1, Math.floor((f.y[i] / f.height) * grid)) * grid + Math.min(grid - 1, Math.floor((x(i) / f.width) * grid));
      withPoints[cell] = 1;
      if (isInlier.has(i)) withInliers[cell] = 1;
    }
    let cells = 0, covered = 0;
    for (let k = 0; k < withPoints.length; k++) { cells += withPoints[k]; covered += withInliers[k]; }
    return cells ? covered / cells : 0;
  };
  // The candidate's points are mapped back into the (possibly mirrored) query frame.
  return Math.min(side(q, c, qx, t, qInlier), side(c, q, (i) => c.x[i], inv, cInlier));
}
