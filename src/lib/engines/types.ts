import type { RgbRaster } from '../image/raster.ts';
import type { MeasureId } from '../ranking/measures.ts';

/** The weight-free engines: pure functions of the pixels, always available. */
export type EngineId = 'pixels' | 'classic';
export const ENGINE_IDS: readonly EngineId[] = ['pixels', 'classic'];

/** Every engine a collection can be searched with: the weight-free ones and the CLIP model. */
export type SearchEngineId = EngineId | 'clip';
export const SEARCH_ENGINE_IDS: readonly SearchEngineId[] = [...ENGINE_IDS, 'clip'];

/** A weight-free feature extractor: canonical raster in, fixed-length vector out. */
export interface Engine {
  readonly id: EngineId;
  /** bumped whenever vectors change meaning, so stored vectors of an older version are rebuilt */
  readonly version: number;
  readonly dim: number;
  readonly label: string;
  readonly description: string;
  readonly defaultMeasure: MeasureId;
  extract(image: RgbRaster): Float32Array;
}

export function isEngineId(x: unknown): x is EngineId {
  return typeof x === 'string' && (ENGINE_IDS as readonly string[]).includes(x);
}

export function isSearchEngineId(x: unknown): x is SearchEngineId {
  return typeof x === 'string' && (SEARCH_ENGINE_IDS as readonly string[]).includes(x);
}
