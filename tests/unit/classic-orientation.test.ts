import { describe, expect, it } from 'vitest';
import type { RgbRaster } from '../../src/lib/image/raster.ts';
import { canonicalOrientation, turnAnticlockwise, turnClockwise, turnHalf } from '../../src/lib/engines/classic/orientation.ts';
import { classicEngine, halfTurnedVector } from '../../src/lib/engines/classic/index.ts';
import { framing } from '../../src/lib/engines/classic/content-box.ts';

/** A w×h picture whose grey level is given per pixel. */
function picture(w: number, h: number, level: (x: number, y: number) => number): RgbRaster {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill(level(x, y), (y * w + x) * 3, (y * w + x) * 3 + 3);
  return { width: w, height: h, data };
}
const grey = (img: RgbRaster, x: number, y: number) => img.data[(y * img.width + x) * 3];

function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; }
  return ab / Math.sqrt(aa * bb);
}

/** A landscape "photo": bright sky on top, darker textured ground, a few shapes, no plain border. */
const landscape = picture(120, 80, (x, y) => (y < 35 ? 200 + ((x * 7) % 30) : 40 + ((x * 13 + y * 29) % 90)) + (Math.hypot(x - 70, y - 50) < 12 ? 15 : 0));

describe('canonical orientation of the classic engine', () => {
  it('turns clockwise and anticlockwise as inverse quarter turns', () => {
    const img = picture(3, 2, (x, y) => 10 * y + x);
    const cw = turnClockwise(img);
    expect([cw.width, cw.height]).toEqual([2, 3]);
    expect(grey(cw, 0, 0), 'the bottom-left pixel comes to the top-left').toBe(10);
    expect(turnAnticlockwise(cw)).toEqual(img);
  });

  it('leaves landscape and square pictures as they are', () => {
    expect(canonicalOrientation(landscape)).toBe(landscape);
    const square = picture(10, 10, (x) => x);
    expect(canonicalOrientation(square)).toBe(square);
  });

  it('turns a portrait picture to landscape with its brighter side up, whichever way it was turned', () => {
    for (const turned of [turnClockwise(landscape), turnAnticlockwise(landscape)]) {
      expect(canonicalOrientation(turned)).toEqual(landscape);
    }
  });

  it('gives a photo turned by 90° in either direction the vector of the original', () => {
    const v = classicEngine.extract(landscape);
    expect(cosine(classicEngine.extract(turnClockwise(landscape)), v)).toBeGreaterThan(0.999);
    expect(cosine(classicEngine.extract(turnAnticlockwise(landscape)), v)).toBeGreaterThan(0.999);
  });

  it('brings a turned copy of a picture with a brighter bottom back upside down, which its half-turned vector matches', () => {
    // Dark sky, bright textured ground: the brighter long side of a portrait copy is the ground.
    const night = turnHalf(landscape);
    const original = classicEngine.extract(night);
    for (const turned of [turnClockwise(night), turnAnticlockwise(night)]) {
      expect(cosine(classicEngine.extract(turned), original)).toBeLessThan(0.9);
      expect(cosine(halfTurnedVector(turned)!, original)).toBeGreaterThan(0.999);
    }
  });

  it('has no half-turned vector for a drawing (drawings are never turned)', () => {
    const disc = picture(80, 80, (x, y) => (Math.hypot(x - 40, y - 40) < 20 ? 30 : 255));
    expect(framing(disc).drawing).toBe(true);
    expect(halfTurnedVector(disc)).toBeUndefined();
  });

  it('never turns a drawing on a plain background (its content box is found)', () => {
    // A tall dark bar on white: a turned copy is a different drawing (an "I" is not a "–").
    const bar = picture(60, 60, (x, y) => (x > 25 && x < 35 && y > 5 && y < 55 ? 20 : 255));
    const lying = turnClockwise(bar);
    expect(cosine(classicEngine.extract(bar), classicEngine.extract(lying))).toBeLessThan(0.99);
  });
});

describe('framing: drawings are boxed, letterboxed pictures are cut out of their bars', () => {
  it('cuts a picture out of black bars above and below, unpadded, and treats it as a picture', () => {
    const boxed = picture(120, 160, (x, y) => (y < 40 || y >= 120 ? 0 : grey(landscape, x, y - 40)));
    const f = framing(boxed);
    expect(f.drawing).toBe(false);
    expect(f.raster).toEqual(landscape);
  });

  it('still boxes a round drawing that touches two edges (its corners are background)', () => {
    const disc = picture(60, 60, (x, y) => (Math.hypot(x - 29.5, y - 29.5) < 30 && y > 10 && y < 50 ? 30 : 255));
    expect(framing(disc).drawing).toBe(true);
  });
});
