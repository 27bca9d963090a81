import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ImageError } from '../../src/lib/image/errors.ts';
import { rgbaToRgb, type RgbRaster } from '../../src/lib/image/raster.ts';
import { message } from '../../src/lib/messages/sentence.ts';
import { checkInput, checkSize, decoderShrinkSize } from '../../src/lib/image/sniff.ts';

/**
 * Node's decoder (sharp/libvips), the counterpart of the browser worker's createImageBitmap path:
 * same sniffing and limits, EXIF orientation applied, first frame of animations, alpha over
 * white, large images shrunk while decoding; the engines' own resize does the rest.
 */
export async function decodeBytes(bytes: Uint8Array, file?: string): Promise<RgbRaster> {
  const { size } = checkInput(bytes, file);
  try {
    let img = sharp(bytes, { limitInputPixels: 130_000_000, failOn: 'error', animated: false }).rotate();
    const meta = await sharp(bytes, { limitInputPixels: 130_000_000 }).metadata();
    const w = meta.width ?? size?.width, h = meta.height ?? size?.height;
    if (w && h) {
      const oriented = (meta.orientation ?? 1) >= 5 ? { width: h, height: w } : { width: w, height: h };
      checkSize(oriented.width, oriented.height, file);
      const target = decoderShrinkSize(oriented.width, oriented.height);
      if (target) img = img.resize(target.width, target.height, { fit: 'fill', kernel: 'lanczos3' });
    }
    const { data, info } = await img.toColourspace('srgb').ensureAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return rgbaToRgb(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
  } catch (e) {
    if (e instanceof ImageError) throw e;
    throw new ImageError('corrupt', message('worker.undecodable', { reason: (e as Error).message.split('\n')[0] }), file);
  }
}

export async function decodeFile(path: string): Promise<RgbRaster> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new ImageError('corrupt', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, path);
  }
  return decodeBytes(bytes, path);
}
