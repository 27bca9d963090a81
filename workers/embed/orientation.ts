/**
 * EXIF orientation of a JPEG (1–8; 1 when absent or unreadable), read from the APP1 "Exif"
 * segment without decoding. Needed because createImageBitmap applies `resizeWidth/Height` to
 * the image *after* `imageOrientation: 'from-image'`, so the pre-shrink target must be computed
 * from the oriented size (orientations 5–8 swap width and height), as the Node decoder does.
 */
export function jpegOrientation(b: Uint8Array): number {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return 1;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = 2;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return 1;
    const marker = b[i + 1];
    if (marker === 0xff) { i++; continue; }
    if (marker === 0xda || marker === 0xd9) return 1; // image data starts: no EXIF before it
    const len = v.getUint16(i + 2);
    if (len < 2) return 1;
    if (marker === 0xe1 && i + 10 <= b.length && String.fromCharCode(...b.subarray(i + 4, i + 10)) === 'Exif\0\0') {
      return tiffOrientation(v, i + 10, Math.min(b.length, i + 2 + len));
    }
    i += 2 + len;
  }
  return 1;
}

function tiffOrientation(v: DataView, start: number, end: number): number {
  try {
    const order = v.getUint16(start);
    const little = order === 0x4949;
    if (!little && order !== 0x4d4d) return 1;
    const ifd = start + v.getUint32(start + 4, little);
    if (ifd + 2 > end) return 1;
    const count = v.getUint16(ifd, little);
    for (let k = 0; k < count; k++) {
      const e = ifd + 2 + k * 12;
      if (e + 12 > end) return 1;
      if (v.getUint16(e, little) === 0x0112) {
        const o = v.getUint16(e + 8, little);
        return o >= 1 && o <= 8 ? o : 1;
      }
    }
  } catch {
    /* truncated or malformed: treat as upright */
  }
  return 1;
}

/** The size a decoder shows after applying the orientation. */
export function orientedSize(size: { width: number; height: number }, orientation: number): { width: number; height: number } {
  return orientation >= 5 ? { width: size.height, height: size.width } : size;
}
