/**
 * The search page's state and its only actions: the query (composer), how it is ranked
 * (settings), relevance feedback, and the run itself — latest request wins, each finished
 * search handed to the history as a turn. Every change of query, engine, measure, α or k
 * re-ranks, and only the newest answer is shown.
 */
import { getMeasure } from '../../lib/measures.ts';
import type { HistoryTurn } from '../../lib/history/turns.ts';
import { applyThreshold } from '../../lib/results/threshold.ts';
import { hasSomethingToSearch } from '../../lib/search/sources.ts';
import { SETTINGS_KEY } from '../../lib/search/settings.ts';
import { planTextSubmit, textSearchCard, type TextSearchCard } from '../../lib/query/text-search.ts';
import { text as msg } from '../../lib/i18n/types.ts';
import { clipClient, embedClient, searchClient } from '../../bridge/clients.ts';
import { toWorkerErrorData, type SearchHit, type SearchOptions, type SearchResult } from '../../../workers/protocol.ts';
import type { ClipState } from '../clip.svelte.ts';
import type { CollectionsState } from '../collections.svelte.ts';
import type { GalleryState } from '../gallery.svelte.ts';
import { requireClipReady, type LocalClipGate } from '../clip-query.ts';
import { site } from '../site.ts';
import { ComposerState } from './composer.svelte.ts';
import { FeedbackState, feedbackSpec } from './feedback.svelte.ts';
import { LatestTask, isQuietError } from './latest-task.ts';
import { QuerySpecBuilder } from './query-spec.ts';
import { SearchSettingsState, startSettings, type SettingKey, type SettingValues } from './settings.svelte.ts';
import { TurnTracker } from './turn-tracker.ts';
import { isErrorData, markKey, nextKey, pageError, queryOfTurnImage, type Feedback, type MarkKind, type Query, type SearchError, type SearchRecorder, type SearchStatus } from './query.ts';

export * from './query.ts';
export { DEFAULT_ENGINE, DEFAULT_K, MAX_K } from './settings.svelte.ts';

function storedSettings(): string | null {
  try {
    return site.embed ? null : localStorage.getItem(SETTINGS_KEY);
  } catch {
    return null; // storage blocked: defaults
  }
}

function saveSettings(serialized: string): void {
  if (site.embed) return; // an embedded page keeps nothing
  try {
    localStorage.setItem(SETTINGS_KEY, serialized);
  } catch { /* private mode: settings last for this visit */ }
}

export class SearchState {
  readonly composer = new ComposerState((bytes, name, signal) => embedClient.embed(bytes, name, signal));
  readonly settings = new SearchSettingsState(startSettings(storedSettings(), site), saveSettings);
  readonly feedback = new FeedbackState();
  /** the newest answer; its engine/measure are those the scores were computed with */
  result = $state.raw<SearchResult | null>(null);
  status = $state.raw<SearchStatus>({ kind: 'idle' });
  /** the gallery, the model or the ranking failed */
  searchError = $state.raw<SearchError | null>(null);
  /** the demo gallery and every collection are unticked: the person is asked to choose something */
  nothingToSearch = $state(false);

  readonly #run = new LatestTask();
  readonly #spec = new QuerySpecBuilder((text, signal) => clipClient.embedText(text, signal));
  readonly #turns = new TurnTracker();

  constructor(
    private readonly gallery: GalleryState,
    private readonly clip: ClipState,
    private readonly collections?: CollectionsState,
    private readonly history?: SearchRecorder,
    /** the gallery's CLIP vectors made in this browser, where it ships none of the model's */
    private readonly localClip?: LocalClipGate,
  ) {}

  get hasQuery(): boolean {
    return this.composer.hasQuery;
  }

  get hits(): readonly SearchHit[] {
    return this.result?.hits ?? [];
  }

  /** The results the threshold lets through (a prefix of `hits`: they come best first). */
  get visibleHits(): readonly SearchHit[] {
    const measure = this.result?.measure ?? this.settings.measure;
    return applyThreshold(this.hits, this.settings.threshold, getMeasure(measure).kind);
  }

