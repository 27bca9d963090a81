import { describe, expect, it } from 'vitest';
import { isolationHeaders, pickIsolationMode, shouldReloadForIsolation, wasmThreads } from '../../src/lib/offline/isolation.ts';

describe('cross-origin isolation from the service worker', () => {
  it('sends COEP credentialless where the browser has it, require-corp elsewhere', () => {
    expect(pickIsolationMode({ setting: null, urlFlag: null, credentiallessSupported: true })).toBe('credentialless');
    expect(pickIsolationMode({ setting: null, urlFlag: null, credentiallessSupported: false })).toBe('require-corp');
    expect(isolationHeaders('credentialless')).toEqual([['Cross-Origin-Opener-Policy', 'same-origin'], ['Cross-Origin-Embedder-Policy', 'credentialless']]);
  });

  it('is turned off by ?isolate=0 or the stored setting, and then sends no headers', () => {
    for (const off of ['0', 'off', 'false', 'no', ' OFF ']) {
      expect(pickIsolationMode({ setting: null, urlFlag: off, credentiallessSupported: true })).toBe('off');
      expect(pickIsolationMode({ setting: off, urlFlag: null, credentiallessSupported: true })).toBe('off');
    }
    expect(pickIsolationMode({ setting: 'on', urlFlag: '1', credentiallessSupported: true })).toBe('credentialless');
    expect(isolationHeaders('off')).toEqual([]);
  });

  it('reloads once, only a top-level idle page that the worker controls and that is not isolated yet', () => {
    const base = { mode: 'credentialless' as const, isolated: false, controlled: true, framed: false, alreadyTried: false, busy: false };
    expect(shouldReloadForIsolation(base)).toBe(true);
    expect(shouldReloadForIsolation({ ...base, isolated: true })).toBe(false);
    expect(shouldReloadForIsolation({ ...base, controlled: false })).toBe(false);
    expect(shouldReloadForIsolation({ ...base, framed: true })).toBe(false);
    expect(shouldReloadForIsolation({ ...base, alreadyTried: true })).toBe(false); // never a loop
    expect(shouldReloadForIsolation({ ...base, busy: true })).toBe(false); // never loses a query
    expect(shouldReloadForIsolation({ ...base, mode: 'off' })).toBe(false);
  });

  it('gives onnxruntime min(4, cores) threads when isolated, one otherwise', () => {
    expect(wasmThreads(true, 2)).toBe(2);
    expect(wasmThreads(true, 16)).toBe(4);
    expect(wasmThreads(true, undefined)).toBe(1);
    expect(wasmThreads(false, 16)).toBe(1);
  });
});
