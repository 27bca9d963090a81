/**
 * The CLIP model in the worker: one load per settings (the *promise* is kept, so concurrent
 * callers share it), WebGPU tried first where it may work and WASM as the fallback, progress
 * per file, a warm-up run (inside ClipEncoder.load) before "ready". I/O is injected so the
 * fallback and availability rules are unit-tested in Node.
 */
import { ClipEncoder, type ClipLoadOptions, type ModelFileProgress } from '../../src/lib/engines/clip/encoder.ts';
import { judge, referenceImage, verdictKey, type SelfCheckVerdict } from '../../src/lib/engines/clip/self-check.ts';
import { dotAt } from '../../src/lib/ranking/dot.ts';
import { english } from '../../src/lib/messages/english.ts';
import { MessageError } from '../../src/lib/messages/message-error.ts';
import { message, type Text } from '../../src/lib/messages/sentence.ts';
import { WorkerError, toWorkerErrorData } from '../../src/protocol/errors.ts';
import type { ClipDtype, ClipSettings, ClipStatus, FileProgress } from '../../src/protocol/clip.ts';
import { devicePlans, probeGpu, type GpuProbe } from './device.ts';
import { configureTransformers, configuredThreads, dropCachedModel, isShippedWithSite, storageEstimate } from './runtime.ts';
import { downloadBytes, revisionOf, storageShortfall } from '../../src/lib/engines/clip/known-models.ts';
import { hubModelIdProblem } from '../../src/lib/hub/model-id.ts';
import { cacheVerdicts, type VerdictStore } from './verdicts.ts';

/** How often download progress reaches the page while files stream in. */
const PROGRESS_EVERY_MS = 100;

export type ReadyStatus = Extract<ClipStatus, { state: 'ready' }>;

export interface ClipServiceDeps {
  configure(modelsPath: string, allowDownload: boolean): void;
  /** WASM threads onnxruntime runs with, as configured */
  threads(): number;
  isShipped(modelsPath: string, modelId: string): Promise<boolean>;
  probeGpu(): Promise<GpuProbe>;
  loadEncoder(options: ClipLoadOptions): Promise<ClipEncoder>;
  /** cosine of the reference image embedded by `encoder` (on WebGPU) and by the same file on WASM */
  selfCheck(encoder: ClipEncoder): Promise<number>;
  verdicts: VerdictStore;
  /** how much the browser lets the site store (quota, usage), when it says */
  storageEstimate(): Promise<{ quota?: number; usage?: number }>;
  /** removes a model's cached files after a failed load */
  dropCached(modelId: string): Promise<number>;
  now(): number;
}

async function webGpuAgreement(encoder: ClipEncoder): Promise<number> {
  const image = referenceImage();
  const [gpu] = await encoder.embedImages([image]);
  const wasm = await encoder.embedImageOn('wasm', image);
  return dotAt(gpu, 0, wasm, 0, gpu.length);
}

export const browserDeps: ClipServiceDeps = {
  configure: configureTransformers,
  threads: configuredThreads,
  isShipped: isShippedWithSite,
  probeGpu: () => probeGpu(),
  loadEncoder: (o) => ClipEncoder.load(o),
  selfCheck: webGpuAgreement,
  verdicts: cacheVerdicts,
  storageEstimate,
  dropCached: dropCachedModel,
  now: () => performance.now(),
};

const keyOf = (s: ClipSettings) => [s.modelId, s.device, s.dtype, s.allowDownload, s.modelsPath].join('|');

export function unavailableReason(modelId: string): Text {
  return message('worker.clipNotShipped', { model: modelId });
}

export class ClipService {
  #current?: { key: string; promise: Promise<ReadyStatus> };
  #encoder?: ClipEncoder;

  constructor(
    private readonly emit: (status: ClipStatus) => void,
    private readonly deps: ClipServiceDeps = browserDeps,
  ) {}

