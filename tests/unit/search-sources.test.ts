import { describe, expect, it } from 'vitest';
import { hasSomethingToSearch } from '../../src/lib/search/sources.ts';

describe('the sources a search covers', () => {
  it('has nothing to search when the demo gallery is unticked and no collection is chosen', () => {
    expect(hasSomethingToSearch({ gallery: false, collections: [] })).toBe(false);
  });
  it('searches the gallery, a collection, or both when ticked', () => {
    expect(hasSomethingToSearch({ gallery: true, collections: [] })).toBe(true);
    expect(hasSomethingToSearch({ gallery: false, collections: [{ id: 'mine', revision: 1 }] })).toBe(true);
  });
});
