import type { RgbRaster } from '../image/raster.ts';
import { binomialBlur } from './blur.ts';
import { briefDescriptor } from './brief.ts';
import { briefPattern, DESCRIPTOR_WORDS } from './brief-pattern.ts';
import { fast9 } from './fast.ts';
import { harrisScore } from './harris.ts';
import { suppressNonMaxima } from './nms.ts';
import { centroidAngle, PATCH_RADIUS } from './orientation.ts';
import { grayPyramid } from './pyramid.ts';

/** Keypoints and descriptors of one image, at its working size. */
export interface ImageFeatures {
  /** the working size the keypoints are measured in (longer side = options.size) */
  readonly width: number;
  readonly height: number;
  /** the image's real size (the file's, when `img` was shrunk while decoding), so a size change can be told in its pixels */
  readonly sourceWidth: number;
  readonly sourceHeight: number;
  readonly count: number;
  /** keypoint positions, working-size pixels */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** orientation, radians (image axes: x right, y down) */
  readonly angle: Float32Array;
  /** count × DESCRIPTOR_WORDS words */
  readonly descriptors: Uint32Array;
}

export interface FeatureOptions {
  /** longer side of the working image, px */
  readonly size: number;
  /** at most this many keypoints in all */
  readonly maxKeypoints: number;
  readonly levels: number;
  readonly factor: number;
  /** FAST threshold (grey levels); halved while too few corners are found */
  readonly threshold: number;
}

/**
 * Chosen by scripts/bench/verify-speed.ts: 250 keypoints on a 256-px image verify the top 50
 * in well under the 100 ms while still confirming crops, mirrors and rotations.
 */
export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = { size: 256, maxKeypoints: 250, levels: 3, factor: 1.3, threshold: 16 };

const PATTERN = briefPattern();
/** Keypoints keep this far from an edge: the orientation disc and the rotated pattern fit. */
const BORDER = PATCH_RADIUS + 1;

interface Candidate { x: number; y: number; level: number; score: number }

/** ORB-style features: FAST-9 corners on a pyramid, ranked by Harris, oriented, rotated BRIEF. */
export function extractFeatures(img: RgbRaster, o: FeatureOptions = DEFAULT_FEATURE_OPTIONS, source: { width: number; height: number } = img): ImageFeatures {
  const levels = grayPyramid(img, o);
  const area = levels.reduce((sum, l) => sum + l.image.width * l.image.height, 0);
  const chosen: Candidate[] = [];
  levels.forEach((level, l) => {
    const { image } = level;
    // Each level gets keypoints in proportion to its area, as ORB does.
    const quota = Math.ceil((o.maxKeypoints * image.width * image.height) / area);
    let corners = fast9(image, o.threshold, BORDER);
    for (let t = o.threshold / 2; corners.length < quota && t >= 4; t /= 2) corners = fast9(image, t, BORDER);
    const scores = new Float64Array(corners.length);
    for (let i = 0; i < corners.length; i++) scores[i] = harrisScore(image, corners[i]);
    const kept = suppressNonMaxima(corners, scores, image.width, image.height)
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, quota);
    for (const i of kept) {
      const p = corners[i];
      chosen.push({ x: p % image.width, y: Math.floor(p / image.width), level: l, score: scores[i] });
    }
  });
  const kept = chosen.slice(0, o.maxKeypoints);
  const n = kept.length;
  const x = new Float32Array(n), y = new Float32Array(n), angle = new Float32Array(n);
  const descriptors = new Uint32Array(n * DESCRIPTOR_WORDS);
  const smooth = levels.map((l) => binomialBlur(l.image));
  kept.forEach((k, i) => {
    const level = levels[k.level];
    const a = centroidAngle(level.image, k.x, k.y);
    briefDescriptor(smooth[k.level], PATTERN, k.x, k.y, a, descriptors, i * DESCRIPTOR_WORDS);
    // Pixel centres line up across levels: (x + ½)·scale − ½.
    x[i] = (k.x + 0.5) * level.scale - 0.5;
    y[i] = (k.y + 0.5) * level.scale - 0.5;
    angle[i] = a;
  });
  const first = levels[0].image;
  return { width: first.width, height: first.height, sourceWidth: source.width, sourceHeight: source.height, count: n, x, y, angle, descriptors };
}
