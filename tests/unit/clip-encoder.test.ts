/**
 * The CLIP engine's encoder, run by the real transformers.js code on the project's tiny
 * hand-weighted model (docs/TINY_MODEL.md), local files only: the same class the browser
 * worker uses, with our own pre-processing.
 */
import { fileURLToPath } from 'node:url';
import { env } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClipEncoder } from '../../src/lib/engines/clip/encoder.ts';
import { parseImageConfig, pixelValues } from '../../src/lib/engines/clip/preprocess.ts';
import { hybridQuery } from '../../src/lib/engines/clip/query.ts';
import { encodeTextQuery } from '../../src/lib/query/text-terms.ts';
import type { RgbRaster } from '../../src/lib/image/raster.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);

function solid(rgb: [number, number, number], width = 64, height = 48): RgbRaster {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(rgb, i);
  return { width, height, data };
}

const RED = solid([230, 20, 20]), GREEN = solid([20, 200, 40]), BLUE = solid([20, 40, 230]), YELLOW = solid([240, 230, 30]);
const GALLERY = { red: RED, green: GREEN, blue: BLUE, yellow: YELLOW };

let clip: ClipEncoder;
let images: Record<keyof typeof GALLERY, Float32Array>;

function rank(q: Float32Array): string[] {
  return Object.entries(images).sort((a, b) => dot(q, b[1]) - dot(q, a[1])).map(([k]) => k);
}

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = fileURLToPath(new URL('../fixtures/models', import.meta.url));
  clip = await ClipEncoder.load({ modelId: 'tiny-clip', device: 'cpu', dtype: 'fp32' });
  const vs = await clip.embedImages(Object.values(GALLERY));
  images = Object.fromEntries(Object.keys(GALLERY).map((k, i) => [k, vs[i]])) as typeof images;
}, 30_000);

describe('CLIP encoder on the tiny model', () => {
  it('returns unit-length vectors of the model size', async () => {
    expect(clip.dim).toBe(16);
    const [t] = await clip.embedTexts(['red']);
    expect(Math.hypot(...t.vector)).toBeCloseTo(1, 5);
    expect(Math.hypot(...images.blue)).toBeCloseTo(1, 5);
  });

  it('ranks the red image first for the text "red", and so on for each colour', async () => {
    const texts = await clip.embedTexts(['red', 'green', 'blue', 'yellow']);
    expect(texts.map((t) => rank(t.vector)[0])).toEqual(['red', 'green', 'blue', 'yellow']);
  });

  it('finds an image from a sentence that mentions its colour', async () => {
    const [t] = await clip.embedTexts(['a photo of a big blue car']);
    expect(rank(t.vector)[0]).toBe('blue');
  });

  it('gives a text the same vector alone and padded in a batch', async () => {
    const [alone] = await clip.embedTexts(['green']);
    const [, inBatch] = await clip.embedTexts(['a very long sentence about many different things and colours', 'green']);
    expect(dot(alone.vector, inBatch.vector)).toBeCloseTo(1, 6);
  });

  it('cuts a text longer than 77 tokens and says so', async () => {
    const [long] = await clip.embedTexts([`red ${'word '.repeat(200)}`]);
    expect(long.truncated).toBe(true);
    expect(long.tokens).toBe(77);
    const [short] = await clip.embedTexts(['red']);
    expect(short.truncated).toBe(false);
  });

  it('moves a hybrid query from the image to the text as α goes from 0 to 1', async () => {
    const [red] = await clip.embedTexts(['red']);
    const at = (alpha: number) => rank(hybridQuery({ text: red.vector, images: [images.blue], alpha }));
    expect(at(0)[0]).toBe('blue');
    expect(at(0.6)[0]).toBe('red');
    expect(at(1)[0]).toBe('red');
    const q6 = hybridQuery({ text: red.vector, images: [images.blue], alpha: 0.6 });
    const q3 = hybridQuery({ text: red.vector, images: [images.blue], alpha: 0.3 });
    expect(dot(q6, images.red)).toBeGreaterThan(dot(q3, images.red));
  });

  it('pre-processes like CLIP: shorter side to 224, centre crop, normalised channels', () => {
    const cfg = parseImageConfig({ size: { shortest_edge: 224 }, crop_size: { height: 224, width: 224 } });
    const px = pixelValues(solid([255, 255, 255], 300, 150), cfg);
    expect(px.length).toBe(3 * 224 * 224);
    expect(px[0]).toBeCloseTo((1 - 0.48145466) / 0.26862954, 4);
  });
});

describe("the text box's query language on the tiny model (each term encoded, then combined)", () => {
  const query = async (text: string) =>
    (await encodeTextQuery(text, async (t) => ({ ...(await clip.embedTexts([t]))[0], searchedText: t, ms: 0 }))).vector;

  it('a negative term pushes down the images it names', async () => {
    expect(rank(await query('red yellow')).slice(0, 2).sort()).toEqual(['red', 'yellow']);
    expect(rank(await query('red -yellow'))[0]).toBe('red');
    expect(rank(await query('red -yellow')).at(-1)).toBe('yellow');
  });

  it('weights shift the ranking the way they say', async () => {
    expect(rank(await query('2:red yellow'))[0]).toBe('red');
    expect(rank(await query('red 2:yellow'))[0]).toBe('yellow');
  });

  it('a plain text is encoded once, as typed', async () => {
    const seen: string[] = [];
    await encodeTextQuery('a big blue car', async (t) => (seen.push(t), { ...(await clip.embedTexts([t]))[0], searchedText: t, ms: 0 }));
    expect(seen).toEqual(['a big blue car']);
  });
});
