import type { Locale } from '../lib/i18n/types.ts';
import { DICTIONARIES } from '../lib/i18n/catalog.ts';
import { translate } from '../lib/i18n/translate.ts';
import type { MeasureId } from '../lib/ranking/measures.ts';
import { getMeasure } from '../lib/ranking/measures.ts';

/** `x.toFixed(digits)` with the locale's decimal mark (0.923 / 0,923). */
export function formatDecimal(x: number, digits: number, locale: Locale = 'en'): string {
  const s = x.toFixed(digits);
  return locale === 'vi' ? s.replace('.', ',') : s;
}

/**
 * Scores as people read them: similarities (cosine, correlation: −1…1) with 3 decimals;
 * distances (L1, L2: 0…∞) as plain numbers with about 4 significant digits.
 */
export function formatScore(score: number, measure: MeasureId, locale: Locale = 'en'): string {
  if (!Number.isFinite(score)) return String(score);
  if (getMeasure(measure).kind === 'similarity') return formatDecimal(score, 3, locale);
  const a = Math.abs(score);
  if (a === 0) return '0';
  if (a >= 1000) return Math.round(score).toLocaleString(locale === 'vi' ? 'vi-VN' : 'en-US');
  if (a >= 100) return formatDecimal(score, 1, locale);
  if (a >= 1) return formatDecimal(score, 2, locale);
  const p = score.toPrecision(3);
  return locale === 'vi' ? p.replace('.', ',') : p;
}

export function formatBytes(bytes: number, locale: Locale = 'en'): string {
  if (bytes >= 1e9) return `${formatDecimal(bytes / 1e9, 1, locale)} GB`;
  if (bytes >= 1e6) return `${formatDecimal(bytes / 1e6, 1, locale)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

export function formatMs(ms: number, locale: Locale = 'en'): string {
  return ms >= 100 ? `${Math.round(ms)} ms` : `${formatDecimal(ms, 1, locale)} ms`;
}

/** A time left or taken, as people say it: "45 s", "3 min 20 s", "1 h 05 min" ("3 phút 20 giây"). */
export function formatDuration(ms: number, locale: Locale = 'en'): string {
  const unit = (key: 'unit.seconds' | 'unit.minutes' | 'unit.hours', params: Record<string, string>) => translate(DICTIONARIES[locale], key, params, locale);
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return unit('unit.seconds', { s: String(s) });
  const m = Math.floor(s / 60);
  if (m < 60) return unit('unit.minutes', { m: String(m), s: String(s % 60).padStart(2, '0') });
  return unit('unit.hours', { h: String(Math.floor(m / 60)), m: String(m % 60).padStart(2, '0') });
}
