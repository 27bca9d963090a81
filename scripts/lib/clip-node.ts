import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { env, LogLevel } from '@huggingface/transformers';
import type { ClipDtype } from '../../src/lib/engines/clip/device.ts';
import { ClipEncoder } from '../../src/lib/engines/clip/encoder.ts';

export const DEFAULT_CLIP_MODEL = process.env.VITE_CLIP_MODEL || 'Xenova/clip-vit-base-patch32';

/** Where a model folder is: an explicit path to one, or `<modelsDir>/<model-id>`. */
export function resolveModel(model: string, modelsDir = 'public/models'): { modelsDir: string; modelId: string } | undefined {
  if (existsSync(join(model, 'config.json'))) {
    const abs = resolve(model);
    return { modelsDir: resolve(abs, '..'), modelId: abs.split('/').pop()! };
  }
  if (existsSync(join(modelsDir, model, 'config.json'))) return { modelsDir: resolve(modelsDir), modelId: model };
  return undefined;
}

/**
 * The CLIP encoder in Node, local files only (no hub access from scripts or tests). q8 by
 * default: the same files the browser's WASM path loads, so gallery and query vectors agree.
 */
export async function loadNodeClip(modelsDir: string, modelId: string, dtype: ClipDtype = 'q8'): Promise<ClipEncoder> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`;
  env.logLevel = LogLevel.ERROR;
  return ClipEncoder.load({ modelId, device: 'cpu', dtype });
}
