/**
 * The search worker's data: the manifest and, lazily per engine, its vector matrix (and, when
 * the IVF mode is first used, the gallery's prebuilt IVF index of it where the manifest lists one).
 * Loads are singletons (the *promise* is stored, so concurrent callers share one download);
 * a failed load is forgotten so the next call retries.
 */
import type { Text } from '../../src/lib/i18n/types.ts';
import { sentenceOf } from '../../src/lib/messages/message-error.ts';
import { message, type Sentence } from '../../src/lib/messages/sentence.ts';
import { decodeIvf } from '../../src/lib/ann/ivf.ts';
import { getEngine } from '../../src/lib/engines/registry.ts';
import type { SearchEngineId } from '../../src/lib/engines/types.ts';
import { decodeVectors, type VectorMatrix } from '../../src/lib/format/vectors.ts';
import { checkManifestFiles, parseManifest, type GalleryIndexFile, type GalleryManifest } from '../../src/lib/gallery/manifest.ts';
import { resolveInFolder } from '../../src/lib/site/safe-urls.ts';
import { WorkerError, toWorkerErrorData } from '../../src/protocol/errors.ts';
import type { SearchEventListener } from '../../src/protocol/search.ts';
import { provideIvf } from './approx-index.ts';

export type Fetcher = (url: string) => Promise<Response>;

/** What an engine's vectors are called in the sentence said when they cannot be downloaded (offline). */
const OFFLINE_NAMES: Readonly<Record<SearchEngineId, string>> = { pixels: 'Raw pixels', classic: 'Classic vectors', clip: 'CLIP vectors' };

export interface LoadedEngine {
  readonly engine: SearchEngineId;
  readonly matrix: VectorMatrix;
}

export class GalleryStore {
  #manifest?: Promise<GalleryManifest>;
  readonly #engines = new Map<SearchEngineId, Promise<LoadedEngine>>();
  readonly #ivf = new Map<SearchEngineId, Promise<void>>();

  constructor(
    readonly galleryUrl: string,
    private readonly fetcher: Fetcher,
    private readonly emit: SearchEventListener = () => {},
  ) {}

