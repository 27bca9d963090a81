import { describe, expect, it } from 'vitest';
import { parseSettings, serializeSettings, type SearchSettings } from '../../src/lib/search/settings.ts';

const defaults: SearchSettings = { engine: 'classic', measure: 'cosine', k: 20, index: 'exact', alpha: 0.5 };

describe('search settings kept between visits', () => {
  it('come back as they were chosen (measure L1 and 7 results stay L1 and 7)', () => {
    const chosen: SearchSettings = { engine: 'pixels', measure: 'l1', k: 7, index: 'ivf', alpha: 0.8 };
    expect(parseSettings(serializeSettings(chosen), defaults, 200)).toEqual(chosen);
  });

  it('are the defaults on a first visit or when the stored value is unreadable', () => {
    expect(parseSettings(null, defaults, 200)).toEqual(defaults);
    expect(parseSettings('{not json', defaults, 200)).toEqual(defaults);
    expect(parseSettings('42', defaults, 200)).toEqual(defaults);
  });

  it('drop what is not valid any more, keeping the rest', () => {
    const stored = JSON.stringify({ engine: 'dalle', measure: 'l1', k: 500, index: 'hnsw', alpha: 2 });
    expect(parseSettings(stored, defaults, 200)).toEqual(defaults); // a measure without its engine is not kept either
    expect(parseSettings(JSON.stringify({ engine: 'classic', measure: 'l2', k: 0 }), defaults, 200)).toEqual({ ...defaults, measure: 'l2' });
  });

  it('keep "Best available" as the choice, with the measure chosen under it', () => {
    const auto: SearchSettings = { engine: 'auto', measure: 'l1', k: 20, index: 'exact', alpha: 0.5 };
    expect(parseSettings(serializeSettings(auto), defaults, 200)).toEqual(auto);
  });
});
