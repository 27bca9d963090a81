/**
 * "Best available" (src/lib/search/best-engine.ts): CLIP when the model is ready or loadable and
 * every searched source has CLIP vectors, else classic; a text CLIP can search needs CLIP.
 * Every model state against every kind of source coverage.
 */
import { describe, expect, it } from 'vitest';
import { engineInfo } from '../../src/lib/engines/info.ts';
import { bestEngine, clipCoversAll, defaultMeasureOf, engineOf, isEngineChoice, modelReadiness, type ModelReadiness, type SourceCoverage } from '../../src/lib/search/best-engine.ts';

const withClip: SourceCoverage = { clipVectors: true };
const without: SourceCoverage = { clipVectors: false };

/** source coverage cases: the gallery alone, gallery and collections, collections alone, nothing */
const coverage: Record<string, { sources: SourceCoverage[]; all: boolean }> = {
  'the gallery with CLIP vectors': { sources: [withClip], all: true },
  'the gallery without them': { sources: [without], all: false },
  'gallery and two collections, all with them': { sources: [withClip, withClip, withClip], all: true },
  'gallery with them, one collection without': { sources: [withClip, without], all: false },
  'gallery without them, a collection with them': { sources: [without, withClip], all: false },
  'collections only, all with them (gallery unticked)': { sources: [withClip, withClip], all: true },
  'nothing chosen': { sources: [], all: false },
};

describe('"Best available" for an image query', () => {
  for (const model of ['ready', 'loadable', 'unavailable'] as ModelReadiness[]) {
    for (const [name, c] of Object.entries(coverage)) {
      const expected = model !== 'unavailable' && c.all ? 'clip' : 'classic';
      it(`model ${model}, ${name}: ${expected}`, () => {
        expect(bestEngine({ model, sources: c.sources })).toBe(expected);
      });
    }
  }
});

describe('"Best available" for a query with text CLIP was found able to search', () => {
  it('is CLIP even where a source lacks its vectors (the worker says which it skipped)', () => {
    expect(bestEngine({ model: 'ready', sources: [without, withClip], text: true })).toBe('clip');
    expect(bestEngine({ model: 'loadable', sources: [withClip], text: true })).toBe('clip');
  });
  it('is classic when the model cannot load (the text gets its card; images are searched)', () => {
    expect(bestEngine({ model: 'unavailable', sources: [withClip], text: true })).toBe('classic');
  });
});

describe('the pieces around the rule', () => {
  it('a model status becomes readiness: idle or loading may still be ready, unavailable or failed will not', () => {
    expect(modelReadiness({ state: 'ready' })).toBe('ready');
    expect(modelReadiness({ state: 'idle' })).toBe('loadable');
    expect(modelReadiness({ state: 'loading' })).toBe('loadable');
    expect(modelReadiness({ state: 'unavailable' })).toBe('unavailable');
    expect(modelReadiness({ state: 'failed' })).toBe('unavailable');
  });
  it('coverage needs at least one source', () => {
    expect(clipCoversAll([])).toBe(false);
    expect(clipCoversAll([withClip])).toBe(true);
  });
  it('an explicit engine is searched as chosen; "auto" is what the rule said', () => {
    expect(engineOf('pixels', 'clip')).toBe('pixels');
    expect(engineOf('classic', 'clip')).toBe('classic');
    expect(engineOf('auto', 'clip')).toBe('clip');
  });
  it('the engines "Best available" picks between share a default measure, so a measure chosen with it holds', () => {
    expect(engineInfo('classic').defaultMeasure).toBe(engineInfo('clip').defaultMeasure);
    expect(defaultMeasureOf('auto')).toBe('cosine');
    expect(defaultMeasureOf('pixels')).toBe('l2');
  });
  it('"auto" and the three engines are choices; anything else is not', () => {
    for (const c of ['auto', 'pixels', 'classic', 'clip']) expect(isEngineChoice(c)).toBe(true);
    for (const c of ['best', '', null, 3]) expect(isEngineChoice(c)).toBe(false);
  });
});
