/**
 * The browser decoder, counterpart of scripts/lib/decode-node.ts (sharp): same sniffing and
 * limits (checkInput), EXIF orientation applied, first frame of animations, alpha composited
 * over white (rgbaToRgb), and large images shrunk while decoding (decoderShrinkSize).
 * Runs in a worker: createImageBitmap + OffscreenCanvas, no DOM.
 */
import { message } from '../../src/lib/messages/sentence.ts';
import { ImageError } from '../../src/lib/image/errors.ts';
import { rgbaToRgb, type RgbRaster } from '../../src/lib/image/raster.ts';
import { checkInput, checkSize, decoderShrinkSize, type ImageFormat } from '../../src/lib/image/sniff.ts';
import { jpegOrientation, orientedSize } from './orientation.ts';

const MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp', avif: 'image/avif',
};

const DECODE_OPTIONS: ImageBitmapOptions = {
  imageOrientation: 'from-image',
  premultiplyAlpha: 'none',
  colorSpaceConversion: 'none',
};

export interface Decoded {
  readonly raster: RgbRaster;
  readonly format: ImageFormat;
  /** size after orientation, before any shrinking */
  readonly width: number;
  readonly height: number;
}

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0] || 'unknown reason';

export async function decodeImage(bytes: Uint8Array, file: string): Promise<Decoded> {
  const { format, size: stored } = checkInput(bytes, file);
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: MIME[format] });
  // createImageBitmap orients first, then resizes: the target must be in oriented terms.
  const size = stored && format === 'jpeg' ? orientedSize(stored, jpegOrientation(bytes.subarray(0, 1 << 16))) : stored;
  const target = size ? decoderShrinkSize(size.width, size.height) : undefined;

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(
      blob,
      target ? { ...DECODE_OPTIONS, resizeWidth: target.width, resizeHeight: target.height, resizeQuality: 'high' } : DECODE_OPTIONS,
    );
  } catch (e) {
    throw new ImageError('corrupt', message('worker.undecodable', { reason: reason(e) }), file);
  }

  try {
    let width = bitmap.width, height = bitmap.height;
    if (target && size) {
      ({ width, height } = size); // the bitmap is the pre-shrunk target; report the true size
    } else {
      // No size in the header (or already small): the decoded size is the true size.
      checkSize(width, height, file);
      const late = decoderShrinkSize(width, height);
      if (late) {
        const small = await createImageBitmap(bitmap, { resizeWidth: late.width, resizeHeight: late.height, resizeQuality: 'high', premultiplyAlpha: 'none' });
        bitmap.close();
        bitmap = small;
      }
    }
    return { raster: readPixels(bitmap, file), format, width, height };
  } catch (e) {
    if (e instanceof ImageError) throw e;
    throw new ImageError('corrupt', message('worker.decodedUnreadable', { reason: reason(e) }), file);
  } finally {
    bitmap.close();
  }
}

/** Bitmap → straight-alpha RGBA via an OffscreenCanvas → canonical RGB raster. */
function readPixels(bitmap: ImageBitmap, file: string): RgbRaster {
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
  if (!ctx) throw new ImageError('corrupt', message('worker.noCanvas', { width: String(width), height: String(height) }), file);
  ctx.drawImage(bitmap, 0, 0);
  const pixels = ctx.getImageData(0, 0, width, height, { colorSpace: 'srgb' });
  return rgbaToRgb(pixels.data, width, height);
}
