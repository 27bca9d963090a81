import { SvelteMap } from 'svelte/reactivity';
import { CLIP_VECTORS_VERSION } from '../lib/engines/clip/query.ts';
import { exportCollection, type ImportProgress } from '../lib/collections/archive.ts';
import { importArchiveInWorker } from '../bridge/archive-client.ts';
import type { CollectionRecord, SkippedRecord } from '../lib/collections/types.ts';
import { createIndexPool, clipFileEmbedder } from '../bridge/index-pool.ts';
import { searchClient } from '../bridge/clients.ts';
import { startIndexing, type IndexJob, type IndexProgress, type IndexSource } from '../indexing/indexer.ts';
import { sourceFromHandle } from '../indexing/listing.ts';
import { openInFolder, readDates } from '../indexing/date-upgrade.ts';
import { CollectionsDb, StorageFullError } from '../storage/collections-db.ts';
import type { SearchSources } from '../protocol/search.ts';
import type { ClipState } from './clip.svelte.ts';
import { text, type Text } from '../lib/i18n/types.ts';
import { sentenceOf } from '../lib/messages/message-error.ts';

const SOURCES_KEY = 'image-search:sources';

interface SavedSources { gallery: boolean; off: string[] }

function loadSaved(): SavedSources {
  try {
    const s = JSON.parse(localStorage.getItem(SOURCES_KEY) ?? '{}') as Partial<SavedSources>;
    return { gallery: s.gallery !== false, off: Array.isArray(s.off) ? s.off.filter((x) => typeof x === 'string') : [] };
  } catch {
    return { gallery: true, off: [] };
  }
}

export interface StorageUsage { readonly usage: number; readonly quota: number; readonly persisted: boolean }

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
  gallery = $state(loadSaved().gallery);
  /** collections switched off for searching (new ones are on) */
  off = $state.raw<string[]>(loadSaved().off);
  progress = $state.raw<IndexProgress | null>(null);
  queued = $state.raw<string[]>([]);
  report = $state.raw<IndexReport | null>(null);
  usage = $state.raw<StorageUsage | null>(null);
  /** the archive import under way (it runs in a worker), for its progress bar and Cancel */
  importing = $state.raw<ImportProgress | null>(null);
  /** what went wrong last, translated where it is shown */
  error = $state.raw<Text | null>(null);
  /** object URLs of thumbnails, by "collection/path" */
  readonly thumbs = new SvelteMap<string, string>();

  readonly #db = new CollectionsDb();
  #job?: IndexJob;
  #queue: IndexSource[] = [];
  #synced = '';
  readonly #thumbsLoading = new Set<string>();
  readonly #datesChecked = new Set<string>();
  #refreshTimer?: ReturnType<typeof setTimeout>;
  #importAbort?: AbortController;

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
        const folder = await this.#db.handle(c.id);
        if (!folder || (await folder.queryPermission?.({ mode: 'read' })) !== 'granted') continue;
        const paths = await this.#db.undated(c.id);
        if (!paths.length) continue;
        await this.#db.setTaken(c.id, await readDates(paths, (p) => openInFolder(folder, p)));
        this.list = await this.#db.list();
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
    for (const key of [...this.thumbs.keys()]) {
      if (key.startsWith(`${c.id}/`)) { URL.revokeObjectURL(this.thumbs.get(key)!); this.thumbs.delete(key); }
    }
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
    const key = `${collectionId}/${path}`;
    const url = this.thumbs.get(key);
    // Called while rendering: state may only change later, when the record has been read.
    if (url === undefined && !this.#thumbsLoading.has(key)) {
      this.#thumbsLoading.add(key);
      void this.#db.image(collectionId, path).then(
        (r) => { if (r) this.thumbs.set(key, URL.createObjectURL(r.thumb)); },
        () => {},
      ).finally(() => this.#thumbsLoading.delete(key));
    }
    return url;
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

  /** Adds a collection from an exported zip; a name already in use gets " (imported)". */
  async importArchive(file: File): Promise<void> {
    this.error = null;
    const abort = new AbortController();
    this.#importAbort?.abort();
    this.#importAbort = abort;
    this.importing = { phase: 'reading', done: 0, total: file.size };
    try {
      const target = { id: crypto.randomUUID(), now: Date.now() };
      // Progress comes through its own message channel and may arrive after the answer: only the current import's counts.
      const imported = await importArchiveInWorker(file, target, (p) => { if (this.#importAbort === abort && !abort.signal.aborted) this.importing = p; }, abort.signal);
      if (abort.signal.aborted) return;
      const { collection, images, skipped } = imported;
      const taken = new Set(this.list.map((c) => c.name));
      let name = collection.name;
      while (taken.has(name)) name = `${name} (imported)`;
      await this.#db.put({ ...collection, name }, images, skipped);
      await this.load();
    } catch (e) {
      if (abort.signal.aborted) return; // cancelled: nothing was stored
      const why = e instanceof StorageFullError ? text('photos.storageFull') : sentenceOf(e);
      this.error = text('photos.importFailed', { file: file.name, reason: why });
    } finally {
      if (this.#importAbort === abort) {
        this.#importAbort = undefined;
        this.importing = null;
      }
    }
  }

  /** Stops the import under way (its worker is terminated); nothing of it is stored. */
  cancelImport(): void {
    this.#importAbort?.abort();
  }

  collection(id: string): CollectionRecord | undefined {
    return this.list.find((c) => c.id === id);
  }

  async #next(): Promise<void> {
    const source = this.#queue.shift();
    this.queued = this.#queue.map((s) => s.name);
    if (!source) return;
    await this.#persist();
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

  /** Asks once per run that the browser keep this site's data under storage pressure. */
  async #persist(): Promise<void> {
    try {
      if (!(await navigator.storage?.persisted?.())) await navigator.storage?.persist?.();
    } catch { /* not offered: data is kept on a best-effort basis */ }
  }

  async #updateUsage(): Promise<void> {
    try {
      const persisted = (await navigator.storage?.persisted?.()) ?? false;
      const { usage = 0, quota = 0 } = (await navigator.storage?.estimate?.()) ?? {};
      this.usage = { usage, quota, persisted };
    } catch { /* no storage manager: nothing to show */ }
  }

  #save(): void {
    try {
      localStorage.setItem(SOURCES_KEY, JSON.stringify({ gallery: this.gallery, off: this.off }));
    } catch { /* private mode */ }
  }
}
