/**
 * Geometric verification (src/lib/verify/): ORB-style features on generated photos, matched
 * against the edits people make, and the words the transform is named with.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../../scripts/lib/synthetic-photos.ts';
import { rgbaToRgb, type RgbRaster } from '../../src/lib/image/raster.ts';
import { resizeArea } from '../../src/lib/image/resize.ts';
import { briefPattern, DESCRIPTOR_BITS } from '../../src/lib/verify/brief-pattern.ts';
import { classifyTransform } from '../../src/lib/verify/classify.ts';
import { cropRaster, mirrorRaster, rotateRaster } from '../../src/lib/verify/edits.ts';
import { extractFeatures } from '../../src/lib/verify/features.ts';
import { ransacSimilarity } from '../../src/lib/verify/ransac.ts';
import { applySimilarity } from '../../src/lib/verify/similarity.ts';
import { DEFAULT_VERIFY_OPTIONS, prepareQuery, verifyPair, type PreparedQuery } from '../../src/lib/verify/verify.ts';
import { mulberry32 } from '../../src/lib/random.ts';
import { LruCache } from '../../src/lib/lru.ts';
import { rerankByVerification } from '../../src/lib/verify/rerank.ts';

async function decode(bytes: Buffer): Promise<RgbRaster> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return rgbaToRgb(new Uint8Array(data), info.width, info.height);
}

/** Through a JPEG encoder and back, as an edited copy saved by a photo program would be. */
async function asJpeg(img: RgbRaster, quality: number): Promise<RgbRaster> {
  const bytes = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } }).jpeg({ quality }).toBuffer();
  return decode(bytes);
}

let photo: RgbRaster;
let query: PreparedQuery;
const verifyAgainst = (edited: RgbRaster) => verifyPair(query, extractFeatures(edited));

beforeAll(async () => {
  photo = await decode(await syntheticPhoto(3, 640, 480));
  query = prepareQuery(extractFeatures(photo));
});

describe('a photo against its edited copies', () => {
  it('finds the same picture unchanged, with every match agreeing', () => {
    const v = verifyAgainst(photo);
    expect(v.verified).toBe(true);
    expect(v.transform?.words).toEqual(['same']);
    expect(v.inliers).toBe(v.matches);
  });

  it('names a crop of 70 % of the area "cropped", at the same scale', () => {
    const v = verifyAgainst(cropRaster(photo, 60, 40, 536, 400));
    expect(v.verified).toBe(true);
    expect(v.transform?.words).toEqual(['cropped']);
    expect(v.transform?.scale).toBeCloseTo(1, 1);
  });

  it('names a left-right flip "mirrored"', () => {
    const v = verifyAgainst(mirrorRaster(photo));
    expect(v.verified).toBe(true);
    expect(v.transform?.words).toEqual(['mirrored']);
  });

  it.each([[1, 'rotated-90'], [2, 'rotated-180'], [3, 'rotated-270']] as const)('names %i quarter turn(s) clockwise "%s"', (quarters, word) => {
    const v = verifyAgainst(rotateRaster(photo, quarters));
    expect(v.verified).toBe(true);
    expect(v.transform?.words).toEqual([word]);
  });

  it('names a copy at half the size "resized", with its scale', () => {
    const v = verifyAgainst(resizeArea(photo, 320, 240));
    expect(v.verified).toBe(true);
    expect(v.transform?.words).toEqual(['resized']);
    expect(v.transform?.scale).toBeCloseTo(0.5, 1);
  });

  it('survives several edits at once: mirrored, cropped and saved as a poor JPEG', async () => {
    const v = verifyAgainst(await asJpeg(mirrorRaster(cropRaster(photo, 0, 0, 560, 420)), 40));
    expect(v.verified).toBe(true);
    expect(v.transform?.words).toEqual(['cropped', 'mirrored']);
  });

  it('does not verify unrelated photos', async () => {
    for (const seed of [101, 102, 103, 104]) {
      const v = verifyAgainst(await decode(await syntheticPhoto(seed, 640, 480)));
      expect(v.verified, `photo ${seed}: ${v.inliers} inliers of ${v.matches}`).toBe(false);
    }
  });
});

describe('a part in common is not the same picture', () => {
  /** Another photo with the query's top-left quarter pasted in at the same place (a shared logo, canton or overlay). */
  async function sharingAQuarter(seed: number): Promise<RgbRaster> {
    const other = await decode(await syntheticPhoto(seed, 640, 480));
    const data = other.data.slice();
    for (let y = 0; y < 240; y++) data.set(photo.data.subarray(y * 640 * 3, (y * 640 + 320) * 3), y * 640 * 3);
    return { width: 640, height: 480, data };
  }

  it('is not verified: the inliers cover a quarter of what the images show, not the whole', async () => {
    for (const seed of [201, 202, 203]) {
      const v = verifyAgainst(await sharingAQuarter(seed));
      expect(v.inliers, `photo ${seed}: the shared quarter alone gives enough inliers`).toBeGreaterThanOrEqual(DEFAULT_VERIFY_OPTIONS.minInliers);
      expect(v.coverage, `photo ${seed}`).toBeLessThan(DEFAULT_VERIFY_OPTIONS.minCoverage);
      expect(v.verified).toBe(false);
    }
  });

  it('while a crop of the same picture covers its overlap', () => {
    const v = verifyAgainst(cropRaster(photo, 100, 80, 450, 340));
    expect(v.coverage).toBeGreaterThanOrEqual(DEFAULT_VERIFY_OPTIONS.minCoverage);
    expect(v.verified).toBe(true);
  });
});

