/**
 * A small preview of a decoded image for the collection stores: longer side THUMB_SIDE (never
 * enlarged), WebP, or JPEG where the browser cannot encode WebP. Worker-only (OffscreenCanvas).
 */
import { THUMB_SIDE } from '../../src/lib/collections/types.ts';
import type { RgbRaster } from '../../src/lib/image/raster.ts';

const QUALITY = 0.82;

export function thumbnailSize(width: number, height: number, side = THUMB_SIDE): { width: number; height: number } {
  const scale = Math.min(1, side / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function makeThumbnail(raster: RgbRaster): Promise<Blob> {
  const { width, height, data } = raster;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < data.length; i += 3, j += 4) {
    rgba[j] = data[i]; rgba[j + 1] = data[i + 1]; rgba[j + 2] = data[i + 2]; rgba[j + 3] = 255;
  }
  const full = await createImageBitmap(new ImageData(rgba, width, height));
  const size = thumbnailSize(width, height);
  const small = await createImageBitmap(full, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'high' });
  full.close();
  const canvas = new OffscreenCanvas(size.width, size.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for the thumbnail');
  ctx.drawImage(small, 0, 0);
  small.close();
  const webp = await canvas.convertToBlob({ type: 'image/webp', quality: QUALITY });
  return webp.type === 'image/webp' ? webp : canvas.convertToBlob({ type: 'image/jpeg', quality: QUALITY });
}
