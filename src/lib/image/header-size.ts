/**
 * The pixel size an image file declares, read from its header alone, so that a huge image is
 * refused (or shrunk while decoding) before a decoder allocates anything. Each reader looks where
 * the decoder itself will look: a JPEG's frame header may follow any amount of EXIF/ICC/comment
 * segments, a GIF's first frame may be larger than its logical screen, an AVIF's size is in its
 * `ispe` property. The whole file is walked, not a fixed-size head: the walks jump from segment
 * to segment, so they cost a few reads per segment, not a pass over the bytes.
 */
import type { ImageFormat } from './sniff.ts';

export interface PixelSize { readonly width: number; readonly height: number }

const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));

/** Width and height from the header; undefined when the header does not say (or is cut off). */
export function headerSize(b: Uint8Array, format: ImageFormat): PixelSize | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  try {
    switch (format) {
      case 'png':
        return b.length >= 24 && ascii(b, 12, 4) === 'IHDR' ? { width: v.getUint32(16), height: v.getUint32(20) } : undefined;
      case 'gif':
        return gifSize(b, v);
      case 'bmp':
        return b.length >= 26 ? { width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)) } : undefined;
      case 'webp':
        return webpSize(b, v);
      case 'jpeg':
        return jpegSize(b, v);
      case 'avif':
        return avifSize(b, v);
    }
  } catch {
    // a field past the end (RangeError from the DataView): the header is cut off
  }
  return undefined;
}

/** Walks the JPEG segments from SOI up to the first frame header (SOF), or stops at start of scan. */
function jpegSize(b: Uint8Array, v: DataView): PixelSize | undefined {
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return undefined; // segments follow each other: anything else is not a JPEG header
    const marker = b[i + 1];
    if (marker === 0xff) { i++; continue; } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue; } // no length
    if (marker === 0xda || marker === 0xd9) return undefined; // start of scan / end of image before any frame header
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: v.getUint16(i + 5), width: v.getUint16(i + 7) };
    const length = v.getUint16(i + 2);
    if (length < 2) return undefined;
    i += 2 + length;
  }
  return undefined;
}

/**
 * The logical screen and the first frame's image descriptor: a decoder draws the first frame at
 * its own size, whatever the screen says, so the larger of the two is the size decoded.
 */
function gifSize(b: Uint8Array, v: DataView): PixelSize | undefined {
  if (b.length < 13) return undefined;
  const screen = { width: v.getUint16(6, true), height: v.getUint16(8, true) };
  let i = 13;
  if (b[10] & 0x80) i += 3 * (2 << (b[10] & 0x07)); // global colour table
  while (i < b.length) {
    const block = b[i];
    if (block === 0x2c) {
      const left = v.getUint16(i + 1, true), top = v.getUint16(i + 3, true);
      const width = v.getUint16(i + 5, true), height = v.getUint16(i + 7, true);
      return { width: Math.max(screen.width, left + width), height: Math.max(screen.height, top + height) };
    }
    if (block !== 0x21) return undefined; // trailer (0x3b) or garbage before any frame
    i += 2; // introducer + label, then data sub-blocks up to an empty one
    while (i < b.length && b[i] !== 0) i += 1 + b[i];
    i += 1;
  }
  return undefined;
}

/** Simple (VP8), lossless (VP8L) and extended (VP8X: the canvas, which every frame fits in). */
function webpSize(b: Uint8Array, v: DataView): PixelSize | undefined {
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
 * AVIF (ISO-BMFF/HEIF): meta → iprp → ipco → ispe (image spatial extents). A file may carry
 * several (a grid and its tiles, a thumbnail, an alpha plane): the largest is what a decoder
 * may have to produce.
 */
function avifSize(b: Uint8Array, v: DataView): PixelSize | undefined {
  const meta = findBox(b, v, 0, b.length, 'meta');
  if (!meta) return undefined;
  const iprp = findBox(b, v, meta.start + 4, meta.end, 'iprp'); // meta is a full box: 4 bytes of version and flags
  const ipco = iprp && findBox(b, v, iprp.start, iprp.end, 'ipco');
  if (!ipco) return undefined;
  let largest: PixelSize | undefined;
  for (let box = findBox(b, v, ipco.start, ipco.end, 'ispe'); box; box = findBox(b, v, box.end, ipco.end, 'ispe')) {
    const size = { width: v.getUint32(box.start + 4), height: v.getUint32(box.start + 8) };
    if (!largest || size.width * size.height > largest.width * largest.height) largest = size;
  }
  return largest;
}

/** The first box of `type` between `from` and `to`; start/end bound its content. */
function findBox(b: Uint8Array, v: DataView, from: number, to: number, type: string): { start: number; end: number } | undefined {
  let i = from;
  while (i + 8 <= to) {
    let size = v.getUint32(i);
    let header = 8;
    if (size === 1) {
      size = Number(v.getBigUint64(i + 8));
      header = 16;
    } else if (size === 0) {
      size = to - i; // to the end of the enclosing box
    }
    if (size < header || i + size > to) return undefined;
    if (ascii(b, i + 4, 4) === type) return { start: i + header, end: i + size };
    i += size;
  }
  return undefined;
}
