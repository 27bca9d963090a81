/**
 * A search's filters and sort in its link (beside share-url.ts's keys), pure:
 *
 *   &folder=<path>  &type=<jpeg|png|…>  &orient=<landscape|portrait|square>
 *   &category=<name>  &source=<key>     each repeated, one value per key
 *   &from=YYYY-MM-DD &to=YYYY-MM-DD &mp=<minimum megapixels>  &sort=newest|oldest
 *
 * Only what filters is written; relevance (the default sort) is left out. Reading never fails:
 * unknown values are dropped.
 */
import type { ImageFormat } from '../image/sniff.ts';
import { cleanFilters, ORIENTATIONS, SORT_ORDERS, type Orientation, type SearchFilters, type SortOrder } from './filters.ts';

const IMAGE_FORMATS: readonly string[] = Object.keys({ jpeg: 1, png: 1, gif: 1, webp: 1, bmp: 1, avif: 1 } satisfies Record<ImageFormat, 1>);

export const FILTER_KEYS = ['folder', 'from', 'to', 'type', 'mp', 'orient', 'category', 'source', 'sort'] as const;

const MAX_VALUES = 50;
const MAX_LENGTH = 500;

export interface SharedFilters {
  readonly filters: SearchFilters;
  readonly sort: SortOrder;
}

export function readFilters(params: URLSearchParams): SharedFilters {
  const mp = Number(params.get('mp'));
  const filters = checkedFilters({
    folders: params.getAll('folder'),
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    types: params.getAll('type'),
    minMegapixels: Number.isFinite(mp) && mp > 0 ? mp : undefined,
    orientations: params.getAll('orient'),
    categories: params.getAll('category'),
    sources: params.getAll('source'),
  });
  return { filters, sort: sortOf(params.get('sort')) };
}

/** A sort order read from outside (a link, a stored turn): an unknown one is relevance. */
export function sortOf(value: unknown): SortOrder {
  return SORT_ORDERS.find((s) => s === value) ?? 'relevance';
}

/**
 * Filters read from outside (a link's values, a stored history turn): a field of the wrong type
 * and an unknown value are dropped, never an error.
 */
export function checkedFilters(value: unknown): SearchFilters {
  const o = (value && typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  const all = (key: string) => (Array.isArray(o[key]) ? (o[key] as unknown[]) : []).filter((v): v is string => typeof v === 'string' && v.length <= MAX_LENGTH).slice(0, MAX_VALUES);
  const day = (key: string) => (typeof o[key] === 'string' ? (o[key] as string) : undefined);
  return cleanFilters({
    folders: all('folders'),
    from: day('from'),
    to: day('to'),
    types: all('types').filter((t): t is ImageFormat => IMAGE_FORMATS.includes(t)),
    minMegapixels: typeof o.minMegapixels === 'number' && Number.isFinite(o.minMegapixels) && o.minMegapixels > 0 ? o.minMegapixels : undefined,
    orientations: all('orientations').filter((x): x is Orientation => (ORIENTATIONS as readonly string[]).includes(x)),
    categories: all('categories'),
    sources: all('sources'),
  });
}

/** `params` with the filters written in: FILTER_KEYS replaced, every other key kept where it was. */
export function writeFilters(params: URLSearchParams, shared: SharedFilters): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of params) if (!(FILTER_KEYS as readonly string[]).includes(key)) out.append(key, value);
  const f = cleanFilters(shared.filters);
  for (const v of f.folders ?? []) out.append('folder', v);
  if (f.from) out.set('from', f.from);
  if (f.to) out.set('to', f.to);
  for (const v of f.types ?? []) out.append('type', v);
  if (f.minMegapixels) out.set('mp', String(f.minMegapixels));
  for (const v of f.orientations ?? []) out.append('orient', v);
  for (const v of f.categories ?? []) out.append('category', v);
  for (const v of f.sources ?? []) out.append('source', v);
  if (shared.sort !== 'relevance') out.set('sort', shared.sort);
  return out;
}
