/** A decoded image in the one layout every engine reads: 8-bit RGB, row-major, no alpha. */
export interface RgbRaster {
  readonly width: number;
  readonly height: number;
  /** length = width * height * 3 */
  readonly data: Uint8Array;
}

/** Smallest side we accept: anything smaller carries too little signal to rank by. */
export const MIN_SIDE = 10;

/**
 * Turns decoder output (RGBA, straight alpha) into the canonical raster.
 * Transparent pixels are composited over white, the way emoji and logos are seen on a page,
 * so a transparent PNG and its flattened JPEG copy give the same vector.
 */
export function rgbaToRgb(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): RgbRaster {
  const n = width * height;
  if (rgba.length < n * 4) throw new RangeError(`RGBA buffer too short: ${rgba.length} < ${n * 4}`);
  const out = new Uint8Array(n * 3);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const p = i * 4;
    const a = rgba[p + 3];
    if (a === 255) {
      out[j] = rgba[p]; out[j + 1] = rgba[p + 1]; out[j + 2] = rgba[p + 2];
    } else {
      const t = 255 - a;
      out[j] = (rgba[p] * a + 255 * t + 127) / 255;
      out[j + 1] = (rgba[p + 1] * a + 255 * t + 127) / 255;
      out[j + 2] = (rgba[p + 2] * a + 255 * t + 127) / 255;
    }
  }
  return { width, height, data: out };
}
