import { describe, expect, it } from 'vitest';
import { parseCredits, parseCsv, safeHttpUrl } from '../../src/lib/gallery/credits.ts';

describe('gallery credits (--credits FILE)', () => {
  it('reads a CSV with a header row, quoted fields, column aliases and the gallery line ("*")', () => {
    const csv = [
      'file,title,author,license,source',
      'animals/cat.jpg,"Cat, sleeping",Ann Example,CC-BY-4.0,https://example.org/cat',
      '"plants/fern ""big"".png",Fern,,CC0-1.0,',
      '*,Photos: Example Museum,,,https://museum.example/',
    ].join('\r\n');
    const c = parseCredits(csv, 'csv');
    expect(c.gallery).toEqual({ line: 'Photos: Example Museum', url: 'https://museum.example/' });
    expect(c.files.get('animals/cat.jpg')).toEqual({ title: 'Cat, sleeping', author: 'Ann Example', licence: 'CC-BY-4.0', url: 'https://example.org/cat' });
    expect(c.files.get('plants/fern "big".png')).toEqual({ title: 'Fern', licence: 'CC0-1.0' });
    expect(c.warnings).toEqual([]);
  });

  it('refuses links that are not http(s), with a warning, and keeps the rest of the row', () => {
    const c = parseCredits('file,title,url\nx.jpg,X,javascript:alert(1)\ny.jpg,Y,data:text/html,hi\n', 'csv');
    expect(c.files.get('x.jpg')).toEqual({ title: 'X' });
    expect(c.files.get('y.jpg')).toEqual({ title: 'Y' });
    expect(c.warnings).toHaveLength(2);
    expect(c.warnings[0]).toMatch(/javascript:alert\(1\).*refused/);
    expect(safeHttpUrl('JaVaScRiPt:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('/relative/path')).toBeUndefined();
    expect(safeHttpUrl(' http://a.example/x ')).toBe('http://a.example/x');
  });

  it('reads JSON as an object of files or a list, with the gallery credit', () => {
    const byPath = parseCredits(JSON.stringify({ credit: 'Wallpapers: GNOME', creditUrl: 'javascript:x', files: { './a/b.jpg': { title: 'B', license: 'CC-BY-SA-3.0' } } }), 'json');
    expect(byPath.gallery).toEqual({ line: 'Wallpapers: GNOME' });
    expect(byPath.files.get('a/b.jpg')).toEqual({ title: 'B', licence: 'CC-BY-SA-3.0' });
    expect(byPath.warnings[0]).toMatch(/refused/);
    const list = parseCredits(JSON.stringify({ files: [{ file: 'c.png', author: 'C' }] }), 'json');
    expect(list.files.get('c.png')).toEqual({ author: 'C' });
  });

  it('says clearly what is wrong with a credits file it cannot use', () => {
    expect(() => parseCredits('{oops', 'json')).toThrow(/not valid JSON/);
    expect(() => parseCredits('name,author\nx,y\n', 'csv')).toThrow(/needs a "file" column/);
    expect(parseCsv('a,"b\nc",d\n\n')).toEqual([['a', 'b\nc', 'd']]);
  });
});
