/**
 * How the worker picks where the model comes from and where it runs: site folder first, the
 * Hub only when allowed, WebGPU when an adapter exists and the model loads on it, WASM otherwise
 * (with the reason kept for the UI), a WebGPU self-check against WASM remembered per model, dtype
 * and adapter, and one shared load for concurrent callers.
 */
import { describe, expect, it } from 'vitest';
import type { ClipEncoder, ClipLoadOptions } from '../../src/lib/engines/clip/encoder.ts';
import type { ClipSettings, ClipStatus } from '../../src/protocol/clip.ts';
import { devicePlans, probeGpu } from '../../workers/clip/device.ts';
import { ClipService, type ClipServiceDeps } from '../../workers/clip/service.ts';
import { memoryVerdicts } from '../../workers/clip/verdicts.ts';
import { judge, referenceImage } from '../../src/lib/engines/clip/self-check.ts';
import { english } from '../../src/lib/messages/english.ts';
import { message, raw } from '../../src/lib/messages/sentence.ts';

const settings: ClipSettings = {
  modelId: 'Xenova/clip-vit-base-patch32', device: 'auto', dtype: 'auto', allowDownload: false,
  modelsPath: '/models/', translate: true, translationModelId: 'Xenova/opus-mt-vi-en',
};

function fakeDeps(o: { shipped: boolean; adapter: boolean; webgpuFails?: boolean; wasmFails?: boolean; agreement?: number; verdicts?: ReturnType<typeof memoryVerdicts>; estimate?: { quota?: number; usage?: number } }) {
  const loads: ClipLoadOptions[] = [];
  const selfChecks: string[] = [];
  const dropped: string[] = [];
  const configured: [string, boolean][] = [];
  const deps: ClipServiceDeps = {
    configure: (path, allow) => { configured.push([path, allow]); },
    threads: () => 2,
    isShipped: async () => o.shipped,
    probeGpu: async () => (o.adapter ? { adapter: true, shaderF16: true, adapterKey: 'Acme/gen9/1234/Acme GPU' } : { adapter: false, shaderF16: false, reason: message('worker.noAdapter') }),
    loadEncoder: async (opts) => {
      loads.push(opts);
      opts.onProgress?.({ file: 'onnx/vision_model.onnx', status: 'progress', loaded: 5, total: 10 });
      await new Promise((r) => setTimeout(r, 5));
      if (opts.device === 'webgpu' && o.webgpuFails) throw new Error('shader compilation failed');
      if (opts.device === 'wasm' && o.wasmFails) throw new Error('protobuf parsing failed');
      return { dim: 512, device: opts.device, dispose: async () => {} } as unknown as ClipEncoder;
    },
    selfCheck: async (encoder) => { selfChecks.push(encoder.device); return o.agreement ?? 0.9999; },
    verdicts: o.verdicts ?? memoryVerdicts(),
    storageEstimate: async () => o.estimate ?? {},
    dropCached: async (id) => { dropped.push(id); return 2; },
    now: () => 0,
  };
  return { deps, loads, configured, selfChecks, dropped };
}

function service(o: Parameters<typeof fakeDeps>[0]) {
  const statuses: ClipStatus[] = [];
  const f = fakeDeps(o);
  return { svc: new ClipService((s) => statuses.push(s), f.deps), statuses, ...f };
}

describe('where the CLIP model comes from', () => {
  it('says the model is unavailable, and why, when it is not shipped and downloads are off', async () => {
    const { svc, statuses, loads } = service({ shipped: false, adapter: false });
    await expect(svc.load(settings)).rejects.toMatchObject({ code: 'model-unavailable' });
    expect(loads).toHaveLength(0);
    const last = statuses.at(-1)!;
    expect(last).toMatchObject({ state: 'unavailable', canDownload: true });
    expect(last.state === 'unavailable' && english(last.reason)).toContain('npm run models');
  });

  it('loads from the Hub when the person allowed it', async () => {
    const { svc, configured } = service({ shipped: false, adapter: false });
    await expect(svc.load({ ...settings, allowDownload: true })).resolves.toMatchObject({ state: 'ready', source: 'hub', threads: 2 });
    expect(configured).toEqual([['/models/', true]]);
  });

  it('prefers the copy shipped with the site', async () => {
    const { svc } = service({ shipped: true, adapter: false });
    await expect(svc.load({ ...settings, allowDownload: true })).resolves.toMatchObject({ source: 'site' });
  });
});

