import { mulberry32 } from '../random.ts';
import { fitSimilarity, similarityFromTwo, scaleOf, type Similarity } from './similarity.ts';

/** Point correspondences: (px[i], py[i]) in the first image ↔ (qx[i], qy[i]) in the second. */
export interface Correspondences {
  readonly px: Float32Array;
  readonly py: Float32Array;
  readonly qx: Float32Array;
  readonly qy: Float32Array;
}

export interface RansacOptions {
  /** a pair is an inlier when its mapped point lands within this many pixels (second image) */
  readonly tolerance: number;
  /** random 2-point samples tried; every pair is tried instead when there are fewer pairs */
  readonly iterations: number;
  /** scale changes outside [1/maxScale, maxScale] are not plausible copies */
  readonly maxScale: number;
  readonly seed: number;
}

export const DEFAULT_RANSAC_OPTIONS: RansacOptions = { tolerance: 5, iterations: 300, maxScale: 6, seed: 18 };

export interface RansacResult {
  readonly transform: Similarity;
  /** inlier[i] = 1 when correspondence i agrees with the transform */
  readonly inliers: Uint8Array;
  readonly inlierCount: number;
}

function countInliers(c: Correspondences, t: Similarity, tol2: number, mark?: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < c.px.length; i++) {
    const x = t.a * c.px[i] - t.b * c.py[i] + t.tx - c.qx[i];
    const y = t.b * c.px[i] + t.a * c.py[i] + t.ty - c.qy[i];
    const ok = x * x + y * y <= tol2;
    if (ok) n++;
    if (mark) mark[i] = ok ? 1 : 0;
  }
  return n;
}

/**
 * RANSAC on a similarity transform: the 2-point hypothesis with the most inliers, then refitted
 * by least squares on its inliers (kept only if that does not lose inliers). Deterministic: a
 * seeded PRNG picks the samples. Undefined when no plausible transform has 2 inliers.
 */
export function ransacSimilarity(c: Correspondences, o: RansacOptions = DEFAULT_RANSAC_OPTIONS): RansacResult | undefined {
  const n = c.px.length;
  if (n < 2) return undefined;
  const tol2 = o.tolerance * o.tolerance;
  const plausible = (t: Similarity) => {
    const s = scaleOf(t);
    return s >= 1 / o.maxScale && s <= o.maxScale;
  };
  let best: Similarity | undefined;
  let bestCount = 1;
  const tryPair = (i: number, j: number) => {
    const t = similarityFromTwo(c.px[i], c.py[i], c.px[j], c.py[j], c.qx[i], c.qy[i], c.qx[j], c.qy[j]);
    if (!t || !plausible(t)) return;
    const k = countInliers(c, t, tol2);
    if (k > bestCount) { bestCount = k; best = t; }
  };
  if ((n * (n - 1)) / 2 <= o.iterations) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) tryPair(i, j);
  } else {
    const rand = mulberry32(o.seed);
    for (let it = 0; it < o.iterations; it++) {
      const i = Math.floor(rand() * n);
      let j = Math.floor(rand() * (n - 1));
      if (j >= i) j++;
      tryPair(i, j);
    }
  }
  if (!best) return undefined;
  const inliers = new Uint8Array(n);
  countInliers(c, best, tol2, inliers);
  const pick = (arr: Float32Array) => arr.filter((_, i) => inliers[i] === 1);
  const refined = fitSimilarity(pick(c.px), pick(c.py), pick(c.qx), pick(c.qy));
  if (refined && plausible(refined)) {
    const refinedInliers = new Uint8Array(n);
    const k = countInliers(c, refined, tol2, refinedInliers);
    if (k >= bestCount) return { transform: refined, inliers: refinedInliers, inlierCount: k };
  }
  return { transform: best, inliers, inlierCount: bestCount };
}
