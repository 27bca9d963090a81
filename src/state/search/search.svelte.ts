/**
 * The search page's state and its only actions: the query (composer), how it is ranked
 * (settings), relevance feedback, and the run (runner: latest request wins), each finished
 * search handed to the history as a turn. Every change of query, engine, measure, α or k
 * re-ranks, and only the newest answer is shown.
 */
import { getMeasure } from '../../lib/ranking/measures.ts';
import type { HistoryTurn } from '../../lib/history/turns.ts';
import { refOfPlace, type ImagePlace } from '../../lib/images/image-ref.ts';
import { text as msg } from '../../lib/i18n/types.ts';
import { planTextSubmit, textSearchCard, type TextSearchCard } from '../../lib/query/text-search.ts';
import { applyThreshold } from '../../lib/results/threshold.ts';
import { embedClient, searchClient } from '../../bridge/clients.ts';
import type { SearchFilters, SortOrder } from '../../lib/search/filters.ts';
import type { SearchHit, SearchOptions, SearchResult } from '../../protocol/search.ts';
import type { ClipState } from '../clip.svelte.ts';
import { clipUsable, type LocalClipGate, type SearchSources } from '../clip-query.ts';
import type { CollectionsState } from '../collections.svelte.ts';
import type { GalleryState } from '../gallery.svelte.ts';
import type { ImageCatalog } from '../image-catalog.ts';
import { site } from '../site.ts';
import { ComposerState } from './composer.svelte.ts';
import { FeedbackState } from './feedback.svelte.ts';
import { FilterState } from './filters.svelte.ts';
import { pageError, type Feedback, type MarkKind, type Query, type SearchError, type SearchRecorder, type SearchStatus, type ShownSearch } from './query.ts';
import { SearchRunner } from './runner.svelte.ts';
import type { SearchSettings } from '../../lib/search/settings.ts';
import { SearchSettingsState, startSettings, type SettingKey, type SettingValues } from './settings.svelte.ts';
import { saveSettings, storedSettings } from './settings-storage.ts';
import { TurnTracker } from './turn-tracker.ts';

export * from './query.ts';
export { DEFAULT_ENGINE, DEFAULT_K, MAX_K } from './settings.svelte.ts';

export class SearchState {
  readonly composer = new ComposerState((bytes, name, signal) => embedClient.embed(signal, bytes, name));
  readonly settings = new SearchSettingsState(startSettings(storedSettings(), site), saveSettings);
  readonly feedback = new FeedbackState();
  /** filters and sort; they combine with any query, and with none list the matching images by date */
  readonly filters = new FilterState(async (signal) => {
    await this.gallery.load();
    await this.#sources.collections?.syncSearch();
    return searchClient.facets(signal);
  });
  readonly #sources: SearchSources;
  readonly #runner: SearchRunner;
  readonly #turns = new TurnTracker();
  /** hears each query shown, and its clearing: the URL follows it (src/state/search/url-sync.svelte.ts) */
  onShown?: (shown: ShownSearch) => void;

  constructor(
    private readonly gallery: GalleryState,
    private readonly clip: ClipState,
    private readonly catalog: ImageCatalog,
    collections?: CollectionsState,
    private readonly history?: SearchRecorder,
    /** the gallery's CLIP vectors made in this browser, where it ships none of the model's */
    localClip?: LocalClipGate,
  ) {
    this.#sources = { gallery, clip, collections, localClip };
    this.#runner = new SearchRunner(this.#sources);
  }

  /** the newest answer; its engine/measure are those the scores were computed with */
  get result(): SearchResult | null {
    return this.#runner.result;
  }
  get status(): SearchStatus {
    return this.#runner.status;
  }
  /** the gallery, the model or the ranking failed */
  get searchError(): SearchError | null {
    return this.#runner.searchError;
  }
  /** the demo gallery and every collection are unticked: the person is asked to choose something */
  get nothingToSearch(): boolean {
    return this.#runner.nothingToSearch;
  }

  get hasQuery(): boolean {
    return this.composer.hasQuery;
  }

  get hits(): readonly SearchHit[] {
    return this.result?.hits ?? [];
  }

  /**
   * The results the threshold lets through (a prefix of `hits`: they come best first), in the
   * chosen order: with a date sort the threshold is the cut-off, then the dates order what passed.
   * A listing (no query) has no scores and comes in date order from the worker.
   */
  get visibleHits(): readonly SearchHit[] {
    if (this.result?.listing) return this.hits;
    const measure = this.result?.measure ?? this.settings.measure;
    return this.filters.order(applyThreshold(this.hits, this.settings.threshold, getMeasure(measure).kind));
  }

  /** No query, but filters: the matching images are listed by date. */
  get listing(): boolean {
    return !this.hasQuery && this.filters.isActive;
  }

  /** There are results to show: of a query, or a listing by filters. */
  get showsResults(): boolean {
    return (this.hasQuery || this.listing) && this.hits.length > 0;
  }

  /** Changes the filters: the query is ranked again among the images that pass (or they are listed). */
  setFilters(next: SearchFilters): void {
    if (this.filters.set(next)) void this.search();
  }

