import { CLIP_VECTORS_VERSION } from '../lib/engines/clip/query.ts';
import { exportCollection, type ImportProgress } from '../lib/collections/archive.ts';
import type { CollectionRecord, SkippedRecord } from '../lib/collections/types.ts';
import { createIndexPool, clipFileEmbedder } from '../bridge/index-pool.ts';
import { searchClient } from '../bridge/clients.ts';
import { startIndexing, type IndexJob, type IndexProgress, type IndexSource } from '../indexing/indexer.ts';
import { sourceFromHandle } from '../indexing/listing.ts';
import { fillDatesFromStoredFolder, openInFolder } from '../indexing/date-upgrade.ts';
import { CollectionsDb } from '../storage/collections-db.ts';
import type { SearchSources } from '../protocol/search.ts';
import type { ClipState } from './clip.svelte.ts';
import { text, type Text } from '../lib/i18n/types.ts';
import { sentenceOf } from '../lib/messages/message-error.ts';
import { ArchiveImport } from './archive-import.svelte.ts';
import { CollectionThumbs } from './collection-thumbs.svelte.ts';
import { loadSavedSources, saveSources } from './saved-sources.ts';
import { askPersistence, readStorageUsage, type StorageUsage } from './storage-usage.ts';

export type { StorageUsage };

/** The report shown after a run: what was skipped and why (file names are shown as text). */
export interface IndexReport {
  readonly collectionId: string;
  readonly name: string;
  readonly progress: IndexProgress;
  readonly skipped: readonly SkippedRecord[];
}

/**
 * The person's collections as the page sees them: the list, which ones are searched, the indexing
 * run in progress (one at a time; more folders wait in a queue), its report, thumbnails and
 * storage use. Indexing itself is in src/indexing/ and the workers.
 */
export class CollectionsState {
  list = $state.raw<CollectionRecord[]>([]);
  /** search the demo gallery too */
  gallery = $state(loadSavedSources().gallery);
  /** collections switched off for searching (new ones are on) */
  off = $state.raw<readonly string[]>(loadSavedSources().off);
  progress = $state.raw<IndexProgress | null>(null);
  queued = $state.raw<string[]>([]);
  report = $state.raw<IndexReport | null>(null);
  usage = $state.raw<StorageUsage | null>(null);
  /** what went wrong last, translated where it is shown */
  error = $state.raw<Text | null>(null);
  readonly #db = new CollectionsDb();
  readonly #thumbs = new CollectionThumbs(this.#db);
  readonly #import = new ArchiveImport(this.#db);
  #job?: IndexJob;
  #queue: IndexSource[] = [];
  #synced = '';
  readonly #datesChecked = new Set<string>();
  #refreshTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly clip: ClipState) {}

  /** Reads the collections, asks the browser to keep them (persistent storage), shows usage. */
  async load(): Promise<void> {
    try {
      this.list = await this.#db.list();
    } catch (e) {
      this.error = text('photos.readFailed', { reason: sentenceOf(e) });
    }
    void this.#updateUsage();
    void this.#upgradeDates();
  }

