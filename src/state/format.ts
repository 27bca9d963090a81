import type { MeasureId } from '../lib/measures.ts';
import { getMeasure } from '../lib/measures.ts';

/**
 * Scores as people read them: similarities (cosine, correlation: −1…1) with 3 decimals;
 * distances (L1, L2: 0…∞) as plain numbers with about 4 significant digits.
 */
export function formatScore(score: number, measure: MeasureId): string {
  if (!Number.isFinite(score)) return String(score);
  if (getMeasure(measure).kind === 'similarity') return score.toFixed(3);
  const a = Math.abs(score);
  if (a === 0) return '0';
  if (a >= 1000) return Math.round(score).toLocaleString('en-US');
  if (a >= 100) return score.toFixed(1);
  if (a >= 1) return score.toFixed(2);
  return score.toPrecision(3);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

/** A time left or taken, as people say it: "45 s", "3 min 20 s", "1 h 05 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
