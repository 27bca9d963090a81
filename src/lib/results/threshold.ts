/**
 * The similarity threshold of the result list, page-side: with a similarity measure it hides
 * results scoring below it; with a distance, results farther than it (a maximum distance).
 * `null` means off.
 */
export type ScoreKind = 'similarity' | 'distance';

export function passes(score: number, threshold: number | null, kind: ScoreKind): boolean {
  if (threshold === null || !Number.isFinite(threshold)) return true;
  return kind === 'similarity' ? score >= threshold : score <= threshold;
}

/** The results that pass. Results come best first, so this is always a prefix of `hits`. */
export function applyThreshold<T extends { readonly score: number }>(hits: readonly T[], threshold: number | null, kind: ScoreKind): readonly T[] {
  if (threshold === null) return hits;
  return hits.filter((h) => passes(h.score, threshold, kind));
}

export interface ThresholdRange {
  readonly min: number;
  readonly max: number;
  /** the slider value that hides nothing: the weakest score (min for similarities, max for distances) */
  readonly off: number;
}

/** Slider bounds for the current scores; undefined when there is nothing to filter. */
export function thresholdRange(scores: readonly number[], kind: ScoreKind): ThresholdRange | undefined {
  const finite = scores.filter(Number.isFinite);
  if (finite.length === 0) return undefined;
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (min === max) {
    // One score (or all equal): still a range the slider can move in.
    const pad = Math.max(Math.abs(min) * 0.05, 1e-3);
    if (kind === 'similarity') min -= pad;
    else max += pad;
  }
  return { min, max, off: kind === 'similarity' ? min : max };
}
