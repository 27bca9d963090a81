/** The classic engine's promises: fixed length, deterministic, and tolerant of the edits people make. */
import { describe, expect, it } from 'vitest';
import { classicEngine } from '../../src/lib/engines/classic/index.ts';
import type { RgbRaster } from '../../src/lib/image/raster.ts';

const cos = (a: Float32Array, b: Float32Array) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return ab / Math.sqrt(aa * bb);
};

/** A picture: a red disc and a blue bar on a white ground, with a diagonal stripe. */
function scene(width: number, height: number, shift = 0): RgbRaster {
  const data = new Uint8Array(width * height * 3).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3, u = x / width, v = y / height;
      if ((u - 0.35 - shift) ** 2 + (v - 0.4) ** 2 < 0.04) data.set([220, 30, 30], i);
      else if (v > 0.7 && v < 0.8 && u > 0.5) data.set([30, 60, 200], i);
      else if (Math.abs(u - v) < 0.03) data.set([40, 40, 40], i);
    }
  }
  return { width, height, data };
}

function other(width: number, height: number): RgbRaster {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set([(i * 13) % 256, 180, (i * 7) % 90], i * 3);
  return { width, height, data };
}

const mirror = (r: RgbRaster): RgbRaster => {
  const data = new Uint8Array(r.data.length);
  for (let y = 0; y < r.height; y++) for (let x = 0; x < r.width; x++) data.set(r.data.subarray((y * r.width + x) * 3, (y * r.width + x) * 3 + 3), (y * r.width + r.width - 1 - x) * 3);
  return { ...r, data };
};

const grey = (r: RgbRaster): RgbRaster => {
  const data = new Uint8Array(r.data.length);
  for (let i = 0; i < data.length; i += 3) data.fill(Math.round(0.299 * r.data[i] + 0.587 * r.data[i + 1] + 0.114 * r.data[i + 2]), i, i + 3);
  return { ...r, data };
};

describe('classic engine', () => {
  const base = scene(200, 150);
  const v = classicEngine.extract(base);

  it('gives a finite vector of the declared length, the same every time', () => {
    expect(v).toHaveLength(classicEngine.dim);
    expect(v.every(Number.isFinite)).toBe(true);
    expect(Array.from(classicEngine.extract(scene(200, 150)))).toEqual(Array.from(v));
  });

  it('keeps a resized copy very close', () => {
    expect(cos(v, classicEngine.extract(scene(50, 38)))).toBeGreaterThan(0.9);
  });

  it('keeps a mirrored and a grayscale copy closer than an unrelated image', () => {
    const unrelated = cos(v, classicEngine.extract(other(200, 150)));
    expect(cos(v, classicEngine.extract(mirror(base)))).toBeGreaterThan(unrelated);
    expect(cos(v, classicEngine.extract(grey(base)))).toBeGreaterThan(unrelated);
  });

  it('handles the smallest accepted image and a very wide one', () => {
    for (const r of [scene(10, 10), scene(2000, 12)]) {
      const w = classicEngine.extract(r);
      expect(w).toHaveLength(classicEngine.dim);
      expect(w.every(Number.isFinite)).toBe(true);
    }
  });
});