  /** Text is in the query but the engine cannot read it (the images are searched alone). */
  get textUnused(): boolean {
    return !!this.composer.text && this.settings.engine !== 'clip' && this.composer.images.length > 0 && !this.textCard;
  }

  /** What the card about the text says (null: no card): the model can be enabled, is loading, or is not offered here. */
  get textCard(): TextSearchCard | null {
    return this.composer.textBlocked && !!this.composer.text && !this.clip.ready ? textSearchCard(this.clip.status) : null;
  }

  /**
   * Adds files to the query (picker, drop, paste): each is decoded and embedded in the worker,
   * then the query is searched once.
   */
  async addFiles(files: readonly File[]): Promise<void> {
    const added = await this.composer.read(files, (file) => (this.status = { kind: 'embedding', file }));
    if (!added) return;
    if (added.length) {
      this.composer.setImages([...this.composer.images, ...added]);
      this.#queryChanged('images-added');
      await this.search();
    } else if (this.status.kind === 'embedding' && this.composer.pending === 0) {
      this.status = { kind: 'idle' };
    }
  }

  /** "Find similar": the gallery item (its stored vectors) becomes the query's only image. */
  searchWithItem(index: number): void {
    const q = this.#galleryQuery(index);
    if (q) this.#replaceImages([q]);
  }

  /** "Find similar" for an image of a collection (`index`: its row, `path`: its name). */
  async searchWithCollectionImage(collection: string, index: number, path: string): Promise<void> {
    this.#replaceImages([await this.#collectionQuery(collection, index, path)]);
  }

  /** Adds a result (gallery item or a collection's image) to the query's images. */
  async addHit(hit: SearchHit): Promise<void> {
    this.composer.notice = null;
    if (!this.composer.admit([hit], (h) => (h.collection === undefined ? (this.gallery.item(h.index)?.name ?? h.id) : h.id)).length) return;
    const q = hit.collection === undefined ? this.#galleryQuery(hit.index) : await this.#collectionQuery(hit.collection, hit.index, hit.id);
    if (!q) return;
    this.composer.setImages([...this.composer.images, q]);
    this.#queryChanged('images-added');
    void this.search();
  }

