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

  it('gives, byte for byte, the plain two-pass area average (float32 weights and row sums), up and down', () => {
    // The reference: per output pixel, horizontal sums stored as float32, then vertical sums.
    const weights = (srcLen: number, dstLen: number): [number, number][][] => Array.from({ length: dstLen }, (_, i) => {
      const scale = srcLen / dstLen;
      if (scale <= 1) {
        const c = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), srcLen - 1);
        const a = Math.floor(c), f = c - a;
        return [[a, Math.fround(1 - f)], [Math.min(a + 1, srcLen - 1), Math.fround(f)]];
      }
      const from = i * scale, end = from + scale, out: [number, number][] = [];
      for (let j = Math.floor(from); j < Math.min(Math.ceil(end), srcLen); j++) {
        const cover = Math.min(end, j + 1) - Math.max(from, j);
        if (cover > 1e-9) out.push([j, Math.fround(cover / scale)]);
      }
      return out;
    });
    const reference = (src: RgbRaster, width: number, height: number): Uint8Array => {
      const xs = weights(src.width, width), ys = weights(src.height, height);
      const tmp = new Float32Array(width * src.height * 3);
      for (let y = 0; y < src.height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) {
        let v = 0;
        for (const [j, w] of xs[x]) v += src.data[(y * src.width + j) * 3 + c] * w;
        tmp[(y * width + x) * 3 + c] = v;
      }
      const out = new Uint8Array(width * height * 3);
      for (let y = 0; y < height; y++) for (let x = 0; x < width * 3; x++) {
        let v = 0;
        for (const [j, w] of ys[y]) v += tmp[j * width * 3 + x] * w;
        out[y * width * 3 + x] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
      }
      return out;
    };
    let seed = 7;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) >>> 0; return seed % n; };
    const sizes: [number, number, number, number][] = [[640, 480, 256, 192], [256, 192, 32, 24], [24, 32, 64, 48], [1, 1, 3, 2], [5, 1, 2, 7]];
    for (let t = 0; t < 40; t++) sizes.push([1 + rand(120), 1 + rand(120), 1 + rand(90), 1 + rand(90)]);
    for (const [w, h, tw, th] of sizes) {
      const src: RgbRaster = { width: w, height: h, data: Uint8Array.from({ length: w * h * 3 }, () => rand(256)) };
      expect(Buffer.from(resizeArea(src, tw, th).data).equals(Buffer.from(reference(src, tw, th))), `${w}×${h} → ${tw}×${th}`).toBe(true);
    }
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
