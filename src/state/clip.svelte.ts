import { clipClient } from '../bridge/clients.ts';
import {
  toWorkerErrorData,
  type ClipDevicePreference,
  type ClipDtypePreference,
  type ClipEvent,
  type ClipSettings,
  type ClipStatus,
} from '../../workers/protocol.ts';
import { hubModelIdProblem, isHubModelId } from '../lib/hub/model-id.ts';

/** The seeds' model; a build can ship another (VITE_CLIP_MODEL), and the person can change it. */
export const DEFAULT_CLIP_MODEL: string = import.meta.env.VITE_CLIP_MODEL || 'Xenova/clip-vit-base-patch32';
export const DEFAULT_TRANSLATION_MODEL: string = import.meta.env.VITE_TRANSLATION_MODEL || 'Xenova/opus-mt-vi-en';

/** What the person chooses (persisted); the models path is the site's, from the base path. */
export interface ClipPreferences {
  modelId: string;
  device: ClipDevicePreference;
  dtype: ClipDtypePreference;
  allowDownload: boolean;
  translate: boolean;
  translationModelId: string;
}

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
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<ClipPreferences>;
    const prefs = { ...DEFAULTS, ...saved };
    // A stored model id is part of a download URL: one that is not a Hub id is dropped (said why).
    for (const key of ['modelId', 'translationModelId'] as const) {
      if (!isHubModelId(prefs[key])) {
        console.warn(`[clip] stored setting ${key} ignored: ${hubModelIdProblem(prefs[key])}`);
        prefs[key] = DEFAULTS[key];
      }
    }
    return prefs;
  } catch {
    return { ...DEFAULTS };
  }
}

/** The CLIP model as the page sees it: preferences, load status (with per-file progress), translator status. */
export class ClipState {
  prefs = $state<ClipPreferences>(loadPreferences());
  status = $state.raw<ClipStatus>({ state: 'idle' });
  translator = $state.raw<ClipStatus>({ state: 'idle' });
  #started?: Promise<void>;

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
      this.status = { state: 'failed', modelId: this.prefs.modelId, error: { code: 'bad-request', message: problem } };
      return Promise.resolve();
    }
    this.#started ??= clipClient.init((e) => this.#onEvent(e));
    return this.#started
      .then(() => clipClient.load(this.settings()))
      .then(
        () => {},
        (e: unknown) => {
          // The status event already says why; keep a status even if the worker died before sending it.
          if (this.status.state === 'idle' || this.status.state === 'loading') {
            this.status = { state: 'failed', modelId: this.prefs.modelId, error: toWorkerErrorData(e) };
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
    if (e.type === 'clip-status') this.status = e.status;
    else this.translator = e.status;
  }
}
