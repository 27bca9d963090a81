/**
 * What submitting a text does when the CLIP model may be missing (pure). Text is searched with
 * CLIP; without a usable model the query's images are still searched with the current image
 * engine, the engine is left as it was, and a card says what text search needs. A text alone
 * then searches nothing and the previous results stay. "Best available" stays the choice either
 * way: it resolves to CLIP for a text CLIP can search (src/lib/search/best-engine.ts).
 */
import type { SearchEngineId } from '../engines/types.ts';
import type { EngineChoice } from '../search/best-engine.ts';

/** The engine the images fall back to when CLIP was chosen but cannot run. */
export const IMAGE_ENGINE: SearchEngineId = 'classic';

export interface TextSubmit {
  readonly text: string;
  readonly imageCount: number;
  readonly engine: EngineChoice;
  /** the model is loaded and the searched places have vectors of it */
  readonly clipUsable: boolean;
}

export interface TextSubmitPlan {
  /** the engine choice to search with (CLIP only when it can search) */
  readonly engine: EngineChoice;
  /** whether to search now */
  readonly search: boolean;
  /** whether to show the text-search card (the text could not be searched) */
  readonly card: boolean;
}

export function planTextSubmit(q: TextSubmit): TextSubmitPlan {
  if (!q.text) return { engine: q.engine, search: q.imageCount > 0, card: false };
  if (q.clipUsable) return { engine: q.engine === 'auto' ? 'auto' : 'clip', search: true, card: false };
  // CLIP cannot search the images either then: they go to the weight-free default.
  return { engine: q.engine === 'clip' ? IMAGE_ENGINE : q.engine, search: q.imageCount > 0, card: true };
}

/** What the card offers: a download the person can allow (once), or nothing, where the site does not allow one. */
export type TextSearchCard =
  | { readonly kind: 'enable'; readonly modelId: string }
  | { readonly kind: 'loading' }
  | { readonly kind: 'unavailable' };

/** The card for the model's status as the page knows it (only its state and whether a download is allowed). */
export function textSearchCard(status: { readonly state: string; readonly canDownload?: boolean; readonly modelId?: string }): TextSearchCard {
  if (status.state === 'loading') return { kind: 'loading' };
  if (status.state === 'unavailable' && status.canDownload) return { kind: 'enable', modelId: status.modelId ?? '' };
  return { kind: 'unavailable' };
}
