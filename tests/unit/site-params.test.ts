import { describe, expect, it } from 'vitest';
import { chooseGalleryUrl, parseGalleriesIndex, withGallery } from '../../src/lib/gallery/galleries.ts';
import { parseSiteParams } from '../../src/lib/site/params.ts';

const SITE = 'https://me.github.io/photos/';

describe('URL parameters for embedding', () => {
  it('by default: the full app over the site gallery', () => {
    expect(parseSiteParams('', SITE)).toEqual({ embed: false, galleryUrl: 'https://me.github.io/photos/gallery/', ignored: [] });
  });

  it('embed=1 with another gallery folder of the site, an engine and k', () => {
    expect(parseSiteParams('?embed=1&gallery=exports/holiday&engine=clip&k=12', SITE)).toEqual({
      embed: true, galleryUrl: 'https://me.github.io/photos/exports/holiday/', engine: 'clip', k: 12, ignored: [],
    });
    expect(parseSiteParams('?gallery=/photos/g2/', SITE).galleryUrl).toBe('https://me.github.io/photos/g2/');
  });

  it('ignores, and says so, a gallery on another origin and values out of range', () => {
    const p = parseSiteParams('?gallery=https://evil.example/g/&engine=magic&k=5000', SITE);
    expect(p.galleryUrl).toBe('https://me.github.io/photos/gallery/');
    expect(p.engine).toBeUndefined();
    expect(p.k).toBeUndefined();
    expect(p.ignored).toHaveLength(3);
    expect(parseSiteParams('?gallery=javascript:alert(1)', SITE).ignored[0]).toMatch(/not a folder of this site/);
  });

  it.each([
    ['another project on the shared origin', '../other-site/'],
    ['another project, encoded', '%2e%2e/other-site/'],
    ['another project from the root', '/other-site/gallery/'],
    ['a host-relative //host', '//evil.example/g/'],
    ['a backslash host', '\\\\evil.example/g/'],
    ['a root-slash-backslash host', '/\\evil.example/g/'],
    ['an absolute URL of the same origin', 'https://me.github.io/photos/g2/'],
    ['the origin root', '/'],
  ])('keeps ?gallery= under the site base path: refuses %s', (_, g) => {
    const p = parseSiteParams(`?gallery=${encodeURIComponent(g)}`, SITE);
    expect(p.galleryUrl).toBe('https://me.github.io/photos/gallery/');
    expect(p.ignored).toEqual([`gallery "${g}" is not a folder of this site`]);
  });
});

describe('?gallery=<name>: one of the galleries the site ships (galleries/index.json)', () => {
  const index = withGallery(undefined, { name: 'museum', title: 'Museum', count: 12 });

  it('offers a bare name as galleryName; the folder meaning stays the fallback', () => {
    const p = parseSiteParams('?gallery=museum', SITE);
    expect(p.galleryName).toBe('museum');
    expect(p.galleryUrl).toBe('https://me.github.io/photos/museum/');
    expect(parseSiteParams('?gallery=exports/holiday', SITE).galleryName).toBeUndefined();
    expect(parseSiteParams('?gallery=../up', SITE).galleryName).toBeUndefined();
  });

  it('opens galleries/<name>/ when the index lists the name, else the folder an older link meant', () => {
    expect(chooseGalleryUrl('museum', 'https://me.github.io/photos/museum/', SITE, index)).toBe('https://me.github.io/photos/galleries/museum/');
    expect(chooseGalleryUrl('holiday', 'https://me.github.io/photos/holiday/', SITE, index)).toBe('https://me.github.io/photos/holiday/');
    expect(chooseGalleryUrl('museum', 'https://me.github.io/photos/museum/', SITE, null)).toBe('https://me.github.io/photos/museum/');
  });

  it('reads the index, dropping entries whose name could leave the galleries folder', () => {
    const parsed = parseGalleriesIndex({ formatVersion: 1, galleries: [{ name: '../x', title: 'X', count: 1 }, { name: 'ok', title: 'OK', count: 2 }] });
    expect(parsed.galleries.map((g) => g.name)).toEqual(['ok']);
    expect(() => parseGalleriesIndex({ galleries: [] })).toThrow(/not a galleries index/);
    expect(withGallery(index, { name: 'museum', title: 'Museum 2', count: 13 }).galleries).toEqual([{ name: 'museum', title: 'Museum 2', count: 13 }]);
  });
});
