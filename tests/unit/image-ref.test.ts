import { describe, expect, it } from 'vitest';
import { fileNameOf, placeOfRef, refOfPlace, storedKey, type StoredImageRef } from '../../src/lib/images/image-ref.ts';

describe('image references', () => {
  it('a search hit of the gallery is a gallery reference, and back', () => {
    const hit = { id: 'noto/1f436', index: 12, score: 0.9 };
    const ref = refOfPlace(hit);
    expect(ref).toEqual({ kind: 'gallery', index: 12, id: 'noto/1f436' });
    expect(placeOfRef(ref)).toEqual({ id: 'noto/1f436', index: 12 });
  });

  it("a hit of a person's collection names its collection and path", () => {
    const ref = refOfPlace({ id: 'trip/beach.jpg', index: 3, collection: 'c1' });
    expect(ref).toEqual({ kind: 'collection', collection: 'c1', index: 3, path: 'trip/beach.jpg' });
    expect(placeOfRef(ref)).toEqual({ id: 'trip/beach.jpg', index: 3, collection: 'c1' });
  });

  it('the same image has the same key as a reference and as a place; row 3 of the gallery and of a collection differ', () => {
    const gallery: StoredImageRef = { kind: 'gallery', index: 3, id: 'a' };
    const own: StoredImageRef = { kind: 'collection', collection: 'c1', index: 3, path: 'x.jpg' };
    expect(storedKey(gallery)).toBe(storedKey({ id: 'a', index: 3 }));
    expect(storedKey(own)).toBe(storedKey({ id: 'x.jpg', index: 3, collection: 'c1' }));
    expect(storedKey(gallery)).not.toBe(storedKey(own));
  });

  it('a file name is the last part of a path', () => {
    expect(fileNameOf('trip/2024/beach.jpg')).toBe('beach.jpg');
    expect(fileNameOf('beach.jpg')).toBe('beach.jpg');
  });
});
