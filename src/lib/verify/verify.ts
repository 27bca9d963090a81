import { mirrorDescriptors } from './brief.ts';
import { inlierCoverage } from './coverage.ts';
import { classifyTransform, type TransformWord } from './classify.ts';
import type { ImageFeatures } from './features.ts';
import { DEFAULT_MATCH_OPTIONS, matchDescriptors, type Match, type MatchOptions } from './match.ts';
import { DEFAULT_RANSAC_OPTIONS, ransacSimilarity, type RansacOptions, type RansacResult } from './ransac.ts';
import type { Similarity } from './similarity.ts';

export interface VerifyOptions {
  readonly match: MatchOptions;
  readonly ransac: RansacOptions;
  /** geometrically consistent matches needed to call two images the same picture */
  readonly minInliers: number;
  /** and the share of the matches they must be */
  readonly minInlierRatio: number;
  /** and the share of the overlap's textured cells they must reach (see coverage.ts) */
  readonly minCoverage: number;
}

export const DEFAULT_VERIFY_OPTIONS: VerifyOptions = { match: DEFAULT_MATCH_OPTIONS, ransac: DEFAULT_RANSAC_OPTIONS, minInliers: 12, minInlierRatio: 0.2, minCoverage: 0.4 };

export interface Verification {
  readonly verified: boolean;
  /** matches that agree with the transform (0 when none was found) */
  readonly inliers: number;
  /** matches that passed the ratio test and the cross-check */
  readonly matches: number;
  /** how evenly the inliers cover the overlap, 0..1 (coverage.ts); 0 when no transform was found */
  readonly coverage: number;
  /** the best transform found, whether or not it verified the pair */
  readonly transform?: {
    /** query working pixels (x mirrored first when `mirrored`) → candidate working pixels */
    readonly similarity: Similarity;
    readonly mirrored: boolean;
    readonly degrees: number;
    /** size change in real pixels (candidate / query) */
    readonly scale: number;
    readonly words: readonly TransformWord[];
  };
}

/** Per query, the descriptors of its mirror image, made once and reused for every candidate. */
export interface PreparedQuery {
  readonly features: ImageFeatures;
  readonly mirrored: Uint32Array;
}

export function prepareQuery(features: ImageFeatures): PreparedQuery {
  return { features, mirrored: mirrorDescriptors(features.descriptors) };
}

function solve(q: ImageFeatures, c: ImageFeatures, matches: Match[], mirrored: boolean, o: RansacOptions): RansacResult | undefined {
  const n = matches.length;
  const px = new Float32Array(n), py = new Float32Array(n), qx = new Float32Array(n), qy = new Float32Array(n);
  matches.forEach((m, i) => {
    px[i] = mirrored ? q.width - 1 - q.x[m.query] : q.x[m.query];
    py[i] = q.y[m.query];
    qx[i] = c.x[m.train];
    qy[i] = c.y[m.train];
  });
  return ransacSimilarity({ px, py, qx, qy }, o);
}

/**
 * Geometric verification of a candidate against a query: match descriptors (as they are, and as
 * the mirrored query would have them), fit a similarity by RANSAC to each set of matches, keep
 * the one with more inliers, and name the transform. Deterministic.
 */
export function verifyPair(query: PreparedQuery | ImageFeatures, candidate: ImageFeatures, o: VerifyOptions = DEFAULT_VERIFY_OPTIONS): Verification {
  const prepared = 'mirrored' in query ? query : prepareQuery(query);
  const q = prepared.features;
  let best: { result: RansacResult; matches: Match[]; mirrored: boolean } | undefined;
  let mostMatches = 0;
  for (const mirrored of [false, true]) {
    const matches = matchDescriptors(mirrored ? prepared.mirrored : q.descriptors, candidate.descriptors, o.match);
    mostMatches = Math.max(mostMatches, matches.length);
    const result = solve(q, candidate, matches, mirrored, o.ransac);
    if (result && (!best || result.inlierCount > best.result.inlierCount)) best = { result, matches, mirrored };
  }
  if (!best) return { verified: false, inliers: 0, matches: mostMatches, coverage: 0 };
  const { result, mirrored } = best, matches = best.matches.length;
  const coverage = inlierCoverage(q, candidate, best.matches, result.inliers, result.transform, mirrored);
  const verified = result.inlierCount >= o.minInliers && result.inlierCount >= o.minInlierRatio * matches && coverage >= o.minCoverage;
  const named = classifyTransform(result.transform, mirrored, q, candidate);
  return {
    verified,
    inliers: result.inlierCount,
    matches,
    coverage,
    transform: { similarity: result.transform, mirrored, degrees: named.degrees, scale: named.scale, words: named.words },
  };
}
