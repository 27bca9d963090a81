import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { allEngines } from '../../src/lib/engines/registry.ts';
import { ImageError } from '../../src/lib/image/errors.ts';
import { createEmbedApi } from '../../workers/embed/api.ts';
import { jpegOrientation, orientedSize } from '../../workers/embed/orientation.ts';
import { formatScore } from '../../src/state/format.ts';

describe('embed worker api', () => {
  it('returns one vector per engine from one decode', async () => {
    const raster = { width: 20, height: 12, data: new Uint8Array(20 * 12 * 3).fill(128) };
    const api = createEmbedApi(async () => ({ raster, format: 'png', width: 40, height: 24 }));
    const r = await api.embed(new ArrayBuffer(4), 'x.png');
    for (const e of allEngines()) expect(r.vectors[e.id]).toHaveLength(e.dim);
    expect(r).toMatchObject({ format: 'png', width: 40, height: 24, rasterWidth: 20, rasterHeight: 12 });
  });

  it('passes decoder errors through and refuses non-buffers', async () => {
    const api = createEmbedApi(async (_b, file) => { throw new ImageError('corrupt', 'broken', file); });
    await expect(api.embed(new ArrayBuffer(1), 'bad.jpg')).rejects.toMatchObject({ code: 'corrupt', file: 'bad.jpg' });
    await expect(api.embed('nope' as never, 'x')).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('JPEG orientation', () => {
  it('reads EXIF orientation, 1 when absent', async () => {
    const base = sharp({ create: { width: 30, height: 20, channels: 3, background: '#888' } });
    const rotated = await base.clone().jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const plain = await base.clone().jpeg().toBuffer();
    expect(jpegOrientation(rotated)).toBe(6);
    expect(jpegOrientation(plain)).toBe(1);
    expect(jpegOrientation(new Uint8Array([0xff, 0xd8, 0xff]))).toBe(1);
    expect(jpegOrientation(new TextEncoder().encode('not a jpeg'))).toBe(1);
    expect(orientedSize({ width: 30, height: 20 }, 6)).toEqual({ width: 20, height: 30 });
    expect(orientedSize({ width: 30, height: 20 }, 3)).toEqual({ width: 30, height: 20 });
  });
});

describe('score formatting', () => {
  it('similarities with 3 decimals, distances as plain numbers', () => {
    expect(formatScore(0.98765, 'cosine')).toBe('0.988');
    expect(formatScore(-0.5, 'correlation')).toBe('-0.500');
    expect(formatScore(0, 'l2')).toBe('0');
    expect(formatScore(0.01234, 'l2')).toBe('0.0123');
    expect(formatScore(12.3456, 'l2')).toBe('12.35');
    expect(formatScore(123.456, 'l1')).toBe('123.5');
    expect(formatScore(12345.6, 'l1')).toBe('12,346');
  });
});
