import type { TextEmbedding } from '../../src/lib/engines/clip/encoder.ts';
import { engineInfo } from '../../src/lib/engines/info.ts';
import { getEngine } from '../../src/lib/engines/registry.ts';
import type { SearchEngineId } from '../../src/lib/engines/types.ts';
import type { RgbRaster } from '../../src/lib/image/raster.ts';
import type { MeasureId } from '../../src/lib/ranking/measures.ts';
import { DEFAULT_CLIP_MODEL, loadNodeClip, resolveModel } from './clip-node.ts';

/** One interface over every engine for the Node CLIs: the weight-free ones and CLIP. */
export interface NodeEmbedder {
  readonly engine: SearchEngineId;
  readonly dim: number;
  readonly defaultMeasure: MeasureId;
  embedImages(rasters: readonly RgbRaster[]): Promise<Float32Array[]>;
  /** CLIP only */
  embedText?(text: string): Promise<TextEmbedding>;
  dispose(): Promise<void>;
}

/** `model`: a model folder path or a model id under public/models (CLIP only). */
export async function nodeEmbedder(engine: SearchEngineId, model = DEFAULT_CLIP_MODEL): Promise<NodeEmbedder> {
  if (engine !== 'clip') {
    const e = getEngine(engine);
    return {
      engine, dim: e.dim, defaultMeasure: e.defaultMeasure,
      embedImages: async (rasters) => rasters.map((r) => e.extract(r)),
      dispose: async () => {},
    };
  }
  const where = resolveModel(model);
  if (!where) throw new Error(`no CLIP model at "${model}" (a folder with config.json, or an id under public/models; npm run models fetches one)`);
  const clip = await loadNodeClip(where.modelsDir, where.modelId);
  return {
    engine, dim: clip.dim, defaultMeasure: engineInfo('clip').defaultMeasure,
    embedImages: (rasters) => clip.embedImages(rasters),
    embedText: async (text) => (await clip.embedTexts([text]))[0],
    dispose: () => clip.dispose(),
  };
}
