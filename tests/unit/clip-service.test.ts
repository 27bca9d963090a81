/**
 * How the worker picks where the model comes from and where it runs: site folder first, the
 * Hub only when allowed, WebGPU when an adapter exists and the model loads on it, WASM otherwise
 * (with the reason kept for the UI), and one shared load for concurrent callers.
 */
import { describe, expect, it } from 'vitest';
import type { ClipEncoder, ClipLoadOptions } from '../../src/lib/clip/encoder.ts';
import type { ClipSettings, ClipStatus } from '../../workers/protocol.ts';
import { devicePlans, probeGpu } from '../../workers/clip/device.ts';
import { ClipService, type ClipServiceDeps } from '../../workers/clip/service.ts';

const settings: ClipSettings = {
  modelId: 'Xenova/clip-vit-base-patch32', device: 'auto', dtype: 'auto', allowDownload: false,
  modelsPath: '/models/', translate: true, translationModelId: 'Xenova/opus-mt-vi-en',
};

function fakeDeps(o: { shipped: boolean; adapter: boolean; webgpuFails?: boolean }) {
  const loads: ClipLoadOptions[] = [];
  const configured: [string, boolean][] = [];
  const deps: ClipServiceDeps = {
    configure: (path, allow) => { configured.push([path, allow]); },
    threads: () => 2,
    isShipped: async () => o.shipped,
    probeGpu: async () => (o.adapter ? { adapter: true, shaderF16: true } : { adapter: false, shaderF16: false, reason: 'no WebGPU adapter is available' }),
    loadEncoder: async (opts) => {
      loads.push(opts);
      opts.onProgress?.({ file: 'onnx/vision_model.onnx', status: 'progress', loaded: 5, total: 10 });
      await new Promise((r) => setTimeout(r, 5));
      if (opts.device === 'webgpu' && o.webgpuFails) throw new Error('shader compilation failed');
      return { dim: 512, dispose: async () => {} } as unknown as ClipEncoder;
    },
    now: () => 0,
  };
  return { deps, loads, configured };
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
    expect(statuses.at(-1)).toMatchObject({ state: 'unavailable', canDownload: true, reason: expect.stringContaining('npm run models') });
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
    expect(ready).toMatchObject({ device: 'wasm', dtype: 'q8', fallbackReason: 'no WebGPU adapter is available' });
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
    expect(ready.fallbackReason).toMatch(/webgpu failed: shader compilation failed/);
    expect(statuses.some((s) => s.state === 'loading' && s.files['onnx/vision_model.onnx']?.loaded === 5)).toBe(true);
  });

  it('honours an explicit device and dtype', () => {
    const gpu = { adapter: true, shaderF16: true };
    expect(devicePlans('wasm', 'auto', gpu)).toEqual([{ device: 'wasm', dtype: 'q8' }]);
    expect(devicePlans('auto', 'fp32', gpu)[0]).toEqual({ device: 'webgpu', dtype: 'fp32' });
    expect(devicePlans('auto', 'auto', { adapter: true, shaderF16: false })[0].dtype).toBe('fp32');
  });

  it('probes the GPU without throwing', async () => {
    await expect(probeGpu(undefined)).resolves.toMatchObject({ adapter: false, reason: 'this browser has no WebGPU' });
    await expect(probeGpu({ requestAdapter: async () => null })).resolves.toMatchObject({ adapter: false });
    await expect(probeGpu({ requestAdapter: async () => { throw new Error('boom'); } })).resolves.toMatchObject({ reason: expect.stringContaining('boom') });
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
