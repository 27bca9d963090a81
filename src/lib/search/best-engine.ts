/**
 * "Best available": the engine choice a page starts with. It searches with CLIP when the model is
 * ready (loaded, or loadable from the site) and every searched source (the demo gallery, each
 * chosen collection) has CLIP vectors, else with the classic engine. A query's text that CLIP was
 * found able to search needs CLIP whatever the sources (the worker notes a source it skips).
 * Pure: the page gathers the model's state and the sources' coverage (src/state/search/engine-choice.ts).
 */
import { engineInfo } from '../engines/info.ts';
import { SEARCH_ENGINE_IDS, type SearchEngineId } from '../engines/types.ts';
import type { MeasureId } from '../ranking/measures.ts';

/** What a person picks in the engine menu: one engine, or the best available one. */
export type EngineChoice = 'auto' | SearchEngineId;
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', ...SEARCH_ENGINE_IDS];

/** The engine "Best available" falls back to: weight-free, always there. */
export const FALLBACK_ENGINE: SearchEngineId = 'classic';

export function isEngineChoice(x: unknown): x is EngineChoice {
  return typeof x === 'string' && (ENGINE_CHOICES as readonly string[]).includes(x);
}

/** The CLIP model as far as the choice needs it. */
export type ModelReadiness = 'ready' | 'loadable' | 'unavailable';

/** A model status (src/protocol/clip.ts) as readiness: idle or loading may still become ready; unavailable or failed will not. */
export function modelReadiness(status: { readonly state: string }): ModelReadiness {
  if (status.state === 'ready') return 'ready';
  return status.state === 'idle' || status.state === 'loading' ? 'loadable' : 'unavailable';
}

/** One searched source: the demo gallery or a chosen collection. */
export interface SourceCoverage {
  /** it holds vectors of the model that would search (the gallery's may be made in this browser) */
  readonly clipVectors: boolean;
}

export interface BestEngineInput {
  readonly model: ModelReadiness;
  /** every source the search covers (none: nothing to search) */
  readonly sources: readonly SourceCoverage[];
  /** the query has text that CLIP was found able to search (src/lib/query/text-search.ts) */
  readonly text?: boolean;
}

/** Whether every searched source has CLIP vectors (and there is at least one). */
export function clipCoversAll(sources: readonly SourceCoverage[]): boolean {
  return sources.length > 0 && sources.every((s) => s.clipVectors);
}

/** The engine "Best available" searches with. */
export function bestEngine({ model, sources, text = false }: BestEngineInput): SearchEngineId {
  if (model === 'unavailable') return FALLBACK_ENGINE;
  return text || clipCoversAll(sources) ? 'clip' : FALLBACK_ENGINE;
}

/** The engine a choice searches with, `best` being what "Best available" resolves to now. */
export function engineOf(choice: EngineChoice, best: SearchEngineId): SearchEngineId {
  return choice === 'auto' ? best : choice;
}

/**
 * The measure a choice starts with. "Best available" picks between engines that rank by the same
 * measure (cosine), so a measure chosen with it holds whichever engine it resolves to.
 */
export function defaultMeasureOf(choice: EngineChoice): MeasureId {
  return engineInfo(choice === 'auto' ? FALLBACK_ENGINE : choice).defaultMeasure;
}
