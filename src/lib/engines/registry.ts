import { classicEngine } from './classic/index.ts';
import { pixelsEngine } from './pixels/index.ts';
import type { Engine, EngineId } from './types.ts';

const ENGINES: Record<EngineId, Engine> = { pixels: pixelsEngine, classic: classicEngine };

export function getEngine(id: EngineId): Engine {
  const e = ENGINES[id];
  if (!e) throw new Error(`unknown engine "${id}"`);
  return e;
}

export function allEngines(): Engine[] {
  return Object.values(ENGINES);
}
