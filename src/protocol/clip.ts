/** The CLIP worker (workers/clip.worker.ts): the model, its status, and image and text vectors. */
import type { TextQueryVector } from '../lib/engines/clip/text-query.ts';
import type { BrowserClipDevice, ClipDevicePreference, ClipDtype, ClipDtypePreference } from '../lib/engines/clip/device.ts';
import type { Text } from '../lib/i18n/types.ts';
import type { WorkerErrorData } from './errors.ts';

export type { BrowserClipDevice, ClipDevicePreference, ClipDtype, ClipDtypePreference };

export interface ClipSettings {
  /** Hugging Face model id, also the folder under the site's models/ (e.g. Xenova/clip-vit-base-patch32) */
  readonly modelId: string;
  readonly device: ClipDevicePreference;
  readonly dtype: ClipDtypePreference;
  /** may files missing from the site be fetched from the Hugging Face Hub (then cached by the browser) */
  readonly allowDownload: boolean;
  /** site path of the models folder, from the base path (e.g. "/repo/models/") — a path, not a URL */
  readonly modelsPath: string;
  /** translate non-English (Vietnamese) text to English before the CLIP text tower */
  readonly translate: boolean;
  /** the translation model (a MarianMT model transformers.js runs), e.g. Xenova/opus-mt-vi-en */
  readonly translationModelId: string;
  /** set when a fresh worker retries on WASM because the model failed on WebGPU: why, for the status */
  readonly webgpuFailure?: Text;
}

/** Bytes of one model file so far (total 0 when unknown). */
export interface FileProgress { readonly loaded: number; readonly total: number }

export type ClipStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'unavailable'; readonly modelId: string; readonly reason: Text; readonly canDownload: boolean }
  | { readonly state: 'loading'; readonly modelId: string; readonly device: BrowserClipDevice; readonly dtype: ClipDtype; readonly source: 'site' | 'hub'; readonly files: Readonly<Record<string, FileProgress>> }
  | { readonly state: 'ready'; readonly modelId: string; readonly device: BrowserClipDevice; readonly dtype: ClipDtype; readonly source: 'site' | 'hub'; readonly dim: number; readonly loadMs: number; readonly fallbackReason?: Text; /** onnxruntime's WASM threads (1 unless the page is cross-origin isolated) */ readonly threads: number }
  | { readonly state: 'failed'; readonly modelId: string; readonly error: WorkerErrorData };

export type ClipEvent =
  | { readonly type: 'clip-status'; readonly status: ClipStatus }
  | { readonly type: 'translator-status'; readonly status: ClipStatus };

export type ClipEventListener = (event: ClipEvent) => void;

export type { TextQueryVector };

export interface ClipApi {
  /** `onEvent` (a Comlink.proxy) receives every status change of the model and translator. */
  init(onEvent: ClipEventListener): Promise<void>;
  /**
   * Loads the model (shared promise per settings: concurrent callers wait for one load), picking
   * WebGPU when an adapter exists and the model runs on it, else WASM; warms it up before ready.
   */
  load(settings: ClipSettings): Promise<Extract<ClipStatus, { state: 'ready' }>>;
  /** Decodes `bytes` (transferred) and returns the image's unit-length CLIP vector. */
  embedImage(bytes: ArrayBuffer, name: string): Promise<{ readonly vector: Float32Array; readonly ms: number }>;
  /** The same for a file of a folder being indexed: the File crosses without copying its bytes. */
  embedFile(file: Blob, name: string): Promise<{ readonly vector: Float32Array; readonly ms: number }>;
  /** The text's unit-length CLIP vector, translated first when the settings ask and it is not English. */
  embedText(text: string): Promise<TextQueryVector>;
}
