/**
 * The search settings a person chose (engine choice, measure, number of results, index mode, α), kept
 * between visits like the theme and the language. Pure: what to store, and what a stored value
 * (possibly old, edited or broken) safely gives back.
 */
import { isEngineChoice, type EngineChoice } from './best-engine.ts';
import { isMeasureId, type MeasureId } from '../ranking/measures.ts';
import { isIndexMode, type IndexMode } from './index-mode.ts';

export const SETTINGS_KEY = 'image-search:settings';

export interface SearchSettings {
  /** 'auto' ("Best available") or one engine; a stored explicit engine stays explicit */
  readonly engine: EngineChoice;
  readonly measure: MeasureId;
  readonly k: number;
  readonly index: IndexMode;
  readonly alpha: number;
}

export function serializeSettings(s: SearchSettings): string {
  return JSON.stringify({ engine: s.engine, measure: s.measure, k: s.k, index: s.index, alpha: s.alpha });
}

/**
 * The stored settings that are valid, on top of `defaults`; anything unreadable is ignored.
 * The measure is kept only together with the engine it was chosen for.
 */
export function parseSettings(raw: string | null, defaults: SearchSettings, maxK: number): SearchSettings {
  let saved: Record<string, unknown>;
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    saved = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    saved = {};
  }
  const engine = isEngineChoice(saved.engine) ? saved.engine : defaults.engine;
  const measure = isEngineChoice(saved.engine) && isMeasureId(saved.measure) ? saved.measure : defaults.measure;
  const k = typeof saved.k === 'number' && Number.isInteger(saved.k) && saved.k >= 1 && saved.k <= maxK ? saved.k : defaults.k;
  const index = isIndexMode(saved.index) ? saved.index : defaults.index;
  const alpha = typeof saved.alpha === 'number' && saved.alpha >= 0 && saved.alpha <= 1 ? saved.alpha : defaults.alpha;
  return { engine, measure, k, index, alpha };
}
