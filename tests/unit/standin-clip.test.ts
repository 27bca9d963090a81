/**
 * The full-size CLIP stand-in (docs/STANDIN_MODEL.md): the real ViT-B/32 architecture with random
 * weights, made by Debian's python3-torch, loaded in every dtype by the real transformers.js code
 * in Node. Weights carry no meaning, so this checks shapes, sizes and that the fp16 and int8
 * exports compute the same function as fp32 — not any ranking.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipEncoder } from '../../src/lib/engines/clip/encoder.ts';
import type { RgbRaster } from '../../src/lib/image/raster.ts';
import { loadNodeClip } from '../../scripts/lib/clip-node.ts';
import { ensureStandin, REAL_SIZES_MB, STANDIN_ID, STANDIN_ROOT, standinFiles, standinUnavailableReason } from '../../scripts/lib/standin.ts';

const unavailable = standinFiles() ? undefined : standinUnavailableReason();
if (unavailable) console.warn(`[standin-clip.test] SKIPPED: ${unavailable}`);

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const minus = (a: Float32Array, b: Float32Array) => a.map((x, i) => x - b[i]);
const cosine = (a: Float32Array, b: Float32Array) => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

/** A deterministic photo-like raster: smooth colour gradients plus seeded noise. */
function raster(seed: number, width = 320, height = 240): RgbRaster {
  const data = new Uint8Array(width * height * 3);
  let s = seed >>> 0;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const i = (y * width + x) * 3, noise = (s >>> 24) / 8;
    data[i] = (x * (seed + 1) * 3 + noise) & 255;
    data[i + 1] = (y * (7 - seed) * 2 + noise) & 255;
    data[i + 2] = ((x + y) * seed + noise) & 255;
  }
  return { width, height, data };
}

const IMAGES = [raster(1), raster(2), raster(3)];
const TEXTS = ['a dog on the beach', 'a red car parked in a narrow street at night', 'chair'];
type Outputs = { images: Float32Array[]; texts: Float32Array[]; dim: number };
const outputs: Partial<Record<'fp32' | 'fp16' | 'q8', Outputs>> = {};

describe.skipIf(!!unavailable)(`the full-size CLIP stand-in${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    ensureStandin(); // ~1.5 min the first time on 2 cores; kept in .cache/ afterwards
    for (const dtype of ['fp32', 'fp16', 'q8'] as const) {
      const encoder: ClipEncoder = await loadNodeClip(STANDIN_ROOT, STANDIN_ID, dtype);
      try {
        const images = await encoder.embedImages(IMAGES);
        const texts = (await encoder.embedTexts(TEXTS)).map((t) => t.vector);
        outputs[dtype] = { images, texts, dim: encoder.dim };
      } finally {
        await encoder.dispose();
      }
    }
  }, 600_000);
  afterAll(() => { for (const k of Object.keys(outputs)) delete outputs[k as keyof typeof outputs]; });

  it('has every ONNX file within 10 % of the real model file size', () => {
    for (const [file, mb] of Object.entries(REAL_SIZES_MB)) {
      const size = statSync(join(STANDIN_ROOT, STANDIN_ID, 'onnx', file)).size / 1e6;
      expect(Math.abs(size - mb) / mb, `${file}: ${size.toFixed(1)} MB vs ${mb} MB`).toBeLessThan(0.1);
    }
  });

  it('gives 512-d unit-length image and text embeddings in a batch, in every dtype', () => {
    for (const [dtype, o] of Object.entries(outputs)) {
      expect(o.dim, dtype).toBe(512);
      for (const v of [...o.images, ...o.texts]) {
        expect(v.length).toBe(512);
        expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 4);
      }
    }
    expect(Object.keys(outputs).sort()).toEqual(['fp16', 'fp32', 'q8']);
  });

  it('gives different inputs different embeddings (a tower that ignores its input would fail)', () => {
    const { images, texts } = outputs.fp32!;
    expect(cosine(images[0], images[1])).toBeLessThan(0.99);
    expect(cosine(texts[0], texts[1])).toBeLessThan(0.99);
  });

  it('computes the same function in fp16 and int8 as in fp32 (cosine ≥ 0.95, also of the differences between inputs)', () => {
    const ref = outputs.fp32!;
    const report: string[] = [];
    for (const dtype of ['fp16', 'q8'] as const) {
      const o = outputs[dtype]!;
      for (const kind of ['images', 'texts'] as const) {
        const same = o[kind].map((v, i) => cosine(v, ref[kind][i]));
        // What separates two inputs must survive too: outputs that all collapse onto one
        // direction would agree with anything.
        const apart = o[kind].slice(1).map((v, i) => cosine(minus(v, o[kind][0]), minus(ref[kind][i + 1], ref[kind][0])));
        report.push(`${dtype} ${kind}: cos ${Math.min(...same).toFixed(6)}, differences ${Math.min(...apart).toFixed(6)}`);
        for (const c of [...same, ...apart]) expect(c, `${dtype} ${kind}`).toBeGreaterThanOrEqual(0.95);
      }
    }
    console.info(`[standin-clip.test] agreement with fp32 (lowest): ${report.join('; ')}`);
  });
});
