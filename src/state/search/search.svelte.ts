/**
 * The search page's state and its only actions: the query (composer), how it is ranked
 * (settings, the engine choice resolved before each search), relevance feedback, and the run
 * (runner: latest request wins), each finished search handed to the history as a turn. Every
 * change of query, engine, measure, α or k re-ranks, and only the newest answer is shown.
 */
import { getMeasure } from '../../lib/ranking/measures.ts';
import type { HistoryTurn } from '../../lib/history/turns.ts';
import type { ImagePlace } from '../../lib/images/image-ref.ts';
import { textSearchCard, type TextSearchCard } from '../../lib/query/text-search.ts';
import { applyThreshold, thresholdScale } from '../../lib/results/threshold.ts';
import { embedClient, searchClient } from '../../bridge/clients.ts';
import type { SearchFilters, SortOrder } from '../../lib/search/filters.ts';
import type { SharedFilters } from '../../lib/search/filter-url.ts';
import type { SearchHit } from '../../protocol/search.ts';
import type { ClipState } from '../clip.svelte.ts';
import type { LocalClipGate, SearchSources } from '../clip-query.ts';
import type { CollectionsState } from '../collections.svelte.ts';
import type { GalleryState } from '../gallery.svelte.ts';
import type { ImageCatalog } from '../image-catalog.ts';
import { site } from '../site.ts';
import { ComposerState } from './composer.svelte.ts';
import { FeedbackState } from './feedback.svelte.ts';
import { FilterState } from './filters.svelte.ts';
import type { MarkKind, Query, SearchError, SearchRecorder, SearchStatus, ShownResult, ShownSearch } from './query.ts';
import { SearchRunner } from './runner.svelte.ts';
import type { EngineChoice } from '../../lib/search/best-engine.ts';
import type { SearchSettings } from '../../lib/search/settings.ts';
import { EngineChooser, type LocalClipProgress } from './engine-choice.ts';
import { QueryImages, type ImagesChange } from './query-images.ts';
import { searchRecord } from './history-record.ts';
import { SearchSettingsState, startSettings, type SettingKey, type SettingValues } from './settings.svelte.ts';
import { saveSettings, storedSettings } from './settings-storage.ts';
import { planSubmittedText } from './text-submit.ts';
import { missingImages, putBackTurn } from './turn-restore.ts';
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
  readonly #engines: EngineChooser;
  readonly #images: QueryImages;
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
    localClip?: LocalClipGate & LocalClipProgress,
  ) {
    this.#sources = { gallery, clip, collections, localClip };
    this.#runner = new SearchRunner(this.#sources);
    this.#images = new QueryImages(this.composer, catalog, this.#runner, (change) => this.#imagesEdited(change));
    this.#engines = new EngineChooser({ gallery, clip, collections, localClip }, this.settings, (engine) => gallery.prepare(engine));
  }

  /** the newest answer; its engine/measure are those the scores were computed with, `choice` the engine choice it was searched under */
  get result(): ShownResult | null {
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
   * The results the threshold lets through, in the chosen order. Relevance: a prefix of `hits`
   * (they come best first). A date sort: the worker chose the newest (oldest) of every candidate
   * that passes the threshold and sent them in that order; cutting and ordering here again only
   * matters until the search for a new threshold or order comes back.
   * A listing (no query) has no scores and comes in date order from the worker.
   */
  get visibleHits(): readonly SearchHit[] {
    if (this.result?.listing) return this.hits;
    const measure = this.result?.measure ?? this.settings.measure;
    return this.filters.order(applyThreshold(this.hits, this.settings.threshold, getMeasure(measure).kind));
  }

  /** What the threshold slider spans (src/lib/results/threshold.ts). */
  get thresholdScale(): { readonly scores: readonly number[]; readonly count: number } {
    return thresholdScale(this.hits, this.result?.pool);
  }

  /** A query sorted by date: the threshold chooses the candidates in the worker, so a new one searches again. */
  get #thresholdSearches(): boolean {
    return this.hasQuery && this.filters.sort !== 'relevance';
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

  /**
   * Changes the order: the query is searched again (a date sort chooses among every image above
   * the threshold, relevance among the best), a listing is asked for again.
   */
  setSort(order: SortOrder): void {
    if (this.filters.setSort(order)) void this.search();
  }

  /** Text is in the query but the engine cannot read it (the images are searched alone). */
  get textUnused(): boolean {
    return !!this.composer.text && this.settings.engine !== 'clip' && this.composer.images.length > 0 && !this.textCard;
  }

  /** What the card about the text says (null: no card): the model can be enabled, is loading, or is not offered here. */
  get textCard(): TextSearchCard | null {
    return this.composer.textBlocked && !!this.composer.text && !this.clip.ready ? textSearchCard(this.clip.status) : null;
  }

  /** Adds files to the query (picker, drop, paste): each is embedded in the worker, then the query is searched once. */
  readonly addFiles = (files: readonly File[]): Promise<void> => this.#images.addFiles(files);
  /** "Find similar": the gallery item becomes the query's only image. */
  readonly searchWithItem = (index: number): void => this.#images.searchWithItem(index);
  /** "Find similar" for a result (a gallery item or a collection's image). */
  readonly searchWithHit = (hit: ImagePlace): Promise<void> => this.#images.searchWithHit(hit);
  /** Adds a result (gallery item or a collection's image) to the query's images. */
  readonly addHit = (hit: SearchHit): Promise<void> => this.#images.addHit(hit);
  /** Removes one image; the rest (and the text) are searched, or the page goes back to empty. */
  readonly removeImage = (key: string): void => this.#images.remove(key);
  /** Removes every image; the text (if any) stays and is searched alone. */
  readonly removeImages = (): void => this.#images.removeAll();

  /** An edit of the images: a new or updated turn, searched; nothing left to search empties the page. */
  #imagesEdited(change: ImagesChange): Promise<void> {
    if (!this.hasQuery) return Promise.resolve(this.clear());
    this.#queryChanged(change);
    return this.search();
  }

  /**
   * The text of the query, submitted (Enter or the Search button): searches the whole query,
   * text and images. Text is searched with CLIP ("Best available" resolves to it; an explicit
   * engine switches to it) — only when CLIP can search: without a model the images are searched
   * with the current image engine, a card says what text search needs, and a text alone keeps
   * the previous results (src/lib/query/text-search.ts).
   */
  async submit(text: string): Promise<void> {
    const t = text.trim();
    const previousText = this.composer.text;
    if (this.composer.setText(t)) this.#queryChanged('text', previousText);
    if (!this.hasQuery) {
      this.clear();
      return;
    }
    const plan = await planSubmittedText(t, this.composer.images.length, this.settings.choice, this.#sources);
    if (this.composer.text !== t) return; // another text was submitted meanwhile
    this.composer.textBlocked = plan.card;
    this.#engines.choose(plan.engine);
    if (plan.search) await this.search();
    else this.onShown?.({ turn: this.#turns.id(), text: t, images: [], settings: this.settings.values() });
  }

  /** The text-search card's *Enable*: allows the one-time model download, then searches the text with it. */
  async enableTextSearch(): Promise<void> {
    await this.clip.update({ allowDownload: true });
    if (this.clip.ready && this.composer.text) await this.submit(this.composer.text);
  }

  /**
   * Changes one setting; a ranking setting re-ranks. The threshold only filters what is shown,
   * except for a query sorted by date, whose candidates it chooses (searched again).
   */
  set<K extends SettingKey>(key: K, value: SettingValues[K]): void {
    const changed = key === 'engine' ? this.#engines.choose(value as EngineChoice) : this.settings.set(key, value);
    if (changed && (key !== 'threshold' || this.#thresholdSearches)) void this.search();
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
   * Puts a history turn back as the query (images, text, settings, filters and sort, feedback)
   * and runs it; the answer updates that turn. `unrecorded`: the filters and sort for a turn
   * stored before they were recorded (default none). Images kept in the history as vectors search as before; a file's
   * CLIP vector exists only if it was computed when the file was at hand.
   */
  async restore(turn: HistoryTurn, unrecorded?: SharedFilters): Promise<void> {
    this.dismissSearchError();
    await putBackTurn(turn, { composer: this.composer, catalog: this.catalog, engines: this.#engines, feedback: this.feedback, filters: this.filters, turns: this.#turns }, unrecorded);
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
    const errors = missingImages('share.missing', missing);
    if (!text && !images.length) {
      this.clear();
      composer.queryErrors = errors;
      return;
    }
    this.dismissSearchError();
    composer.replace(images, '', null, errors);
    this.#engines.restore(settings);
    this.#queryChanged('replaced');
    if (text) await this.submit(text);
    else await this.search();
  }

  /** Ranks the sources for the current query and settings; older answers are dropped. */
  async search(): Promise<void> {
    const { composer, settings } = this;
    const images = composer.images;
    const text = composer.text;
    if (!images.length && !text && !this.listing) {
      if (this.result?.listing) this.#runner.reset();
      return;
    }
    // A text alone that could not be searched keeps the previous results (the card says why).
    if (!images.length && composer.textBlocked && settings.choice !== 'clip') return;
    if (!(await this.#engines.resolve(!!text && !composer.textBlocked))) return;
    const choice = settings.choice;
    if (!images.length && !text) {
      const listed = await this.#runner.browse({ engine: settings.engine, measure: settings.measure, k: settings.k, filters: this.filters.active, sort: this.filters.sort }, choice);
      if (listed) this.onShown?.({ text: '', images: [], settings: settings.values(), listing: true });
      return;
    }
    const { active: filters, sort } = this.filters;
    const run = { composer, options: { ...settings.options(), ...this.filters.searchOptions(settings.threshold) }, alpha: settings.alpha, feedback: this.feedback.applied, choice };
    const result = await this.#runner.run(run);
    if (!result) return;
    const turn = this.#turns.id();
    const clipVector = (q: Query) => this.#runner.clipVector(q);
    this.history?.record(searchRecord({ id: turn, images, text, textVector: composer.textVector, ...run, filters, sort, result, clipVector }));
    // a link keeps "Best available" as the choice (it resolves again where it is opened)
    const engine = choice === 'auto' ? choice : result.engine;
    this.onShown?.({ turn, text, images, settings: { engine, measure: result.measure, k: run.options.k, index: run.options.index ?? 'exact', alpha: run.alpha } });
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