describe('determinism', () => {
  it('gives the same keypoints, descriptors and verdict on every run', () => {
    const a = extractFeatures(photo), b = extractFeatures(photo);
    expect(b.descriptors).toEqual(a.descriptors);
    expect(b.x).toEqual(a.x);
    const edited = cropRaster(photo, 100, 80, 450, 340);
    expect(verifyPair(query, extractFeatures(edited))).toEqual(verifyPair(query, extractFeatures(edited)));
  });

  it('uses one fixed BRIEF pattern, inside the keypoint disc, whose second half mirrors the first', () => {
    const p = briefPattern();
    expect(p).toEqual(briefPattern());
    expect(p.length).toBe(DESCRIPTOR_BITS * 4);
    const half = (DESCRIPTOR_BITS / 2) * 4;
    for (let i = 0; i < half; i += 4) {
      expect([p[half + i], p[half + i + 1], p[half + i + 2], p[half + i + 3]]).toEqual([p[i], -p[i + 1] || 0, p[i + 2], -p[i + 3] || 0]);
      expect(Math.hypot(p[i], p[i + 1])).toBeLessThanOrEqual(13);
    }
  });
});

describe('RANSAC on a similarity transform', () => {
  it('recovers a known transform from matches that are 70 % wrong', () => {
    const truth = { a: 0.8 * Math.cos(0.3), b: 0.8 * Math.sin(0.3), tx: 12, ty: -5 };
    const rand = mulberry32(7);
    const n = 100;
    const px = new Float32Array(n), py = new Float32Array(n), qx = new Float32Array(n), qy = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      px[i] = rand() * 256; py[i] = rand() * 192;
      const [x, y] = i < 30 ? applySimilarity(truth, px[i], py[i]) : [rand() * 256, rand() * 192];
      qx[i] = x + (rand() - 0.5); qy[i] = y + (rand() - 0.5);
    }
    const r = ransacSimilarity({ px, py, qx, qy });
    expect(r?.inlierCount).toBeGreaterThanOrEqual(30);
    expect(r?.transform.a).toBeCloseTo(truth.a, 2);
    expect(r?.transform.b).toBeCloseTo(truth.b, 2);
    expect(r?.transform.tx).toBeCloseTo(truth.tx, 0);
  });
});

describe('naming a transform', () => {
  const frame = { width: 256, height: 192, sourceWidth: 1024, sourceHeight: 768 };
  it('calls a quarter turn that keeps the whole picture "rotated-90" and nothing else', () => {
    // (x, y) → (191 − y, x): the 256×192 frame onto a 192×256 one.
    const turned = { width: 192, height: 256, sourceWidth: 768, sourceHeight: 1024 };
    expect(classifyTransform({ a: 0, b: 1, tx: 191, ty: 0 }, false, frame, turned).words).toEqual(['rotated-90']);
  });
  it('calls a small tilt "rotated", with its angle', () => {
    const c = Math.cos((5 * Math.PI) / 180), s = Math.sin((5 * Math.PI) / 180);
    const named = classifyTransform({ a: c, b: s, tx: 0, ty: 0 }, false, frame, frame);
    expect(named.words).toContain('rotated');
    expect(named.degrees).toBeCloseTo(5, 5);
  });
  it('measures a size change in real pixels, not working pixels', () => {
    const half = { ...frame, sourceWidth: 512, sourceHeight: 384 };
    const named = classifyTransform({ a: 1, b: 0, tx: 0, ty: 0 }, false, frame, half);
    expect(named.words).toEqual(['resized']);
    expect(named.scale).toBeCloseTo(0.5, 5);
  });
});

describe('re-ranking by verification', () => {
  const check = (verified: boolean, inliers: number) => ({ verified, inliers, matches: inliers, coverage: verified ? 1 : 0 });
  it('puts verified results first, most inliers first, and keeps the others in their order', () => {
    const order = rerankByVerification(['a', 'b', 'c', 'd', 'e', 'f'], [check(false, 3), check(true, 20), check(false, 0), check(true, 40), check(true, 20)]);
    expect(order.map((o) => o.item)).toEqual(['d', 'b', 'e', 'a', 'c', 'f']);
    expect(order[0].check?.inliers).toBe(40);
    expect(order.at(-1)?.check).toBeUndefined();
  });
});

describe('the features cache', () => {
  it('keeps the most recently used entries', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1); lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
  });
});
