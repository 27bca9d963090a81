/**
 * The similarity threshold of the result list, page-side: with a similarity measure it hides
 * results scoring below it; with a distance, results farther than it (a maximum distance).
 * `null` means off.
 */
export type ScoreKind = 'similarity' | 'distance';

/**
 * A score rounded as the page shows it (src/state/format.ts, formatScore): similarities to 3
 * decimals; distances to about 4 significant digits. The threshold compares these, so a result
 * shown as "0.892" is kept by "≥ 0.892".
 */
export function roundAsShown(x: number, kind: ScoreKind): number {
  if (!Number.isFinite(x)) return x;
  if (kind === 'similarity') return Math.round(x * 1000) / 1000;
  const a = Math.abs(x);
  if (a === 0) return 0;
  if (a >= 1000) return Math.round(x);
  if (a >= 100) return Math.round(x * 10) / 10;
  if (a >= 1) return Math.round(x * 100) / 100;
  return Number(x.toPrecision(3));
}

export function passes(score: number, threshold: number | null, kind: ScoreKind): boolean {
  if (threshold === null || !Number.isFinite(threshold)) return true;
  const s = roundAsShown(score, kind);
  const t = roundAsShown(threshold, kind);
  return kind === 'similarity' ? s >= t : s <= t;
}

/**
 * The results that pass, in their order. Ranked results come best first, so this is a prefix of
 * `hits`; the strictest threshold is the best score, so the best result is always kept (also of
 * results in date order: the best of them, wherever it is).
 */
export function applyThreshold<T extends { readonly score: number }>(hits: readonly T[], threshold: number | null, kind: ScoreKind): readonly T[] {
  if (threshold === null || hits.length === 0) return hits;
  const finite = hits.map((h) => h.score).filter(Number.isFinite);
  const best = !finite.length ? Number.NaN : kind === 'similarity' ? Math.max(...finite) : Math.min(...finite);
  const strictest = !Number.isFinite(best) ? threshold : kind === 'similarity' ? Math.min(threshold, best) : Math.max(threshold, best);
  return hits.filter((h) => passes(h.score, strictest, kind));
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

/**
 * What the threshold slider spans: the results' scores, or with a date sort (`pool`: the span of
 * every candidate's score and how many there are) all the candidates', since the threshold then
 * chooses among them all.
 */
export function thresholdScale(hits: readonly { readonly score: number }[], pool?: { readonly count: number; readonly min: number; readonly max: number }): { readonly scores: readonly number[]; readonly count: number } {
  if (pool) return { scores: [pool.min, pool.max], count: pool.count };
  return { scores: hits.map((h) => h.score), count: hits.length };
}
