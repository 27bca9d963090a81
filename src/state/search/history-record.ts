/**
 * A finished search as the history keeps it (src/state/history.svelte.ts): the query, the engine
 * actually used (a re-run replays it, whatever was chosen), the settings, the filters and sort,
 * and the answer.
 */
import { cleanFilters, type SearchFilters, type SortOrder } from '../../lib/search/filters.ts';
import type { TextQueryVector } from '../../protocol/clip.ts';
import type { SearchOptions, SearchResult } from '../../protocol/search.ts';
import type { Feedback, Query, SearchRecord } from './query.ts';

export interface FinishedSearch {
  readonly id: string;
  readonly images: readonly Query[];
  readonly text: string;
  /** the composer's text vector, if any (kept only when it is this text's) */
  readonly textVector: TextQueryVector | null;
  readonly alpha: number;
  readonly options: SearchOptions;
  /** the filters as chosen (those that filter are kept) and the order of the results */
  readonly filters: SearchFilters;
  readonly sort: SortOrder;
  readonly feedback: Feedback;
  readonly result: SearchResult;
  /** the CLIP vector a query image was searched with, if any */
  readonly clipVector: (q: Query) => Float32Array | undefined;
}

export function searchRecord(s: FinishedSearch): SearchRecord {
  const tv = s.textVector;
  return {
    id: s.id,
    images: s.images,
    clip: s.images.map(s.clipVector),
    text: s.text,
    // the text's vector, when it is this text's (a re-run needs no encoding)
    ...(s.text && tv && (tv.translatedFrom ?? tv.searchedText) === s.text ? { textQuery: tv } : {}),
    engine: s.result.engine,
    measure: s.result.measure,
    k: s.options.k,
    index: s.options.index ?? 'exact',
    alpha: s.alpha,
    filters: cleanFilters(s.filters),
    sort: s.sort,
    feedback: s.feedback,
    hits: s.result.hits,
  };
}
