/**
 * Indexes a folder listing into a collection: plans what changed, embeds files on a small pool of
 * workers, and stores results in batches (one transaction each). Holds File references only —
 * never the bytes of more than one file per worker — so memory does not grow with the folder.
 * DOM-free and I/O through its dependencies, so Vitest drives it with fakes.
 */
import { classicEngine } from '../lib/engines/classic/index.ts';
import { planIndex } from '../lib/collections/plan.ts';
import { RateMeter } from '../lib/collections/rate.ts';
import type { CollectionEngine, CollectionRecord, FileEntry, ImageRecord, SkippedRecord } from '../lib/collections/types.ts';
import { firstNonFinite } from '../lib/format/vectors.ts';
import type { CollectionsDb } from '../storage/collections-db.ts';
import { toWorkerErrorData, WorkerError } from '../protocol/errors.ts';
import type { IndexedImage } from '../protocol/embed.ts';
import { text, type Text } from '../lib/i18n/types.ts';
import { sentenceOf, withoutFile } from '../lib/messages/message-error.ts';
import { message, plainWherePossible } from '../lib/messages/sentence.ts';
import { readTakenDate } from './taken-date.ts';
import { readDates } from './date-upgrade.ts';

/** One file of a listing; `open` gives the File when it is its turn (handles are read lazily). */
export interface SourceFile {
  readonly entry: FileEntry;
  open(): Promise<File>;
}

export interface IndexSource {
  /** the folder's name: the collection's name */
  readonly name: string;
  /** the listing is the whole folder (files missing from it were deleted); false for loose files */
  readonly wholeFolder: boolean;
  readonly files: readonly SourceFile[];
  readonly handle?: FileSystemDirectoryHandle;
}

export type Embedder = (file: File, path: string, signal: AbortSignal) => Promise<IndexedImage>;
export type ClipEmbedder = (file: File, path: string, signal: AbortSignal) => Promise<Float32Array>;

export interface IndexerDeps {
  readonly db: Pick<CollectionsDb, 'findByName' | 'create' | 'known' | 'write' | 'delete' | 'setHandle'> & Partial<Pick<CollectionsDb, 'undated' | 'setTaken'>>;
  /** one per worker of the pool; the pool's size is how many files are in flight */
  readonly embedders: readonly Embedder[];
  /** set when the CLIP model is loaded: images get a CLIP vector too */
  readonly clip?: { readonly engine: CollectionEngine; readonly embed: ClipEmbedder };
  readonly now?: () => number;
  readonly newId?: () => string;
  /** files stored per transaction */
  readonly batchSize?: number;
}

export type IndexState = 'planning' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed';

export interface IndexProgress {
  readonly collectionId: string;
  readonly name: string;
  readonly state: IndexState;
  /** files of this run that need work */
  readonly total: number;
  /** of those, finished (stored or skipped) */
  readonly done: number;
  readonly indexed: number;
  readonly skipped: number;
  /** files already stored as they are (not read again) */
  readonly unchanged: number;
  /** stored files dropped because they left the folder */
  readonly removed: number;
  /** files per second, recent */
  readonly rate: number;
  readonly etaMs?: number;
  /** why it failed, a sentence for people (translated where it is shown) */
  readonly error?: Text;
}

export interface IndexJob {
  readonly done: Promise<IndexProgress>;
  pause(): void;
  resume(): void;
  /** Stops after the files in flight; what is stored stays, and adding the folder again continues. */
  cancel(): void;
}

const DEFAULT_BATCH = 24;
const FLUSH_MS = 1500;

function skipReason(e: unknown, path: string): Pick<SkippedRecord, 'code' | 'message'> {
  const err = toWorkerErrorData(e);
  const why = plainWherePossible(withoutFile(err.text, path));
  const imageCodes = ['empty', 'not-an-image', 'unsupported-format', 'corrupt', 'too-small', 'too-large'];
  if (imageCodes.includes(err.code)) return { code: err.code as SkippedRecord['code'], message: why };
  if (err.code === 'worker-crashed') return { code: 'unreadable', message: message('worker.decoderStopped') };
  return { code: 'unreadable', message: why };
}

