import { ImageError } from './errors.ts';
import { MIN_SIDE } from './raster.ts';

export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'bmp' | 'avif';

/** What the first bytes of a file say it is, whatever its name claims. */
export type Sniffed =
  | { readonly kind: 'image'; readonly format: ImageFormat }
  | { readonly kind: 'unsupported'; readonly what: string }
  | { readonly kind: 'unknown' };

/**
 * Decoders shrink while decoding so that the shorter side is DECODE_SHORT_SIDE: no engine reads
 * more (CLIP's 224-px input is the largest need; classic works at 96 px, pixels at 80), and
 * decoding, copying and resizing fewer pixels is most of the indexing speed and bounds memory.
 * The engines' own shared resize then takes it from there on both sides.
 */
export const DECODE_SHORT_SIDE = 224;
/** Images up to this much larger are decoded as they are (shrinking them would gain little). */
const PRESHRINK_SLACK = 1.25;
/** Largest image we try at all (a 60 MP photo is fine; a decompression bomb is not). */
export const MAX_PIXELS = 120_000_000;
/** Larger files are refused before being read: no photo needs more, and reading one whole costs memory. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

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
    if (/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(brand)) return { kind: 'unsupported', what: 'HEIC/HEIF (convert it to JPEG first)' };
  }
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a) || (b[0] === 0x4d && b[1] === 0x4d && b[3] === 0x2a))) {
    return { kind: 'unsupported', what: 'TIFF' };
  }
  const text = ascii(b, 0, Math.min(b.length, 512)).trimStart().toLowerCase();
  if (text.startsWith('<svg') || (text.startsWith('<?xml') && text.includes('<svg'))) return { kind: 'unsupported', what: 'SVG (vector drawings are not searched)' };
  return { kind: 'unknown' };
}

/** Width and height from the header alone, so huge images can be refused or shrunk before decoding. */
export function headerSize(b: Uint8Array, format: ImageFormat): { width: number; height: number } | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    switch (format) {
      case 'png':
        return b.length >= 24 ? { width: v.getUint32(16), height: v.getUint32(20) } : undefined;
      case 'gif':
        return b.length >= 10 ? { width: v.getUint16(6, true), height: v.getUint16(8, true) } : undefined;
      case 'bmp':
        return b.length >= 26 ? { width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)) } : undefined;
      case 'webp':
        return webpSize(b, v);
      case 'jpeg':
        return jpegSize(b, v);
      default:
        return undefined;
    }
  } catch {
    return undefined;
  }
}

function jpegSize(b: Uint8Array, v: DataView) {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) { i++; continue; }
    const marker = b[i + 1];
    if (marker === 0xff) { i++; continue; }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; }
    const len = v.getUint16(i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: v.getUint16(i + 5), width: v.getUint16(i + 7) };
    i += 2 + len;
  }
  return undefined;
}

function webpSize(b: Uint8Array, v: DataView) {
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X' && b.length >= 30) {
    return { width: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), height: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)) };
  }
  if (chunk === 'VP8 ' && b.length >= 30) return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = v.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  return undefined;
}

/**
 * The checks every decoder runs first. Returns the format and, when the header tells, the size.
 * Throws an ImageError naming the file for anything we will not decode.
 */
export function checkInput(bytes: Uint8Array, file?: string): { format: ImageFormat; size?: { width: number; height: number } } {
  if (bytes.length === 0) throw new ImageError('empty', 'the file is empty (0 bytes)', file);
  const s = sniff(bytes.subarray(0, 4096));
  if (s.kind === 'unsupported') throw new ImageError('unsupported-format', `${s.what} is not supported`, file);
  if (s.kind === 'unknown') throw new ImageError('not-an-image', 'not an image file (JPEG, PNG, GIF, WebP, BMP or AVIF expected)', file);
  const size = headerSize(bytes.subarray(0, 1 << 16), s.format);
  if (size) checkSize(size.width, size.height, file);
  return { format: s.format, size };
}

export function checkSize(width: number, height: number, file?: string): void {
  if (width < MIN_SIDE || height < MIN_SIDE) {
    throw new ImageError('too-small', `the image is ${width}×${height} px; at least ${MIN_SIDE}×${MIN_SIDE} is needed`, file);
  }
  if (width * height > MAX_PIXELS) {
    throw new ImageError('too-large', `the image is ${width}×${height} px (${Math.round((width * height) / 1e6)} MP); the limit is ${MAX_PIXELS / 1e6} MP`, file);
  }
}

/** Target size when shrinking during decode: shorter side DECODE_SHORT_SIDE, aspect kept. */
export function preshrinkSize(width: number, height: number): { width: number; height: number } | undefined {
  const short = Math.min(width, height);
  if (short <= DECODE_SHORT_SIDE * PRESHRINK_SLACK) return undefined;
  const s = DECODE_SHORT_SIDE / short;
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}
