import type { IndexMode } from '../lib/search/index-mode.ts';
import { SvelteMap } from 'svelte/reactivity';
import { engineInfo } from '../lib/engines/info.ts';
import type { SearchEngineId } from '../lib/engines/types.ts';
import { DEFAULT_ALPHA } from '../lib/clip/query.ts';
import { getMeasure, type MeasureId } from '../lib/measures.ts';
import { startsNewTurn, type HistoryTurn, type QueryChange } from '../lib/history/turns.ts';
import { admit, refusalMessage } from '../lib/query/composer.ts';
import { applyThreshold } from '../lib/results/threshold.ts';
import { fileSizeProblem } from '../lib/image/sniff.ts';
import { hasSomethingToSearch } from '../lib/search/sources.ts';
import { parseSettings, serializeSettings, SETTINGS_KEY, type SearchSettings } from '../lib/search/settings.ts';
import { planTextSubmit, textSearchCard, type TextSearchCard } from '../lib/query/text-search.ts';
import { clipClient, embedClient, searchClient } from '../bridge/clients.ts';
import {
  toWorkerErrorData,
  type EngineVectors,
  type QueryImage,
  type QuerySpec,
  type SearchHit,
  type SearchOptions,
  type SearchResult,
  type TextQueryVector,
  type WorkerErrorData,
} from '../../workers/protocol.ts';
import type { ClipState } from './clip.svelte.ts';
import type { CollectionsState } from './collections.svelte.ts';
import type { GalleryState } from './gallery.svelte.ts';
import { ClipImageVectors, requireClipReady, type LocalClipGate } from './clip-query.ts';
import { site } from './site.ts';
import {
  feedbackOf,
  isErrorData,
  itemImage,
  markKey,
  nextKey,
  NO_FEEDBACK,
  queryOfTurnImage,
  pageError,
  refImage,
  refKey,
  revokePreview,
  type Feedback,
  type Mark,
  type MarkKind,
  type Query,
  type SearchError,
  type SearchRecorder,
  type SearchStatus,
} from './search-query.ts';
import { text as msg, type Text } from '../lib/i18n/types.ts';
import { fromWorker } from '../lib/i18n/worker-text.ts';

export * from './search-query.ts';

export const DEFAULT_ENGINE: SearchEngineId = 'classic';
export const DEFAULT_K = 20;
export const MAX_K = 200;

/**
 * The settings a page starts with: the URL's (engine, k), else those kept from the last visit
 * (src/lib/search/settings.ts), else the defaults. CLIP is not brought back by itself (the model
 * may be missing this time; a text query chooses it). An embedded page keeps nothing.
 */
function startSettings(): SearchSettings {
  const defaults: SearchSettings = { engine: DEFAULT_ENGINE, measure: engineInfo(DEFAULT_ENGINE).defaultMeasure, k: DEFAULT_K, index: 'exact', alpha: DEFAULT_ALPHA };
  let raw: string | null = null;
  try {
    if (!site.embed) raw = localStorage.getItem(SETTINGS_KEY);
  } catch { /* storage blocked: defaults */ }
  const parsed = parseSettings(raw, defaults, MAX_K);
  const saved = parsed.engine === 'clip' ? { ...parsed, engine: defaults.engine, measure: defaults.measure } : parsed;
  const engine = site.engine ?? saved.engine;
  return { ...saved, engine, measure: engine === saved.engine ? saved.measure : engineInfo(engine).defaultMeasure, k: site.k ?? saved.k };
}

const quiet = (e: WorkerErrorData) => e.code === 'aborted' || e.code === 'superseded';

/**
 * The search page's state and its only actions. A query is text, up to MAX_QUERY_IMAGES images,
 * or both (text needs the CLIP engine); relevance feedback (results marked good/bad) refines it.
 * Every change of query, engine, measure, α or k re-ranks, and only the newest answer is shown.
 * Each finished search is handed to the history as a turn: a new query makes a new turn, a
 * change of settings (or a re-run) updates the same one.
 */
