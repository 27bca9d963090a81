import type { RgbRaster } from '../image/raster.ts';

/** One 8-bit channel, row-major: what keypoints and descriptors are computed on. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  /** length = width * height */
  readonly data: Uint8Array;
}

/** Luma (BT.601 weights, integer arithmetic so every engine gives the same bytes). */
export function toGray(img: RgbRaster): GrayImage {
  const n = img.width * img.height;
  const out = new Uint8Array(n);
  const d = img.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) out[i] = (77 * d[j] + 150 * d[j + 1] + 29 * d[j + 2] + 128) >> 8;
  return { width: img.width, height: img.height, data: out };
}