  #galleryQuery(index: number): Query | undefined {
    const item = this.gallery.item(index);
    return item ? { kind: 'item', key: nextKey(), index, name: item.name, previewUrl: this.gallery.imageUrl(item) } : undefined;
  }

  async #collectionQuery(collection: string, index: number, path: string): Promise<Query> {
    const record = await this.collections?.image(collection, path);
    const previewUrl = record ? URL.createObjectURL(record.thumb) : '';
    return { kind: 'item', key: nextKey(), index, collection, name: path, previewUrl, ...(record ? { thumb: record.thumb } : {}) };
  }

  #replaceImages(next: Query[]): void {
    this.composer.abortReads();
    this.composer.queryErrors = [];
    this.composer.notice = null;
    this.composer.setImages(next);
    this.#queryChanged('replaced');
    void this.search();
  }

  /**
   * The text of the query, submitted (Enter or the Search button): searches the whole query,
   * text and images. Text is searched with CLIP, so the engine switches to it — only when CLIP
   * can search: without a model the images are searched with the current image engine, a card
   * says what text search needs, and a text alone keeps the previous results
   * (src/lib/query/text-search.ts).
   */
  async submit(text: string): Promise<void> {
    const t = text.trim();
    const previousText = this.composer.text;
    if (this.composer.setText(t)) this.#queryChanged('text', previousText);
    if (!this.hasQuery) {
      this.clear();
      return;
    }
    const plan = planTextSubmit({ text: t, imageCount: this.composer.images.length, engine: this.settings.engine, clipUsable: !!t && (await this.#clipUsable()) });
    if (this.composer.text !== t) return; // another text was submitted meanwhile
    this.composer.textBlocked = plan.card;
    if (plan.engine !== this.settings.engine) this.#useEngine(plan.engine);
    if (plan.search) await this.search();
  }

  /** The text-search card's *Enable*: allows the one-time model download, then searches the text with it. */
  async enableTextSearch(): Promise<void> {
    await this.clip.update({ allowDownload: true });
    if (this.clip.ready && this.composer.text) await this.submit(this.composer.text);
  }

  async #clipUsable(): Promise<boolean> {
    try {
      await this.gallery.load();
      await requireClipReady(this.clip, this.gallery, this.collections, 'query', this.localClip);
      return true;
    } catch (e) {
      // The deployer's reason (it may name build commands) goes to the console, not the page.
      console.info('[text search]', isErrorData(e) ? e.message : e);
      return false;
    }
  }

  /** Changes one setting; a ranking setting re-ranks (the threshold only filters what is shown). */
  set<K extends SettingKey>(key: K, value: SettingValues[K]): void {
    if (key === 'engine') {
      if (value !== this.settings.engine) this.#useEngine(value as SettingValues['engine']);
      else return;
    } else if (!this.settings.set(key, value)) return;
    if (key !== 'threshold') void this.search();
  }

  #useEngine(engine: SettingValues['engine']): void {
    this.settings.set('engine', engine);
    this.gallery.prepare(engine);
  }

  /** Marks a result good or bad, or (null) unmarks it; `refine` applies the marks. */
  mark(hit: SearchHit, mark: MarkKind | null): void {
    this.feedback.mark(hit, mark);
  }

  /** Re-ranks with the marks: q' = α·q + β·mean(good) − γ·mean(bad) (computed in the search worker). A new turn. */
  refine(): void {
    if (!this.hasQuery) return;
    this.feedback.apply();
    this.settings.set('threshold', null);
    this.#turns.startNew();
    void this.search();
  }

  /** Unmarks every result; results refined with marks are ranked again without them, in the same turn. */
  clearMarks(): void {
    if (!this.feedback.clear()) return;
    this.settings.set('threshold', null);
    this.#turns.changed('marks-cleared', this.composer.text, this.composer.text);
    void this.search();
  }

  /** Removes one image; the rest (and the text) are searched, or the page goes back to empty. */
  removeImage(key: string): void {
    if (!this.composer.images.some((q) => q.key === key)) return;
    this.composer.notice = null;
    this.composer.setImages(this.composer.images.filter((q) => q.key !== key));
    this.#afterRemoval();
  }

  /** Removes every image; the text (if any) stays and is searched alone. */
  removeImages(): void {
    this.composer.abortReads();
    this.composer.notice = null;
    this.composer.setImages([]);
    this.#afterRemoval();
  }

  #afterRemoval(): void {
    if (!this.hasQuery) {
      this.clear();
      return;
    }
    this.#queryChanged('images-removed');
    void this.search();
  }

  clear(): void {
    this.#run.cancel();
    this.composer.clear();
    this.result = null;
    this.searchError = null;
    this.nothingToSearch = false;
    this.#queryChanged('replaced');
    this.status = { kind: 'idle' };
  }

  dismissErrors(): void {
    this.composer.queryErrors = [];
    this.searchError = null;
  }

  /**
   * Puts a history turn back as the query (images, text, settings, feedback) and runs it; the
   * answer updates that turn. Images kept in the history as vectors search as before; a file's
   * CLIP vector exists only if it was computed when the file was at hand.
   */
  async restore(turn: HistoryTurn): Promise<void> {
    const composer = this.composer;
    composer.abortReads();
    composer.queryErrors = [];
    composer.notice = null;
    this.searchError = null;
    const manifest = await this.gallery.load().catch(() => null);
    const galleryIndex = (id: string, at: number) =>
      manifest?.items[at]?.id === id ? at : (manifest?.items.findIndex((it) => it.id === id) ?? -1);
    const images: Query[] = [];
    const missing: string[] = [];
    for (const im of turn.images) {
      const q = queryOfTurnImage(im, (id, at) => {
        const index = galleryIndex(id, at);
        return index >= 0 ? this.#galleryQuery(index) : undefined;
      });
      if (q) images.push(q);
      else missing.push(im.name);
    }
    composer.setImages(images);
    composer.text = turn.text;
    composer.textVector = turn.textQuery ?? null;
    composer.textBlocked = false;
    if (turn.engine !== this.settings.engine) this.gallery.prepare(turn.engine);
    this.settings.restore({ engine: turn.engine, measure: turn.measure, k: turn.k, index: turn.index ?? 'exact', alpha: turn.alpha });
    this.feedback.restore(turn.positive, turn.negative);
    this.#turns.restoredFrom(turn.id);
    if (missing.length) {
      composer.queryErrors = [pageError('bad-request', msg('search.missing', { names: missing.join(', '), count: missing.length }))];
    }
    if (this.hasQuery) await this.search();
    else this.result = null;
  }

  /** Ranks the sources for the current query and settings; older answers are dropped. */
  async search(): Promise<void> {
    const { composer, settings } = this;
    const images = composer.images;
    const text = composer.text;
    if (!images.length && !text) return;
    // A text alone that could not be searched keeps the previous results (the card says why).
    if (!images.length && composer.textBlocked && settings.engine !== 'clip') return;
    const options = settings.options();
    const alpha = settings.alpha;
    const feedback = this.feedback.applied;
    const task = this.#run.start();
    this.searchError = null;
    if (this.collections && !hasSomethingToSearch(this.collections.sources())) {
      this.nothingToSearch = true;
      this.result = null;
      this.status = { kind: 'idle' };
      return;
    }
    this.nothingToSearch = false;
    try {
      await this.gallery.load();
      await this.collections?.syncSearch();
      let base;
      if (options.engine === 'clip') {
        await requireClipReady(this.clip, this.gallery, this.collections, text && images.length ? 'text-part' : 'query', this.localClip);
        base = await this.#spec.clip(composer, alpha, task.signal, (s) => (this.status = s), !!options.verify);
      } else {
        base = this.#spec.images(images, options.engine, !!options.verify);
      }
      if (!task.current) return;
      const { spec, exclude } = feedbackSpec(feedback);
      this.status = { kind: 'searching', engine: options.engine };
      // Results marked bad and refined away are left out (Rocchio alone may only lower a near
      // copy of the query a little); the worker is asked for as many more, so k still come back.
      const raw = await searchClient.query({ ...base, ...spec }, exclude.size ? { ...options, k: options.k + exclude.size } : options, task.signal);
      if (!task.current) return;
      const result = exclude.size ? { ...raw, hits: raw.hits.filter((h) => !exclude.has(markKey(h))).slice(0, options.k) } : raw;
      this.result = result;
      this.status = { kind: 'idle' };
      this.#record(images, text, alpha, options, feedback, result);
    } catch (e) {
      if (!task.current) return;
      const err: SearchError = isErrorData(e) ? e : toWorkerErrorData(e);
      if (isQuietError(err)) return;
      this.searchError = err;
      this.result = null;
      this.status = { kind: 'idle' };
    }
  }

  #record(images: readonly Query[], text: string, alpha: number, options: SearchOptions, feedback: Feedback, result: SearchResult): void {
    if (!this.history) return;
    const tv = this.composer.textVector;
    const textQuery = text && tv && (tv.translatedFrom ?? tv.searchedText) === text ? tv : undefined;
    this.history.record({
      id: this.#turns.id(),
      images,
      clip: images.map((q) => this.#spec.clipVector(q)),
      text,
      ...(textQuery ? { textQuery } : {}),
      engine: result.engine,
      measure: result.measure,
      k: options.k,
      index: options.index ?? 'exact',
      alpha,
      feedback,
      hits: result.hits,
    });
  }

  /**
   * The query changed: marks and threshold start over; a new history turn starts only for a new
   * query (src/lib/history/turns.ts, startsNewTurn), composing updates the current one.
   */
  #queryChanged(change: Parameters<TurnTracker['changed']>[0], previousText = this.composer.text): void {
    this.#turns.changed(change, previousText, this.composer.text);
    this.feedback.reset();
    this.settings.set('threshold', null);
  }
}
