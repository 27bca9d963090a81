/**
 * WebGPU self-check verdicts kept across visits, per model, dtype and adapter, in a Cache API
 * store of their own (a worker has no localStorage; the service worker leaves this store alone).
 */
import type { SelfCheckVerdict } from '../../src/lib/engines/clip/self-check.ts';

export interface VerdictStore {
  get(key: string): Promise<SelfCheckVerdict | undefined>;
  set(key: string, verdict: SelfCheckVerdict): Promise<void>;
}

const STORE = 'clip-webgpu-verdicts';
const urlOf = (key: string) => new URL(`__webgpu-verdict/${encodeURIComponent(key)}`, self.location.href).href;

export const cacheVerdicts: VerdictStore = {
  async get(key) {
    try {
      const res = await (await caches.open(STORE)).match(urlOf(key));
      const v = res ? ((await res.json()) as Partial<SelfCheckVerdict>) : undefined;
      return typeof v?.agreement === 'number' && typeof v.ok === 'boolean' ? { agreement: v.agreement, ok: v.ok } : undefined;
    } catch {
      return undefined;
    }
  },
  async set(key, verdict) {
    try {
      await (await caches.open(STORE)).put(urlOf(key), new Response(JSON.stringify(verdict), { headers: { 'content-type': 'application/json' } }));
    } catch { /* not kept: the check runs again next time */ }
  },
};

/** In memory only (Node, tests). */
export function memoryVerdicts(): VerdictStore & { readonly entries: Map<string, SelfCheckVerdict> } {
  const entries = new Map<string, SelfCheckVerdict>();
  return { entries, get: async (k) => entries.get(k), set: async (k, v) => { entries.set(k, v); } };
}
