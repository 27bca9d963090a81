import { describe, expect, it } from 'vitest';
import { collectionCaption } from '../../src/lib/results/caption.ts';

describe('a collection result on its card', () => {
  it('names the file and the folder it is in, with the whole path on hover', () => {
    expect(collectionCaption('2024/beach/gray.jpg', 'Holidays')).toEqual({ name: 'gray.jpg', where: 'Holidays › 2024/beach', title: 'Holidays: 2024/beach/gray.jpg' });
  });
  it('ten "gray.jpg" in different folders read differently', () => {
    const wheres = ['a/gray.jpg', 'b/gray.jpg', 'c/d/gray.jpg'].map((p) => collectionCaption(p, 'Mine').where);
    expect(new Set(wheres).size).toBe(3);
  });
  it('a file at the top of the collection shows the collection alone', () => {
    expect(collectionCaption('gray.jpg', 'Mine')).toEqual({ name: 'gray.jpg', where: 'Mine', title: 'Mine: gray.jpg' });
  });
});