describe('where the CLIP model runs', () => {
  it('uses WASM with int8 weights when there is no WebGPU adapter, and says why', async () => {
    const { svc, loads } = service({ shipped: true, adapter: false });
    const ready = await svc.load(settings);
    expect(ready).toMatchObject({ device: 'wasm', dtype: 'q8', fallbackReason: { key: 'worker.noAdapter' } });
    expect(english(ready.fallbackReason!)).toBe('no WebGPU adapter is available');
    expect(loads.map((l) => l.device)).toEqual(['wasm']);
  });

  it('uses WebGPU (fp16 where the adapter has shader-f16) when it works', async () => {
    const { svc } = service({ shipped: true, adapter: true });
    await expect(svc.load(settings)).resolves.toMatchObject({ device: 'webgpu', dtype: 'fp16' });
  });

  it('falls back to WASM when the model fails on WebGPU, keeping the reason', async () => {
    const { svc, loads, statuses } = service({ shipped: true, adapter: true, webgpuFails: true });
    const ready = await svc.load(settings);
    expect(loads.map((l) => l.device)).toEqual(['webgpu', 'wasm']);
    expect(english(ready.fallbackReason!)).toMatch(/webgpu failed: shader compilation failed/);
    expect(statuses.some((s) => s.state === 'loading' && s.files['onnx/vision_model.onnx']?.loaded === 5)).toBe(true);
  });

  it('says why when the page retries on WASM in a fresh worker after WebGPU failed', async () => {
    const { svc } = service({ shipped: true, adapter: true });
    const ready = await svc.load({ ...settings, device: 'wasm', webgpuFailure: raw('Can\'t create a session') });
    expect(ready).toMatchObject({ device: 'wasm', fallbackReason: { key: 'worker.deviceFailed' } });
    expect(english(ready.fallbackReason!)).toBe('webgpu failed: Can\'t create a session');
  });

  it('honours an explicit device and dtype', () => {
    const gpu = { adapter: true, shaderF16: true };
    expect(devicePlans('wasm', 'auto', gpu)).toEqual([{ device: 'wasm', dtype: 'q8' }]);
    expect(devicePlans('auto', 'fp32', gpu)[0]).toEqual({ device: 'webgpu', dtype: 'fp32' });
    expect(devicePlans('auto', 'auto', { adapter: true, shaderF16: false })[0].dtype).toBe('fp32');
  });

  it('probes the GPU without throwing', async () => {
    const none = await probeGpu(undefined);
    expect(none).toMatchObject({ adapter: false });
    expect(english(none.reason!)).toBe('this browser has no WebGPU');
    await expect(probeGpu({ requestAdapter: async () => null })).resolves.toMatchObject({ adapter: false });
    const broken = await probeGpu({ requestAdapter: async () => { throw new Error('boom'); } });
    expect(english(broken.reason!)).toContain('boom');
  });
});

describe('real-size failure modes', () => {
  it('refuses a Hub download the browser has no room for before fetching anything, saying how much is needed', async () => {
    const { svc, loads, statuses } = service({ shipped: false, adapter: false, estimate: { quota: 120e6, usage: 20e6 } });
    const error = await svc.load({ ...settings, allowDownload: true }).catch((e) => e);
    expect(error).toMatchObject({ code: 'model-failed' });
    expect(error.message).toBe('there is not enough storage for the CLIP model "Xenova/clip-vit-base-patch32": the download needs about 156 MB and the browser allows 100 MB more. Free some space (other sites’ data, downloads) and try again');
    expect(error.text).toMatchObject({ key: 'worker.clipNoRoom' });
    expect(loads).toHaveLength(0);
    expect(statuses.at(-1)).toMatchObject({ state: 'failed' });
  });

  it('does not check the room for a model the site ships', async () => {
    const { svc } = service({ shipped: true, adapter: false, estimate: { quota: 1e6, usage: 0 } });
    await expect(svc.load(settings)).resolves.toMatchObject({ state: 'ready' });
  });

  it('drops the cached files of a model that fails to load, so the next try starts clean', async () => {
    const { svc, dropped } = service({ shipped: false, adapter: false, wasmFails: true });
    const error = await svc.load({ ...settings, allowDownload: true }).catch((e) => e);
    expect(dropped).toEqual(['Xenova/clip-vit-base-patch32']);
    expect(error.message).toBe('the CLIP model "Xenova/clip-vit-base-patch32" could not be loaded (protobuf parsing failed); the files it downloaded were removed, so trying again starts clean');
    expect(error.text).toMatchObject({ key: 'worker.clipFilesDropped' });
  });

  it('downloads a known model at its pinned revision, others at main', async () => {
    const known = service({ shipped: false, adapter: false });
    await known.svc.load({ ...settings, allowDownload: true });
    expect(known.loads[0].revision).toBe('d15189d7028b43f1d3e65039190477f6af591c2a');
    const other = service({ shipped: false, adapter: false });
    await other.svc.load({ ...settings, modelId: 'someone/clip-like', allowDownload: true });
    expect(other.loads[0].revision).toBe('main');
  });
});

