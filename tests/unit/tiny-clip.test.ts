/**
 * The tiny hand-weighted CLIP in tests/fixtures/models/tiny-clip (made by
 * scripts/models/make-tiny-clip.py, described in docs/TINY_MODEL.md), loaded and run by the real
 * transformers.js code, local files only. What later tests rely on is pinned here: colour words
 * and colour images share directions, padding and batching don't move a text vector, 77-token
 * truncation, the outputs are NOT unit length (so callers must normalise), and the fp32, fp16 and
 * q8 file names all resolve.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { internalsOf } from '../fixtures/transformers-internals.ts';
import {
  AutoImageProcessor,
  AutoProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  env,
  RawImage,
  type PreTrainedModel,
  type PreTrainedTokenizer,
  type Processor,
} from '@huggingface/transformers';

const MODELS_DIR = fileURLToPath(new URL('../fixtures/models', import.meta.url));
const MODEL_ID = 'tiny-clip';
const DIM = 16;

type RGB = [number, number, number];

/** Test colours (CSS values where CSS has the name) and the word that should find them. */
const COLOURS: Record<string, RGB> = {
  red: [255, 0, 0],
  green: [0, 255, 0],
  blue: [0, 0, 255],
  yellow: [255, 255, 0],
  cyan: [0, 255, 255],
  magenta: [255, 0, 255],
  orange: [255, 165, 0],
  purple: [128, 0, 128],
  pink: [255, 192, 203],
  brown: [139, 69, 19],
  white: [255, 255, 255],
  gray: [128, 128, 128],
  black: [0, 0, 0],
};
const WORDS = Object.keys(COLOURS);

let tokenizer: PreTrainedTokenizer;
let processor: Processor;
let vision: PreTrainedModel;
let text: PreTrainedModel;

function solid([r, g, b]: RGB, width = 64, height = 64): RawImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([r, g, b, 255], i * 4);
  return new RawImage(data, width, height, 4);
}

function rows(t: { dims: number[]; data: ArrayLike<number> }): Float32Array[] {
  const [n, d] = t.dims;
  return Array.from({ length: n }, (_, i) => Float32Array.from(Array.prototype.slice.call(t.data, i * d, (i + 1) * d)));
}

const norm = (v: ArrayLike<number>) => Math.hypot(...Array.from(v));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const normalize = (v: ArrayLike<number>) => {
  const n = norm(v);
  return Float32Array.from(v, (x) => x / n);
};
const cos = (a: ArrayLike<number>, b: ArrayLike<number>) => dot(a, b) / (norm(a) * norm(b));
const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));

async function embedImages(images: RawImage[], model = vision): Promise<Float32Array[]> {
  const inputs = await processor(images);
  const { image_embeds } = await model(inputs);
  return rows(image_embeds);
}

async function embedTexts(texts: string[], model = text): Promise<Float32Array[]> {
  const inputs = tokenizer(texts, { padding: true, truncation: true });
  const { text_embeds } = await model(inputs);
  return rows(text_embeds);
}

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = MODELS_DIR;
  tokenizer = await AutoTokenizer.from_pretrained(MODEL_ID);
  processor = await AutoProcessor.from_pretrained(MODEL_ID);
  vision = await CLIPVisionModelWithProjection.from_pretrained(MODEL_ID, { device: 'cpu', dtype: 'fp32' });
  text = await CLIPTextModelWithProjection.from_pretrained(MODEL_ID, { device: 'cpu', dtype: 'fp32' });
});

