/** Small timing helpers shared by the benchmark sections. */
export interface Timing {
  readonly n: number;
  readonly meanMs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
}

export function summarize(samplesMs: readonly number[]): Timing {
  const s = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { n: s.length, meanMs: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length), medianMs: at(0.5), p95Ms: at(0.95) };
}

export const fmt = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
