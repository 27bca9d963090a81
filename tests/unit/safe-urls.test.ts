import { describe, expect, it } from 'vitest';
import { httpLink, isFolderRelativePath, resolveInFolder } from '../../src/lib/site/safe-urls.ts';

const GALLERY = 'https://me.github.io/photos/gallery/';

describe('a file a gallery manifest names is fetched only from inside the gallery folder', () => {
  it('resolves paths inside the folder', () => {
    expect(resolveInFolder(GALLERY, 'vectors/classic.ivec')).toBe('https://me.github.io/photos/gallery/vectors/classic.ivec');
    expect(resolveInFolder(GALLERY, './manifest.json')).toBe('https://me.github.io/photos/gallery/manifest.json');
    expect(resolveInFolder(GALLERY, 'a/../b.bin')).toBe('https://me.github.io/photos/gallery/b.bin'); // climbs, but stays inside
  });

  it.each([
    ['an absolute URL on another host', 'https://evil.example/v.bin'],
    ['an absolute URL on the same host', 'https://me.github.io/photos/gallery/v.bin'],
    ['a host-relative //host', '//evil.example/v.bin'],
    ['a backslash host', '\\\\evil.example/v.bin'],
    ['a path from the root', '/photos/gallery/v.bin'],
    ['a climb out of the folder', '../v.bin'],
    ['a climb into another project', '../../other-site/gallery/v.bin'],
    ['an encoded climb', '%2e%2e/v.bin'],
    ['a backslash climb', '..\\v.bin'],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/plain,x'],
    ['the folder itself', './'],
    ['nothing', ''],
  ])('refuses %s', (_, path) => {
    expect(resolveInFolder(GALLERY, path)).toBeUndefined();
    expect(isFolderRelativePath(path)).toBe(false);
  });

  it('checks a path without knowing where the folder is', () => {
    expect(isFolderRelativePath('images/noto/1f432.png')).toBe(true);
    expect(isFolderRelativePath(42)).toBe(false);
  });
});

describe('credit links are http(s) only', () => {
  it('keeps web links', () => {
    expect(httpLink('https://github.com/googlefonts/noto-emoji')).toBe('https://github.com/googlefonts/noto-emoji');
    expect(httpLink(' http://example.com/x ')).toBe('http://example.com/x');
  });

  it.each(['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', 'relative/page', '//example.com/x', '', null, 42])(
    'refuses %s', (url) => {
      expect(httpLink(url)).toBeUndefined();
    },
  );
});