describe('tiny-clip loads like a Xenova CLIP', () => {
  it('declares the inputs and outputs transformers.js feeds and reads', () => {
    const v = internalsOf(vision).sessions.model;
    const t = internalsOf(text).sessions.model;
    expect(v.inputNames).toEqual(['pixel_values']);
    expect(v.outputNames).toEqual(['image_embeds']);
    // Only input_ids: the tokenizer's attention_mask is not declared, so it is not fed.
    expect(t.inputNames).toEqual(['input_ids']);
    expect(t.outputNames).toEqual(['text_embeds']);
    expect(internalsOf(vision).config.model_type).toBe('clip');
    expect(internalsOf(vision).config.projection_dim).toBe(DIM);
  });

  it('has a CLIP tokenizer: one token per colour word, <|startoftext|> … <|endoftext|>, pad = eos', () => {
    expect(tokenizer.model_max_length).toBe(77);
    expect(tokenizer.pad_token_id).toBe(tokenizer.eos_token_id);
    const vocab = tokenizer.get_vocab() as Map<string, number> | Record<string, number>;
    const id = (t: string) => (vocab instanceof Map ? vocab.get(t) : vocab[t]);
    const ids = (s: string) => (tokenizer(s).input_ids.tolist() as bigint[][])[0].map(Number);
    const [bos, eos] = [id('<|startoftext|>'), id('<|endoftext|>')];
    expect([bos, eos]).toEqual([tokenizer.bos_token_id, tokenizer.eos_token_id]);
    for (const w of WORDS) expect(ids(w)).toEqual([bos, id(`${w}</w>`), eos]);
    // Non-ASCII words are one token too (the vocabulary stores them byte-level encoded).
    const seen = new Set<number>();
    for (const w of ['crimson', 'grey', 'đỏ', 'vàng', 'xanh', 'lá', 'dương']) {
      const got = ids(w);
      expect(got.length).toBe(3);
      expect(tokenizer.decode([got[1]]).trim()).toBe(w);
      seen.add(got[1]);
    }
    expect(seen.size).toBe(7);
    // NFC + lowercase + whitespace clean-up, like CLIP.
    expect(ids('  RED\t\n')).toEqual(ids('red'));
    expect(ids('Vàng'.normalize('NFD'))).toEqual(ids('vàng'));
    expect(tokenizer.decode(ids('A red car!'), { skip_special_tokens: true }).trim()).toBe('a red car!');
  });

  it('AutoImageProcessor gives CLIP pixel_values [B,3,224,224]', async () => {
    const ip = await AutoImageProcessor.from_pretrained(MODEL_ID);
    const { pixel_values } = await ip([solid([255, 0, 0], 64, 48), solid([0, 0, 255], 300, 200)]);
    expect(pixel_values.dims).toEqual([2, 3, 224, 224]);
    // CLIP normalisation: (1 - 0.48145466) / 0.26862954 for the red channel of a red image.
    expect(pixel_values.data[0]).toBeCloseTo((1 - 0.48145466) / 0.26862954, 4);
  });
});

describe('colour images and colour words share directions', () => {
  let imageVecs: Float32Array[];
  let wordVecs: Float32Array[];
  beforeAll(async () => {
    imageVecs = await embedImages(WORDS.map((w) => solid(COLOURS[w])));
    wordVecs = await embedTexts(WORDS);
  });

  it.each(WORDS)('a %s image is closest to the word among the colour words', (w) => {
    const img = imageVecs[WORDS.indexOf(w)];
    expect(WORDS[argmax(wordVecs.map((t) => cos(img, t)))]).toBe(w);
    // …and the word finds that image first among the colour images.
    const t = wordVecs[WORDS.indexOf(w)];
    expect(WORDS[argmax(imageVecs.map((v) => cos(v, t)))]).toBe(w);
  });

  it('outputs are not unit length (callers must L2-normalise)', () => {
    for (const v of imageVecs) expect(norm(v)).toBeGreaterThan(4);
    for (const v of wordVecs) expect(norm(v)).toBeCloseTo(2.5, 2);
  });

  it('similar colours are close, different ones are not', async () => {
    const [red, crimson, darkRed, blue] = await embedImages([
      solid([255, 0, 0]),
      solid([220, 20, 60]),
      solid([139, 0, 0]),
      solid([0, 0, 255]),
    ]);
    expect(cos(red, crimson)).toBeGreaterThan(0.9);
    expect(cos(red, darkRed)).toBeGreaterThan(0.5);
    expect(Math.abs(cos(red, blue))).toBeLessThan(0.1);
  });

  it('"a red car" points like "red"; sentences and synonyms work', async () => {
    const [red, sentence, crimson, shout, car] = await embedTexts(['red', 'a red car', 'crimson', 'RED!!', 'a car']);
    expect(cos(sentence, red)).toBeGreaterThan(0.95);
    expect(cos(crimson, red)).toBeGreaterThan(0.999);
    expect(cos(shout, red)).toBeGreaterThan(0.98);
    // Words without colour give a small vector, nearly orthogonal to every colour image.
    expect(norm(car)).toBeLessThan(0.3 * norm(red));
    for (const v of imageVecs) expect(Math.abs(cos(car, v))).toBeLessThan(0.2);
  });

  it('Vietnamese colour words find the right images', async () => {
    const queries = { đỏ: 'red', vàng: 'yellow', 'xanh lá': 'green', 'xanh dương': 'blue', 'màu đỏ': 'red' };
    const vecs = await embedTexts(Object.keys(queries));
    Object.values(queries).forEach((want, i) => {
      expect(WORDS[argmax(imageVecs.map((v) => cos(v, vecs[i])))]).toBe(want);
    });
  });
});

