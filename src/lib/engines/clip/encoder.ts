/**
 * CLIP image and text towers on @huggingface/transformers (the maintained continuation of
 * @xenova/transformers). Isomorphic: the browser worker and the Node scripts both use this
 * class; only the environment (`env` paths, device) is set by the caller. Pre-processing is
 * ours (preprocess.ts), so both sides feed the towers the same numbers.
 */
import {
  AutoImageProcessor,
  AutoTokenizer,
  CLIPTextModelWithProjection,
  CLIPVisionModelWithProjection,
  Tensor,
  type PreTrainedModel,
  type PreTrainedTokenizer,
} from '@huggingface/transformers';
import type { RgbRaster } from '../../image/raster.ts';
import { parseImageConfig, pixelValues, type ClipImageConfig } from './preprocess.ts';
import { normalize } from './query.ts';
import type { ClipDevice, ClipDtype } from './device.ts';


/** One file's download/load progress, as transformers.js reports it. */
export interface ModelFileProgress {
  readonly file: string;
  readonly status: 'initiate' | 'download' | 'progress' | 'done' | 'ready';
  readonly loaded?: number;
  readonly total?: number;
}

export interface ClipLoadOptions {
  readonly modelId: string;
  /** Hub revision (a commit pins the files; ignored for a site's own copy) */
  readonly revision?: string;
  readonly device: ClipDevice;
  readonly dtype: ClipDtype;
  readonly onProgress?: (p: ModelFileProgress) => void;
}

export interface TextEmbedding {
  readonly vector: Float32Array;
  /** the text was longer than the model's context (77 tokens for CLIP) and was cut */
  readonly truncated: boolean;
  readonly tokens: number;
}

/** Tokens CLIP can read, start and end markers included. */
export const CLIP_CONTEXT = 77;

type ProgressInfo = { status?: string; file?: string; loaded?: number; total?: number };

export class ClipEncoder {
  private constructor(
    readonly modelId: string,
    readonly device: ClipDevice,
    readonly dtype: ClipDtype,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly vision: PreTrainedModel,
    private readonly text: PreTrainedModel,
    readonly imageConfig: ClipImageConfig,
    readonly dim: number,
    readonly revision = 'main',
  ) {}

  static async load(o: ClipLoadOptions): Promise<ClipEncoder> {
    const progress_callback = (p: ProgressInfo) => {
      if (o.onProgress && p.file && p.status) o.onProgress({ file: p.file, status: p.status as ModelFileProgress['status'], loaded: p.loaded, total: p.total });
    };
    const revision = o.revision ?? 'main';
    const common = { device: o.device, dtype: o.dtype, progress_callback, revision };
    // allSettled, not all: when one file fails, the others finish (and are cached) before this
    // throws, so whoever cleans up after a failed load sees every file that was written.
    const settled = await Promise.allSettled([
      AutoTokenizer.from_pretrained(o.modelId, { progress_callback, revision }),
      AutoImageProcessor.from_pretrained(o.modelId, { progress_callback, revision }),
      CLIPVisionModelWithProjection.from_pretrained(o.modelId, common),
      CLIPTextModelWithProjection.from_pretrained(o.modelId, common),
    ] as const);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(settled.map((r) => (r.status === 'fulfilled' && 'dispose' in r.value ? (r.value as PreTrainedModel).dispose().catch(() => {}) : undefined)));
      throw failed.reason;
    }
    const [tokenizer, processor, vision, text] = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [PreTrainedTokenizer, unknown, PreTrainedModel, PreTrainedModel];
    const imageConfig = parseImageConfig((processor as unknown as { config: unknown }).config);
    const probe = new ClipEncoder(o.modelId, o.device, o.dtype, tokenizer, vision, text, imageConfig, 0, revision);
    // Warm-up: one real run of each tower; it also tells the embedding size.
    const [v] = await probe.embedPixelValues([new Float32Array(3 * imageConfig.cropWidth * imageConfig.cropHeight)]);
    await probe.embedTexts(['a photo']);
    return new ClipEncoder(o.modelId, o.device, o.dtype, tokenizer, vision, text, imageConfig, v.length, revision);
  }

  async embedImages(images: readonly RgbRaster[]): Promise<Float32Array[]> {
    return this.embedPixelValues(images.map((im) => pixelValues(im, this.imageConfig)));
  }

  async embedPixelValues(batch: readonly Float32Array[]): Promise<Float32Array[]> {
    const { cropWidth: w, cropHeight: h } = this.imageConfig;
    const data = new Float32Array(batch.length * 3 * w * h);
    batch.forEach((p, i) => data.set(p, i * 3 * w * h));
    const out = await this.vision({ pixel_values: new Tensor('float32', data, [batch.length, 3, h, w]) });
    return rowsOf(out.image_embeds as Tensor);
  }

  async embedTexts(texts: readonly string[]): Promise<TextEmbedding[]> {
    const max = Math.min(CLIP_CONTEXT, Number(this.tokenizer.model_max_length) || CLIP_CONTEXT);
    const lengths = texts.map((t) => (this.tokenizer.encode(t) as number[]).length);
    const inputs = this.tokenizer([...texts], { padding: true, truncation: true, max_length: max });
    const out = await this.text(inputs);
    return rowsOf(out.text_embeds as Tensor).map((vector, i) => ({ vector, truncated: lengths[i] > max, tokens: Math.min(lengths[i], max) }));
  }

  async dispose(): Promise<void> {
    await Promise.all([this.vision.dispose(), this.text.dispose()]);
  }

  /** One image through this model's vision tower loaded on its own on `device` (the WebGPU self-check's WASM side). */
  async embedImageOn(device: ClipDevice, image: RgbRaster): Promise<Float32Array> {
    const { cropWidth: w, cropHeight: h } = this.imageConfig;
    const vision = await CLIPVisionModelWithProjection.from_pretrained(this.modelId, { device, dtype: this.dtype, revision: this.revision });
    try {
      const out = await vision({ pixel_values: new Tensor('float32', pixelValues(image, this.imageConfig), [1, 3, h, w]) });
      return rowsOf(out.image_embeds as Tensor)[0];
    } finally {
      await vision.dispose();
    }
  }
}

/** A [n, d] output tensor → n unit-length rows (the towers' outputs are not normalised). */
function rowsOf(t: Tensor): Float32Array[] {
  const [n, d] = t.dims as number[];
  const data = t.data as Float32Array;
  return Array.from({ length: n }, (_, i) => normalize(data.subarray(i * d, (i + 1) * d)));
}