  load(settings: ClipSettings): Promise<ReadyStatus> {
    const badId = hubModelIdProblem(settings.modelId) ?? hubModelIdProblem(settings.translationModelId);
    if (badId) return Promise.reject(new WorkerError({ code: 'bad-request', message: badId }));
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
    if (!this.#encoder) throw new WorkerError({ code: 'model-unavailable', message: message('worker.clipNotLoaded') });
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
    const gpu = await this.deps.probeGpu();
    const plans = devicePlans(s.device, s.dtype, gpu);
    if (source === 'hub') await this.#checkRoom(s.modelId, plans[0].dtype);
    let fallbackReason: Text | undefined = s.webgpuFailure ? message('worker.deviceFailed', { device: 'webgpu', reason: s.webgpuFailure }) : undefined;
    for (const [i, plan] of plans.entries()) {
      fallbackReason ??= plan.fallbackReason;
      const files: Record<string, FileProgress> = {};
      let lastEmit = 0;
      const loading = () => {
        lastEmit = performance.now();
        this.emit({ state: 'loading', modelId: s.modelId, device: plan.device, dtype: plan.dtype, source, files: { ...files } });
      };
      loading();
      const onProgress = (p: ModelFileProgress) => {
        const before = files[p.file];
        const loaded = p.status === 'done' ? Math.max(p.loaded ?? 0, before?.total ?? 0, before?.loaded ?? 0) : p.loaded ?? before?.loaded ?? 0;
        files[p.file] = { loaded, total: p.total ?? before?.total ?? 0 };
        // transformers.js reports every chunk read (thousands per model): the page hears of a
        // file's start, first bytes and end at once, and of its bytes at most every PROGRESS_EVERY_MS.
        if (p.status !== 'progress' || !before?.loaded || performance.now() - lastEmit >= PROGRESS_EVERY_MS) loading();
      };
      try {
        const encoder = await this.deps.loadEncoder({ modelId: s.modelId, revision: revisionOf(s.modelId), device: plan.device, dtype: plan.dtype, onProgress });
        if (plan.device === 'webgpu') {
          const verdict = await this.#webGpuVerdict(encoder, verdictKey(s.modelId, plan.dtype, gpu.adapterKey ?? '?'));
          if (!verdict.ok) {
            await encoder.dispose().catch(() => {});
            throw new SelfCheckFailed(message('worker.webgpuMismatch', { agreement: verdict.agreement.toFixed(3) }));
          }
        }
        this.#encoder = encoder;
        const ready: ReadyStatus = {
          state: 'ready', modelId: s.modelId, device: plan.device, dtype: plan.dtype, source, dim: encoder.dim,
          loadMs: this.deps.now() - t0, threads: plan.device === 'wasm' ? this.deps.threads() : 1, ...(fallbackReason ? { fallbackReason } : {}),
        };
        console.info(`[clip] ${s.modelId} ready on ${plan.device}${plan.device === 'wasm' ? ` with ${ready.threads} thread(s)` : ''} (${plan.dtype}) from the ${source}${fallbackReason ? `; WebGPU not used: ${english(fallbackReason)}` : ''}`);
        this.emit(ready);
        return ready;
      } catch (e) {
        const why = toWorkerErrorData(e).text;
        if (i < plans.length - 1) {
          fallbackReason = e instanceof SelfCheckFailed ? why : message('worker.deviceFailed', { device: plan.device, reason: why });
          console.warn(`[clip] ${english(fallbackReason)}; falling back to ${plans[i + 1].device}`);
          continue;
        }
        const dropped = await this.deps.dropCached(s.modelId);
        const reason = message('worker.clipLoadFailed', { model: s.modelId, reason: why });
        const error = new WorkerError({ code: 'model-failed', message: dropped ? message('worker.clipFilesDropped', { reason }) : reason });
        this.emit({ state: 'failed', modelId: s.modelId, error: error.toJSON() });
        throw error;
      }
    }
    throw new WorkerError({ code: 'internal', message: message('worker.noDevice') });
  }

  /** Refuses a Hub download the browser has no room for, before a byte is fetched, saying how much is needed. */
  async #checkRoom(modelId: string, dtype: ClipDtype): Promise<void> {
    const estimate = await this.deps.storageEstimate();
    const { bytes } = downloadBytes(modelId, dtype);
    const short = storageShortfall(bytes, estimate);
    if (!short) return;
    const mb = (n: number) => `${Math.round(n / 1e6)} MB`;
    const free = Math.max(0, (estimate.quota ?? 0) - (estimate.usage ?? 0));
    const error = new WorkerError({ code: 'model-failed', message: message('worker.clipNoRoom', { model: modelId, needed: mb(bytes), free: mb(free) }) });
    this.emit({ state: 'failed', modelId, error: error.toJSON() });
    throw error;
  }

  /** The remembered verdict for this model, dtype and adapter, or a new self-check (then remembered). */
  async #webGpuVerdict(encoder: ClipEncoder, key: string): Promise<SelfCheckVerdict> {
    const known = await this.deps.verdicts.get(key);
    if (known) return known;
    let agreement: number;
    try {
      agreement = await this.deps.selfCheck(encoder);
    } catch (e) {
      // Could not compare (the WASM side failed to load): keep WebGPU, check again next time.
      console.warn(`[clip] WebGPU self-check could not run (${(e as Error).message}); WebGPU kept`);
      return { agreement: Number.NaN, ok: true };
    }
    const verdict = judge(agreement);
    console.info(`[clip] WebGPU self-check for ${key}: agreement with WASM ${verdict.agreement.toFixed(4)} → ${verdict.ok ? 'WebGPU' : 'WASM'}`);
    await this.deps.verdicts.set(key, verdict);
    return verdict;
  }
}

class SelfCheckFailed extends MessageError {}
