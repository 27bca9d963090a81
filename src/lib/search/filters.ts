/**
 * Filters and sort of a search (issue 17, item 3), pure. Each searched image is described by its
 * facts (folder, date, type, size, orientation for a person's photos; category and source for a
 * gallery item); a filter is a set of conditions that must all hold. The search worker turns the
 * filters into a mask over the rows BEFORE top-k, so k matching results come back.
 */
import type { ImageFormat } from '../image/sniff.ts';
import { applyThreshold, type ScoreKind } from '../results/threshold.ts';

export type Orientation = 'landscape' | 'portrait' | 'square';
export const ORIENTATIONS: readonly Orientation[] = ['landscape', 'portrait', 'square'];

export type SortOrder = 'relevance' | 'newest' | 'oldest';
export const SORT_ORDERS: readonly SortOrder[] = ['relevance', 'newest', 'oldest'];

/** Minimum sizes offered, in megapixels (width × height / 10⁶). */
export const MIN_MEGAPIXELS: readonly number[] = [0.3, 1, 2, 4, 8, 12];

/**
 * What a search keeps. An absent or empty field does not filter; every present one must hold.
 * An image without the fact a filter asks about (a gallery item has no folder, a photo no
 * category) does not match it.
 */
export interface SearchFilters {
  /** folders ("" is the collection's top folder); an image in one of them or below matches */
  readonly folders?: readonly string[];
  /** first and last day, 'YYYY-MM-DD', inclusive, in the local time zone */
  readonly from?: string;
  readonly to?: string;
  readonly types?: readonly ImageFormat[];
  readonly minMegapixels?: number;
  readonly orientations?: readonly Orientation[];
  /** gallery item categories (manifest `category`) */
  readonly categories?: readonly string[];
  /** gallery item sources (manifest `source`) */
  readonly sources?: readonly string[];
}

/** What filters can ask about one image; what a source does not know is left out. */
export interface ImageFacts {
  readonly folder?: string;
  /** date taken (EXIF), else the file's date; ms since the epoch */
  readonly date?: number;
  readonly type?: ImageFormat;
  readonly width?: number;
  readonly height?: number;
  readonly category?: string;
  readonly source?: string;
}

/** The folder of a "/"-separated path inside a collection ("" for the top folder). */
export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Within 2 % of square counts as square (a 1000×990 photo is square to the eye). */
export function orientationOf(width: number, height: number): Orientation {
  if (Math.abs(width - height) <= 0.02 * Math.max(width, height)) return 'square';
  return width > height ? 'landscape' : 'portrait';
}

/** The local calendar day of a time, 'YYYY-MM-DD'. */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True when `folder` is `parent` or inside it. */
function inFolder(folder: string, parent: string): boolean {
  return parent === '' || folder === parent || folder.startsWith(`${parent}/`);
}

/** The filters with empty and malformed fields dropped: what actually filters. */
export function cleanFilters(f: SearchFilters | undefined): SearchFilters {
  if (!f || typeof f !== 'object') return {};
  const list = <T>(x: readonly T[] | undefined): readonly T[] | undefined => (Array.isArray(x) && x.length ? x : undefined);
  const out: Record<string, unknown> = {
    folders: list(f.folders),
    from: typeof f.from === 'string' && DAY.test(f.from) ? f.from : undefined,
    to: typeof f.to === 'string' && DAY.test(f.to) ? f.to : undefined,
    types: list(f.types),
    minMegapixels: typeof f.minMegapixels === 'number' && f.minMegapixels > 0 ? f.minMegapixels : undefined,
    orientations: list(f.orientations),
    categories: list(f.categories),
    sources: list(f.sources),
  };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as SearchFilters;
}

export function hasFilters(f: SearchFilters | undefined): boolean {
  return Object.keys(cleanFilters(f)).length > 0;
}

/** Local midnight at the start of a 'YYYY-MM-DD' day, ms since the epoch. */
function startOfDay(day: string, plusDays = 0): number {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).getTime();
}

/**
 * The filters as one test of an image, with the days turned into times once (a mask over 100,000
 * images then compares numbers). `f` as cleanFilters returns it.
 */
export function compileFilters(f: SearchFilters): (facts: ImageFacts) => boolean {
  const after = f.from ? startOfDay(f.from) : -Infinity;
  const before = f.to ? startOfDay(f.to, 1) : Infinity; // the end of the last day
  const dated = !!(f.from || f.to);
  return (facts) => {
    if (f.folders && (facts.folder === undefined || !f.folders.some((p) => inFolder(facts.folder!, p)))) return false;
    if (dated && (facts.date === undefined || facts.date < after || facts.date >= before)) return false;
    if (f.types && (!facts.type || !f.types.includes(facts.type))) return false;
    const sized = facts.width !== undefined && facts.height !== undefined;
    if (f.minMegapixels && (!sized || (facts.width! * facts.height!) / 1e6 < f.minMegapixels)) return false;
    if (f.orientations && (!sized || !f.orientations.includes(orientationOf(facts.width!, facts.height!)))) return false;
    if (f.categories && (facts.category === undefined || !f.categories.includes(facts.category))) return false;
    if (f.sources && (facts.source === undefined || !f.sources.includes(facts.source))) return false;
    return true;
  };
}

/** Does one image pass every filter? (`f` as cleanFilters returns it.) */
export function matches(facts: ImageFacts, f: SearchFilters): boolean {
  return compileFilters(f)(facts);
}

