/**
 * Small previews made in the page (createImageBitmap + OffscreenCanvas), for the search history:
 * the query image scaled so its longer side is at most `side` px, as WebP (PNG where the browser
 * cannot encode WebP). Never throws: an image that cannot be read gives no thumbnail.
 */
import { HISTORY_THUMB_SIDE } from '../lib/history/turns.ts';

/** `source`: the image itself (a File or Blob), or a same-origin URL (a gallery image). */
export async function makeThumbnail(source: Blob | string, side = HISTORY_THUMB_SIDE): Promise<Blob | undefined> {
  try {
    const blob = typeof source === 'string' ? await (await fetch(source)).blob() : source;
    const bitmap = await createImageBitmap(blob);
    try {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const w = Math.max(1, Math.round(bitmap.width * scale));
      const h = Math.max(1, Math.round(bitmap.height * scale));
      return await encode(bitmap, w, h);
    } finally {
      bitmap.close();
    }
  } catch {
    return undefined;
  }
}

async function encode(bitmap: ImageBitmap, w: number, h: number): Promise<Blob> {
  if (typeof OffscreenCanvas !== 'undefined') {
    const canvas = new OffscreenCanvas(w, h);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, w, h);
    return canvas.convertToBlob({ type: 'image/webp', quality: 0.85 });
  }
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.drawImage(bitmap, 0, 0, w, h);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('encoding failed'))), 'image/webp', 0.85));
}

/** A displayed image as PNG (for "copy image": the clipboard takes PNG). Same-origin or blob: images only. */
export async function imageToPng(img: HTMLImageElement): Promise<Blob> {
  if (!img.complete) await img.decode();
  const w = img.naturalWidth, h = img.naturalHeight;
  if (!w || !h) throw new Error('the image is not loaded');
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context');
  ctx.drawImage(img, 0, 0);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
}
