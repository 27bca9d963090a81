/**
 * When a photo was taken: its EXIF DateTimeOriginal (exifr reads JPEG, HEIC, AVIF, PNG, WebP and
 * TIFF metadata), zoned by OffsetTimeOriginal where the camera wrote one. Only the head of the
 * file is read: EXIF sits before the image data.
 */
import exifr from 'exifr';
import { parseExifDateTime } from '../lib/image/exif-date.ts';

/** EXIF lives in the first segments; 256 KiB holds it even behind a large embedded preview. */
const HEAD_BYTES = 256 * 1024;

/** ms since the epoch, or null when the file has no readable date taken. Never throws. */
export async function readTakenDate(file: Blob): Promise<number | null> {
  try {
    const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    const tags = (await exifr.parse(head, { pick: ['DateTimeOriginal', 'OffsetTimeOriginal'], reviveValues: false })) as Record<string, unknown> | undefined;
    return (tags && parseExifDateTime(tags.DateTimeOriginal, tags.OffsetTimeOriginal)) ?? null;
  } catch {
    return null; // not an image exifr knows, or malformed metadata: the file's own date is used
  }
}