describe('padding, batching and truncation', () => {
  const LONG = 'a photo of a small boat on a calm lake at sunset with mountains behind it and birds above';

  it('padding inside a batch does not change a text vector', async () => {
    const batch = tokenizer(['red', LONG, 'blue sky'], { padding: true, truncation: true });
    const ids = batch.input_ids.tolist() as bigint[][];
    expect(ids[0].length).toBeGreaterThan(10); // really padded…
    expect(Number(ids[0][ids[0].length - 1])).toBe(tokenizer.pad_token_id); // …with the eos/pad id
    const batched = rows((await text(batch)).text_embeds);
    const [alone] = await embedTexts(['red']);
    const [blueAlone] = await embedTexts(['blue sky']);
    for (let i = 0; i < DIM; i++) {
      expect(batched[0][i]).toBeCloseTo(alone[i], 6);
      expect(batched[2][i]).toBeCloseTo(blueAlone[i], 6);
    }
  });

  it('batching images does not change an image vector', async () => {
    const [alone] = await embedImages([solid(COLOURS.orange)]);
    const batch = await embedImages([solid(COLOURS.blue), solid(COLOURS.orange)]);
    for (let i = 0; i < DIM; i++) expect(batch[1][i]).toBeCloseTo(alone[i], 4);
  });

  it('a 200-word text is truncated to 77 tokens and embeds without error', async () => {
    const words = Array.from({ length: 200 }, (_, i) => (i === 3 ? 'red' : `word${i % 7}`)).join(' ');
    const inputs = tokenizer([words], { padding: true, truncation: true });
    expect(inputs.input_ids.dims).toEqual([1, 77]);
    const [v] = rows((await text(inputs)).text_embeds);
    expect(v.every(Number.isFinite)).toBe(true);
    // Like real CLIP, the model itself refuses more than 77 positions: truncation is required.
    const untruncated = tokenizer([words]);
    expect(untruncated.input_ids.dims[1]).toBeGreaterThan(77);
    const strict = await CLIPTextModelWithProjection.from_pretrained(MODEL_ID, {
      device: 'cpu',
      dtype: 'fp32',
      session_options: { logSeverityLevel: 4 }, // keep onnxruntime's own error line out of the output
    });
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {}); // transformers.js logs the failed inputs
    try {
      await expect(strict(untruncated)).rejects.toThrow();
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('hybrid query (text + image)', () => {
  it('normalize(0.6·text("red") + 0.4·image(blue)) ranks red above blue; α=0 ranks blue first', async () => {
    const [redImg, blueImg] = (await embedImages([solid(COLOURS.red), solid(COLOURS.blue)])).map(normalize);
    const [redText] = (await embedTexts(['red'])).map(normalize);
    const mix = (alpha: number) =>
      normalize(Float32Array.from(redText, (t, i) => alpha * t + (1 - alpha) * blueImg[i]));
    const score = (q: Float32Array) => [dot(q, redImg), dot(q, blueImg)];

    const [r6, b6] = score(mix(0.6));
    expect(r6).toBeGreaterThan(b6);
    const [r0, b0] = score(mix(0));
    expect(b0).toBeGreaterThan(r0);

    // Without normalising the two parts first, the larger image vector wins: the scales differ.
    const [rawRed] = await embedTexts(['red']);
    const [, rawBlue] = await embedImages([solid(COLOURS.red), solid(COLOURS.blue)]);
    const raw = Float32Array.from(rawRed, (t, i) => 0.6 * t + 0.4 * rawBlue[i]);
    const [rr, rb] = score(raw);
    expect(rb).toBeGreaterThan(rr);
  });
});

describe('dtype file names', () => {
  it.each([
    ['q8', '_quantized'],
    ['fp16', '_fp16'],
  ] as const)('dtype %s (onnx/*%s.onnx) loads and agrees with fp32', async (dtype, suffix) => {
    for (const f of ['vision_model', 'text_model']) {
      expect(existsSync(join(MODELS_DIR, MODEL_ID, 'onnx', `${f}${suffix}.onnx`))).toBe(true);
    }
    const v = await CLIPVisionModelWithProjection.from_pretrained(MODEL_ID, { device: 'cpu', dtype });
    const t = await CLIPTextModelWithProjection.from_pretrained(MODEL_ID, { device: 'cpu', dtype });
    expect(internalsOf(v).sessions.model.config.dtype).toBe(dtype);
    const imgs = WORDS.map((w) => solid(COLOURS[w]));
    const [a, b] = [await embedImages(imgs), await embedImages(imgs, v)];
    const [ta, tb] = [await embedTexts(WORDS), await embedTexts(WORDS, t)];
    WORDS.forEach((w, i) => {
      expect(cos(a[i], b[i])).toBeGreaterThan(0.999);
      expect(cos(ta[i], tb[i])).toBeGreaterThan(0.999);
      expect(WORDS[argmax(tb.map((x) => cos(b[i], x)))]).toBe(w);
    });
    // A different file really was loaded: its stored weights are rounded differently.
    expect(ta.some((x, i) => x.some((y, j) => y !== tb[i][j]))).toBe(true);
  });

  it('the default dtype on the Node cpu device is fp32 (no suffix)', async () => {
    const v = await CLIPVisionModelWithProjection.from_pretrained(MODEL_ID, { device: 'cpu' });
    expect(internalsOf(v).sessions.model.config.dtype).toBe('fp32');
  });
});
