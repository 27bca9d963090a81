/**
 * The text box's query language (src/lib/query/text-terms.ts): negative terms, weights, quoted
 * phrases — and everything else searched as the plain text it is.
 */
import { describe, expect, it } from 'vitest';
import { combineTextTerms, formatTextTerms, isPlainText, parseTextTerms } from '../../src/lib/query/text-terms.ts';

const term = (text: string, weight = 1, negative = false) => ({ text, weight, negative });

describe('parsing a text query', () => {
  it('a text without syntax is one term: the text as typed', () => {
    expect(parseTextTerms('  a dog on the beach ')).toEqual([term('a dog on the beach')]);
    expect(isPlainText(parseTextTerms('a dog on the beach'), 'a dog on the beach')).toBe(true);
    expect(parseTextTerms('   ')).toEqual([]);
  });

  it('a leading minus pushes a word or a quoted phrase away; the plain words stay one phrase', () => {
    expect(parseTextTerms('beach -people')).toEqual([term('beach'), term('people', 1, true)]);
    expect(parseTextTerms('a dog on the beach -"red car"')).toEqual([term('a dog on the beach'), term('red car', 1, true)]);
    expect(parseTextTerms('-people')).toEqual([term('people', 1, true)]);
  });

  it('a number and a colon weigh the term after it', () => {
    expect(parseTextTerms('2:dog cat')).toEqual([term('cat'), term('dog', 2)]);
    expect(parseTextTerms('0.5:"old car" street')).toEqual([term('street'), term('old car', 0.5)]);
    expect(parseTextTerms('-3:people beach')).toEqual([term('beach'), term('people', 3, true)]);
  });

  it('curly quotes (as phones type them) quote a phrase too', () => {
    expect(parseTextTerms('biển -“xe đỏ”')).toEqual([term('biển'), term('xe đỏ', 1, true)]);
  });

  it('odd input is plain text, never an error', () => {
    for (const text of ['-', 'well-known dog', 'x:y', '2:', '0:dog', '11:dog', '-5 degrees', '--x', '2:-dog', 'say "hi', '"', '::', '-""']) {
      expect(parseTextTerms(text), text).toEqual([term(text.trim())]);
    }
  });

  it('plain words around terms keep their order and spacing collapses', () => {
    expect(parseTextTerms('red   -blue  car 2:wheel   fast')).toEqual([term('red car fast'), term('blue', 1, true), term('wheel', 2)]);
  });

  it('formats terms back in the same syntax', () => {
    expect(formatTextTerms(parseTextTerms('beach -"red car" 2:dog'))).toBe('beach -"red car" 2:dog');
    expect(formatTextTerms([term('a dog on the beach')])).toBe('a dog on the beach');
  });
});

describe('combining term vectors', () => {
  const v = (...xs: number[]) => Float32Array.from(xs);

  it('is normalize(Σ wᵢ·tᵢ − Σ vⱼ·tⱼ) over unit-length terms', () => {
    const out = combineTextTerms([
      { vector: v(2, 0, 0), weight: 2, negative: false }, // unit (1,0,0) × 2
      { vector: v(0, 5, 0), weight: 1, negative: true }, // unit (0,1,0) × −1
    ]);
    const n = Math.sqrt(5);
    expect(Array.from(out)).toEqual([2 / n, -1 / n, 0].map(Math.fround));
  });

  it('one positive term of weight 1 is that term, normalised', () => {
    expect(Array.from(combineTextTerms([{ vector: v(3, 4), weight: 1, negative: false }]))).toEqual([0.6, 0.8].map(Math.fround));
  });

  it('terms that cancel give the zero vector; mismatched lengths are refused', () => {
    expect(Array.from(combineTextTerms([{ vector: v(1, 0), weight: 1, negative: false }, { vector: v(1, 0), weight: 1, negative: true }]))).toEqual([0, 0]);
    expect(() => combineTextTerms([{ vector: v(1, 0), weight: 1, negative: false }, { vector: v(1), weight: 1, negative: false }])).toThrow(RangeError);
    expect(() => combineTextTerms([])).toThrow(RangeError);
  });
});
