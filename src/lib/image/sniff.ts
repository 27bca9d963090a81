import { message, type Sentence, type Text } from '../messages/sentence.ts';
import { ImageError } from './errors.ts';
import { headerSize } from './header-size.ts';
import { MIN_SIDE } from './raster.ts';

export { headerSize } from './header-size.ts';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif';

/** What the first bytes of a file say it is, whatever its name claims. */
export type Sniffed =
  | { readonly kind: 'image'; readonly format: ImageFormat }
  | { readonly kind: 'unsupported'; readonly what: Sentence }
  | { readonly kind: 'unknown' };

/**
 * Decoders shrink large images while decoding, but only down to DECODE_LONG_SIDE on the longer
 * side (and never below DECODE_SHORT_SIDE on the shorter, CLIP's 224-px input): decoding, copying
 * and resizing fewer pixels bounds memory and time. The last step to each engine's working size
 * (classic 256 px, pixels 80) is the shared pure resize (resizeArea) on both sides. Shrinking
 * further in the decoder would let the two resamplers (Chromium's 'high' quality, sharp's
 * lanczos3) decide the working pixels: they differ by ~2 grey levels on average, up to 27,
 * enough to move the classic vector of a grey or flat image.
 */
export const DECODE_LONG_SIDE = 896;
export const DECODE_SHORT_SIDE = 224;
/** Largest image we try at all (a 60 MP photo is fine; a decompression bomb is not). */
export const MAX_PIXELS = 120_000_000;
/** Larger files are refused before being read: no photo needs more, and reading one whole costs memory. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

/** Why a file of this many bytes is not read at all, or undefined. */
export function fileSizeProblem(bytes: number): Text | undefined {
  return bytes > MAX_FILE_BYTES ? message('worker.fileTooLarge', { size: mb(bytes), limit: mb(MAX_FILE_BYTES) }) : undefined;
}

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

export function sniff(head: Uint8Array): Sniffed {
  const b = head;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { kind: 'image', format: 'jpeg' };
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG') return { kind: 'image', format: 'png' };
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return { kind: 'image', format: 'gif' };
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return { kind: 'image', format: 'webp' };
  if (b.length >= 2 && ascii(b, 0, 2) === 'BM') return { kind: 'image', format: 'bmp' };
  if (b.length >= 12 && ascii(b, 4, 4) === 'ftyp') {
    const brand = ascii(b, 8, 4);
    if (brand === 'avif' || brand === 'avis') return { kind: 'image', format: 'avif' };
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(brand)) return { kind: 'unsupported', what: message('worker.heic') };
  }
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a))) {
    return { kind: 'unsupported', what: 'TIFF' };
  }
  const text = ascii(b, 0, Math.min(b.length, 512)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return { kind: 'unsupported', what: message('worker.svg') };
  return { kind: 'unknown' };
}

/**
 * The checks every decoder runs first. Returns the format and the size the header declares.
 * Throws an ImageError naming the file for anything we will not decode.
 */
export function checkInput(bytes: Uint8Array, file?: string): { format: ImageFormat; size: { width: number; height: number } } {
  if (bytes.length === 0) throw new ImageError('empty', message('worker.empty'), file);
  const s = sniff(bytes.subarray(0, 4096));
  if (s.kind === 'unsupported') throw new ImageError('unsupported-format', message('worker.unsupported', { what: s.what }), file);
  if (s.kind === 'unknown') throw new ImageError('not-an-image', message('worker.notImage'), file);
  // The whole file, not a head: a JPEG's frame header may sit after megabytes of metadata.
  const size = headerSize(bytes, s.format);
  // A decoder would allocate whatever the image turns out to be: no size, no decode.
  if (!size) throw new ImageError('corrupt', message('worker.noHeaderSize', { format: s.format.toUpperCase() }), file);
  checkSize(size.width, size.height, file);
  return { format: s.format, size };
}

export function checkSize(width: number, height: number, file?: string): void {
  if (width < MIN_SIDE || height < MIN_SIDE) {
    throw new ImageError('too-small', message('worker.tooSmall', { width: String(width), height: String(height), min: MIN_SIDE }), file);
  }
  if (width * height > MAX_PIXELS) {
    throw new ImageError('too-large', message('worker.tooLarge', { width: String(width), height: String(height), mp: Math.round((width * height) / 1e6), limit: MAX_PIXELS / 1e6 }), file);
  }
}

/**
 * Target size when shrinking during decode, aspect kept: the longer side DECODE_LONG_SIDE unless
 * that would bring the shorter below DECODE_SHORT_SIDE. Undefined when the image is already that
 * small (decoded as it is).
 */
export function decoderShrinkSize(width: number, height: number): { width: number; height: number } | undefined {
  const s = Math.max(DECODE_LONG_SIDE / Math.max(width, height), DECODE_SHORT_SIDE / Math.min(width, height));
  if (s >= 1) return undefined;
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}
