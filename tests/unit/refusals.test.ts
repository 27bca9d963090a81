import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/lib/i18n/catalog.ts';
import { refusalReason } from '../../src/lib/query/refusals.ts';

const en = (t: Parameters<typeof renderText>[1]) => renderText('en', t);

describe('why a query file was refused, in plain words', () => {
  it('a decoder failure never shows the browser\'s internal text', () => {
    const reason = refusalReason({ code: 'corrupt', file: 'broken.jpg', message: 'broken.jpg: the image could not be decoded (The source image could not be decoded.)' });
    expect(en(reason)).toBe('the image is damaged or incomplete and could not be opened');
    expect(en(reason)).not.toContain('source image');
  });

  it('keeps the worker\'s own plain sentence, without the file name (shown beside it)', () => {
    expect(en(refusalReason({ code: 'empty', file: 'zero.jpg', message: 'zero.jpg: the file is empty (0 bytes)' }))).toBe('the file is empty (0 bytes)');
    expect(renderText('vi', refusalReason({ code: 'empty', file: 'zero.jpg', message: 'zero.jpg: the file is empty (0 bytes)' }))).toBe('tệp trống (0 byte)');
  });

  it('a sentence the page does not know becomes the plain reason for its code', () => {
    expect(en(refusalReason({ code: 'not-an-image', file: 'x.jpg', message: 'DOMException: bad' }))).toMatch(/^the file is not an image/);
    expect(en(refusalReason({ code: 'internal', file: 'x.jpg', message: 'TypeError: something' }))).toBe('the file could not be read as an image');
  });
});
