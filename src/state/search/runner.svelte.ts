/**
 * Runs one search at a time for the page — the newest wins, an overtaken one is dropped — and
 * holds what the page shows of it: the answer, what is happening now, and why it failed.
 */
import { hasSomethingToSearch } from '../../lib/search/sources.ts';
import { clipClient, searchClient } from '../../bridge/clients.ts';
import { toWorkerErrorData } from '../../protocol/errors.ts';
import type { BrowseOptions, SearchOptions } from '../../protocol/search.ts';
import { requireClipReady, type SearchSources } from '../clip-query.ts';
import type { ComposerState } from './composer.svelte.ts';
import { feedbackSpec, leaveOut } from './feedback.svelte.ts';
import { LatestTask, isQuietError, type TaskTicket } from './latest-task.ts';
import { QuerySpecBuilder } from './query-spec.ts';
import { isErrorData, type Feedback, type Query, type SearchError, type SearchStatus, type ShownResult } from './query.ts';
import type { EngineChoice } from '../../lib/search/best-engine.ts';

/** What one search ranks: the query as composed, how, and the marks applied. */
export interface SearchRun {
  readonly composer: ComposerState;
  readonly options: SearchOptions;
  readonly alpha: number;
  readonly feedback: Feedback;
  /** the engine as the person chose it (options.engine is what it resolved to) */
  readonly choice: EngineChoice;
}

export class SearchRunner {
  /** the newest answer; its engine/measure are those the scores were computed with */
  result = $state.raw<ShownResult | null>(null);
  status = $state.raw<SearchStatus>({ kind: 'idle' });
  /** the gallery, the model or the ranking failed */
  searchError = $state.raw<SearchError | null>(null);
  /** the demo gallery and every collection are unticked: the person is asked to choose something */
  nothingToSearch = $state(false);

  readonly #task = new LatestTask();
  readonly #spec = new QuerySpecBuilder((text, signal) => clipClient.embedText(signal, text));

  constructor(private readonly sources: SearchSources) {}

  /** The CLIP vector a query image was searched with, if any (kept by the history). */
  clipVector(q: Query): Float32Array | undefined {
    return this.#spec.clipVector(q);
  }

  /** Ranks; the answer, or undefined when there is none to show (failed, overtaken, nothing selected). */
  run({ composer, options, alpha, feedback, choice }: SearchRun): Promise<ShownResult | undefined> {
    return this.#guarded(async (task) => {
      const { images, text } = composer;
      let base;
      if (options.engine === 'clip') {
        await requireClipReady(this.sources, text && images.length ? 'text-part' : 'query');
        base = await this.#spec.clip(composer, alpha, task.signal, (s) => (this.status = s), !!options.verify);
      } else {
        base = this.#spec.images(images, options.engine, !!options.verify);
      }
      if (!task.current) return undefined;
      const { spec, exclude } = feedbackSpec(feedback);
      this.status = { kind: 'searching', engine: options.engine };
      // Results marked bad and refined away are left out (Rocchio alone may only lower a near
      // copy of the query a little); the worker is asked for as many more, so k still come back.
      const raw = await searchClient.query(task.signal, { ...base, ...spec }, exclude.size ? { ...options, k: options.k + exclude.size } : options);
      return task.current ? { ...leaveOut(raw, exclude, options.k), choice } : undefined;
    });
  }

  /** Lists the images that pass the filters, by date (no query). */
  browse(options: BrowseOptions, choice: EngineChoice): Promise<ShownResult | undefined> {
    return this.#guarded(async (task) => {
      this.status = { kind: 'searching', engine: options.engine };
      return { ...(await searchClient.browse(task.signal, options)), choice };
    });
  }

  /** One task at a time: the sources ready, the answer kept unless overtaken, an error shown unless quiet. */
  async #guarded(work: (task: TaskTicket) => Promise<ShownResult | undefined>): Promise<ShownResult | undefined> {
    const { gallery, collections } = this.sources;
    const task = this.#task.start();
    this.searchError = null;
    if (collections && !hasSomethingToSearch(collections.sources())) {
      this.nothingToSearch = true;
      this.result = null;
      this.status = { kind: 'idle' };
      return undefined;
    }
    this.nothingToSearch = false;
    try {
      await gallery.load();
      await collections?.syncSearch();
      const result = await work(task);
      if (!task.current || !result) return undefined;
      this.result = result;
      this.status = { kind: 'idle' };
      return result;
    } catch (e) {
      if (!task.current) return undefined;
      const err: SearchError = isErrorData(e) ? e : toWorkerErrorData(e);
      if (isQuietError(err)) return undefined;
      this.searchError = err;
      this.result = null;
      this.status = { kind: 'idle' };
      return undefined;
    }
  }

  /** Drops the search under way and what is shown. */
  reset(): void {
    this.#task.cancel();
    this.result = null;
    this.searchError = null;
    this.nothingToSearch = false;
    this.status = { kind: 'idle' };
  }
}
