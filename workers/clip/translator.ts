/**
 * Offline translation of non-English (Vietnamese) queries to English, with a MarianMT model run
 * by transformers.js on WASM, in front of the CLIP text tower. Loaded on first need; a missing
 * model is not an error for the search, only a note (the text is then searched as typed).
 */
import { env, pipeline, type TranslationPipeline } from '@huggingface/transformers';
import { looksVietnamese } from '../../src/lib/engines/clip/language.ts';
import { sentenceOf } from '../../src/lib/messages/message-error.ts';
import { asText, message, type Text } from '../../src/lib/messages/sentence.ts';
import type { ClipSettings, ClipStatus } from '../../src/protocol/clip.ts';
import { WorkerError } from '../../src/protocol/errors.ts';

export type Translate = (texts: string[]) => Promise<string[]>;
export type TranslatorLoader = (modelId: string) => Promise<Translate>;

export const loadMarian: TranslatorLoader = async (modelId) => {
  const translator = (await pipeline('translation', modelId, { device: 'wasm', dtype: 'q8' })) as TranslationPipeline;
  return async (texts) => {
    const out = (await translator(texts, { max_new_tokens: 64 })) as { translation_text: string }[];
    return out.map((o) => o.translation_text.trim());
  };
};

export type TranslationOutcome = { readonly text: string; readonly translatedFrom?: string; readonly skipped?: Text };

export class Translator {
  #loaded?: { modelId: string; promise: Promise<Translate> };

  constructor(
    private readonly emit: (status: ClipStatus) => void,
    private readonly isShipped: (modelsPath: string, modelId: string) => Promise<boolean>,
    private readonly loader: TranslatorLoader = loadMarian,
  ) {}

  /** English text (or translation off) passes through; Vietnamese is translated when a model is at hand. */
  async maybeTranslate(text: string, s: ClipSettings): Promise<TranslationOutcome> {
    if (!s.translate || !looksVietnamese(text)) return { text };
    try {
      const translate = await this.#load(s);
      const [english] = await translate([text]);
      return english ? { text: english, translatedFrom: text } : { text, skipped: message('worker.translationEmpty') };
    } catch (e) {
      return { text, skipped: asText(sentenceOf(e)) };
    }
  }

  #load(s: ClipSettings): Promise<Translate> {
    if (this.#loaded?.modelId !== s.translationModelId) {
      const promise = (async () => {
        if (!(await this.isShipped(s.modelsPath, s.translationModelId)) && !s.allowDownload) {
          const reason = message('worker.translatorNotShipped', { model: s.translationModelId });
          this.emit({ state: 'unavailable', modelId: s.translationModelId, reason, canDownload: true });
          throw new WorkerError({ code: 'model-unavailable', message: reason });
        }
        this.emit({ state: 'loading', modelId: s.translationModelId, device: 'wasm', dtype: 'q8', source: 'site', files: {} });
        const t = await this.loader(s.translationModelId);
        this.emit({ state: 'ready', modelId: s.translationModelId, device: 'wasm', dtype: 'q8', source: 'site', dim: 0, loadMs: 0, threads: env.backends.onnx.wasm?.numThreads ?? 1 });
        return t;
      })();
      this.#loaded = { modelId: s.translationModelId, promise };
      promise.catch(() => { if (this.#loaded?.promise === promise) this.#loaded = undefined; });
    }
    return this.#loaded.promise;
  }
}
