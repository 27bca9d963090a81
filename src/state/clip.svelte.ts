import { clipClient } from '../bridge/clients.ts';
import { english } from '../lib/messages/english.ts';
import { readClipPreferences, type ClipPreferences } from '../lib/settings/clip-preferences.ts';
import { toWorkerErrorData } from '../protocol/errors.ts';
import type { ClipEvent, ClipSettings, ClipStatus } from '../protocol/clip.ts';
import { hubModelIdProblem, isHubModelId } from '../lib/hub/model-id.ts';

/** The seeds' model; a build can ship another (VITE_CLIP_MODEL), and the person can change it. */
export const DEFAULT_CLIP_MODEL: string = import.meta.env.VITE_CLIP_MODEL || 'Xenova/clip-vit-base-patch32';
export const DEFAULT_TRANSLATION_MODEL: string = import.meta.env.VITE_TRANSLATION_MODEL || 'Xenova/opus-mt-vi-en';

/** What the person chooses (persisted, read back by src/lib/settings/clip-preferences.ts); the models path is the site's. */
export type { ClipPreferences };

const STORAGE_KEY = 'image-search:clip';
const DEFAULTS: ClipPreferences = {
  modelId: DEFAULT_CLIP_MODEL,
  device: 'auto',
  dtype: 'auto',
  allowDownload: false,
  translate: true,
  translationModelId: DEFAULT_TRANSLATION_MODEL,
};

function loadPreferences(): ClipPreferences {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch { /* storage blocked: defaults */ }
  const { prefs, ignored } = readClipPreferences(stored, DEFAULTS);
  if (ignored.length) console.warn(`Stored CLIP settings not used (defaults instead): ${ignored.join('; ')}`);
  // A stored model id is part of a download URL: one that is not a Hub id is dropped (said why).
  for (const key of ['modelId', 'translationModelId'] as const) {
    if (!isHubModelId(prefs[key])) {
      console.warn(`[clip] stored setting ${key} ignored: ${english(hubModelIdProblem(prefs[key]) ?? '')}`);
      prefs[key] = DEFAULTS[key];
    }
  }
  return prefs;
}

/** The CLIP model as the page sees it: preferences, load status (with per-file progress), translator status. */
export class ClipState {
  prefs = $state<ClipPreferences>(loadPreferences());
  status = $state.raw<ClipStatus>({ state: 'idle' });
  translator = $state.raw<ClipStatus>({ state: 'idle' });
  #started?: Promise<void>;
  /** the current load attempt reached WebGPU (so a failure may be WebGPU's own) */
  #triedWebGpu = false;

  get ready(): boolean {
    return this.status.state === 'ready';
  }

  settings(): ClipSettings {
    return { ...this.prefs, modelsPath: `${import.meta.env.BASE_URL}models/` };
  }

  /** Starts the worker and tries the model: shipped → loads; not shipped and no download allowed → 'unavailable'. */
  load(): Promise<void> {
    // Checked before anything reaches the worker: the id becomes part of the model files' URLs.
    const problem = hubModelIdProblem(this.prefs.modelId) ?? hubModelIdProblem(this.prefs.translationModelId);
    if (problem) {
      this.status = { state: 'failed', modelId: this.prefs.modelId, error: { code: 'bad-request', text: problem } };
      return Promise.resolve();
    }
    return this.#load(this.settings());
  }

  #load(settings: ClipSettings): Promise<void> {
    this.#started ??= clipClient.init(undefined, (e) => this.#onEvent(e));
    this.#triedWebGpu = false;
    return this.#started
      .then(() => clipClient.load(undefined, settings))
      .then(
        () => {},
        (e: unknown) => {
          const error = toWorkerErrorData(e);
          if (error.code === 'model-failed' || error.code === 'worker-crashed') {
            // transformers.js chains every session creation in a browser worker on one promise, so
            // after a failed one that worker can create none: a retry needs a fresh worker.
            clipClient.restart();
            this.#started = undefined;
            if (this.#triedWebGpu && settings.device === 'auto') return this.#load({ ...settings, device: 'wasm', webgpuFailure: error.text });
          }
          // The status event already says why; keep a status even if the worker died before sending it.
          if (this.status.state === 'idle' || this.status.state === 'loading') {
            this.status = { state: 'failed', modelId: this.prefs.modelId, error };
          }
        },
      );
  }

  /** Saves a change of preferences and reloads the model with them. */
  update(change: Partial<ClipPreferences>): Promise<void> {
    this.prefs = { ...this.prefs, ...change };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.prefs));
    } catch { /* private mode: preferences last for this visit */ }
    return this.load();
  }

  #onEvent(e: ClipEvent): void {
    if (e.type === 'clip-status') {
      this.status = e.status;
      if (e.status.state === 'loading' && e.status.device === 'webgpu') this.#triedWebGpu = true;
    }
    else this.translator = e.status;
  }
}
