/**
 * Text search for a gallery shipped without CLIP vectors of the visitor's model: once the model
 * is ready, the gallery's images are embedded here, one at a time in the clip worker (so a text
 * query waits for at most one image), and handed to the search worker, which searches what is
 * done so far and stores it (IndexedDB) so a reload resumes. Pause survives reloads too.
 */
import { english } from '../lib/messages/english.ts';
import { clipClient, searchClient } from '../bridge/clients.ts';
import { EtaClock, galleryNeedsLocalClip, localClipSetId, localClipSetKey, type LocalClipSetId } from '../lib/engines/clip/local-index.ts';
import { toWorkerErrorData, type WorkerErrorData } from '../protocol/errors.ts';
import type { ClipState } from './clip.svelte.ts';
import type { GalleryState } from './gallery.svelte.ts';

const PAUSED_KEY = 'image-search:gallery-clip-paused';
/** vectors handed to the search worker (and stored) together */
const BATCH = 8;

export type GalleryClipPhase = 'idle' | 'running' | 'paused' | 'done' | 'failed';

/** Errors that end the run (the model or a worker is gone); any other error skips the one image. */
const FATAL = new Set(['model-failed', 'model-unavailable', 'worker-crashed']);

interface Job {
  readonly key: string;
  readonly set: LocalClipSetId;
  readonly abort: AbortController;
  /** resolves once the search worker has the set open (false: it could not be opened) */
  readonly opened: Promise<boolean>;
}

function readPaused(): boolean {
  try { return localStorage.getItem(PAUSED_KEY) === '1'; } catch { return false; }
}

export class GalleryClipIndexing {
  phase = $state<GalleryClipPhase>('idle');
  done = $state(0);
  total = $state(0);
  /** images that could not be fetched or read this visit (tried again next visit) */
  failed = $state(0);
  /** time left, from the measured time per image; undefined until one is measured */
  etaMs = $state<number | undefined>(undefined);
  error = $state.raw<WorkerErrorData | null>(null);
  paused = $state(readPaused());
  /** the model whose set is open in the search worker, if any */
  model = $state<string | null>(null);
  #job?: Job;
  #wake?: () => void;

  constructor(
    private readonly gallery: GalleryState,
    private readonly clip: ClipState,
    private readonly fetchImage: (url: string, signal: AbortSignal) => Promise<Response> = (url, signal) => fetch(url, { signal }),
  ) {}

  get active(): boolean {
    return this.phase === 'running' || this.phase === 'paused';
  }

  /**
   * Starts, keeps or stops the work for the current model and gallery (call it when either
   * changes). Returns the current job's "opened" promise, or undefined when none is needed.
   */
  sync(): Promise<boolean> | undefined {
    const s = this.clip.status;
    const manifest = this.gallery.manifest;
    if (s.state !== 'ready' || !manifest || !galleryNeedsLocalClip(manifest, s.modelId)) {
      // The model is reloading (or the gallery ships its vectors): the set stays open in the worker until another replaces it.
      this.#stop();
      if (s.state === 'ready' && manifest) this.phase = 'idle';
      return undefined;
    }
    const set = localClipSetId(this.gallery.baseUrl, s.modelId, s.dtype, s.dim);
    const key = localClipSetKey(set);
    if (this.#job?.key === key) return this.#job.opened;
    this.#stop();
    const abort = new AbortController();
    let markOpened!: (ok: boolean) => void;
    const job: Job = { key, set, abort, opened: new Promise((resolve) => (markOpened = resolve)) };
    this.#job = job;
    this.done = 0;
    this.total = manifest.items.length;
    this.failed = 0;
    this.etaMs = undefined;
    this.error = null;
    void this.#run(job, markOpened);
    return job.opened;
  }

  /** For a CLIP search: is the gallery searchable with the ready model through vectors made here? Waits for the set to open. */
  async ensureOpen(): Promise<boolean> {
    return (await this.sync()) ?? false;
  }

  pause(): void {
    this.#setPaused(true);
  }

  resume(): void {
    this.#setPaused(false);
    this.#wake?.();
  }

  #setPaused(paused: boolean): void {
    this.paused = paused;
    if (this.active) this.phase = paused ? 'paused' : 'running';
    try { localStorage.setItem(PAUSED_KEY, paused ? '1' : '0'); } catch { /* for this visit only */ }
  }

  #stop(): void {
    this.#job?.abort.abort();
    this.#job = undefined;
    this.#wake?.();
  }

  async #run(job: Job, markOpened: (ok: boolean) => void): Promise<void> {
    const current = () => this.#job === job && !job.abort.signal.aborted;
    let missing: readonly number[];
    try {
      const progress = await searchClient.openLocalClip(undefined, job.set);
      missing = progress.missing ?? [];
      if (!current()) return markOpened(false);
      this.model = job.set.model;
      this.done = progress.done;
      this.total = progress.total;
      markOpened(true);
    } catch (e) {
      markOpened(false);
      if (current()) this.#fail(e);
      return;
    }
    const manifest = this.gallery.manifest;
    if (!manifest) return;
    const clock = new EtaClock();
    let items: number[] = [];
    let vectors: Float32Array[] = [];
    const flush = async () => {
      if (!items.length) return;
      const progress = await searchClient.addLocalClip(undefined, job.key, items, vectors);
      items = [];
      vectors = [];
      if (current()) this.done = progress.done;
    };
    try {
      for (const [i, item] of missing.entries()) {
        if (this.paused) await flush();
        await this.#whilePaused(job);
        if (!current()) return;
        this.phase = 'running';
        const started = performance.now();
        const vector = await this.#embed(manifest.items[item].file, manifest.items[item].name, job.abort.signal);
        if (!current()) return;
        if (vector) {
          items.push(item);
          vectors.push(vector);
        } else this.failed++;
        clock.record(performance.now() - started);
        this.etaMs = clock.etaMs(missing.length - i - 1);
        if (items.length >= BATCH) await flush();
        // Low priority: let the page and any search go first.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await flush();
      if (current()) {
        this.phase = 'done';
        this.etaMs = 0;
      }
    } catch (e) {
      if (current()) this.#fail(e);
    }
  }

  /** The image's CLIP vector, or undefined when this one image cannot be fetched or read; throws when the run must end. */
  async #embed(file: string, name: string, signal: AbortSignal): Promise<Float32Array | undefined> {
    let bytes: ArrayBuffer;
    try {
      const res = await this.fetchImage(this.gallery.baseUrl + file, signal);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      bytes = await res.arrayBuffer();
    } catch (e) {
      if (signal.aborted) return undefined;
      console.warn(`[gallery text search] ${file} could not be downloaded (${(e as Error).message}); it is tried again next visit`);
      return undefined;
    }
    try {
      return (await clipClient.embedImage(signal, bytes, name)).vector;
    } catch (e) {
      const error = toWorkerErrorData(e);
      if (error.code === 'aborted') return undefined;
      if (FATAL.has(error.code)) throw e;
      console.warn(`[gallery text search] ${file} could not be read (${english(error.text)})`);
      return undefined;
    }
  }

  async #whilePaused(job: Job): Promise<void> {
    while (this.paused && this.#job === job && !job.abort.signal.aborted) {
      this.phase = 'paused';
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #fail(e: unknown): void {
    this.phase = 'failed';
    this.error = toWorkerErrorData(e);
    this.etaMs = undefined;
  }
}
