import { describe, expect, it } from 'vitest';
import { planTextSubmit, textSearchCard } from '../../src/lib/query/text-search.ts';

describe('submitting a text query', () => {
  it('switches to CLIP only when CLIP can search', () => {
    expect(planTextSubmit({ text: 'a red apple', imageCount: 0, engine: 'classic', clipUsable: true })).toEqual({ engine: 'clip', search: true, card: false });
  });

  it('without a model, a text alone keeps the engine, searches nothing (the previous results stay) and shows the card', () => {
    expect(planTextSubmit({ text: 'a red apple', imageCount: 0, engine: 'classic', clipUsable: false })).toEqual({ engine: 'classic', search: false, card: true });
  });

  it('without a model, text plus images searches the images with the current image engine and shows the card', () => {
    expect(planTextSubmit({ text: 'a red apple', imageCount: 2, engine: 'pixels', clipUsable: false })).toEqual({ engine: 'pixels', search: true, card: true });
  });

  it('without a model, images of a query set to CLIP are searched with the weight-free default', () => {
    expect(planTextSubmit({ text: 'red', imageCount: 1, engine: 'clip', clipUsable: false })).toEqual({ engine: 'classic', search: true, card: true });
  });

  it('"Best available" stays the choice: it resolves to CLIP for a text CLIP can search', () => {
    expect(planTextSubmit({ text: 'a red apple', imageCount: 0, engine: 'auto', clipUsable: true })).toEqual({ engine: 'auto', search: true, card: false });
  });

  it('"Best available" without a model: the images are still searched, the text gets the card', () => {
    expect(planTextSubmit({ text: 'a red apple', imageCount: 1, engine: 'auto', clipUsable: false })).toEqual({ engine: 'auto', search: true, card: true });
    expect(planTextSubmit({ text: 'a red apple', imageCount: 0, engine: 'auto', clipUsable: false })).toEqual({ engine: 'auto', search: false, card: true });
  });

  it('an empty text searches the images as they are', () => {
    expect(planTextSubmit({ text: '', imageCount: 1, engine: 'classic', clipUsable: false })).toEqual({ engine: 'classic', search: true, card: false });
    expect(planTextSubmit({ text: '', imageCount: 0, engine: 'classic', clipUsable: false }).search).toBe(false);
  });
});

describe('the text-search card', () => {
  it('offers to enable the download where the site allows Hub downloads', () => {
    expect(textSearchCard({ state: 'unavailable', canDownload: true, modelId: 'Xenova/clip-vit-base-patch32' })).toEqual({ kind: 'enable', modelId: 'Xenova/clip-vit-base-patch32' });
  });
  it('says the site does not offer text search where it does not', () => {
    expect(textSearchCard({ state: 'unavailable', canDownload: false })).toEqual({ kind: 'unavailable' });
    expect(textSearchCard({ state: 'failed' })).toEqual({ kind: 'unavailable' });
  });
  it('says the model is on its way while it loads', () => {
    expect(textSearchCard({ state: 'loading' })).toEqual({ kind: 'loading' });
  });
});
