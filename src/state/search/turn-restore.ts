/**
 * A history turn put back as the page's query: its images (those no longer to be found are
 * said, not searched), its text and that text's vector, its settings with the engine it was
 * searched with (whatever was chosen then), its filters and sort, its marks, and the turn a new
 * answer updates.
 * Running the search is the caller's.
 */
import type { HistoryTurn, TurnImage } from '../../lib/history/turns.ts';
import { text as msg } from '../../lib/i18n/types.ts';
import type { SharedFilters } from '../../lib/search/filter-url.ts';
import type { SearchSettings } from '../../lib/search/settings.ts';
import type { ComposerState } from './composer.svelte.ts';
import type { EngineChooser } from './engine-choice.ts';
import type { FeedbackState } from './feedback.svelte.ts';
import type { FilterState } from './filters.svelte.ts';
import { pageError, type Query, type SearchError } from './query.ts';
import type { TurnTracker } from './turn-tracker.ts';

export interface RestoreParts {
  readonly composer: ComposerState;
  /** the turn's images as query images again, and the names of those not found (src/state/image-catalog.ts) */
  readonly catalog: { turnQueries(images: readonly TurnImage[]): Promise<{ images: Query[]; missing: string[] }> };
  readonly engines: Pick<EngineChooser, 'restore'>;
  readonly feedback: Pick<FeedbackState, 'restore'>;
  /** set quietly: the caller runs the search */
  readonly filters: Pick<FilterState, 'set' | 'setSort'>;
  readonly turns: Pick<TurnTracker, 'restoredFrom'>;
}

/** No filters, relevance: what a turn stored before filters were recorded is put back with, unless told otherwise. */
export const NO_FILTERS: SharedFilters = { filters: {}, sort: 'relevance' };

export async function putBackTurn(turn: HistoryTurn, { composer, catalog, engines, feedback, filters, turns }: RestoreParts, unrecorded: SharedFilters = NO_FILTERS): Promise<void> {
  composer.abortReads();
  composer.queryErrors = [];
  composer.notice = null;
  const { images, missing } = await catalog.turnQueries(turn.images);
  composer.replace(images, turn.text, turn.textQuery ?? null, missingImages('search.missing', missing));
  engines.restore(turnSettings(turn));
  const chosen = turnFilters(turn, unrecorded);
  filters.set(chosen.filters);
  filters.setSort(chosen.sort);
  feedback.restore(turn.positive, turn.negative);
  turns.restoredFrom(turn.id);
}

/** The settings a turn was searched with; its engine is the one used, so a re-run replays it. */
export function turnSettings(turn: HistoryTurn): SearchSettings {
  return { engine: turn.engine, measure: turn.measure, k: turn.k, index: turn.index ?? 'exact', alpha: turn.alpha };
}

/**
 * The filters and sort a turn was searched with; a turn stored before they were recorded has
 * neither field and gets `unrecorded` (none, unless the caller knows better: the link of its entry).
 */
export function turnFilters(turn: Pick<HistoryTurn, 'filters' | 'sort'>, unrecorded: SharedFilters = NO_FILTERS): SharedFilters {
  if (turn.filters === undefined) return unrecorded;
  return { filters: turn.filters, sort: turn.sort ?? 'relevance' };
}

/** The error that names the query images not found again (none: no error). */
export function missingImages(key: 'search.missing' | 'share.missing', missing: readonly string[]): SearchError[] {
  return missing.length ? [pageError('bad-request', msg(key, { names: missing.join(', '), count: missing.length }))] : [];
}