describe('the WebGPU self-check', () => {
  it('keeps WebGPU when its embedding of the reference image agrees with WASM, and checks only once per model, dtype and adapter', async () => {
    const verdicts = memoryVerdicts();
    const first = service({ shipped: true, adapter: true, agreement: 0.998, verdicts });
    await expect(first.svc.load(settings)).resolves.toMatchObject({ device: 'webgpu' });
    expect(first.selfChecks).toEqual(['webgpu']);
    expect([...verdicts.entries]).toEqual([['Xenova/clip-vit-base-patch32|fp16|Acme/gen9/1234/Acme GPU', { agreement: 0.998, ok: true }]]);
    const again = service({ shipped: true, adapter: true, agreement: 0.998, verdicts });
    await again.svc.load(settings);
    expect(again.selfChecks).toEqual([]);
  });

  it('runs on WASM and says why when WebGPU gives different embeddings (forced mismatch), and remembers it', async () => {
    const verdicts = memoryVerdicts();
    const { svc, loads } = service({ shipped: true, adapter: true, agreement: 0.42, verdicts });
    const ready = await svc.load(settings);
    expect(loads.map((l) => l.device)).toEqual(['webgpu', 'wasm']);
    expect(ready).toMatchObject({ device: 'wasm', dtype: 'q8', fallbackReason: { key: 'worker.webgpuMismatch' } });
    expect(english(ready.fallbackReason!)).toBe('WebGPU gave different embeddings than WASM on this adapter (agreement 0.420, below 0.99)');
    const next = service({ shipped: true, adapter: true, agreement: 1, verdicts });
    await expect(next.svc.load(settings)).resolves.toMatchObject({ device: 'wasm' });
    expect(next.selfChecks).toEqual([]); // the remembered verdict, not a new check
  });

  it('keeps WebGPU without a verdict when the check itself cannot run', async () => {
    const verdicts = memoryVerdicts();
    const f = service({ shipped: true, adapter: true, verdicts });
    f.deps.selfCheck = async () => { throw new Error('wasm backend failed'); };
    await expect(f.svc.load(settings)).resolves.toMatchObject({ device: 'webgpu' });
    expect(verdicts.entries.size).toBe(0);
  });

  it('has a reference image with colour and edges, the same every time', () => {
    const a = referenceImage(), b = referenceImage();
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(new Set(a.data).size).toBeGreaterThan(100);
    expect(judge(0.995).ok).toBe(true);
    expect(judge(0.98).ok).toBe(false);
    expect(judge(Number.NaN).ok).toBe(false);
  });
});

describe('one load for concurrent callers', () => {
  it('shares the load promise while the settings are the same, and reloads when they change', async () => {
    const { svc, loads } = service({ shipped: true, adapter: false });
    const [a, b] = await Promise.all([svc.load(settings), svc.load(settings)]);
    expect(a).toBe(b);
    expect(loads).toHaveLength(1);
    await svc.load({ ...settings, dtype: 'fp32' });
    expect(loads).toHaveLength(2);
  });

  it('forgets a failed load so the next call retries', async () => {
    const f = service({ shipped: false, adapter: false });
    await expect(f.svc.load(settings)).rejects.toBeTruthy();
    await expect(f.svc.load({ ...settings, allowDownload: true })).resolves.toMatchObject({ state: 'ready' });
  });
});

describe('download progress', () => {
  it('reaches the page at a file’s start, first bytes and end, not at every chunk read', async () => {
    const f = fakeDeps({ shipped: true, adapter: false });
    const chunks = 2000;
    f.deps.loadEncoder = async (opts) => {
      const file = 'onnx/vision_model_quantized.onnx';
      opts.onProgress?.({ file, status: 'initiate' });
      for (let i = 1; i <= chunks; i++) opts.onProgress?.({ file, status: 'progress', loaded: i * 100, total: chunks * 100 });
      opts.onProgress?.({ file, status: 'done' });
      return { dim: 512, device: opts.device, dispose: async () => {} } as unknown as ClipEncoder;
    };
    const statuses: ClipStatus[] = [];
    await new ClipService((s) => statuses.push(s), f.deps).load(settings);
    const loading = statuses.filter((s): s is Extract<ClipStatus, { state: 'loading' }> => s.state === 'loading');
    expect(loading.length).toBeLessThan(10); // a synchronous burst of 2,000 chunks: well under 100 ms
    expect(loading.some((s) => s.files['onnx/vision_model_quantized.onnx']?.loaded === 100)).toBe(true); // first bytes
    expect(loading.at(-1)!.files['onnx/vision_model_quantized.onnx']).toEqual({ loaded: chunks * 100, total: chunks * 100 }); // done
  });
});
