import { applySimilarity, degreesOf, invertSimilarity, scaleOf, type Similarity } from './similarity.ts';

/**
 * How a verified match differs from the query, in the words. 'rotated' is any other
 * angle (then `degrees` says which); 'same' only when none of the others applies.
 */
export type TransformWord = 'same' | 'cropped' | 'mirrored' | 'rotated-90' | 'rotated-180' | 'rotated-270' | 'rotated' | 'resized';

export const TRANSFORM_WORDS: readonly TransformWord[] = ['same', 'cropped', 'mirrored', 'rotated-90', 'rotated-180', 'rotated-270', 'rotated', 'resized'];

/** The frame of one image: its working size (where the transform is measured) and its real size. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly sourceWidth: number;
  readonly sourceHeight: number;
}

export interface ClassifyOptions {
  /** a right angle (or none) is reported when the rotation is within this many degrees of it; other angles are 'rotated' */
  readonly angleTolerance: number;
  /** sizes (in real pixels) that differ by less than this factor are "the same size" */
  readonly scaleTolerance: number;
  /** "cropped" when less than this fraction of either image lands inside the other */
  readonly minCoverage: number;
}

export const DEFAULT_CLASSIFY_OPTIONS: ClassifyOptions = { angleTolerance: 2, scaleTolerance: 1.15, minCoverage: 0.9 };

/** The fraction of frame `from` that `t` maps inside frame `to` (a 16 × 16 grid of samples). */
export function coverage(t: Similarity, from: { width: number; height: number }, to: { width: number; height: number }): number {
  const grid = 16;
  const slackX = to.width * 0.02, slackY = to.height * 0.02;
  let inside = 0;
  for (let j = 0; j < grid; j++) {
    for (let i = 0; i < grid; i++) {
      const [x, y] = applySimilarity(t, ((i + 0.5) / grid) * from.width - 0.5, ((j + 0.5) / grid) * from.height - 0.5);
      if (x >= -slackX && y >= -slackY && x <= to.width + slackX && y <= to.height + slackY) inside++;
    }
  }
  return inside / (grid * grid);
}

/**
 * Names what was done to the query to give the candidate: `t` maps the query's working
 * pixels (mirrored first when `mirrored`) to the candidate's.
 */
export function classifyTransform(t: Similarity, mirrored: boolean, query: Frame, candidate: Frame, o: ClassifyOptions = DEFAULT_CLASSIFY_OPTIONS): { words: TransformWord[]; degrees: number; scale: number } {
  const words: TransformWord[] = [];
  if (Math.min(coverage(t, query, candidate), coverage(invertSimilarity(t), candidate, query)) < o.minCoverage) words.push('cropped');
  if (mirrored) words.push('mirrored');
  const degrees = degreesOf(t);
  const quarter = Math.round(degrees / 90) % 4;
  const off = Math.abs(degrees - Math.round(degrees / 90) * 90);
  if (off <= o.angleTolerance) {
    if (quarter === 1) words.push('rotated-90');
    else if (quarter === 2) words.push('rotated-180');
    else if (quarter === 3) words.push('rotated-270');
  } else words.push('rotated');
  // In real pixels: working = real × (working size / real size) on each side.
  const scale = (scaleOf(t) * (query.width / query.sourceWidth)) / (candidate.width / candidate.sourceWidth);
  if (Math.abs(Math.log(scale)) > Math.log(o.scaleTolerance)) words.push('resized');
  return { words: words.length ? words : ['same'], degrees, scale };
}
