import { describe, expect, it } from 'vitest';
import { rgbaToRgb, type RgbRaster } from '../../src/lib/image/raster.ts';
import { fitWithin, resizeArea } from '../../src/lib/image/resize.ts';

function solid(width: number, height: number, rgb: [number, number, number]): RgbRaster {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, data };
}

describe('the shared area resize', () => {
  it('keeps a solid colour solid at any size', () => {
    const out = resizeArea(solid(37, 23, [200, 10, 99]), 80, 80);
    expect(out.width * out.height).toBe(6400);
    for (let i = 0; i < out.data.length; i += 3) expect(Array.from(out.data.subarray(i, i + 3))).toEqual([200, 10, 99]);
  });

  it('averages whole blocks exactly for integer ratios', () => {
    // 2×1 → 1×1: mean of black and white is mid grey.
    const src: RgbRaster = { width: 2, height: 1, data: Uint8Array.of(0, 0, 0, 255, 255, 255) };
    expect(Array.from(resizeArea(src, 1, 1).data)).toEqual([128, 128, 128]);
  });

  it('preserves the mean brightness for fractional ratios', () => {
    const w = 101, h = 67;
    const data = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 7) % 256);
    const mean = (r: RgbRaster) => r.data.reduce((s, v) => s + v, 0) / r.data.length;
    expect(mean(resizeArea({ width: w, height: h, data }, 30, 20))).toBeCloseTo(mean({ width: w, height: h, data }), 0);
  });

  it('fits the longest side and keeps the aspect ratio', () => {
    const out = fitWithin(solid(400, 100, [1, 2, 3]), 128);
    expect([out.width, out.height]).toEqual([128, 32]);
    const small = solid(50, 20, [1, 2, 3]);
    expect(fitWithin(small, 128)).toBe(small);
  });
});

describe('RGBA to the canonical RGB raster', () => {
  it('composites transparent pixels over white', () => {
    const rgba = Uint8ClampedArray.of(255, 0, 0, 255, 255, 0, 0, 0, 0, 0, 0, 128);
    expect(Array.from(rgbaToRgb(rgba, 3, 1).data)).toEqual([255, 0, 0, 255, 255, 255, 127, 127, 127]);
  });
});
