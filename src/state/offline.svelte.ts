/**
 * The service worker as the page sees it: storing the app for offline use (with progress), ready
 * (said once: "ready to work offline"), a new version that took over ("reload to update"), and
 * cross-origin isolation (the worker adds COOP/COEP; the page reloads once, when idle, to get it).
 * Registered only in production builds; dev servers and browsers without service workers run
 * online as before.
 */
import { ISOLATION_SETTING_KEY, pickIsolationMode, shouldReloadForIsolation, type IsolationMode } from '../lib/offline/isolation.ts';
import { READY_NOTICE_MS, type PageToSwMessage, type SwMessage } from '../lib/offline/messages.ts';
import { firstSearchHold } from '../bridge/clients.ts';

export type OfflineStatus =
  | { readonly state: 'unsupported' }
  | { readonly state: 'caching'; readonly done: number; readonly total: number }
  | { readonly state: 'ready' }
  | { readonly state: 'failed'; readonly reason: string };

const SHOWN_KEY = 'image-search:offline-ready-shown';
const RELOADED_KEY = 'image-search:isolation-reload';

const read = (get: () => string | null): string | null => { try { return get(); } catch { return null; } };

/** Isolation as this page asks for it: `?isolate=0` or the stored setting turn it off. */
export function isolationModeOfPage(): IsolationMode {
  return pickIsolationMode({
    setting: read(() => localStorage.getItem(ISOLATION_SETTING_KEY)),
    urlFlag: new URLSearchParams(location.search).get('isolate'),
    credentiallessSupported: typeof HTMLIFrameElement !== 'undefined' && 'credentialless' in HTMLIFrameElement.prototype,
  });
}

export class OfflineState {
  status = $state.raw<OfflineStatus>({ state: 'unsupported' });
  /** a newer version is installed and waits for the page to reload */
  updateReady = $state(false);
  /** "ready to work offline" is shown once per browser */
  announce = $state(false);
  /** this page is about to be reloaded (to become cross-origin isolated) */
  #reloading = false;

  /** `busy()`: the person is in the middle of something, so no automatic reload. */
  async start(busy: () => boolean = () => false): Promise<void> {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    const sw = navigator.serviceWorker;
    sw.addEventListener('message', (e: MessageEvent<SwMessage>) => this.#onMessage(e.data));
    const mode = isolationModeOfPage();
    const isolate = () => {
      sw.controller?.postMessage({ type: 'isolation', mode } satisfies PageToSwMessage);
      const alreadyTried = read(() => sessionStorage.getItem(RELOADED_KEY)) !== null;
      if (shouldReloadForIsolation({ mode, isolated: self.crossOriginIsolated, controlled: !!sw.controller, framed: window.top !== window, alreadyTried, busy: busy() })) {
        try { sessionStorage.setItem(RELOADED_KEY, '1'); } catch { return; /* no way to remember: never risk a loop */ }
        if (this.announce) { try { localStorage.removeItem(SHOWN_KEY); } catch { /* said again or not at all */ } }
        this.#reloading = true; // "ready to work offline" is then said by the reloaded page
        location.reload();
      }
    };
    sw.addEventListener('controllerchange', isolate);
    isolate();
    // Storing the whole site competes with a shared search being opened: it waits for its answer.
    await firstSearchHold.current();
    try {
      const base = import.meta.env.BASE_URL;
      const registration = await sw.register(`${base}sw.js`, { scope: base });
      if (registration.active && sw.controller) this.#ready();
      else this.status = { state: 'caching', done: 0, total: 0 };
      registration.addEventListener('updatefound', () => {
        const next = registration.installing;
        next?.addEventListener('statechange', () => {
          if (next.state === 'installed' && sw.controller) this.updateReady = true;
          if (next.state === 'activated' && !this.updateReady) this.#ready();
        });
      });
      if (registration.waiting && sw.controller) this.updateReady = true;
    } catch (e) {
      this.status = { state: 'failed', reason: (e as Error).message };
    }
  }

  /** The new version is already serving (it takes over by itself): reload to run it. */
  update(): void {
    location.reload();
  }

  dismiss(): void {
    this.announce = false;
  }

  #onMessage(m: SwMessage | undefined): void {
    if (m?.type === 'precache-progress' && this.status.state !== 'ready') this.status = { state: 'caching', done: m.done, total: m.total };
    if (m?.type === 'offline-ready') this.#ready();
    if (m?.type === 'updated') this.updateReady = true;
  }

  #ready(): void {
    if (this.status.state === 'ready' || this.#reloading) return;
    this.status = { state: 'ready' };
    try {
      if (!localStorage.getItem(SHOWN_KEY)) {
        this.announce = true;
        localStorage.setItem(SHOWN_KEY, '1');
        setTimeout(() => this.dismiss(), READY_NOTICE_MS);
      }
    } catch { /* private mode: not announced */ }
  }
}
