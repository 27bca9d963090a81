import { message } from '../../src/lib/messages/sentence.ts';
import { transfer } from 'comlink';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { ClipApi, ClipEvent, ClipEventListener, ClipSettings } from '../../src/protocol/clip.ts';
import { decodeImage } from '../embed/decode.ts';
import { ClipService, browserDeps, type ClipServiceDeps } from './service.ts';
import { Translator, loadMarian, type TranslatorLoader } from './translator.ts';

/** The clip worker's API; decoding is the embed worker's own decoder, so rasters are identical. */
export function createClipApi(deps: ClipServiceDeps = browserDeps, translatorLoader: TranslatorLoader = loadMarian): ClipApi {
  let listener: ClipEventListener | undefined;
  let settings: ClipSettings | undefined;
  const emit = (event: ClipEvent) => {
    try { void Promise.resolve(listener?.(event)).catch(() => {}); } catch { /* page gone */ }
  };
  const service = new ClipService((status) => emit({ type: 'clip-status', status }), deps);
  const translator = new Translator((status) => emit({ type: 'translator-status', status }), deps.isShipped, translatorLoader);

  return {
    async init(onEvent) {
      listener = onEvent;
    },

    async load(s) {
      settings = s;
      return service.load(s);
    },

    async embedImage(bytes, name) {
      if (!(bytes instanceof ArrayBuffer)) throw new WorkerError({ code: 'bad-request', message: 'embedImage expects the file bytes as an ArrayBuffer' });
      const encoder = service.encoder();
      const t0 = deps.now();
      const { raster } = await decodeImage(new Uint8Array(bytes), name || 'image');
      const [vector] = await encoder.embedImages([raster]);
      return transfer({ vector, ms: deps.now() - t0 }, [vector.buffer as ArrayBuffer]);
    },

    async embedFile(file, name) {
      if (!(file instanceof Blob)) throw new WorkerError({ code: 'bad-request', message: 'embedFile expects a File or Blob' });
      const encoder = service.encoder();
      const t0 = deps.now();
      const { raster } = await decodeImage(new Uint8Array(await file.arrayBuffer()), name || 'image');
      const [vector] = await encoder.embedImages([raster]);
      return transfer({ vector, ms: deps.now() - t0 }, [vector.buffer as ArrayBuffer]);
    },

    async embedText(text) {
      const encoder = service.encoder();
      const typed = typeof text === 'string' ? text.trim() : '';
      if (!typed) throw new WorkerError({ code: 'empty-text', message: message('worker.emptyText') });
      const t0 = deps.now();
      const t = settings ? await translator.maybeTranslate(typed, settings) : { text: typed };
      const [e] = await encoder.embedTexts([t.text]);
      const result = {
        vector: e.vector, searchedText: t.text, truncated: e.truncated, tokens: e.tokens, ms: deps.now() - t0,
        ...(t.translatedFrom ? { translatedFrom: t.translatedFrom } : {}),
        ...(t.skipped ? { translationSkipped: t.skipped } : {}),
      };
      return transfer(result, [e.vector.buffer as ArrayBuffer]);
    },
  };
}
