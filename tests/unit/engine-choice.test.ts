/**
 * The engine choice on the page (src/state/search/engine-choice.ts): what "Best available"
 * gathers before a search (the model's state, loading it when the sources could use it; which
 * searched sources have vectors of that model), and the engine it puts in use.
 */
import { describe, expect, it } from 'vitest';
import type { SearchEngineId } from '../../src/lib/engines/types.ts';
import type { ClipStatus } from '../../src/protocol/clip.ts';
import { EngineChooser, type EngineChoiceSources } from '../../src/state/search/engine-choice.ts';
import { SearchSettingsState, startSettings } from '../../src/state/search/settings.svelte.ts';

const MODEL = 'tiny-clip';
const ready: ClipStatus = { state: 'ready', modelId: MODEL, device: 'wasm', dtype: 'fp32', source: 'site', dim: 8, loadMs: 1, threads: 1 };
const unavailable: ClipStatus = { state: 'unavailable', modelId: MODEL, reason: { key: 'search.clipLoading', params: {} } as never, canDownload: false };

interface Page {
  status: ClipStatus;
  /** what clip.load() ends in */
  loadsTo?: ClipStatus;
  galleryClip?: { model?: string };
  galleryTicked?: boolean;
  collections?: Record<string, string | undefined>;
  local?: { phase: string; model: string | null };
}

function chooser(page: Page) {
  const loads: number[] = [];
  const prepared: SearchEngineId[] = [];
  const clip = {
    status: page.status,
    prefs: { modelId: MODEL },
    async load() {
      loads.push(1);
      if (page.loadsTo) clip.status = page.loadsTo;
    },
  };
  const sources: EngineChoiceSources = {
    gallery: { load: async () => undefined, manifest: { engines: page.galleryClip ? { clip: { file: 'c.bin', version: 1, dim: 8, dtype: 'f32', bytes: 1, ...page.galleryClip } as never } : {} } },
    clip,
    ...(page.collections
      ? {
          collections: {
            gallery: page.galleryTicked ?? true,
            sources: () => ({ collections: Object.keys(page.collections!).map((id) => ({ id })) }),
            collection: (id: string) => ({ engines: page.collections![id] ? { clip: { model: page.collections![id] } } : {} }),
          },
        }
      : {}),
    ...(page.local ? { localClip: page.local } : {}),
  };
  const settings = new SearchSettingsState(startSettings(null));
  return { engines: new EngineChooser(sources, settings, (e) => prepared.push(e)), settings, loads, prepared };
}

describe('"Best available" before a search', () => {
  it('a ready model and a gallery shipping its vectors: CLIP is put in use and its vectors fetched', async () => {
    const { engines, settings, prepared } = chooser({ status: ready, galleryClip: { model: MODEL } });
    expect(await engines.resolve(false)).toBe(true);
    expect([settings.choice, settings.engine]).toEqual(['auto', 'clip']);
    expect(prepared).toEqual(['clip']);
  });

  it('a gallery without CLIP vectors: classic, and the model is not even waited for', async () => {
    const { engines, settings, loads } = chooser({ status: { state: 'idle' }, loadsTo: ready });
    await engines.resolve(false);
    expect(settings.engine).toBe('classic');
    expect(loads).toEqual([]);
  });

  it('a model still loading from the site is waited for, then searched with', async () => {
    const { engines, settings, loads } = chooser({ status: { state: 'idle' }, loadsTo: ready, galleryClip: {} });
    await engines.resolve(false);
    expect(loads).toHaveLength(1);
    expect(settings.engine).toBe('clip');
  });

  it('a model that turns out unavailable: classic', async () => {
    const { engines, settings } = chooser({ status: { state: 'idle' }, loadsTo: unavailable, galleryClip: {} });
    await engines.resolve(false);
    expect(settings.engine).toBe('classic');
  });

  it('gallery vectors of another model do not count', async () => {
    const { engines, settings } = chooser({ status: ready, galleryClip: { model: 'another-clip' } });
    await engines.resolve(false);
    expect(settings.engine).toBe('classic');
  });

  it('a text CLIP can search is searched with CLIP even where the gallery lacks its vectors', async () => {
    const { engines, settings } = chooser({ status: ready });
    await engines.resolve(true);
    expect(settings.engine).toBe('clip');
  });
});

describe('which searched sources have CLIP vectors', () => {
  it('the gallery (when ticked) and each chosen collection, by the model', () => {
    const { engines } = chooser({ status: ready, galleryClip: { model: MODEL }, collections: { a: MODEL, b: undefined, c: 'old-model' } });
    expect(engines.coverage().map((s) => s.clipVectors)).toEqual([true, true, false, false]);
  });

  it('an unticked gallery is not searched, so it does not count', () => {
    const { engines } = chooser({ status: ready, galleryTicked: false, collections: { a: MODEL } });
    expect(engines.coverage()).toEqual([{ clipVectors: true }]);
  });

  it('gallery vectors made in this browser count once the whole gallery is done, for this model', () => {
    expect(chooser({ status: ready, local: { phase: 'done', model: MODEL } }).engines.coverage()).toEqual([{ clipVectors: true }]);
    expect(chooser({ status: ready, local: { phase: 'running', model: MODEL } }).engines.coverage()).toEqual([{ clipVectors: false }]);
    expect(chooser({ status: ready, local: { phase: 'done', model: 'old-model' } }).engines.coverage()).toEqual([{ clipVectors: false }]);
  });

  it('before the model loads, the vectors are checked against the model that would load', () => {
    const { engines } = chooser({ status: { state: 'idle' }, collections: { a: MODEL } });
    expect(engines.coverage()).toEqual([{ clipVectors: false }, { clipVectors: true }]);
  });
});

describe('choosing and putting back', () => {
  it('an explicit engine is in use at once, with its vectors fetched; the same choice again is no change', () => {
    const { engines, settings, prepared } = chooser({ status: ready });
    expect(engines.choose('pixels')).toBe(true);
    expect([settings.choice, settings.engine]).toEqual(['pixels', 'pixels']);
    expect(prepared).toEqual(['pixels']);
    expect(engines.choose('pixels')).toBe(false);
  });

  it('going back to "Best available" resolves it at once, with no search needed', async () => {
    const { engines, settings, prepared } = chooser({ status: ready, galleryClip: {} });
    engines.choose('pixels');
    engines.choose('auto');
    await expect.poll(() => settings.engine).toBe('clip');
    expect(prepared).toEqual(['pixels', 'clip']);
  });

  it('an explicit engine is not resolved away', async () => {
    const { engines, settings } = chooser({ status: ready, galleryClip: {} });
    engines.choose('classic');
    await engines.resolve(false);
    expect(settings.engine).toBe('classic');
  });

  it('a history turn puts back the engine it was searched with', () => {
    const { engines, settings, prepared } = chooser({ status: ready });
    engines.restore({ engine: 'clip', measure: 'cosine', k: 5, index: 'exact', alpha: 0.5 });
    expect([settings.choice, settings.engine]).toEqual(['clip', 'clip']);
    expect(prepared).toEqual(['clip']);
  });

  it('a resolution overtaken by a later one gives way to it', async () => {
    const page: Page = { status: { state: 'idle' }, loadsTo: ready, galleryClip: {} };
    const { engines, settings } = chooser(page);
    const first = engines.resolve(false);
    engines.choose('pixels');
    const second = engines.resolve(false);
    expect(await first).toBe(false);
    expect(await second).toBe(true);
    expect(settings.engine).toBe('pixels');
  });
});
