/** The eval splits its means by edit type, read from the file names of a near-duplicate set. */
import { describe, expect, it } from 'vitest';
import { editTypeOf, summaryByEditType } from '../../src/lib/eval/per-edit.ts';

describe('editTypeOf', () => {
  it('is the file name without folder or extension', () => {
    expect(editTypeOf('sunset/crop.jpg')).toBe('crop');
    expect(editTypeOf('a/b/jpeg-q10.jpeg')).toBe('jpeg-q10');
    expect(editTypeOf('mirror')).toBe('mirror');
  });
});

describe('summaryByEditType', () => {
  it('averages AP and P@1 per edit type, sorted by name, skipping undefined APs', () => {
    const perQuery = [
      { ap: 1, pAt1: 1 }, { ap: 0.5, pAt1: 0 }, // crop
      { ap: 0.25, pAt1: 0 }, { ap: NaN, pAt1: NaN }, // mirror
    ];
    const by = summaryByEditType(perQuery, ['crop', 'crop', 'mirror', 'mirror']);
    expect([...by.keys()]).toEqual(['crop', 'mirror']);
    expect(by.get('crop')).toEqual({ queries: 2, skipped: 0, mAP: 0.75, pAt1: 0.5 });
    expect(by.get('mirror')).toEqual({ queries: 1, skipped: 1, mAP: 0.25, pAt1: 0 });
  });

  it('refuses labels that do not match the queries', () => {
    expect(() => summaryByEditType([{ ap: 1, pAt1: 1 }], [])).toThrow(RangeError);
  });
});
