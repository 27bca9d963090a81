/**
 * The CLIP model in the worker: one load per settings (the *promise* is kept, so concurrent
 * callers share it), WebGPU tried first where it may work and WASM as the fallback, progress
 * per file, a warm-up run (inside ClipEncoder.load) before "ready". I/O is injected so the
 * fallback and availability rules are unit-tested in Node.
 */
import { ClipEncoder, type ClipLoadOptions, type ModelFileProgress } from '../../src/lib/clip/encoder.ts';
import { WorkerError, toWorkerErrorData, type ClipSettings, type ClipStatus, type FileProgress } from '../protocol.ts';
import { devicePlans, probeGpu, type GpuProbe } from './device.ts';
import { configureTransformers, configuredThreads, isShippedWithSite } from './runtime.ts';

export type ReadyStatus = Extract<ClipStatus, { state: 'ready' }>;

export interface ClipServiceDeps {
  configure(modelsPath: string, allowDownload: boolean): void;
  /** WASM threads onnxruntime runs with, as configured */
  threads(): number;
  isShipped(modelsPath: string, modelId: string): Promise<boolean>;
  probeGpu(): Promise<GpuProbe>;
  loadEncoder(options: ClipLoadOptions): Promise<ClipEncoder>;
  now(): number;
}

export const browserDeps: ClipServiceDeps = {
  configure: configureTransformers,
  threads: configuredThreads,
  isShipped: isShippedWithSite,
  probeGpu: () => probeGpu(),
  loadEncoder: (o) => ClipEncoder.load(o),
  now: () => performance.now(),
};

const keyOf = (s: ClipSettings) => [s.modelId, s.device, s.dtype, s.allowDownload, s.modelsPath].join('|');

export function unavailableReason(modelId: string): string {
  return `The CLIP model "${modelId}" is not shipped with this site. Allow the download from the Hugging Face Hub ` +
    `(about 150 MB for the default model, once; the browser keeps it for offline use), or put the model in the site's ` +
    `models/ folder with "npm run models".`;
}

export class ClipService {
  #current?: { key: string; promise: Promise<ReadyStatus> };
  #encoder?: ClipEncoder;

  constructor(
    private readonly emit: (status: ClipStatus) => void,
    private readonly deps: ClipServiceDeps = browserDeps,
  ) {}

  load(settings: ClipSettings): Promise<ReadyStatus> {
    const key = keyOf(settings);
    if (this.#current?.key !== key) {
      const promise = this.#load(settings);
      this.#current = { key, promise };
      promise.catch(() => { if (this.#current?.promise === promise) this.#current = undefined; });
    }
    return this.#current.promise;
  }

  /** The loaded encoder, or a clear error when there is none yet. */
  encoder(): ClipEncoder {
    if (!this.#encoder) throw new WorkerError({ code: 'model-unavailable', message: 'the CLIP model is not loaded yet' });
    return this.#encoder;
  }

  async #load(s: ClipSettings): Promise<ReadyStatus> {
    const t0 = this.deps.now();
    const old = this.#encoder;
    this.#encoder = undefined;
    if (old) await old.dispose().catch(() => {});
    this.deps.configure(s.modelsPath, s.allowDownload);
    const shipped = await this.deps.isShipped(s.modelsPath, s.modelId);
    if (!shipped && !s.allowDownload) {
      const reason = unavailableReason(s.modelId);
      this.emit({ state: 'unavailable', modelId: s.modelId, reason, canDownload: true });
      throw new WorkerError({ code: 'model-unavailable', message: reason });
    }
    const source = shipped ? 'site' : 'hub';
    const plans = devicePlans(s.device, s.dtype, await this.deps.probeGpu());
    let fallbackReason: string | undefined;
    for (const [i, plan] of plans.entries()) {
      fallbackReason ??= plan.fallbackReason;
      const files: Record<string, FileProgress> = {};
      const loading = () => this.emit({ state: 'loading', modelId: s.modelId, device: plan.device, dtype: plan.dtype, source, files: { ...files } });
      loading();
      const onProgress = (p: ModelFileProgress) => {
        const before = files[p.file];
        const loaded = p.status === 'done' ? Math.max(p.loaded ?? 0, before?.total ?? 0, before?.loaded ?? 0) : p.loaded ?? before?.loaded ?? 0;
        files[p.file] = { loaded, total: p.total ?? before?.total ?? 0 };
        loading();
      };
      try {
        const encoder = await this.deps.loadEncoder({ modelId: s.modelId, device: plan.device, dtype: plan.dtype, onProgress });
        this.#encoder = encoder;
        const ready: ReadyStatus = {
          state: 'ready', modelId: s.modelId, device: plan.device, dtype: plan.dtype, source, dim: encoder.dim,
          loadMs: this.deps.now() - t0, threads: plan.device === 'wasm' ? this.deps.threads() : 1, ...(fallbackReason ? { fallbackReason } : {}),
        };
        console.info(`[clip] ${s.modelId} ready on ${plan.device}${plan.device === 'wasm' ? ` with ${ready.threads} thread(s)` : ''} (${plan.dtype}) from the ${source}${fallbackReason ? `; WebGPU not used: ${fallbackReason}` : ''}`);
        this.emit(ready);
        return ready;
      } catch (e) {
        const message = toWorkerErrorData(e).message;
        if (i < plans.length - 1) {
          fallbackReason = `${plan.device} failed: ${message}`;
          console.warn(`[clip] ${fallbackReason}; falling back to ${plans[i + 1].device}`);
          continue;
        }
        const error = { code: 'model-failed' as const, message: `the CLIP model "${s.modelId}" could not be loaded (${message})` };
        this.emit({ state: 'failed', modelId: s.modelId, error });
        throw new WorkerError(error);
      }
    }
    throw new WorkerError({ code: 'internal', message: 'no device to load the model on' });
  }
}