  manifest(): Promise<GalleryManifest> {
    this.#manifest ??= this.#loadManifest().catch((e) => {
      this.#manifest = undefined;
      throw e;
    });
    return this.#manifest;
  }

  engine(id: SearchEngineId): Promise<LoadedEngine> {
    let p = this.#engines.get(id);
    if (!p) {
      p = this.#loadEngine(id).catch((e) => {
        this.#engines.delete(id);
        const error = toWorkerErrorData(e);
        this.emit({ type: 'vectors-failed', engine: id, error });
        throw WorkerError.fromData(error);
      });
      this.#engines.set(id, p);
    }
    return p;
  }

  async #loadManifest(): Promise<GalleryManifest> {
    const file = 'manifest.json';
    performance.mark('search-worker:manifest');
    const res = await this.#get(file, 'manifest');
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new WorkerError({ code: 'manifest', message: message('worker.manifestJson', { file }), file });
    }
    try {
      const manifest = parseManifest(json);
      checkManifestFiles(manifest);
      return manifest;
    } catch (e) {
      throw new WorkerError({ code: 'manifest', message: sentenceOf(e), file });
    }
  }

  async #loadEngine(id: SearchEngineId): Promise<LoadedEngine> {
    const t0 = performance.now();
    const manifest = await this.manifest();
    const entry = manifest.engines[id];
    if (!entry) {
      const why = message(id === 'clip' ? 'worker.noEngineVectorsClip' : 'worker.noEngineVectors', { engine: id });
      throw new WorkerError({ code: 'vectors-format', message: why, file: 'manifest.json' });
    }
    performance.mark('search-worker:vectors-fetch');
    const res = await this.#get(entry.file, 'network', (reason) => message('worker.notOffline', { engine: OFFLINE_NAMES[id], file: entry.file, reason }));
    const bytes = await this.#readWithProgress(res, id, entry.bytes, entry.file);
    performance.mark('search-worker:vectors-read');
    const { header, matrix } = decodeVectors(bytes, `gallery vectors ${entry.file}`);
    const fail = (message: string) => new WorkerError({ code: 'vectors-format', message: `gallery vectors ${entry.file}: ${message}; rebuild the gallery with npm run gallery`, file: entry.file });
    if (header.engine !== id) throw fail(`they belong to engine "${header.engine}", not "${id}"`);
    // Weight-free engines must match this app's code; model vectors must match what the manifest says.
    const expected = id === 'clip' ? { version: entry.version, dim: entry.dim } : getEngine(id);
    if (header.engineVersion !== expected.version) throw fail(`they are engine version ${header.engineVersion}, this app computes version ${expected.version}`);
    if (header.dim !== expected.dim) throw fail(`they have ${header.dim} dimensions, the engine makes ${expected.dim}`);
    if (header.count !== manifest.items.length) throw fail(`they hold ${header.count} vectors for ${manifest.items.length} images`);
    performance.mark('search-worker:vectors-decoded');
    this.emit({ type: 'vectors-ready', engine: id, count: header.count, dim: header.dim, bytes: bytes.length, ms: performance.now() - t0 });
    return { engine: id, matrix };
  }

  /**
   * Hands the gallery's prebuilt IVF index of an engine to the IVF mode (approx-index.ts), once,
   * when that mode is first used: a missing or damaged file is reported and the mode builds one.
   */
  prepareIvf(id: SearchEngineId): Promise<void> {
    let p = this.#ivf.get(id);
    if (!p) {
      p = Promise.all([this.manifest(), this.engine(id)]).then(([manifest, { matrix }]) => {
        const entry = manifest.engines[id]?.ivf;
        return entry ? this.#loadIvf(entry, matrix) : undefined;
      });
      p.catch(() => this.#ivf.delete(id)); // the vectors failed: that error is the search's to report
      this.#ivf.set(id, p);
    }
    return p;
  }

  async #loadIvf(entry: GalleryIndexFile, matrix: VectorMatrix): Promise<void> {
    try {
      const res = await this.#get(entry.file, 'network');
      const index = decodeIvf(new Uint8Array(await res.arrayBuffer()), `gallery index ${entry.file}`);
      if (!provideIvf(matrix, index)) throw new Error(`it indexes ${index.count} × ${index.dim} vectors, the gallery has ${matrix.count} × ${matrix.dim}`);
    } catch (e) {
      console.warn(`search worker: the gallery's IVF index is not used, it will be built when needed (${(e as Error).message})`);
    }
  }

  /** `unreachable`: the sentence when no answer came at all (offline, and the file was never stored). */
  async #get(file: string, code: 'manifest' | 'network', unreachable?: (reason: Sentence) => Text): Promise<Response> {
    // checkManifestFiles already refused such names; this holds for every request, whatever named the file.
    const url = resolveInFolder(this.galleryUrl, file);
    if (!url) throw new WorkerError({ code: 'manifest', message: message('worker.fileOutsideGallery', { file }), file });
    let res: Response;
    try {
      res = await this.fetcher(url);
    } catch (e) {
      const reason = sentenceOf(e);
      throw new WorkerError({ code: 'network', message: unreachable ? unreachable(reason) : message('worker.downloadFailed', { file, reason }), file });
    }
    if (!res.ok) {
      throw new WorkerError({ code: res.status === 404 && code === 'manifest' ? 'manifest' : 'network', message: message('worker.httpError', { file, status: String(res.status) }), file });
    }
    return res;
  }

  /** Reads the body in chunks, reporting progress at most every ~1% (and at the start and end). */
  async #readWithProgress(res: Response, engine: SearchEngineId, expected: number, file: string): Promise<Uint8Array> {
    const header = Number(res.headers.get('content-length'));
    const encoded = !!res.headers.get('content-encoding');
    const total = expected > 0 ? expected : !encoded && header > 0 ? header : 0;
    this.emit({ type: 'vectors-loading', engine, loaded: 0, total });
    if (!res.body) {
      const all = new Uint8Array(await res.arrayBuffer());
      this.emit({ type: 'vectors-loading', engine, loaded: all.length, total: total || all.length });
      return all;
    }
    const reader = res.body.getReader();
    // Read straight into one buffer of the expected size (no second copy at the end); chunks only if it was wrong.
    let buffer: Uint8Array | undefined = total > 0 ? new Uint8Array(total) : undefined;
    const chunks: Uint8Array[] = [];
    let loaded = 0, reported = 0;
    const step = Math.max(64 * 1024, total / 100);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (buffer && loaded + value.length <= buffer.length) buffer.set(value, loaded);
        else {
          if (buffer) { chunks.push(buffer.subarray(0, loaded)); buffer = undefined; }
          chunks.push(value);
        }
        loaded += value.length;
        if (loaded - reported >= step) {
          reported = loaded;
          this.emit({ type: 'vectors-loading', engine, loaded, total: Math.max(total, loaded) });
        }
      }
    } catch (e) {
      throw new WorkerError({ code: 'network', message: message('worker.downloadBroke', { file, bytes: String(loaded), reason: sentenceOf(e) }), file });
    }
    this.emit({ type: 'vectors-loading', engine, loaded, total: Math.max(total, loaded) });
    if (buffer) return loaded === buffer.length ? buffer : buffer.subarray(0, loaded);
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(loaded);
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.length; }
    return out;
  }
}
