/**
 * How results are ranked and shown: engine, measure, number of results, index mode, α (text
 * against images in a CLIP query) and the score threshold. One typed `set`; the ranking settings
 * are kept for the next visit (src/lib/search/settings.ts), the threshold is not.
 *
 * The engine is two things: `choice`, what the person picked ('auto' is "Best available", the
 * default), and `engine`, the one searching now (for 'auto', what it resolved to at the last
 * search: src/state/search/engine-choice.ts).
 */
import { DEFAULT_ALPHA } from '../../lib/engines/clip/query.ts';
import type { SearchEngineId } from '../../lib/engines/types.ts';
import { defaultMeasureOf, FALLBACK_ENGINE, type EngineChoice } from '../../lib/search/best-engine.ts';
import type { MeasureId } from '../../lib/ranking/measures.ts';
import type { IndexMode } from '../../lib/search/index-mode.ts';
import { parseSettings, serializeSettings, type SearchSettings } from '../../lib/search/settings.ts';
import type { SearchOptions } from '../../protocol/search.ts';

export const DEFAULT_ENGINE: EngineChoice = 'auto';
export const DEFAULT_K = 20;
export const MAX_K = 200;

export interface SettingValues extends SearchSettings {
  /** page-side cut-off on the scores (null: off); src/lib/results/threshold.ts */
  readonly threshold: number | null;
  /** "verify matches": the top results of an image query re-ranked by geometric verification (off by default, not kept between visits) */
  readonly verify: boolean;
}

export type SettingKey = keyof SettingValues;

/**
 * The settings a page starts with: the URL's (engine, k), else those kept from the last visit
 * (`stored`), else the defaults. CLIP is not brought back by itself (the model may be missing this
 * time): "Best available" takes its place, and picks CLIP when it can.
 */
export function startSettings(stored: string | null, url: { readonly engine?: SearchEngineId; readonly k?: number } = {}): SearchSettings {
  const defaults: SearchSettings = { engine: DEFAULT_ENGINE, measure: defaultMeasureOf(DEFAULT_ENGINE), k: DEFAULT_K, index: 'exact', alpha: DEFAULT_ALPHA };
  const parsed = parseSettings(stored, defaults, MAX_K);
  const saved = parsed.engine === 'clip' ? { ...parsed, engine: defaults.engine, measure: defaults.measure } : parsed;
  const engine = url.engine ?? saved.engine;
  return { ...saved, engine, measure: engine === saved.engine ? saved.measure : defaultMeasureOf(engine), k: url.k ?? saved.k };
}

/** A setting's value made valid (k clamped, α within 0..1, a threshold that is a number or off). */
function normalised<K extends SettingKey>(key: K, value: SettingValues[K]): SettingValues[K] {
  if (key === 'k') {
    const k = value as number;
    return Math.max(1, Math.min(MAX_K, Math.round(Number.isFinite(k) ? k : DEFAULT_K))) as SettingValues[K];
  }
  if (key === 'alpha') return Math.max(0, Math.min(1, value as number)) as SettingValues[K];
  if (key === 'threshold') return (value === null || !Number.isFinite(value as number) ? null : value) as SettingValues[K];
  if (key === 'verify') return (value === true) as SettingValues[K];
  return value;
}

export class SearchSettingsState {
  /** what the person picked in the engine menu */
  choice = $state<EngineChoice>(DEFAULT_ENGINE);
  /** the engine searching now: the choice, or what "Best available" resolved to */
  engine = $state<SearchEngineId>(FALLBACK_ENGINE);
  measure = $state<MeasureId>(defaultMeasureOf(DEFAULT_ENGINE));
  k = $state(DEFAULT_K);
  index = $state<IndexMode>('exact');
  alpha = $state(DEFAULT_ALPHA);
  threshold = $state<number | null>(null);
  verify = $state(false);

  constructor(
    start: SearchSettings,
    /** keeps the ranking settings for the next visit (nothing on an embedded page) */
    private readonly save: (serialized: string) => void = () => {},
  ) {
    this.#assign(start);
  }

  /**
   * Sets one setting; says whether it changed. A new engine choice brings its default measure
   * (an explicit engine searches at once; 'auto' resolves at the next search), and a new engine
   * or measure clears the threshold (scores of another scale).
   */
  set<K extends SettingKey>(key: K, value: SettingValues[K]): boolean {
    const v = normalised(key, value);
    if (key === 'engine' ? this.choice === v : this[key] === v) return false;
    if (key === 'engine') {
      this.choice = v as EngineChoice;
      if (this.choice !== 'auto') this.engine = this.choice;
      this.measure = defaultMeasureOf(this.choice);
      this.threshold = null;
    } else if (key === 'measure') {
      this.measure = v as MeasureId;
      this.threshold = null;
    } else {
      (this as unknown as Record<SettingKey, unknown>)[key] = v;
    }
    if (key !== 'threshold' && key !== 'verify') this.save(serializeSettings(this.values()));
    return true;
  }

  /** The engine "Best available" resolved to (the choice stays 'auto'); says whether it changed. Scores of another scale: no threshold. */
  use(engine: SearchEngineId): boolean {
    if (engine === this.engine) return false;
    this.engine = engine;
    this.threshold = null;
    return true;
  }

  /** Puts back settings of a history turn (not saved for the next visit: the person did not choose them). */
  restore(s: SearchSettings): void {
    this.#assign(s);
    this.threshold = null;
  }

  values(): SearchSettings {
    return { engine: this.choice, measure: this.measure, k: this.k, index: this.index, alpha: this.alpha };
  }

  /** What the search worker is asked with. */
  options(): SearchOptions {
    return { engine: this.engine, measure: this.measure, k: this.k, index: this.index, ...(this.verify ? { verify: true } : {}) };
  }

  #assign(s: SearchSettings): void {
    this.choice = s.engine;
    if (s.engine !== 'auto') this.engine = s.engine;
    this.measure = s.measure;
    this.k = s.k;
    this.index = s.index;
    this.alpha = s.alpha;
  }
}
