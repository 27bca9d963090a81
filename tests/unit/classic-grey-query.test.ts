/**
 * A grey query with the classic engine: a grayscale copy (or a black-and-white photo) is compared
 * on its luma blocks only, so it finds its coloured original instead of other grey images.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticPhoto } from '../../scripts/lib/synthetic-photos.ts';
import { CLASSIC_BLOCKS, classicEngine } from '../../src/lib/engines/classic/index.ts';
import { classicQueryVector, greyness } from '../../src/lib/engines/classic/grey-query.ts';
import { rgbaToRgb, type RgbRaster } from '../../src/lib/image/raster.ts';
import { topK } from '../../src/lib/ranking/topk.ts';
import { queryVector } from '../../workers/search/query.ts';

async function decode(bytes: Buffer): Promise<RgbRaster> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return rgbaToRgb(new Uint8Array(data), info.width, info.height);
}

const PHOTOS = 12;
let colour: Float32Array[], grey: Float32Array[];

beforeAll(async () => {
  const jpegs = await Promise.all(Array.from({ length: PHOTOS }, (_, i) => syntheticPhoto(700 + i, 480, 360)));
  colour = await Promise.all(jpegs.map(async (j) => classicEngine.extract(await decode(j))));
  grey = await Promise.all(jpegs.map(async (j) => classicEngine.extract(await decode(await sharp(j).grayscale().jpeg({ quality: 85 }).toBuffer()))));
});

describe('greyness of a classic vector', () => {
  it('is about 1 for grayscale copies and low for colour photos', () => {
    for (const v of grey) expect(greyness(v)).toBeGreaterThan(0.9);
    for (const v of colour) expect(greyness(v)).toBeLessThan(0.5);
  });
});

describe('classicQueryVector', () => {
  it('returns a colour query as it is', () => {
    for (const v of colour) expect(classicQueryVector(v)).toBe(v);
  });

  it('keeps the luma blocks of a grey query and zeroes its colour blocks', () => {
    const q = classicQueryVector(grey[0]);
    for (const name of ['edges', 'layoutLuma', 'texture'] as const) {
      const [a, b] = CLASSIC_BLOCKS[name];
      expect(Array.from(q.subarray(a, b))).toEqual(Array.from(grey[0].subarray(a, b)));
    }
    for (const name of ['chromaEdges', 'spatialColour', 'layoutChroma'] as const) {
      const [a, b] = CLASSIC_BLOCKS[name];
      expect(q.subarray(a, b).every((x) => x === 0)).toBe(true);
    }
  });

  it('lets a grayscale copy find its coloured original among the grey copies of other photos', () => {
    const dim = classicEngine.dim;
    const firstIsOriginal = (asQuery: (v: Float32Array) => Float32Array) => {
      let found = 0;
      for (let i = 0; i < PHOTOS; i++) {
        // The index: every colour original, and the grayscale copies of the other photos.
        const rows = [...colour, ...grey.filter((_, j) => j !== i)];
        const data = new Float32Array(rows.length * dim);
        rows.forEach((r, j) => data.set(r, j * dim));
        const [best] = topK(asQuery(grey[i]), { kind: 'f32', dim, count: rows.length, data }, 'cosine', 1);
        if (best.index === i) found++;
      }
      return found;
    };
    const asIs = firstIsOriginal((v) => v), compared = firstIsOriginal(classicQueryVector);
    expect(compared).toBe(PHOTOS);
    expect(compared).toBeGreaterThan(asIs);
  });
});

describe('the search worker', () => {
  it('ranks a grey gallery image used as the query on its luma blocks, a colour one as it is', () => {
    const dim = classicEngine.dim, data = new Float32Array(2 * dim);
    data.set(colour[0]);
    data.set(grey[1], dim);
    const matrix = { kind: 'f32' as const, dim, count: 2, data };
    expect(Array.from(queryVector({ images: [{ item: 0 }] }, 'classic', matrix))).toEqual(Array.from(colour[0]));
    expect(Array.from(queryVector({ images: [{ item: 1 }] }, 'classic', matrix))).toEqual(Array.from(classicQueryVector(grey[1])));
    expect(greyness(grey[1])).toBeGreaterThan(0.9);
  });
});
