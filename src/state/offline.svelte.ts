/**
 * The service worker as the page sees it: storing the app for offline use (with progress), ready
 * (said once: "ready to work offline"), and a new version waiting ("reload to update").
 * Registered only in production builds; dev servers and browsers without service workers run
 * online as before.
 */
import { READY_NOTICE_MS, type SwMessage } from '../lib/offline/messages.ts';

export type OfflineStatus =
  | { readonly state: 'unsupported' }
  | { readonly state: 'caching'; readonly done: number; readonly total: number }
  | { readonly state: 'ready' }
  | { readonly state: 'failed'; readonly reason: string };

const SHOWN_KEY = 'image-search:offline-ready-shown';

export class OfflineState {
  status = $state.raw<OfflineStatus>({ state: 'unsupported' });
  /** a newer version is installed and waits for the page to reload */
  updateReady = $state(false);
  /** "ready to work offline" is shown once per browser */
  announce = $state(false);
  #registration?: ServiceWorkerRegistration;

  async start(): Promise<void> {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    const sw = navigator.serviceWorker;
    sw.addEventListener('message', (e: MessageEvent<SwMessage>) => this.#onMessage(e.data));
    let reloading = false;
    sw.addEventListener('controllerchange', () => {
      // A waiting version took over because the person asked for it: load its files.
      if (this.updateReady && !reloading) { reloading = true; location.reload(); }
    });
    try {
      const base = import.meta.env.BASE_URL;
      const registration = await sw.register(`${base}sw.js`, { scope: base });
      this.#registration = registration;
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

  /** Lets the waiting version take over; the page reloads when it has. */
  update(): void {
    this.#registration?.waiting?.postMessage({ type: 'skip-waiting' });
  }

  dismiss(): void {
    this.announce = false;
  }

  #onMessage(m: SwMessage | undefined): void {
    if (m?.type === 'precache-progress' && this.status.state !== 'ready') this.status = { state: 'caching', done: m.done, total: m.total };
    if (m?.type === 'offline-ready') this.#ready();
  }

  #ready(): void {
    if (this.status.state === 'ready') return;
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
