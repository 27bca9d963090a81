import type { MeasureId } from '../ranking/measures.ts';
import { getEngine } from './registry.ts';
import { ENGINE_IDS, type SearchEngineId } from './types.ts';

/** What the UI and CLIs say about an engine, for the weight-free ones and CLIP alike. */
export interface EngineInfo {
  readonly id: SearchEngineId;
  readonly label: string;
  readonly description: string;
  readonly defaultMeasure: MeasureId;
  /** searches by text as well as by image */
  readonly text: boolean;
}

const CLIP: EngineInfo = {
  id: 'clip',
  label: 'CLIP (text + image)',
  description: 'A neural model that places images and sentences in one space: search by words, by image, or both. Scores are cosine similarities.',
  defaultMeasure: 'cosine',
  text: true,
};

export function engineInfo(id: SearchEngineId): EngineInfo {
  if (id === 'clip') return CLIP;
  const e = getEngine(id);
  return { id, label: e.label, description: e.description, defaultMeasure: e.defaultMeasure, text: false };
}

export function allEngineInfos(): EngineInfo[] {
  return [...ENGINE_IDS.map(engineInfo), CLIP];
}
