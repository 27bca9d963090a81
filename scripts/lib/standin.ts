/**
 * The full-size CLIP stand-in (scripts/models/make-standin-clip.py, docs/STANDIN_MODEL.md): where it
 * lives, whether this machine can make it, and making it once. Used by tests and `npm run bench`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const STANDIN_ROOT = '.cache/models/standin';
export const STANDIN_ID = 'clip-vit-base-patch32';
export const STANDIN_DIR = join(STANDIN_ROOT, STANDIN_ID);
export const PYTHON = '/usr/bin/python3';

/** Sizes of the real Xenova/clip-vit-base-patch32 files, in MB (the reference). */
export const REAL_SIZES_MB: Readonly<Record<string, number>> = {
  'vision_model.onnx': 352, 'vision_model_fp16.onnx': 176, 'vision_model_quantized.onnx': 88,
  'text_model.onnx': 254, 'text_model_fp16.onnx': 127, 'text_model_quantized.onnx': 64,
};

/** Why the stand-in cannot be made here, or undefined when it can. */
export function standinUnavailableReason(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is missing (apt-get install python3)`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch, onnx, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    return "Debian's python3-torch, python3-onnx and python3-numpy are needed to make the full-size CLIP stand-in " +
      `(apt-get install python3-torch python3-onnx python3-numpy): ${probe.stderr.trim().split('\n').pop()}`;
  }
  return undefined;
}

/** The files listed by the generator's standin.json, when a complete stand-in is there. */
export function standinFiles(dir = STANDIN_DIR): Record<string, number> | undefined {
  try {
    const meta = JSON.parse(readFileSync(join(dir, 'standin.json'), 'utf8')) as { files?: Record<string, number> };
    const files = meta.files ?? {};
    return Object.keys(REAL_SIZES_MB).every((f) => existsSync(join(dir, 'onnx', f)) && files[f] > 0) ? files : undefined;
  } catch {
    return undefined;
  }
}

/** Makes the stand-in unless a complete one is there; returns its folder, or throws with the reason. */
export function ensureStandin(dir = STANDIN_DIR): string {
  if (standinFiles(dir)) return dir;
  const reason = standinUnavailableReason();
  if (reason) throw new Error(reason);
  execFileSync(PYTHON, ['scripts/models/make-standin-clip.py', dir], { stdio: ['ignore', 'inherit', 'inherit'] });
  return dir;
}
