/**
 * The search worker is told its gallery once (per gallery folder), however many times the page
 * asks: main.ts asks first, before the page's components exist (so the manifest and a shared
 * search's vectors are on their way while the page boots), the gallery state asks again later.
 * Its events go to the page's current listener; one that comes late hears each engine's vector
 * state so far, so nothing that happened before it listened is lost.
 */
import { proxy, type Remote } from 'comlink';
import type { SearchEngineId } from '../lib/engines/types.ts';
import type { GalleryManifest } from '../lib/gallery/manifest.ts';
import type { SearchApi, SearchEvent, SearchEventListener } from '../protocol/search.ts';
import type { WorkerBridge } from './worker-bridge.ts';
import { dispatchSearchEvent } from './search-events.ts';

interface Started {
  readonly galleryUrl: string;
  /** resolves once `init` is posted: a message sent after it reaches the worker after it */
  readonly posted: Promise<void>;
  readonly manifest: Promise<GalleryManifest>;
}

export class SearchStart {
  #started?: Started;
  #listener?: SearchEventListener;
  /** the latest vectors-loading / -ready / -failed event of each engine, replayed to a late listener */
  readonly #vectors = new Map<SearchEngineId, SearchEvent>();
  readonly #relay = proxy((e: SearchEvent) => {
    if (e.type === 'vectors-loading' || e.type === 'vectors-ready' || e.type === 'vectors-failed') this.#vectors.set(e.engine, e);
    try { this.#listener?.(e); } catch { /* the page's listener must not stop the others */ }
    dispatchSearchEvent(e);
  });

  constructor(
    private readonly bridge: WorkerBridge<SearchApi>,
    private readonly galleryUrl: () => Promise<string>,
  ) {}

  /** Starts the worker on the current gallery (once); `onEvent` hears every later event, and each engine's vector state so far. */
  init(signal: AbortSignal | undefined, onEvent: SearchEventListener): Promise<GalleryManifest> {
    // Now, not after the gallery folder is resolved (a promise): the worker's scripts load meanwhile.
    this.bridge.warm();
    this.#listener = onEvent;
    for (const e of this.#vectors.values()) onEvent(e);
    const started = this.#start();
    return this.bridge.call(() => started.then((s) => s.manifest), signal);
  }

  /** Begins downloading an engine's vectors as soon as the worker knows its gallery (no round trip for the manifest). */
  prepare(engine: SearchEngineId): Promise<void> {
    return this.#start().then((s) => s.posted).then(() => this.bridge.call((w) => w.prepare(engine)));
  }

  #start(): Promise<Started> {
    return this.galleryUrl().then((galleryUrl) => {
      if (this.#started?.galleryUrl === galleryUrl) return this.#started;
      this.#vectors.clear();
      let posted!: () => void;
      const started: Started = {
        galleryUrl,
        posted: new Promise<void>((resolve) => (posted = resolve)),
        manifest: this.bridge.call((w: Remote<SearchApi>) => {
          const answer = w.init(galleryUrl, this.#relay);
          posted();
          return answer;
        }),
      };
      // A failed start (manifest missing, worker crashed) is tried again by the next caller.
      started.manifest.catch(() => { if (this.#started === started) this.#started = undefined; });
      this.#started = started;
      return started;
    });
  }
}
