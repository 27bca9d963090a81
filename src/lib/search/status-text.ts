/**
 * The line that sums up a finished search (pure): how many results, and — through an
 * approximate index — how many images were scanned out of how many, so "Top 20 of 302" is never
 * read as the collection's size; and the engine that ranked them, as "Best available → CLIP"
 * when the engine was chosen for the person.
 */
import type { SearchEngineId } from '../engines/types.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { RankingStep } from '../messages/ranking.ts';
import type { EngineChoice } from './best-engine.ts';

export interface ResultCounts {
  readonly hits: number;
  readonly scanned: number;
  readonly total?: number;
  /** how it was ranked (said after the line when there is one) */
  readonly method?: readonly RankingStep[];
}

export function resultSummary(r: ResultCounts): { readonly key: MessageKey; readonly params: { count: number; scanned: number; total: number } } {
  const total = r.total ?? r.scanned;
  const params = { count: r.hits, scanned: r.scanned, total };
  const partial = r.scanned < total;
  if (r.method?.length) return { key: partial ? 'status.resultPartialMethod' : 'status.resultMethod', params };
  return { key: partial ? 'status.resultPartial' : 'status.result', params };
}

/** How the line names the engine: its own name, or (`key`) a sentence around it when "Best available" chose it. */
export function engineNaming(used: SearchEngineId, choice: EngineChoice | undefined): { readonly key: MessageKey | null; readonly engine: SearchEngineId } {
  return { key: choice === 'auto' ? 'status.bestEngine' : null, engine: used };
}
