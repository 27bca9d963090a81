import type { RgbRaster } from '../../image/raster.ts';
import { resizeArea } from '../../image/resize.ts';

/** The parts of a CLIP `preprocessor_config.json` the image tower's input depends on. */
export interface ClipImageConfig {
  /** resize so the shorter side is this long (aspect kept) */
  readonly shortestEdge: number;
  readonly cropWidth: number;
  readonly cropHeight: number;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  readonly rescale: number;
}

const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

const triple = (x: unknown, fallback: readonly [number, number, number]): [number, number, number] =>
  Array.isArray(x) && x.length === 3 && x.every((v) => typeof v === 'number') ? [x[0], x[1], x[2]] : [...fallback];

/** Reads both the old (`size: 224`) and new (`size: {shortest_edge}`) forms of the config. */
export function parseImageConfig(json: unknown): ClipImageConfig {
  const c = (json ?? {}) as Record<string, unknown>;
  const size = c.size as number | { shortest_edge?: number; height?: number; width?: number } | undefined;
  const crop = c.crop_size as number | { height?: number; width?: number } | undefined;
  const shortestEdge = typeof size === 'number' ? size : size?.shortest_edge ?? size?.height ?? 224;
  const cropHeight = typeof crop === 'number' ? crop : crop?.height ?? shortestEdge;
  const cropWidth = typeof crop === 'number' ? crop : crop?.width ?? shortestEdge;
  return {
    shortestEdge, cropWidth, cropHeight,
    mean: triple(c.image_mean, CLIP_MEAN),
    std: triple(c.image_std, CLIP_STD),
    rescale: typeof c.rescale_factor === 'number' ? c.rescale_factor : 1 / 255,
  };
}

/**
 * Canonical raster → the image tower's `pixel_values` (channels-first, one image), done here
 * rather than by transformers.js so the browser worker and Node resize with the one shared
 * routine and give the same vector: shorter side to `shortestEdge`, centre crop, rescale,
 * normalise with the model's mean and std.
 */
export function pixelValues(image: RgbRaster, cfg: ClipImageConfig): Float32Array {
  const s = cfg.shortestEdge / Math.min(image.width, image.height);
  const w = Math.max(cfg.cropWidth, Math.round(image.width * s));
  const h = Math.max(cfg.cropHeight, Math.round(image.height * s));
  const resized = resizeArea(image, w, h);
  const left = Math.floor((w - cfg.cropWidth) / 2), top = Math.floor((h - cfg.cropHeight) / 2);
  const plane = cfg.cropWidth * cfg.cropHeight;
  const out = new Float32Array(3 * plane);
  for (let y = 0; y < cfg.cropHeight; y++) {
    for (let x = 0; x < cfg.cropWidth; x++) {
      const src = ((top + y) * w + left + x) * 3;
      const dst = y * cfg.cropWidth + x;
      for (let c = 0; c < 3; c++) out[c * plane + dst] = (resized.data[src + c] * cfg.rescale - cfg.mean[c]) / cfg.std[c];
    }
  }
  return out;
}
