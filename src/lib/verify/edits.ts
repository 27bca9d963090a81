import type { RgbRaster } from '../image/raster.ts';

/**
 * The edits people make to a photo, on rasters: for tests, benchmarks and evaluation sets that
 * need a known transform between two images.
 */

/** The rectangle (x, y, width, height) of `img`, in pixels. */
export function cropRaster(img: RgbRaster, x: number, y: number, width: number, height: number): RgbRaster {
  const out = new Uint8Array(width * height * 3);
  for (let r = 0; r < height; r++) out.set(img.data.subarray(((y + r) * img.width + x) * 3, ((y + r) * img.width + x + width) * 3), r * width * 3);
  return { width, height, data: out };
}

/** Left and right swapped. */
export function mirrorRaster(img: RgbRaster): RgbRaster {
  const { width: w, height: h } = img;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const s = (y * w + x) * 3, d = (y * w + (w - 1 - x)) * 3;
      out[d] = img.data[s]; out[d + 1] = img.data[s + 1]; out[d + 2] = img.data[s + 2];
    }
  }
  return { width: w, height: h, data: out };
}

/** Turned a quarter clockwise, `quarters` times. */
export function rotateRaster(img: RgbRaster, quarters: 1 | 2 | 3): RgbRaster {
  let cur = img;
  for (let q = 0; q < quarters; q++) {
    const { width: w, height: h } = cur;
    const out = new Uint8Array(w * h * 3);
    // Clockwise: source (x, y) goes to (h − 1 − y, x) in a w-tall, h-wide image.
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const s = (y * w + x) * 3, d = (x * h + (h - 1 - y)) * 3;
        out[d] = cur.data[s]; out[d + 1] = cur.data[s + 1]; out[d + 2] = cur.data[s + 2];
      }
    }
    cur = { width: h, height: w, data: out };
  }
  return cur;
}
