/**
 * Relevance feedback: results marked good or bad, and the marks the current results were refined
 * with (Rocchio, in the search worker). Marks start over with every new query.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { SearchHit, SearchResult } from '../../protocol/search.ts';
import type { TurnRef } from '../../lib/history/turns.ts';
import { feedbackOf, markKey, NO_FEEDBACK, refImage, refKey, type Feedback, type Mark, type MarkKind } from './query.ts';
import type { QuerySpec } from '../../protocol/search.ts';

export class FeedbackState {
  /** results marked good/bad, not yet applied */
  readonly marks = new SvelteMap<string, Mark>();
  /** the feedback the current results were refined with */
  applied = $state.raw<Feedback>(NO_FEEDBACK);

  /** The marks differ from the feedback the results were refined with. */
  get changed(): boolean {
    const key = (f: Feedback) => JSON.stringify([f.positive.map(refKey).sort(), f.negative.map(refKey).sort()]);
    return key(feedbackOf(this.marks)) !== key(this.applied);
  }

  /** Marks a result good or bad, or (null) unmarks it. */
  mark(hit: SearchHit, mark: MarkKind | null): void {
    const key = markKey(hit);
    if (mark === null) this.marks.delete(key);
    else this.marks.set(key, { mark, ref: hit.collection === undefined ? { item: hit.index, id: hit.id } : { item: hit.index, collection: hit.collection, id: hit.id } });
  }

  /** The marks become the feedback the next search is refined with. */
  apply(): void {
    this.applied = feedbackOf(this.marks);
  }

  /** Unmarks everything; true when results had been refined with marks (they must be ranked again). */
  clear(): boolean {
    this.marks.clear();
    if (!this.applied.positive.length && !this.applied.negative.length) return false;
    this.applied = NO_FEEDBACK;
    return true;
  }

  /** A new query: no marks, no feedback. */
  reset(): void {
    this.marks.clear();
    this.applied = NO_FEEDBACK;
  }

  /** The marks and feedback of a history turn. */
  restore(positive: readonly TurnRef[], negative: readonly TurnRef[]): void {
    this.marks.clear();
    for (const ref of positive) this.marks.set(refKey(ref), { mark: 'good', ref });
    for (const ref of negative) this.marks.set(refKey(ref), { mark: 'bad', ref });
    this.applied = { positive, negative };
  }
}

/** The feedback as the worker's query takes it, and the results refined away (left out of the answer). */
export function feedbackSpec(feedback: Feedback): { readonly spec: Pick<QuerySpec, 'positive' | 'negative'>; readonly exclude: ReadonlySet<string> } {
  return {
    spec: {
      ...(feedback.positive.length ? { positive: feedback.positive.map(refImage) } : {}),
      ...(feedback.negative.length ? { negative: feedback.negative.map(refImage) } : {}),
    },
    exclude: new Set(feedback.negative.map(refKey)),
  };
}

/** The results without those refined away (the worker was asked for as many more), at most k. */
export function leaveOut(result: SearchResult, exclude: ReadonlySet<string>, k: number): SearchResult {
  return exclude.size ? { ...result, hits: result.hits.filter((h) => !exclude.has(markKey(h))).slice(0, k) } : result;
}