  /** Changes the order: ranked results are re-ordered here; a listing is asked for again. */
  setSort(order: SortOrder): void {
    if (this.filters.setSort(order) && this.listing) void this.search();
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
    const added = await this.composer.read(files, (file) => (this.#runner.status = { kind: 'embedding', file }));
    if (!added) return;
    if (added.length) {
      this.composer.setImages([...this.composer.images, ...added]);
      this.#queryChanged('images-added');
      await this.search();
    } else if (this.status.kind === 'embedding' && this.composer.pending === 0) {
      this.#runner.status = { kind: 'idle' };
    }
  }

  /** "Find similar": the gallery item (its stored vectors) becomes the query's only image. */
  searchWithItem(index: number): void {
    const q = this.catalog.galleryQuery(index);
    if (q) this.#replaceImages([q]);
  }

  /** "Find similar" for a result (a gallery item or a collection's image): it becomes the query's only image. */
  async searchWithHit(hit: ImagePlace): Promise<void> {
    const q = await this.catalog.queryImage(refOfPlace(hit));
    if (q) this.#replaceImages([q]);
  }

  /** Adds a result (gallery item or a collection's image) to the query's images. */
  async addHit(hit: SearchHit): Promise<void> {
    this.composer.notice = null;
    if (!this.composer.admit([hit], (h) => this.catalog.name(h)).length) return;
    const q = await this.catalog.queryImage(refOfPlace(hit));
    if (!q) return;
    this.composer.setImages([...this.composer.images, q]);
    this.#queryChanged('images-added');
    void this.search();
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
    const plan = planTextSubmit({ text: t, imageCount: this.composer.images.length, engine: this.settings.engine, clipUsable: !!t && (await clipUsable(this.#sources)) });
    if (this.composer.text !== t) return; // another text was submitted meanwhile
    this.composer.textBlocked = plan.card;
    if (plan.engine !== this.settings.engine) this.#useEngine(plan.engine);
    if (plan.search) await this.search();
    else this.onShown?.({ turn: this.#turns.id(), text: t, images: [], settings: this.settings.values() });
  }

  /** The text-search card's *Enable*: allows the one-time model download, then searches the text with it. */
  async enableTextSearch(): Promise<void> {
    await this.clip.update({ allowDownload: true });
    if (this.clip.ready && this.composer.text) await this.submit(this.composer.text);
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
    this.#runner.reset();
    this.composer.clear();
    this.#queryChanged('replaced');
    this.onShown?.({ text: '', images: [], settings: this.settings.values() });
    if (this.listing) void this.search();
  }

  dismissErrors(): void {
    this.composer.queryErrors = [];
    this.dismissSearchError();
  }

  dismissSearchError(): void {
    this.#runner.searchError = null;
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
    this.dismissSearchError();
    const { images, missing } = await this.catalog.turnQueries(turn.images);
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
    else this.#runner.result = null;
  }

  /**
   * Opens a search from a link (src/state/search/url-sync.svelte.ts) as a new turn: its gallery
   * images and settings, then its text as a submitted one (CLIP when it can search, else the
   * text-search card). `missing`: what the link named that this gallery does not have (said, not searched).
   */
  async openShared(images: Query[], text: string, settings: SearchSettings, missing: readonly string[]): Promise<void> {
    const composer = this.composer;
    const errors = missing.length ? [pageError('bad-request', msg('share.missing', { names: missing.join(', '), count: missing.length }))] : [];
    if (!text && !images.length) {
      this.clear();
      composer.queryErrors = errors;
      return;
    }
    composer.abortReads();
    composer.notice = null;
    this.dismissSearchError();
    composer.setImages(images);
    composer.setText('');
    composer.textBlocked = false;
    composer.queryErrors = errors;
    if (settings.engine !== this.settings.engine) this.gallery.prepare(settings.engine);
    this.settings.restore(settings);
    this.#queryChanged('replaced');
    if (text) await this.submit(text);
    else await this.search();
  }

  /** Ranks the sources for the current query and settings; older answers are dropped. */
  async search(): Promise<void> {
    const { composer, settings } = this;
    const images = composer.images;
    const text = composer.text;
    if (!images.length && !text) {
      if (this.listing) await this.#runner.browse({ engine: settings.engine, measure: settings.measure, k: settings.k, filters: this.filters.active, sort: this.filters.sort });
      else if (this.result?.listing) this.#runner.reset();
      return;
    }
    // A text alone that could not be searched keeps the previous results (the card says why).
    if (!images.length && composer.textBlocked && settings.engine !== 'clip') return;
    const filters = this.filters.active;
    const run = { composer, options: { ...settings.options(), ...(this.filters.isActive ? { filters } : {}) }, alpha: settings.alpha, feedback: this.feedback.applied };
    const result = await this.#runner.run(run);
    if (!result) return;
    const turn = this.#turns.id();
    this.#record(turn, images, text, run.alpha, run.options, run.feedback, result);
    const { engine, measure } = result;
    this.onShown?.({ turn, text, images, settings: { engine, measure, k: run.options.k, index: run.options.index ?? 'exact', alpha: run.alpha } });
  }

  #record(id: string, images: readonly Query[], text: string, alpha: number, options: SearchOptions, feedback: Feedback, result: SearchResult): void {
    const tv = this.composer.textVector;
    this.history?.record({
      id,
      images,
      clip: images.map((q) => this.#runner.clipVector(q)),
      text,
      // the text's vector, when it is this text's (a re-run needs no encoding)
      ...(text && tv && (tv.translatedFrom ?? tv.searchedText) === text ? { textQuery: tv } : {}),
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