/**
 * The mask of the rows that pass (1) or not (0); `factsOfRow(row)` describes row `row`.
 * Undefined when nothing filters, so the scan keeps its plain path.
 */
export function filterMask(count: number, factsOfRow: (row: number) => ImageFacts, filters: SearchFilters | undefined): Uint8Array | undefined {
  const f = cleanFilters(filters);
  if (!Object.keys(f).length) return undefined;
  const test = compileFilters(f);
  const mask = new Uint8Array(count);
  for (let row = 0; row < count; row++) mask[row] = test(factsOfRow(row)) ? 1 : 0;
  return mask;
}

/**
 * Results in the order asked: relevance keeps the ranking; newest / oldest order by date, the
 * undated last (in their ranked order). The sort is stable, so equal dates keep their rank.
 */
export function sortByDate<T extends { readonly date?: number }>(hits: readonly T[], order: SortOrder): readonly T[] {
  if (order === 'relevance') return hits;
  const sign = order === 'newest' ? -1 : 1;
  return [...hits].sort((a, b) => {
    if (a.date === undefined || b.date === undefined) return (a.date === undefined ? 1 : 0) - (b.date === undefined ? 1 : 0);
    return sign * (a.date - b.date);
  });
}

/**
 * How many of the best matching images a date sort with a query chooses among (per searched
 * source, then over all of them): "every image above the threshold" within a bound, so that a
 * collection of 100,000 photos still sorts in a heap of this size. With fewer images, all of them.
 */
export const DATE_SORT_POOL = 10_000;

/**
 * A date sort with a query (issue 17: "with the threshold as the cut-off"): of `ranked` (the
 * candidates, best first), those that pass `threshold` (as the page compares it, so the best one
 * always passes: src/lib/results/threshold.ts), the `k` newest (oldest) of them, in that order.
 * With no threshold, the `k` best by relevance, in date order: with the cut-off off every image
 * would pass, and the query would stop mattering — a search for "beach" sorted newest first
 * shows the best beach photos newest first, not the newest photos.
 */
export function byDateAbove<T extends { readonly score: number; readonly date?: number }>(ranked: readonly T[], k: number, order: 'newest' | 'oldest', threshold: number | null | undefined, kind: ScoreKind): T[] {
  const n = Math.max(0, Math.floor(k));
  if (threshold === null || threshold === undefined || !Number.isFinite(threshold)) return [...sortByDate(ranked.slice(0, n), order)];
  return sortByDate(applyThreshold(ranked, threshold, kind), order).slice(0, n);
}

/** The span of the candidates' scores and how many there are (what a date sort chose among: the threshold slider's scale). */
export function scorePool(hits: readonly { readonly score: number }[]): { readonly count: number; readonly min: number; readonly max: number } {
  const scores = hits.map((h) => h.score).filter(Number.isFinite);
  return { count: hits.length, min: scores.length ? Math.min(...scores) : Number.NaN, max: scores.length ? Math.max(...scores) : Number.NaN };
}

/** One value of a facet and how many searched images have it. */
export interface FacetCount<T = string> {
  readonly value: T;
  readonly count: number;
}

/** What the searched images offer to filter on, for the filter bar. */
export interface Facets {
  /** every folder that holds images, parents included, in path order */
  readonly folders: readonly FacetCount[];
  readonly types: readonly FacetCount<ImageFormat>[];
  readonly categories: readonly FacetCount[];
  readonly sources: readonly FacetCount[];
  /** the first and last day with an image */
  readonly firstDay?: string;
  readonly lastDay?: string;
  /** how many images have a size (a person's photos) */
  readonly sized: number;
}

/** Counts the facets of a list of images; a folder's count includes its subfolders. */
export function facetsOf(all: Iterable<ImageFacts>): Facets {
  const folders = new Map<string, number>();
  const types = new Map<ImageFormat, number>();
  const categories = new Map<string, number>();
  const sources = new Map<string, number>();
  const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  let first: number | undefined;
  let last: number | undefined;
  let sized = 0;
  for (const f of all) {
    if (f.folder !== undefined) {
      bump(folders, '');
      const parts = f.folder ? f.folder.split('/') : [];
      for (let i = 1; i <= parts.length; i++) bump(folders, parts.slice(0, i).join('/'));
    }
    if (f.type) bump(types, f.type);
    if (f.category !== undefined) bump(categories, f.category);
    if (f.source !== undefined) bump(sources, f.source);
    if (f.date !== undefined) {
      first = first === undefined ? f.date : Math.min(first, f.date);
      last = last === undefined ? f.date : Math.max(last, f.date);
    }
    if (f.width !== undefined && f.height !== undefined) sized++;
  }
  const counts = <K extends string>(m: Map<K, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, count]) => ({ value, count }));
  return {
    folders: counts(folders),
    types: counts(types),
    categories: counts(categories),
    sources: counts(sources),
    ...(first === undefined ? {} : { firstDay: dayOf(first), lastDay: dayOf(last!) }),
    sized,
  };
}

/** A person's photo as filters see it: its stored record's path, date, type and size. */
export function factsOfRecord(r: { readonly path: string; readonly mtime: number; readonly taken?: number | null; readonly format: ImageFormat; readonly width: number; readonly height: number }): ImageFacts {
  return { folder: folderOf(r.path), date: typeof r.taken === 'number' ? r.taken : r.mtime, type: r.format, width: r.width, height: r.height };
}

/** A gallery item as filters see it: its category and source. */
export function factsOfItem(item: { readonly category: string; readonly source: string }): ImageFacts {
  return { category: item.category, source: item.source };
}
