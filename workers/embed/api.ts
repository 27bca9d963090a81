import { transfer } from 'comlink';
import { allEngines } from '../../src/lib/engines/registry.ts';
import type { EngineId } from '../../src/lib/engines/types.ts';
import { WorkerError, type EmbedApi, type EmbedResult, type EngineVectors } from '../protocol.ts';
import { decodeImage, type Decoded } from './decode.ts';

export type Decoder = (bytes: Uint8Array, file: string) => Promise<Decoded>;

/** Every engine's vector from one decode. Pure apart from the decoder, so Vitest can drive it. */
export function createEmbedApi(decode: Decoder = decodeImage): EmbedApi {
  return {
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
