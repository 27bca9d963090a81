import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { parseExifDateTime } from '../../src/lib/image/exif-date.ts';
import { readTakenDate } from '../../src/indexing/taken-date.ts';

const image = () => sharp({ create: { width: 64, height: 48, channels: 3, background: '#e83' } });

describe('EXIF DateTimeOriginal', () => {
  it('reads the camera wall-clock time as local time when no offset was written', () => {
    expect(parseExifDateTime('2021:06:15 10:30:00')).toBe(new Date(2021, 5, 15, 10, 30, 0).getTime());
  });
  it('applies OffsetTimeOriginal when the camera wrote one', () => {
    expect(parseExifDateTime('2021:06:15 10:30:00', '+07:00')).toBe(Date.UTC(2021, 5, 15, 3, 30, 0));
    expect(parseExifDateTime('2021:06:15 10:30:00', '-05:30')).toBe(Date.UTC(2021, 5, 15, 16, 0, 0));
  });
  it('refuses blank, zeroed and impossible dates', () => {
    for (const v of ['', '    :  :     :  :  ', '0000:00:00 00:00:00', '2021:04:31 10:00:00', '2021:13:01 10:00:00', 'yesterday', 42, undefined]) {
      expect(parseExifDateTime(v)).toBeUndefined();
    }
  });

  it('is read from a generated JPEG with a DateTimeOriginal', async () => {
    const jpeg = await image().jpeg().withExif({ IFD2: { DateTimeOriginal: '2019:02:03 04:05:06', OffsetTimeOriginal: '+00:00' } }).toBuffer();
    expect(await readTakenDate(new Blob([jpeg]))).toBe(Date.UTC(2019, 1, 3, 4, 5, 6));
  });
  it('is read from a PNG eXIf chunk too', async () => {
    const png = await image().png().withExif({ IFD2: { DateTimeOriginal: '2020:01:02 03:04:05' } }).toBuffer();
    expect(await readTakenDate(new Blob([png]))).toBe(new Date(2020, 0, 2, 3, 4, 5).getTime());
  });
  it('is null for an image without one, and for bytes that are not an image', async () => {
    expect(await readTakenDate(new Blob([await image().jpeg().toBuffer()]))).toBeNull();
    expect(await readTakenDate(new Blob(['not an image at all']))).toBeNull();
  });
});
