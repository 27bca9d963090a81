import { HISTORY_HITS, byNewest, packPixels, upsertTurn, type HistoryTurn, type TurnImage, type TurnImageSource } from '../lib/history/turns.ts';
import { HistoryDb } from '../storage/history-db.ts';
import type { ImageCatalog } from './image-catalog.ts';
import type { Query, SearchRecord, SearchRecorder } from './search/search.svelte.ts';
import { makeThumbnail } from './thumbnail.ts';
import { text, type Text } from '../lib/i18n/types.ts';
import { sentenceOf } from '../lib/messages/message-error.ts';

/** A turn as the page shows it: the stored record and object URLs of its query thumbnails. */
export interface TurnView {
  readonly turn: HistoryTurn;
  readonly thumbs: readonly (string | undefined)[];
}


/**
 * The search history as the page sees it: turns newest first, kept in IndexedDB
 * (src/storage/history-db.ts) with the query images as ≤ 128 px thumbnails made here and the
 * vectors a re-run needs, never the full images. Writes are queued, so they land in order.
 */
export class HistoryState implements SearchRecorder {
  views = $state.raw<TurnView[]>([]);
  loaded = $state(false);
  /** what went wrong last, translated where it is shown */
  error = $state.raw<Text | null>(null);

  readonly #db: HistoryDb;
  #writes: Promise<unknown> = Promise.resolve();
  #reading: Promise<void> = Promise.resolve();
  /** thumbnails being made, per query image (a turn updated by a new search reuses them) */
  readonly #thumbs = new WeakMap<Query, Promise<Blob | undefined>>();
  /** object URLs of the thumbnails some turn shows */
  readonly #urls = new Map<Blob, string>();

  constructor(
    /** names the results a turn keeps */
    private readonly catalog: Pick<ImageCatalog, 'name'>,
    db = new HistoryDb(),
  ) {
    this.#db = db;
  }

  get turns(): HistoryTurn[] {
    return this.views.map((v) => v.turn);
  }

  /** Reads the kept turns (they join any recorded meanwhile). */
  load(): Promise<void> {
    this.#reading = this.#read();
    return this.#reading;
  }

  /** A kept turn by its id, once the list has been read (a browser-history entry names its turn). */
  async turn(id: string): Promise<HistoryTurn | undefined> {
    await this.#reading;
    return this.turns.find((t) => t.id === id);
  }

  async #read(): Promise<void> {
    try {
      const stored = await this.#db.list();
      // A search may have finished before the list was read: keep its turn.
      const mine = new Set(this.views.map((v) => v.turn.id));
      this.#setTurns([...this.turns, ...stored.filter((t) => !mine.has(t.id))]);
    } catch (e) {
      this.error = text('history.readFailed', { reason: sentenceOf(e) });
    } finally {
      this.loaded = true;
    }
  }

  record(entry: SearchRecord): void {
    void this.#record(entry).catch((e: unknown) => {
      this.error = text('history.addFailed', { reason: sentenceOf(e) });
    });
  }

  async #record(entry: SearchRecord): Promise<void> {
    const thumbs = await Promise.all(entry.images.map((q) => this.#thumbOf(q)));
    const images = entry.images.map((q, i): TurnImage => ({ name: q.name, ...(thumbs[i] ? { thumb: thumbs[i] } : {}), source: this.#sourceOf(q, entry.clip[i]) }));
    const previous = this.turns.find((t) => t.id === entry.id);
    const now = Math.max(Date.now(), (this.views[0]?.turn.updated ?? 0) + 1); // strictly newest, even within one ms
    const turn: HistoryTurn = {
      id: entry.id,
      created: previous?.created ?? now,
      updated: now,
      text: entry.text,
      ...(entry.textQuery ? { textQuery: entry.textQuery } : {}),
      images,
      engine: entry.engine,
      measure: entry.measure,
      k: entry.k,
      index: entry.index,
      alpha: entry.alpha,
      filters: entry.filters,
      sort: entry.sort,
      positive: entry.feedback.positive,
      negative: entry.feedback.negative,
      hits: entry.hits.slice(0, HISTORY_HITS).map((h) => ({
        id: h.id,
        index: h.index,
        score: h.score,
        ...(h.collection === undefined ? {} : { collection: h.collection }),
        name: this.catalog.name(h),
      })),
    };
    this.#setTurns(upsertTurn(this.turns, turn).keep);
    await this.#write(() => this.#db.put(turn));
  }

  async remove(id: string): Promise<void> {
    this.#setTurns(this.turns.filter((t) => t.id !== id));
    await this.#write(() => this.#db.delete(id));
  }

  async clear(): Promise<void> {
    this.#setTurns([]);
    await this.#write(() => this.#db.clear());
  }

  /** Runs writes one after another; a failure is reported and does not stop later writes. */
  #write(op: () => Promise<unknown>): Promise<void> {
    const next = this.#writes.then(op).then(
      () => { this.error = null; },
      (e: unknown) => { this.error = text('history.saveFailed', { reason: sentenceOf(e) }); },
    );
    this.#writes = next;
    return next;
  }

  #thumbOf(q: Query): Promise<Blob | undefined> {
    let t = this.#thumbs.get(q);
    if (!t) {
      const source = q.thumb ?? (q.kind === 'file' ? q.file : q.ref.kind === 'gallery' ? q.previewUrl : undefined);
      t = source ? makeThumbnail(source) : Promise.resolve(undefined);
      this.#thumbs.set(q, t);
    }
    return t;
  }

  /** Replaces the list, making object URLs for new thumbnails and revoking those no turn shows any more. */
  #setTurns(turns: readonly HistoryTurn[]): void {
    const sorted = [...turns].sort(byNewest);
    const seen = new Set<Blob>();
    const views = sorted.map((turn) => ({
      turn,
      thumbs: turn.images.map((im) => {
        if (!im.thumb) return undefined;
        seen.add(im.thumb);
        let url = this.#urls.get(im.thumb);
        if (!url) {
          url = URL.createObjectURL(im.thumb);
          this.#urls.set(im.thumb, url);
        }
        return url;
      }),
    }));
    for (const [blob, url] of this.#urls) {
      if (seen.has(blob)) continue;
      URL.revokeObjectURL(url);
      this.#urls.delete(blob);
    }
    this.views = views;
  }

  #sourceOf(q: Query, clip: Float32Array | undefined): TurnImageSource {
    if (q.kind === 'item') return q.ref;
    return {
      kind: 'file',
      width: q.width,
      height: q.height,
      format: q.format,
      classic: q.vectors.classic,
      pixels: packPixels(q.vectors.pixels),
      ...(clip ? { clip } : {}),
    };
  }
}
