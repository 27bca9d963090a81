import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumLaunchOptions } from '../lib/chromium.ts';
import { loadNodeClip } from '../lib/clip-node.ts';
import { decodeBytes } from '../lib/decode-node.ts';
import { startPreview } from './browser-section.ts';
import { stopTree } from './proc.ts';
import { summarize, type Timing } from './stats.ts';

export interface ClipFigures {
  where: string;
  device: string;
  dtype: string;
  loadMs: number;
  /** decode + pre-process + image tower, one image at a time */
  image: Timing;
  text: Timing;
}

const PORT = 4177;
const MODELS = 'tests/fixtures/models';

/** The tiny test model in Node (onnxruntime-node, CPU). */
export async function nodeClip(photos: readonly string[]): Promise<ClipFigures> {
  const t0 = performance.now();
  const clip = await loadNodeClip(MODELS, 'tiny-clip', 'q8');
  const loadMs = performance.now() - t0;
  const image: number[] = [], text: number[] = [];
  for (const p of photos) {
    const t = performance.now();
    await clip.embedImages([await decodeBytes(await readFile(p))]);
    image.push(performance.now() - t);
  }
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await clip.embedTexts([`a photo of a red car number ${i}`]);
    text.push(performance.now() - t);
  }
  await clip.dispose();
  return { where: 'Node (onnxruntime-node)', device: 'cpu', dtype: 'q8', loadMs, image: summarize(image), text: summarize(text) };
}

/**
 * The tiny test model in the clip worker of the test site (dist-clip/), in headless Chromium:
 * once as shipped (WASM here), once with --enable-unsafe-webgpu (a SwiftShader adapter on
 * machines without a GPU: a smoke figure, not a GPU figure).
 */
export async function browserClip(photos: readonly string[], webgpu: boolean): Promise<ClipFigures> {
  const server = await startPreview('dist-clip', PORT);
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true, args: [...chromiumArgs, ...(webgpu ? ['--enable-unsafe-webgpu'] : [])] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    const status = page.getByTestId('clip-status');
    await status.and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
    const summary = (await status.textContent()) ?? '';
    const device = (await status.getAttribute('data-device')) ?? '?';
    const loadMs = Number(/loaded in ([\d.]+) (ms|s)/.exec(summary)?.[1] ?? NaN) * (/loaded in [\d.]+ s/.test(summary) ? 1000 : 1);
    const files = await Promise.all(photos.map(async (p) => ({ name: basename(p), b64: (await readFile(p)).toString('base64') })));
    const r = await page.evaluate(async (files) => {
      const api = window.imageSearch.clip;
      const buffers = files.map((f) => ({ name: f.name, bytes: Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0)).buffer }));
      await api.embedImage(buffers[0].bytes.slice(0), buffers[0].name);
      const image: number[] = [], text: number[] = [];
      for (const b of buffers) {
        const t = performance.now();
        await api.embedImage(b.bytes, b.name);
        image.push(performance.now() - t);
      }
      for (let i = 0; i < 30; i++) {
        const t = performance.now();
        await api.embedText(`a photo of a red car number ${i}`);
        text.push(performance.now() - t);
      }
      return { image, text };
    }, files);
    const dtype = /\((q8|fp16|fp32)\)/.exec(summary)?.[1] ?? '?';
    return { where: `Chromium clip worker${webgpu ? ' (--enable-unsafe-webgpu)' : ''}`, device, dtype, loadMs, image: summarize(r.image), text: summarize(r.text) };
  } finally {
    await browser.close();
    await stopTree(server);
  }
}
