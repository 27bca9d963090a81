/**
 * WebGPU self-check: some GPU / driver / dtype combinations silently give wrong embeddings. On the
 * first use of a model on WebGPU, one fixed reference image is embedded on WebGPU and on WASM
 * (the same model file); below MIN_AGREEMENT the model runs on WASM instead. The verdict is kept
 * per model, dtype and adapter, so the check runs once.
 */
import type { RgbRaster } from '../../image/raster.ts';

export const MIN_AGREEMENT = 0.99;

/** A deterministic 224×224 picture with colour, edges and texture (not a flat field a broken tower could still match). */
export function referenceImage(size = 224): RgbRaster {
  const data = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 3;
      const inDisc = (x - 80) ** 2 + (y - 90) ** 2 < 50 ** 2;
      const stripes = ((x >> 3) + (y >> 4)) & 1;
      data[i] = inDisc ? 220 : (x * 255) / size;
      data[i + 1] = inDisc ? 40 : stripes ? 180 : 60;
      data[i + 2] = (y * 255) / size;
    }
  }
  return { width: size, height: size, data };
}

/** The key a verdict is remembered under. */
export function verdictKey(modelId: string, dtype: string, adapter: string): string {
  return `${modelId}|${dtype}|${adapter}`;
}

export type SelfCheckVerdict = { readonly agreement: number; readonly ok: boolean };

export function judge(agreement: number): SelfCheckVerdict {
  return { agreement, ok: Number.isFinite(agreement) && agreement >= MIN_AGREEMENT };
}