export function startIndexing(source: IndexSource, deps: IndexerDeps, onProgress: (p: IndexProgress) => void): IndexJob {
  const now = deps.now ?? (() => Date.now());
  const abort = new AbortController();
  let paused = false;
  const waiting: (() => void)[] = [];
  const gate = () => (paused && !abort.signal.aborted ? new Promise<void>((r) => waiting.push(r)) : Promise.resolve());
  const wakeAll = () => { for (const w of waiting.splice(0)) w(); };

  let progress: IndexProgress = { collectionId: '', name: source.name, state: 'planning', total: 0, done: 0, indexed: 0, skipped: 0, unchanged: 0, removed: 0, rate: 0 };
  const meter = new RateMeter();
  const report = (patch: Partial<IndexProgress>) => {
    progress = { ...progress, ...patch };
    onProgress(progress);
  };

  const run = async (): Promise<IndexProgress> => {
    const { collection, created } = await openCollection(source, deps, now);
    report({ collectionId: collection.id });
    if (source.handle) await deps.db.setHandle(collection.id, source.handle);

    const clipModel = deps.clip?.engine.model;
    const clipChanged = !!deps.clip && !!collection.engines.clip && collection.engines.clip.model !== clipModel;
    const stored = await deps.db.known(collection.id);
    if (clipChanged) for (const [p, s] of stored) stored.set(p, { ...s, hasClip: false });
    const plan = planIndex(source.files.map((f) => f.entry), stored, {
      wholeFolder: source.wholeFolder,
      classicOutdated: collection.engines.classic.version !== classicEngine.version,
      wantClip: !!deps.clip,
    });
    const byPath = new Map(source.files.map((f) => [f.entry.path, f]));
    const engines = { classic: { version: classicEngine.version, dim: classicEngine.dim }, ...(deps.clip ? { clip: deps.clip.engine } : collection.engines.clip && !clipChanged ? { clip: collection.engines.clip } : {}) };

    let pendingImages: ImageRecord[] = [];
    let pendingSkipped: SkippedRecord[] = [];
    let lastFlush = now();
    let finished = 0, indexed = 0, skipped = 0;
    let writing = Promise.resolve();
    const flush = (patch: Parameters<typeof deps.db.write>[1]['patch'] = {}, removed: readonly string[] = []) => {
      const images = pendingImages, skipped = pendingSkipped;
      pendingImages = [];
      pendingSkipped = [];
      lastFlush = now();
      const remaining = plan.todo.length - finished;
      writing = writing.then(() => deps.db.write(collection.id, { images, skipped, removed, patch: { engines, pending: remaining, ...patch } }).then(() => {}));
      return writing;
    };

    await flush({ state: 'indexing', hasHandle: collection.hasHandle || !!source.handle }, plan.removed);
    report({ state: 'running', total: plan.todo.length, unchanged: plan.unchanged, removed: plan.removed.length });
    meter.add(now(), 0);

    let next = 0;
    const batchSize = deps.batchSize ?? DEFAULT_BATCH;
    const worker = async (embed: Embedder) => {
      for (;;) {
        await gate();
        if (abort.signal.aborted || next >= plan.todo.length) return;
        const entry = plan.todo[next++];
        const base = { collection: collection.id, path: entry.path, size: entry.size, mtime: entry.mtime };
        try {
          const file = await byPath.get(entry.path)!.open();
          const image = await embed(file, entry.path, abort.signal);
          const clip = deps.clip ? await deps.clip.embed(file, entry.path, abort.signal) : undefined;
          if (firstNonFinite(image.classic) >= 0 || (clip && firstNonFinite(clip) >= 0)) {
            // never stored: one NaN row would score NaN against every query and break the map
            throw new WorkerError({ code: 'corrupt', message: message('worker.nonFiniteVectors'), file: entry.path });
          }
          const taken = await readTakenDate(file);
          pendingImages.push({ ...base, hash: image.hash, format: image.format, width: image.width, height: image.height, thumb: image.thumb, classic: image.classic, ...(clip ? { clip } : {}), added: now(), taken });
          indexed++;
        } catch (e) {
          if (abort.signal.aborted) return;
          pendingSkipped.push({ ...base, ...skipReason(e, entry.path) });
          skipped++;
        }
        finished++;
        meter.add(now(), finished);
        report({ done: finished, indexed, skipped, rate: meter.rate(), etaMs: meter.eta(plan.todo.length - finished) });
        if (pendingImages.length + pendingSkipped.length >= batchSize || now() - lastFlush >= FLUSH_MS) await flush();
      }
    };

    try {
      await Promise.all(deps.embedders.map((e) => worker(e)));
      await writing;
      await datePass(collection.id, byPath, deps.db, abort.signal);
      const complete = !abort.signal.aborted;
      await flush(complete ? { state: 'ready', pending: 0 } : {});
      return { ...progress, state: complete ? 'done' : 'cancelled', rate: meter.rate(), etaMs: undefined };
    } catch (e) {
      abort.abort();
      const full = (e as Error)?.name === 'StorageFullError';
      if (full && created) await deps.db.delete(collection.id).catch(() => {});
      const error = full
        ? text(created ? 'index.storageFullNew' : 'index.storageFullKept', { name: source.name })
        : text('index.stopped', { name: source.name, reason: sentenceOf(e) });
      return { ...progress, state: 'failed', error, rate: 0, etaMs: undefined };
    }
  };

  const done = run().then(
    (p) => { report(p); return progress; },
    (e: unknown) => { report({ state: 'failed', error: text('index.couldNotStart', { name: source.name, reason: sentenceOf(e) }) }); return progress; },
  );

  return {
    done,
    pause() {
      if (paused || progress.state !== 'running') return;
      paused = true;
      report({ state: 'paused', rate: 0, etaMs: undefined });
    },
    resume() {
      if (!paused) return;
      paused = false;
      meter.reset();
      meter.add(now(), progress.done);
      report({ state: 'running' });
      wakeAll();
    },
    cancel() {
      abort.abort();
      paused = false;
      wakeAll();
    },
  };
}

/** Images stored before dates were read get theirs from the files at hand, without embedding again. */
async function datePass(id: string, byPath: ReadonlyMap<string, SourceFile>, db: IndexerDeps['db'], signal: AbortSignal): Promise<void> {
  if (!db.undated || !db.setTaken) return;
  const paths = (await db.undated(id)).filter((p) => byPath.has(p));
  if (paths.length) await db.setTaken(id, await readDates(paths, (p) => byPath.get(p)!.open(), signal));
}

async function openCollection(source: IndexSource, deps: IndexerDeps, now: () => number): Promise<{ collection: CollectionRecord; created: boolean }> {
  const existing = await deps.db.findByName(source.name);
  if (existing) return { collection: existing, created: false };
  const t = now();
  const collection: CollectionRecord = {
    id: deps.newId?.() ?? crypto.randomUUID(),
    name: source.name,
    created: t,
    updated: t,
    engines: { classic: { version: classicEngine.version, dim: classicEngine.dim }, ...(deps.clip ? { clip: deps.clip.engine } : {}) },
    count: 0,
    skipped: 0,
    bytes: 0,
    state: 'indexing',
    pending: source.files.length,
    hasHandle: !!source.handle,
  };
  await deps.db.create(collection);
  return { collection, created: true };
}
