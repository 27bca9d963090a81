/**
 * A search as a link: the parts of a query that another browser can run again, written into the
 * page's URL and read back from it. Pure: no DOM.
 *
 *   ?q=<text>               the query's text, as typed (the query language included)
 *   &like=<id>              a gallery item used as a query image, by its manifest id; repeated, in order
 *   &engine= &measure= &index= &k= &alpha=
 *                           the ranking settings, each only when it is not the default (the
 *                           engine's is 'auto', "Best available", so it is seldom written); a link
 *                           that has a query means the defaults for those it leaves out
 *
 * Files from the person's device and images of their collections have no place in a link: the
 * caller leaves them out and says so. Every key this module does not own is kept as it is
 * (`gallery=`, `embed=`, `isolate=`, and the filters' keys when filters come), and a reader
 * ignores what it does not know. Reading never fails: a bad value is dropped, k and α are
 * clamped. Whether a `like=` id is in the gallery is for the caller to check against its manifest.
 */
import { defaultMeasureOf, isEngineChoice } from './best-engine.ts';
import { isMeasureId } from '../ranking/measures.ts';
import { MAX_QUERY_IMAGES } from '../query/composer.ts';
import { isIndexMode } from './index-mode.ts';
import type { SearchSettings } from './settings.ts';

export interface SharedSearch {
  /** the text of the query ('' for none) */
  readonly text: string;
  /** manifest ids of the gallery items in the query, in the query's order */
  readonly like: readonly string[];
  readonly settings: SearchSettings;
}

/** The URL keys a search owns; every other key belongs to someone else and is kept. */
export const SEARCH_KEYS = ['q', 'like', 'engine', 'measure', 'index', 'k', 'alpha'] as const;

/** Longest gallery id taken from a link (manifest ids are short paths such as `noto/1f431`). */
const MAX_ID_LENGTH = 200;

/** α is written with this many decimals (a slider's values need no more). */
const ALPHA_DECIMALS = 3;

/** Whether the parameters hold a search (a text or a gallery image), not only settings or other flags. */
export function hasSharedSearch(params: URLSearchParams): boolean {
  return !!params.get('q')?.trim() || params.getAll('like').some(isPlausibleId);
}

/**
 * The search a link describes, or null when it has none (no text and no gallery image).
 * `defaults` stand for the settings a link leaves out (the measure: the engine's own); k is
 * clamped to 1..maxK.
 */
export function readSharedSearch(params: URLSearchParams, defaults: SearchSettings, maxK: number): SharedSearch | null {
  if (!hasSharedSearch(params)) return null;
  const text = params.get('q')?.trim() ?? '';
  const like = params.getAll('like').filter(isPlausibleId).slice(0, MAX_QUERY_IMAGES);

  const e = params.get('engine');
  const engine = isEngineChoice(e) ? e : defaults.engine;
  const m = params.get('measure');
  const measure = isMeasureId(m) ? m : defaultMeasureOf(engine);
  const i = params.get('index');
  const index = isIndexMode(i) ? i : defaults.index;
  const k = clampedInteger(params.get('k'), 1, maxK) ?? defaults.k;
  const alpha = clampedNumber(params.get('alpha'), 0, 1) ?? defaults.alpha;
  return { text, like, settings: { engine, measure, index, k, alpha } };
}

/**
 * `params` with the search written in (null: none): the keys of SEARCH_KEYS are replaced, every
 * other key stays as it was and where it was.
 */
export function writeSharedSearch(params: URLSearchParams, search: SharedSearch | null, defaults: SearchSettings): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of params) if (!(SEARCH_KEYS as readonly string[]).includes(key)) out.append(key, value);
  if (!search || (!search.text && !search.like.length)) return out;
  if (search.text) out.set('q', search.text);
  for (const id of search.like) out.append('like', id);
  const s = search.settings;
  if (s.engine !== defaults.engine) out.set('engine', s.engine);
  if (s.measure !== defaultMeasureOf(s.engine)) out.set('measure', s.measure);
  if (s.index !== defaults.index) out.set('index', s.index);
  if (s.k !== defaults.k) out.set('k', String(s.k));
  const alpha = Number(s.alpha.toFixed(ALPHA_DECIMALS));
  if (alpha !== Number(defaults.alpha.toFixed(ALPHA_DECIMALS))) out.set('alpha', String(alpha));
  return out;
}

/** The URL's query string for `params` ('' when empty, else `?…`). */
export function queryString(params: URLSearchParams): string {
  const s = params.toString();
  return s ? `?${s}` : '';
}

function isPlausibleId(id: string): boolean {
  return id.trim() === id && id.length > 0 && id.length <= MAX_ID_LENGTH;
}

function clampedNumber(raw: string | null, min: number, max: number): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : undefined;
}

function clampedInteger(raw: string | null, min: number, max: number): number | undefined {
  const n = clampedNumber(raw, min, max);
  return n === undefined ? undefined : Math.round(n);
}

/** What the browser's history does when the page shows a search (or, `shownTurn` undefined, no query). */
export type EntryChange = 'push' | 'replace' | 'none';

/**
 * How back and forward follow the searches: one browser-history entry per search history turn
 * (src/lib/history/turns.ts, startsNewTurn). A new turn pushes a new entry; the same turn again
 * (composing it, changing its settings) replaces the entry, and so does the first search shown
 * for an entry opened from a link (`adopting`). A query cleared away pushes an entry with no
 * search, unless the entry has none already.
 */
export function entryChange(o: { readonly shownTurn?: string; readonly entryTurn?: string; readonly adopting: boolean; readonly entryHasSearch: boolean }): EntryChange {
  if (o.adopting) return 'replace';
  if (o.shownTurn === undefined) return o.entryTurn === undefined && !o.entryHasSearch ? 'none' : 'push';
  return o.shownTurn === o.entryTurn ? 'replace' : 'push';
}