export class SearchState {
  readonly #start = startSettings();
  engine = $state<SearchEngineId>(this.#start.engine);
  measure = $state<MeasureId>(this.#start.measure);
  k = $state(this.#start.k);
  /** exact, or an approximate index (IVF, spectral clusters) */
  index = $state<IndexMode>(this.#start.index);
  /** weight of the text against the images in a CLIP query */
  alpha = $state(this.#start.alpha);
  /** the query's images, in the order given */
  images = $state.raw<readonly Query[]>([]);
  /** files being read for the query right now */
  pending = $state(0);
  /** why some given files were not added (the query is full) */
  notice = $state.raw<Text | null>(null);
  /** the text side of the query, as submitted */
  text = $state('');
  /** what the CLIP text tower made of `text` (translation, truncation) */
  textVector = $state.raw<TextQueryVector | null>(null);
  /** results marked good/bad, not yet applied */
  readonly marks = new SvelteMap<string, Mark>();
  /** the feedback the current results were refined with */
  applied = $state.raw<Feedback>(NO_FEEDBACK);
  /** page-side threshold on the scores (null: off); see src/lib/results/threshold.ts */
  threshold = $state<number | null>(null);
  /** the newest answer; its engine/measure are those the scores were computed with */
  result = $state.raw<SearchResult | null>(null);
  status = $state.raw<SearchStatus>({ kind: 'idle' });
  /** the query files of the newest batch that could not be used (each names its file), or a query problem */
  queryErrors = $state.raw<readonly SearchError[]>([]);
  /** the gallery, the model or the ranking failed */
  searchError = $state.raw<SearchError | null>(null);
  /** the submitted text could not be searched (no usable CLIP model): the text-search card shows */
  textBlocked = $state(false);
  /** the demo gallery and every collection are unticked: the person is asked to choose something */
  nothingToSearch = $state(false);

  #embedAborts = new Set<AbortController>();
  #batch = 0;
  #searchAbort?: AbortController;
  #searchSeq = 0;
  /** CLIP vectors of file images, computed on first need */
  readonly #clipImages = new ClipImageVectors();
  /** the history turn the current query belongs to (undefined: the next search starts a new one) */
  #turnId?: string;
  /** the query was put back from a history turn: editing it starts a new turn, the stored one stays */
  #restored = false;

  constructor(
    private readonly gallery: GalleryState,
    private readonly clip: ClipState,
    private readonly collections?: CollectionsState,
    private readonly history?: SearchRecorder,
    /** the gallery's CLIP vectors made in this browser, where it ships none of the model's */
    private readonly localClip?: LocalClipGate,
  ) {}

  get hasQuery(): boolean {
    return this.images.length > 0 || !!this.text;
  }

  get hits(): readonly SearchHit[] {
    return this.result?.hits ?? [];
  }

  /** The results the threshold lets through (a prefix of `hits`: they come best first). */
  get visibleHits(): readonly SearchHit[] {
    const measure = this.result?.measure ?? this.measure;
    return applyThreshold(this.hits, this.threshold, getMeasure(measure).kind);
  }

  /** Text is in the query but the engine cannot read it (the images are searched alone). */
  get textUnused(): boolean {
    return !!this.text && this.engine !== 'clip' && this.images.length > 0 && !this.textCard;
  }

  /** The marks differ from the feedback the results were refined with. */
  get marksChanged(): boolean {
    const fb = feedbackOf(this.marks);
    const key = (f: Feedback) => JSON.stringify([f.positive.map(refKey).sort(), f.negative.map(refKey).sort()]);
    return key(fb) !== key(this.applied);
  }

  /**
   * Adds files to the query (picker, drop, paste): each is decoded and embedded in the worker,
   * then the query is searched once. Files beyond MAX_QUERY_IMAGES are refused with a notice and
   * nothing already there is lost; every file that cannot be used is listed in `queryErrors`.
   */
  async addFiles(files: readonly File[]): Promise<void> {
    this.notice = null;
    const { accepted, refused } = admit(files, this.images.length + this.pending);
    if (refused.length) this.notice = refusalMessage(refused.map((f) => f.name));
    if (!accepted.length) return;
    const batch = ++this.#batch;
    const abort = new AbortController();
    this.#embedAborts.add(abort);
    this.queryErrors = [];
    this.pending += accepted.length;
    this.status = { kind: 'embedding', file: accepted[0].name };
    let added: Query[] = [];
    try {
      const read = await Promise.all(accepted.map((f) => this.#embedFile(f, abort.signal, batch)));
      added = read.filter((q): q is Query => !!q);
    } finally {
      this.pending -= accepted.length;
      this.#embedAborts.delete(abort);
    }
    if (abort.signal.aborted) {
      for (const q of added) revokePreview(q);
      return;
    }
    if (added.length) {
      this.#setImages([...this.images, ...added]);
      this.#queryChanged('images-added');
      await this.search();
    } else if (this.status.kind === 'embedding' && this.pending === 0) {
      this.status = { kind: 'idle' };
    }
  }

  async #embedFile(file: File, signal: AbortSignal, batch: number): Promise<Query | undefined> {
    try {
      const tooBig = fileSizeProblem(file.size);
      if (tooBig) throw pageError('too-large', msg('error.withFile', { file: file.name, message: fromWorker(tooBig) }), file.name);
      let bytes: ArrayBuffer;
      try {
        bytes = await file.arrayBuffer();
      } catch (e) {
        throw pageError('not-an-image', msg('search.fileUnreadable', { file: file.name, reason: fromWorker((e as Error).message) }), file.name);
      }
      const embedded = await embedClient.embed(bytes, file.name, signal);
      if (signal.aborted) return undefined;
      return {
        kind: 'file',
        key: nextKey(),
        file,
        name: file.name,
        previewUrl: URL.createObjectURL(file),
        vectors: embedded.vectors,
        width: embedded.width,
        height: embedded.height,
        format: embedded.format,
      };
    } catch (e) {
      if (signal.aborted) return undefined;
      const err: SearchError = isErrorData(e) ? e : toWorkerErrorData(e);
      // Only the newest batch's errors are shown: an older one finishing late must not cover it.
      if (!quiet(err) && batch === this.#batch) {
        if (err.code === 'corrupt') console.info(`[query] ${file.name}:`, err.message); // the decoder's details
        this.queryErrors = [...this.queryErrors, err.file ? err : { ...err, file: file.name }];
      }
      return undefined;
    }
  }

  /** "Find similar": the gallery item (its stored vectors) becomes the query's only image. */
  searchWithItem(index: number): void {
    const q = this.#galleryQuery(index);
    if (!q) return;
    this.#replaceImages([q]);
  }

  /** "Find similar" for an image of a collection (`index`: its row, `path`: its name). */
  async searchWithCollectionImage(collection: string, index: number, path: string): Promise<void> {
    this.#replaceImages([await this.#collectionQuery(collection, index, path)]);
  }

  /** Adds a result (gallery item or a collection's image) to the query's images. */
  async addHit(hit: SearchHit): Promise<void> {
    this.notice = null;
    if (admit([hit], this.images.length + this.pending).refused.length) {
      this.notice = refusalMessage([hit.collection === undefined ? (this.gallery.item(hit.index)?.name ?? hit.id) : hit.id]);
      return;
    }
    const q = hit.collection === undefined ? this.#galleryQuery(hit.index) : await this.#collectionQuery(hit.collection, hit.index, hit.id);
    if (!q) return;
    this.#setImages([...this.images, q]);
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
    this.#abortEmbeds();
    this.queryErrors = [];
    this.notice = null;
    this.#setImages(next);
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
    if (t !== this.text) {
      const previousText = this.text;
      this.text = t;
      this.textVector = null;
      this.#queryChanged('text', previousText);
    }
    if (!this.hasQuery) {
      this.clear();
      return;
    }
    const plan = planTextSubmit({ text: t, imageCount: this.images.length, engine: this.engine, clipUsable: !!t && (await this.#clipUsable()) });
    if (this.text !== t) return; // another text was submitted meanwhile
    this.textBlocked = plan.card;
    if (plan.engine !== this.engine) this.#useEngine(plan.engine);
    if (plan.search) await this.search();
  }

  /** The text-search card's *Enable*: allows the one-time model download, then searches the text with it. */
  async enableTextSearch(): Promise<void> {
    await this.clip.update({ allowDownload: true });
    if (this.clip.ready && this.text) await this.submit(this.text);
  }

  /** What the card about the text says (null: no card): the model can be enabled, is loading, or is not offered here. */
  get textCard(): TextSearchCard | null {
    return this.textBlocked && !!this.text && !this.clip.ready ? textSearchCard(this.clip.status) : null;
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

  setAlpha(alpha: number): void {
    const a = Math.max(0, Math.min(1, alpha));
    if (a === this.alpha) return;
    this.alpha = a;
    this.#saveSettings();
    void this.search();
  }

  setEngine(engine: SearchEngineId): void {
    if (engine === this.engine) return;
    this.#useEngine(engine);
    void this.search();
  }

  #useEngine(engine: SearchEngineId): void {
    this.engine = engine;
    this.measure = engineInfo(engine).defaultMeasure;
    this.threshold = null;
    this.gallery.prepare(engine);
    this.#saveSettings();
  }

  /** Keeps the settings for the next visit (not on an embedded page). */
  #saveSettings(): void {
    if (site.embed) return;
    try {
      localStorage.setItem(SETTINGS_KEY, serializeSettings({ engine: this.engine, measure: this.measure, k: this.k, index: this.index, alpha: this.alpha }));
    } catch { /* private mode: settings last for this visit */ }
  }

  setMeasure(measure: MeasureId): void {
    if (measure === this.measure) return;
    this.measure = measure;
    this.threshold = null;
    this.#saveSettings();
    void this.search();
  }

  setIndex(index: IndexMode): void {
    if (index === this.index) return;
    this.index = index;
    this.#saveSettings();
    void this.search();
  }

  setK(k: number): void {
    const clamped = Math.max(1, Math.min(MAX_K, Math.round(Number.isFinite(k) ? k : DEFAULT_K)));
    if (clamped === this.k) return;
    this.k = clamped;
    this.#saveSettings();
    void this.search();
  }

  setThreshold(value: number | null): void {
    this.threshold = value === null || !Number.isFinite(value) ? null : value;
  }

  /** Marks a result good or bad, or (null) unmarks it; `refine` applies the marks. */
  mark(hit: SearchHit, mark: MarkKind | null): void {
    const key = markKey(hit);
    if (mark === null) this.marks.delete(key);
    else this.marks.set(key, { mark, ref: hit.collection === undefined ? { item: hit.index, id: hit.id } : { item: hit.index, collection: hit.collection, id: hit.id } });
  }

  /** Re-ranks with the marks: q' = α·q + β·mean(good) − γ·mean(bad) (computed in the search worker). A new turn. */
  refine(): void {
    if (!this.hasQuery) return;
    this.applied = feedbackOf(this.marks);
    this.threshold = null;
    this.#startTurn();
    void this.search();
  }

  /** Unmarks every result; results refined with marks are ranked again without them, in the same turn. */
  clearMarks(): void {
    this.marks.clear();
    if (!this.applied.positive.length && !this.applied.negative.length) return;
    this.applied = NO_FEEDBACK;
    this.threshold = null;
    if (startsNewTurn('marks-cleared', { previousText: this.text, text: this.text, restored: this.#restored })) this.#startTurn();
    void this.search();
  }

  /** Removes one image; the rest (and the text) are searched, or the page goes back to empty. */
  removeImage(key: string): void {
    const gone = this.images.find((q) => q.key === key);
    if (!gone) return;
    this.notice = null;
    this.#setImages(this.images.filter((q) => q.key !== key));
    this.#afterRemoval();
  }

  /** Removes every image; the text (if any) stays and is searched alone. */
  removeImages(): void {
    this.#abortEmbeds();
    this.notice = null;
    this.#setImages([]);
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
    this.#abortEmbeds();
    this.#searchAbort?.abort();
    this.#searchSeq++;
    this.#setImages([]);
    this.text = '';
    this.textVector = null;
    this.textBlocked = false;
    this.result = null;
    this.queryErrors = [];
    this.searchError = null;
    this.notice = null;
    this.nothingToSearch = false;
    this.#queryChanged('replaced');
    this.status = { kind: 'idle' };
  }

  dismissErrors(): void {
    this.queryErrors = [];
    this.searchError = null;
  }

  /**
   * Puts a history turn back as the query (images, text, settings, feedback) and runs it; the
   * answer updates that turn. Images kept in the history as vectors search as before; a file's
   * CLIP vector exists only if it was computed when the file was at hand.
   */
  async restore(turn: HistoryTurn): Promise<void> {
    this.#abortEmbeds();
    this.queryErrors = [];
    this.notice = null;
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
    this.#setImages(images);
    this.text = turn.text;
    this.textVector = turn.textQuery ?? null;
    this.textBlocked = false;
    if (turn.engine !== this.engine) this.gallery.prepare(turn.engine);
    this.engine = turn.engine;
    this.measure = turn.measure;
    this.k = turn.k;
    this.index = turn.index ?? 'exact';
    this.alpha = turn.alpha;
    this.threshold = null;
    this.marks.clear();
    for (const ref of turn.positive) this.marks.set(refKey(ref), { mark: 'good', ref });
    for (const ref of turn.negative) this.marks.set(refKey(ref), { mark: 'bad', ref });
    this.applied = { positive: turn.positive, negative: turn.negative };
    this.#turnId = turn.id;
    this.#restored = true;
    if (missing.length) {
      this.queryErrors = [pageError('bad-request', msg('search.missing', { names: missing.join(', '), count: missing.length }))];
    }
    if (this.hasQuery) await this.search();
    else this.result = null;
  }

  /** Ranks the sources for the current query and settings; older answers are dropped. */
  async search(): Promise<void> {
    const images = this.images;
    const text = this.text;
    if (!images.length && !text) return;
    // A text alone that could not be searched keeps the previous results (the card says why).
    if (!images.length && this.textBlocked && this.engine !== 'clip') return;
    const options: SearchOptions = { engine: this.engine, measure: this.measure, k: this.k, index: this.index };
    const feedback = this.applied;
    const alpha = this.alpha;
    const seq = ++this.#searchSeq;
    this.#searchAbort?.abort();
    const abort = (this.#searchAbort = new AbortController());
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
      const base = options.engine === 'clip' ? await this.#clipSpec(images, text, alpha, abort.signal) : this.#imageSpec(images, options.engine);
      if (seq !== this.#searchSeq) return;
      const spec: QuerySpec = {
        ...base,
        ...(feedback.positive.length ? { positive: feedback.positive.map(refImage) } : {}),
        ...(feedback.negative.length ? { negative: feedback.negative.map(refImage) } : {}),
      };
      this.status = { kind: 'searching', engine: options.engine };
      // Results marked bad and refined away are left out (Rocchio alone may only lower a near
      // copy of the query a little); the worker is asked for as many more, so k still come back.
      const exclude = new Set(feedback.negative.map(refKey));
      const raw = await searchClient.query(spec, exclude.size ? { ...options, k: options.k + exclude.size } : options, abort.signal);
      if (seq !== this.#searchSeq) return;
      const result = exclude.size ? { ...raw, hits: raw.hits.filter((h) => !exclude.has(markKey(h))).slice(0, options.k) } : raw;
      this.result = result;
      this.status = { kind: 'idle' };
      this.#record(images, text, alpha, options.k, options.index ?? 'exact', feedback, result);
    } catch (e) {
      if (seq !== this.#searchSeq) return;
      const err: SearchError = isErrorData(e) ? e : toWorkerErrorData(e);
      if (quiet(err)) return;
      this.searchError = err;
      this.result = null;
      this.status = { kind: 'idle' };
    }
  }

  #record(images: readonly Query[], text: string, alpha: number, k: number, index: IndexMode, feedback: Feedback, result: SearchResult): void {
    if (!this.history) return;
    const id = (this.#turnId ??= crypto.randomUUID());
    const textQuery = text && this.textVector && (this.textVector.translatedFrom ?? this.textVector.searchedText) === text ? this.textVector : undefined;
    this.history.record({
      id,
      images,
      clip: images.map((q) => this.#clipImages.resolved(q) ?? (q.kind === 'file' ? q.clip : undefined)),
      text,
      ...(textQuery ? { textQuery } : {}),
      engine: result.engine,
      measure: result.measure,
      k,
      index,
      alpha,
      feedback,
      hits: result.hits,
    });
  }

  #imageSpec(images: readonly Query[], engine: SearchEngineId): QuerySpec {
    if (!images.length) {
      throw pageError('model-unavailable', msg('search.textNeedsClip', { engine: msg(`engine.${engine}.label`) }));
    }
    return { images: images.map((q): QueryImage => (q.kind === 'file' ? { vector: q.vectors[engine as keyof EngineVectors] } : itemImage(q))) };
  }

  async #clipSpec(images: readonly Query[], text: string, alpha: number, signal: AbortSignal): Promise<QuerySpec> {
    await requireClipReady(this.clip, this.gallery, this.collections, text && this.images.length ? 'text-part' : 'query', this.localClip);
    const parts = await Promise.all(images.map(async (q): Promise<QueryImage> => {
      if (q.kind === 'item') return itemImage(q);
      return { vector: await this.#clipImages.of(q, signal, () => (this.status = { kind: 'embedding', file: q.name })) };
    }));
    let textVector: Float32Array | undefined;
    if (text) {
      if (this.textVector?.vector && (this.textVector.translatedFrom ?? this.textVector.searchedText) === text) {
        textVector = this.textVector.vector;
      } else {
        this.status = { kind: 'encoding-text', text };
        const encoded = await clipClient.embedText(text, signal);
        if (this.text === text) this.textVector = encoded;
        textVector = encoded.vector;
      }
    }
    return { text: textVector, images: parts, alpha };
  }

  #abortEmbeds(): void {
    for (const a of this.#embedAborts) a.abort();
    this.#embedAborts.clear();
    this.#batch++;
  }

  /**
   * The query changed: marks and threshold start over; a new history turn starts only for a new
   * query (src/lib/history/turns.ts, startsNewTurn), composing updates the current one.
   */
  #queryChanged(change: QueryChange, previousText = this.text): void {
    if (startsNewTurn(change, { previousText, text: this.text, restored: this.#restored })) this.#startTurn();
    this.marks.clear();
    this.applied = NO_FEEDBACK;
    this.threshold = null;
  }

  #startTurn(): void {
    this.#turnId = undefined;
    this.#restored = false;
  }

  #setImages(next: readonly Query[]): void {
    const kept = new Set(next);
    for (const old of this.images) if (!kept.has(old)) revokePreview(old);
    this.images = next;
  }
}