  /**
   * Collections indexed before dates taken were read get them on a visit, where the browser still
   * lets the stored folder be read (once per collection and page load; otherwise adding the
   * folder again does it). Nothing is embedded again.
   */
  async #upgradeDates(): Promise<void> {
    for (const c of this.list) {
      if (!c.hasHandle || this.#datesChecked.has(c.id) || this.busy) continue;
      this.#datesChecked.add(c.id);
      try {
        if (await fillDatesFromStoredFolder(this.#db, c.id)) this.list = await this.#db.list();
      } catch (e) {
        console.warn(`collections: the dates of ${c.name} could not be read now (${(e as Error).message})`);
      }
    }
  }

  get selected(): CollectionRecord[] {
    return this.list.filter((c) => !this.off.includes(c.id));
  }

  /** An indexing run that stopped before the end (tab closed, cancelled) and is not running now. */
  interrupted(c: CollectionRecord): boolean {
    return c.state === 'indexing' && this.progress?.collectionId !== c.id;
  }

  /** a run is under way (progress is reactive; the job handle is not) */
  get busy(): boolean {
    const s = this.progress?.state;
    return s === 'planning' || s === 'running' || s === 'paused';
  }

  setGallery(on: boolean): void {
    this.gallery = on;
    this.#save();
  }

  setSelected(id: string, on: boolean): void {
    this.off = on ? this.off.filter((x) => x !== id) : [...this.off, id];
    this.#save();
  }

  /** The CLIP model ready now (new and re-indexed images get its vectors), if any. */
  get readyClipModel(): string | undefined {
    const s = this.clip.status;
    return s.state === 'ready' ? s.modelId : undefined;
  }

  /** What the search worker should search; pushed to it before each search when it changed. */
  sources(): SearchSources {
    return { gallery: this.gallery, collections: this.selected.filter((c) => c.count > 0).map((c) => ({ id: c.id, revision: c.updated })) };
  }

  async syncSearch(): Promise<void> {
    const sources = this.sources();
    const key = JSON.stringify(sources);
    if (key === this.#synced) return;
    await searchClient.setSources(undefined, sources);
    this.#synced = key;
  }

  /** Queues folders (or loose files) for indexing; runs them one after another. */
  add(sources: readonly IndexSource[]): void {
    this.error = null;
    const empty = sources.filter((s) => s.files.length === 0);
    if (empty.length) this.error = text('photos.noFiles', { names: empty.map((s) => `"${s.name}"`).join(', '), count: empty.length });
    this.#queue.push(...sources.filter((s) => s.files.length > 0));
    this.queued = this.#queue.map((s) => s.name);
    if (!this.#job) void this.#next();
  }

  pause(): void { this.#job?.pause(); }
  resume(): void { this.#job?.resume(); }

  /** Stops the current run (what is stored stays) and drops the queue. */
  cancel(): void {
    this.#queue = [];
    this.queued = [];
    this.#job?.cancel();
  }

  /**
   * Continues an interrupted collection. With a stored folder handle, after the browser grants
   * read access again (a click is needed); otherwise the caller asks for the folder once more.
   * Resolves false when the folder must be picked again.
   */
  async continueIndexing(c: CollectionRecord): Promise<boolean> {
    const handle = c.hasHandle ? await this.#db.handle(c.id).catch(() => undefined) : undefined;
    if (!handle) return false;
    const permission = (await handle.queryPermission?.({ mode: 'read' })) ?? 'granted';
    if (permission !== 'granted' && (await handle.requestPermission?.({ mode: 'read' })) !== 'granted') {
      this.error = text('photos.permission', { name: c.name });
      return false;
    }
    try {
      this.add([await sourceFromHandle(handle)]);
      return true;
    } catch (e) {
      this.error = text('photos.unreadable', { name: c.name, reason: sentenceOf(e) });
      return false;
    }
  }

  async remove(c: CollectionRecord): Promise<void> {
    if (this.progress?.collectionId === c.id && this.#job) {
      this.cancel();
      await this.#waitIdle();
    }
    await this.#db.delete(c.id);
    this.#thumbs.forget(c.id);
    if (this.report?.collectionId === c.id) this.report = null;
    await this.load();
  }

  /** Hides the last run's progress and report (a run under way keeps its progress). */
  dismissReport(): void {
    this.report = null;
    if (!this.busy) this.progress = null;
  }

  async showReport(c: CollectionRecord): Promise<void> {
    const skipped = await this.#db.skippedFiles(c.id);
    this.report = {
      collectionId: c.id, name: c.name, skipped,
      progress: { collectionId: c.id, name: c.name, state: 'done', total: c.count + skipped.length, done: c.count + skipped.length, indexed: c.count, skipped: skipped.length, unchanged: 0, removed: 0, rate: 0 },
    };
  }

  /** The thumbnail's object URL once loaded (undefined until then; the map update re-renders). */
  thumb(collectionId: string, path: string): string | undefined {
    return this.#thumbs.url(collectionId, path);
  }

  /** The stored image record (for the larger view). */
  image(collectionId: string, path: string) {
    return this.#db.image(collectionId, path);
  }

  /** Full-size file through the stored folder handle, if the browser still allows reading it. */
  async fullImage(collectionId: string, path: string): Promise<File | undefined> {
    try {
      const dir = await this.#db.handle(collectionId);
      if (!dir || (await dir.queryPermission?.({ mode: 'read' })) !== 'granted') return undefined;
      return await openInFolder(dir, path);
    } catch {
      return undefined;
    }
  }

  /** The collection's index as a zip (docs/FORMAT.md), for another browser or as a gallery. */
  async exportArchive(c: CollectionRecord): Promise<Blob> {
    const [images, skipped] = await Promise.all([this.#db.images(c.id), this.#db.skippedFiles(c.id)]);
    const zip = await exportCollection(c, images, skipped);
    return new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
  }

  /** the archive import under way (it runs in a worker), for its progress bar and Cancel */
  get importing(): ImportProgress | null {
    return this.#import.importing;
  }

  /** Adds a collection from an exported zip; a name already in use gets " (imported)". */
  async importArchive(file: File): Promise<void> {
    this.error = null;
    const failed = await this.#import.run(file, this.list.map((c) => c.name));
    if (failed) this.error = failed;
    else await this.load();
  }

  /** Stops the import under way (its worker is terminated); nothing of it is stored. */
  cancelImport(): void {
    this.#import.cancel();
  }

  collection(id: string): CollectionRecord | undefined {
    return this.list.find((c) => c.id === id);
  }

  async #next(): Promise<void> {
    const source = this.#queue.shift();
    this.queued = this.#queue.map((s) => s.name);
    if (!source) return;
    await askPersistence();
    const pool = createIndexPool();
    const s = this.clip.status;
    const clip = s.state === 'ready' ? { engine: { version: CLIP_VECTORS_VERSION, dim: s.dim, model: s.modelId }, embed: clipFileEmbedder } : undefined;
    const job = startIndexing(source, { db: this.#db, embedders: pool.embedders, clip }, (p) => {
      this.progress = p;
      this.#refreshSoon();
    });
    this.#job = job;
    const end = await job.done;
    pool.dispose();
    this.#job = undefined;
    this.progress = end;
    await this.load();
    if (end.collectionId && end.state !== 'failed') {
      const skipped = await this.#db.skippedFiles(end.collectionId).catch(() => []);
      this.report = { collectionId: end.collectionId, name: end.name, progress: end, skipped };
    }
    if (end.state === 'failed') this.error = end.error ?? text('photos.indexFailed');
    void this.#next();
  }

  /** Keeps the list (counts, revisions) fresh while a run writes, at most every 2 s. */
  #refreshSoon(): void {
    if (this.#refreshTimer) return;
    this.#refreshTimer = setTimeout(() => {
      this.#refreshTimer = undefined;
      void this.#db.list().then((l) => (this.list = l)).catch(() => {});
    }, 2000);
  }

  #waitIdle(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.#job ? setTimeout(check, 50) : resolve());
      check();
    });
  }

  async #updateUsage(): Promise<void> {
    this.usage = (await readStorageUsage()) ?? null;
  }

  #save(): void {
    saveSources({ gallery: this.gallery, off: this.off });
  }
}
