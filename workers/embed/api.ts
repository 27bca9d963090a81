import { transfer } from 'comlink';
import { allEngines, getEngine } from '../../src/lib/engines/registry.ts';
import type { EngineId } from '../../src/lib/engines/types.ts';
import { ImageError } from '../../src/lib/image/errors.ts';
import { aboutFile } from '../../src/lib/messages/message-error.ts';
import { message } from '../../src/lib/messages/sentence.ts';
import type { RgbRaster } from '../../src/lib/image/raster.ts';
import { fileSizeProblem } from '../../src/lib/image/sniff.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { EmbedApi, EmbedResult, EngineVectors, IndexedImage } from '../../src/protocol/embed.ts';
import { decodeImage, type Decoded } from './decode.ts';
import { sha256Hex } from './hash.ts';
import { makeThumbnail } from './thumbnail.ts';

export type Decoder = (bytes: Uint8Array, file: string) => Promise<Decoded>;
export type Thumbnailer = (raster: RgbRaster) => Promise<Blob>;

/** Every engine's vector from one decode. Pure apart from the decoder, so Vitest can drive it. */
export function createEmbedApi(decode: Decoder = decodeImage, thumbnail: Thumbnailer = makeThumbnail): EmbedApi {
  return {
    async index(file, name) {
      if (!(file instanceof Blob)) throw new WorkerError({ code: 'bad-request', message: 'index expects a File or Blob' });
      const path = typeof name === 'string' && name ? name : 'image';
      const tooBig = fileSizeProblem(file.size);
      if (tooBig) throw new ImageError('too-large', tooBig, path);
      const t0 = performance.now();
      let bytes: Uint8Array<ArrayBuffer>;
      try {
        bytes = new Uint8Array(await file.arrayBuffer());
      } catch (e) {
        throw new WorkerError({ code: 'not-an-image', message: aboutFile(path, message('worker.unreadable', { reason: (e as Error).message })), file: path });
      }
      const hash = await sha256Hex(bytes);
      const decoded = await decode(bytes, path);
      const classic = getEngine('classic').extract(decoded.raster);
      let thumb: Blob;
      try {
        thumb = await thumbnail(decoded.raster);
      } catch (e) {
        throw new ImageError('corrupt', message('worker.noPreview', { reason: (e as Error).message }), path);
      }
      const own = classic.byteOffset === 0 && classic.byteLength === classic.buffer.byteLength ? classic : classic.slice();
      const result: IndexedImage = { hash, format: decoded.format, width: decoded.width, height: decoded.height, thumb, classic: own, ms: performance.now() - t0 };
      return transfer(result, [own.buffer as ArrayBuffer]);
    },

    async embed(bytes, name) {
      if (!(bytes instanceof ArrayBuffer)) throw new WorkerError({ code: 'bad-request', message: 'embed expects the file bytes as an ArrayBuffer' });
      const file = typeof name === 'string' && name ? name : 'image';
      const t0 = performance.now();
      const decoded = await decode(new Uint8Array(bytes), file);
      const decodeMs = performance.now() - t0;
      const vectors = {} as EngineVectors;
      const extractMs = {} as Record<EngineId, number>;
      for (const engine of allEngines()) {
        const t = performance.now();
        const v = engine.extract(decoded.raster);
        extractMs[engine.id] = performance.now() - t;
        // Own buffer per vector, so each can be transferred on its own.
        vectors[engine.id] = v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? v : v.slice();
      }
      const result: EmbedResult = {
        vectors,
        format: decoded.format,
        width: decoded.width,
        height: decoded.height,
        rasterWidth: decoded.raster.width,
        rasterHeight: decoded.raster.height,
        ms: performance.now() - t0,
        timings: { decodeMs, extractMs },
      };
      return transfer(result, [...new Set(Object.values(vectors).map((v) => v.buffer as ArrayBuffer))]);
    },
  };
}
