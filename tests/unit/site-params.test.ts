import { describe, expect, it } from 'vitest';
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
