import type { BrowserClipDevice, ClipDevicePreference, ClipDtype, ClipDtypePreference } from '../../src/lib/engines/clip/device.ts';
import { message, type Text } from '../../src/lib/messages/sentence.ts';

/** What we know about the GPU before trying it. */
export interface GpuProbe {
  readonly adapter: boolean;
  readonly shaderF16: boolean;
  /** names the adapter (vendor, architecture, device, description), for verdicts kept per adapter */
  readonly adapterKey?: string;
  /** why there is no adapter, for the UI and logs */
  readonly reason?: Text;
}

interface AdapterInfo { vendor?: string; architecture?: string; device?: string; description?: string }
interface MinimalGpu { requestAdapter(): Promise<{ features: { has(name: string): boolean }; info?: AdapterInfo } | null> }

export async function probeGpu(gpu: MinimalGpu | undefined = (globalThis.navigator as unknown as { gpu?: MinimalGpu })?.gpu): Promise<GpuProbe> {
  if (!gpu) return { adapter: false, shaderF16: false, reason: message('worker.noWebGpu') };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { adapter: false, shaderF16: false, reason: message('worker.noAdapter') };
    const i = adapter.info ?? {};
    const adapterKey = [i.vendor, i.architecture, i.device, i.description].map((x) => x || '?').join('/');
    return { adapter: true, shaderF16: adapter.features.has('shader-f16'), adapterKey };
  } catch (e) {
    return { adapter: false, shaderF16: false, reason: message('worker.webgpuFailed', { reason: (e as Error).message }) };
  }
}

export interface DevicePlan {
  readonly device: BrowserClipDevice;
  readonly dtype: ClipDtype;
  /** set when WebGPU was wanted (auto or asked for) but WASM is used */
  readonly fallbackReason?: Text;
}

/** Default dtype per device: int8 on WASM (small, fast on CPU), fp16 on a GPU that has it. */
export function dtypeFor(device: BrowserClipDevice, preference: ClipDtypePreference, gpu: GpuProbe): ClipDtype {
  if (preference !== 'auto') return preference;
  if (device === 'wasm') return 'q8';
  return gpu.shaderF16 ? 'fp16' : 'fp32';
}

/** The devices to try, in order: WebGPU first when it may work, WASM always last. */
export function devicePlans(preference: ClipDevicePreference, dtype: ClipDtypePreference, gpu: GpuProbe): DevicePlan[] {
  const wasm = (fallbackReason?: Text): DevicePlan => ({ device: 'wasm', dtype: dtypeFor('wasm', dtype, gpu), ...(fallbackReason ? { fallbackReason } : {}) });
  if (preference === 'wasm') return [wasm()];
  if (!gpu.adapter) return [wasm(gpu.reason ?? message('worker.noAdapterShort'))];
  return [{ device: 'webgpu', dtype: dtypeFor('webgpu', dtype, gpu) }, wasm()];
}
