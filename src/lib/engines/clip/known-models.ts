/**
 * Hub models whose files we know: a pinned revision (a repository's `main` can change under the
 * site: the gallery's vectors would silently stop matching) and, where published, each file's
 * size and SHA-256, checked on download before anything is kept. Sizes also tell how much
 * storage a download needs before it starts.
 *
 * Xenova/clip-vit-base-patch32 @ d15189d7: sizes and hashes as the Hub lists them for that commit
 * (the fp16 files' are not recorded here; they are downloaded unchecked, at the pinned revision).
 */
import type { ClipDtype } from './device.ts';

export interface KnownFile { readonly bytes: number; readonly sha256: string }
export interface KnownModel { readonly revision: string; readonly files: Readonly<Record<string, KnownFile>> }

export const KNOWN_MODELS: Readonly<Record<string, KnownModel>> = {
  'Xenova/clip-vit-base-patch32': {
    revision: 'd15189d7028b43f1d3e65039190477f6af591c2a',
    files: {
      'tokenizer.json': { bytes: 2_224_119, sha256: 'f7f3b7af117d467b58374797691a6438d3e6b9e9cef800dfd5dced7f697a90cd' },
      'onnx/vision_model_quantized.onnx': { bytes: 89_117_001, sha256: '583fd1110a514667812fee7d684952aaf82a99b959760c8d7dca7e0ab9839299' },
      'onnx/text_model_quantized.onnx': { bytes: 64_504_507, sha256: '73baab855d406190da9faa498cfedf65f15cf309f4cc7385b7b032e6d08e5c3a' },
      'onnx/vision_model.onnx': { bytes: 351_685_709, sha256: 'fd6e1402a588279d1723c7534d4bcba5bc0b14b47dfab0e46f8c47b8270d7d40' },
      'onnx/text_model.onnx': { bytes: 254_058_553, sha256: '3f6571f5bad13a97c469c1622e1cfc4d9aef78b79fdbfcff804ca357bfada8cc' },
    },
  },
};

/** Approximate bytes of a CLIP ViT-B/32-sized download per dtype, when the files are not known. */
const TYPICAL_BYTES: Readonly<Record<ClipDtype, number>> = { q8: 156e6, fp16: 306e6, fp32: 608e6 };
const SUFFIX: Readonly<Record<ClipDtype, string>> = { q8: '_quantized', fp16: '_fp16', fp32: '' };

/** The revision to download: pinned for a known model, `main` otherwise. */
export function revisionOf(modelId: string): string {
  return KNOWN_MODELS[modelId]?.revision ?? 'main';
}

/** Bytes a download of both towers (plus tokenizer) needs: known sizes where we have them, else a typical figure. */
export function downloadBytes(modelId: string, dtype: ClipDtype): { readonly bytes: number; readonly known: boolean } {
  const files = KNOWN_MODELS[modelId]?.files;
  const wanted = [`onnx/vision_model${SUFFIX[dtype]}.onnx`, `onnx/text_model${SUFFIX[dtype]}.onnx`];
  if (files && wanted.every((f) => files[f])) {
    return { bytes: wanted.reduce((s, f) => s + files[f].bytes, 0) + (files['tokenizer.json']?.bytes ?? 0), known: true };
  }
  return { bytes: TYPICAL_BYTES[dtype], known: false };
}

/** What a Hub download URL must deliver, when it is a known file at the pinned revision. */
export function expectedFile(url: string, remoteHost = 'https://huggingface.co/', models: Readonly<Record<string, KnownModel>> = KNOWN_MODELS): (KnownFile & { readonly file: string }) | undefined {
  if (!url.startsWith(remoteHost)) return undefined;
  const m = /^([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.slice(remoteHost.length).split(/[?#]/)[0]);
  if (!m) return undefined;
  const [, modelId, revision, file] = m;
  const model = models[modelId];
  const known = model && decodeURIComponent(revision) === model.revision ? model.files[decodeURIComponent(file)] : undefined;
  return known ? { ...known, file: decodeURIComponent(file) } : undefined;
}

/** Enough room for a download of `needed` bytes, with a 10 % margin for the browser's own overhead? */
export function storageShortfall(needed: number, estimate: { readonly quota?: number; readonly usage?: number }): number {
  if (typeof estimate.quota !== 'number') return 0; // unknown: let the browser decide
  const free = estimate.quota - (estimate.usage ?? 0);
  return Math.max(0, Math.ceil((needed * 11) / 10 - free));
}
