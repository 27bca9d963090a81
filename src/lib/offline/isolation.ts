/**
 * Cross-origin isolation on hosts that cannot send headers (GitHub Pages): the service worker adds
 * COOP/COEP to what it serves, and the page reloads once so that `crossOriginIsolated` is true and
 * onnxruntime can run WASM threads. Pure rules; the service worker and the page do the I/O.
 */

/** `off`: no headers (a setting or `?isolate=0`); otherwise the COEP value to send. */
export type IsolationMode = 'credentialless' | 'require-corp' | 'off';

export const ISOLATION_SETTING_KEY = 'image-search:isolation';

/**
 * COEP `credentialless` where the browser has it (it lets no-cors cross-origin requests through
 * without cookies), `require-corp` elsewhere: the app loads nothing cross-origin except the Hub's
 * CORS downloads, which both allow.
 */
export function pickIsolationMode(o: { readonly setting: string | null; readonly urlFlag: string | null; readonly credentiallessSupported: boolean }): IsolationMode {
  const off = (v: string | null) => v !== null && ['0', 'off', 'false', 'no'].includes(v.trim().toLowerCase());
  if (off(o.urlFlag) || off(o.setting)) return 'off';
  return o.credentiallessSupported ? 'credentialless' : 'require-corp';
}

/** The headers the service worker adds to each response it serves (none when off). */
export function isolationHeaders(mode: IsolationMode): ReadonlyArray<readonly [string, string]> {
  if (mode === 'off') return [];
  return [['Cross-Origin-Opener-Policy', 'same-origin'], ['Cross-Origin-Embedder-Policy', mode]];
}

/**
 * Reload once when the service worker serves the page with isolation on but this document was
 * loaded before it did. Never in a frame (an embedded page is isolated only if its parent is),
 * never twice in a tab (a browser that ignores the headers would loop), never while the person
 * is in the middle of something (the next visit is isolated anyway).
 */
export function shouldReloadForIsolation(o: {
  readonly mode: IsolationMode;
  readonly isolated: boolean;
  readonly controlled: boolean;
  readonly framed: boolean;
  readonly alreadyTried: boolean;
  readonly busy: boolean;
}): boolean {
  return o.mode !== 'off' && !o.isolated && o.controlled && !o.framed && !o.alreadyTried && !o.busy;
}

/** Threads onnxruntime should use: more than one only where SharedArrayBuffer is allowed. */
export function wasmThreads(isolated: boolean, hardwareConcurrency: number | undefined): number {
  return isolated ? Math.max(1, Math.min(4, hardwareConcurrency || 1)) : 1;
}
