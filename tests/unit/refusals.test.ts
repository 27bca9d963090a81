import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/lib/i18n/catalog.ts';
import { aboutFile } from '../../src/lib/messages/message-error.ts';
import { message, raw } from '../../src/lib/messages/sentence.ts';
import { refusalReason } from '../../src/lib/query/refusals.ts';

const en = (t: Parameters<typeof renderText>[1]) => renderText('en', t);

describe('why a query file was refused, in plain words', () => {
  it('a decoder failure never shows the browser\'s internal text', () => {
    const reason = refusalReason({ code: 'corrupt', file: 'broken.jpg', text: aboutFile('broken.jpg', message('worker.undecodable', { reason: 'The source image could not be decoded.' })) });
    expect(en(reason)).toBe('the image is damaged or incomplete and could not be opened');
    expect(en(reason)).not.toContain('source image');
  });

  it('keeps the worker\'s own message, without the file name (shown beside it)', () => {
    const empty = aboutFile('zero.jpg', message('worker.empty'));
    expect(en(refusalReason({ code: 'empty', file: 'zero.jpg', text: empty }))).toBe('the file is empty (0 bytes)');
    expect(renderText('vi', refusalReason({ code: 'empty', file: 'zero.jpg', text: empty }))).toBe('tệp trống (0 byte)');
  });

  it('a browser\'s own text becomes the plain reason for its code', () => {
    expect(en(refusalReason({ code: 'not-an-image', file: 'x.jpg', text: raw('DOMException: bad') }))).toMatch(/^the file is not an image/);
    expect(en(refusalReason({ code: 'internal', file: 'x.jpg', text: raw('TypeError: something') }))).toBe('the file could not be read as an image');
  });
});
