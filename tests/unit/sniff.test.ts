import { describe, expect, it } from 'vitest';
import { ImageError } from '../../src/lib/image/errors.ts';
import { checkInput, preshrinkSize, sniff } from '../../src/lib/image/sniff.ts';

const bytes = (...xs: (number | string)[]) =>
  Uint8Array.from(xs.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));

function pngHeader(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}

function codeOf(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return e instanceof ImageError ? e.code : 'other'; }
  return undefined;
}

describe('content sniffing (what the bytes say, not the name)', () => {
  it('recognises the formats browsers decode', () => {
    expect(sniff(bytes(0xff, 0xd8, 0xff, 0xe0))).toEqual({ kind: 'image', format: 'jpeg' });
    expect(sniff(pngHeader(1, 1))).toEqual({ kind: 'image', format: 'png' });
    expect(sniff(bytes('GIF89a'))).toEqual({ kind: 'image', format: 'gif' });
    expect(sniff(bytes('RIFF', 0, 0, 0, 0, 'WEBPVP8 '))).toEqual({ kind: 'image', format: 'webp' });
  });

  it('names formats it will not take', () => {
    expect(sniff(bytes(0, 0, 0, 24, 'ftypheic'))).toMatchObject({ kind: 'unsupported', what: expect.stringContaining('HEIC') });
    expect(sniff(bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toMatchObject({ kind: 'unsupported' });
  });

  it('turns every bad input into a typed error naming the file', () => {
    expect(codeOf(() => checkInput(new Uint8Array(0), 'empty.jpg'))).toBe('empty');
    expect(codeOf(() => checkInput(bytes('hello, I am text'), 'notes.jpg'))).toBe('not-an-image');
    expect(codeOf(() => checkInput(pngHeader(8, 8), 'tiny.png'))).toBe('too-small');
    expect(codeOf(() => checkInput(pngHeader(20000, 20000), 'huge.png'))).toBe('too-large');
    expect(() => checkInput(bytes('hello'), 'notes.jpg')).toThrow(/^notes\.jpg: not an image file/);
  });

  it('reads PNG and JPEG sizes from the header', () => {
    expect(checkInput(pngHeader(640, 480)).size).toEqual({ width: 640, height: 480 });
    const jpeg = bytes(0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0x01, 0xe0, 0x02, 0x80, 3, 0, 0, 0);
    expect(checkInput(jpeg).size).toEqual({ width: 640, height: 480 });
  });

  it('asks decoders to shrink so the shorter side is 224 px, leaving small images alone', () => {
    expect(preshrinkSize(280, 250)).toBeUndefined();
    expect(preshrinkSize(640, 480)).toEqual({ width: 299, height: 224 });
    expect(preshrinkSize(6000, 9000)).toEqual({ width: 224, height: 336 });
  });
});
