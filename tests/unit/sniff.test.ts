import { describe, expect, it } from 'vitest';
import { ImageError } from '../../src/lib/image/errors.ts';
import { english } from '../../src/lib/messages/english.ts';
import sharp from 'sharp';
import { checkInput, fileSizeProblem, headerSize, MAX_FILE_BYTES, decoderShrinkSize, sniff } from '../../src/lib/image/sniff.ts';

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
    const heic = sniff(bytes(0, 0, 0, 24, 'ftypheic'));
    expect(heic.kind === 'unsupported' && english(heic.what)).toContain('HEIC');
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

  it('asks decoders to shrink only to 896 px on the longer side, so the shared resize does the last step', () => {
    expect(decoderShrinkSize(640, 480), 'a 640-px photo is decoded as it is').toBeUndefined();
    expect(decoderShrinkSize(896, 600)).toBeUndefined();
    expect(decoderShrinkSize(4000, 3000)).toEqual({ width: 896, height: 672 });
    expect(decoderShrinkSize(6000, 9000)).toEqual({ width: 597, height: 896 });
  });

  it('keeps the shorter side at 224 px or more for panoramas (CLIP reads 224 px)', () => {
    expect(decoderShrinkSize(8000, 1000)).toEqual({ width: 1792, height: 224 });
    expect(decoderShrinkSize(1200, 200), 'already thinner than 224 px: decoded as it is').toBeUndefined();
  });
});

/** A JPEG header: SOI, `padding` bytes of COM segments (at most 65,533 bytes each), then a baseline frame header. */
function jpegWithMetadata(width: number, height: number, padding: number): Uint8Array {
  const parts: number[] = [0xff, 0xd8];
  for (let left = padding; left > 0; ) {
    const n = Math.min(left, 65533);
    parts.push(0xff, 0xfe, (n + 2) >> 8, (n + 2) & 0xff, ...new Uint8Array(n));
    left -= n;
  }
  parts.push(0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1);
  parts.push(0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0); // start of scan
  return Uint8Array.from(parts);
}

/** A GIF whose logical screen is `screen` px square and whose first frame is `frame` px square. */
function gifWithFrame(screen: number, frame: number): Uint8Array {
  const u16 = (n: number) => [n & 0xff, n >> 8];
  return bytes(
    'GIF89a', ...u16(screen), ...u16(screen), 0x80, 0, 0, 0, 0, 0, 255, 255, 255, // screen, 2-colour table
    0x21, 0xf9, 4, 0, 0, 0, 0, 0, // graphic control extension
    0x21, 0xfe, 3, 'hi!', 0, // comment extension
    0x2c, ...u16(0), ...u16(0), ...u16(frame), ...u16(frame), 0, 2, 2, 0x4c, 0x01, 0, 0x3b,
  );
}

/** An AVIF header: ftyp, then meta → iprp → ipco → one ispe per size. */
function avifWithIspe(...sizes: [number, number][]): Uint8Array {
  const box = (type: string, ...content: Uint8Array[]) => {
    const body = content.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(8 + body);
    new DataView(out.buffer).setUint32(0, 8 + body);
    out.set(bytes(type), 4);
    let at = 8;
    for (const c of content) { out.set(c, at); at += c.length; }
    return out;
  };
  const ispe = ([w, h]: [number, number]) => {
    const b = new Uint8Array(12);
    new DataView(b.buffer).setUint32(4, w);
    new DataView(b.buffer).setUint32(8, h);
    return box('ispe', b);
  };
  const ftyp = box('ftyp', bytes('avif', 0, 0, 0, 0, 'mif1miaf'));
  const meta = box('meta', new Uint8Array(4), box('hdlr', new Uint8Array(24)), box('iprp', box('ipco', ...sizes.map(ispe))));
  return Uint8Array.from([...ftyp, ...meta, ...box('mdat', new Uint8Array(16))]);
}

describe('the real pixel size, from headers a decoder would trust', () => {
  it('finds a JPEG frame header after 70 KB of metadata and refuses 121 MP before decoding', () => {
    const jpeg = jpegWithMetadata(11_000, 11_000, 70_000);
    expect(jpeg.length).toBeGreaterThan(70_000);
    expect(headerSize(jpeg, 'jpeg')).toEqual({ width: 11_000, height: 11_000 });
    expect(codeOf(() => checkInput(jpeg, 'camera.jpg'))).toBe('too-large');
    expect(() => checkInput(jpeg, 'camera.jpg')).toThrow(/\(121 MP\); the limit is 120 MP/);
  });

  it('reads the same JPEG at an allowed size', () => {
    expect(checkInput(jpegWithMetadata(4000, 3000, 200_000)).size).toEqual({ width: 4000, height: 3000 });
  });

  it('takes a GIF first frame larger than its logical screen as the size (100×100 screen, 400 MP frame)', () => {
    const gif = gifWithFrame(100, 20_000);
    expect(headerSize(gif, 'gif')).toEqual({ width: 20_000, height: 20_000 });
    expect(codeOf(() => checkInput(gif, 'bomb.gif'))).toBe('too-large');
    expect(checkInput(gifWithFrame(300, 200)).size).toEqual({ width: 300, height: 300 });
  });

  it("reads AVIF's ispe boxes and keeps the largest", () => {
    expect(headerSize(avifWithIspe([512, 512], [40_000, 40_000]), 'avif')).toEqual({ width: 40_000, height: 40_000 });
    expect(codeOf(() => checkInput(avifWithIspe([40_000, 40_000]), 'big.avif'))).toBe('too-large');
    expect(checkInput(avifWithIspe([640, 480])).size).toEqual({ width: 640, height: 480 });
  });

  it('refuses a file whose header gives no size instead of decoding it blind', () => {
    const noFrame = bytes(0xff, 0xd8, 0xff, 0xfe, 0, 4, 0, 0, 0xff, 0xda, 0, 2); // scan before any frame header
    expect(codeOf(() => checkInput(noFrame, 'odd.jpg'))).toBe('corrupt');
    expect(() => checkInput(noFrame, 'odd.jpg')).toThrow(/pixel size could not be read from the JPEG header/);
    expect(codeOf(() => checkInput(avifWithIspe(), 'no-ispe.avif'))).toBe('corrupt');
    expect(codeOf(() => checkInput(bytes('GIF89a', 100, 0), 'cut.gif'))).toBe('corrupt');
  });

  it('reads real files of every format as their encoder wrote them', async () => {
    const image = sharp({ create: { width: 300, height: 200, channels: 3, background: '#c04020' } });
    const files = {
      jpeg: await image.clone().jpeg().toBuffer(),
      png: await image.clone().png().toBuffer(),
      gif: await image.clone().gif().toBuffer(),
      webp: await image.clone().webp().toBuffer(),
      webpLossless: await image.clone().webp({ lossless: true }).toBuffer(),
      avif: await image.clone().avif().toBuffer(),
    };
    for (const [name, file] of Object.entries(files)) {
      expect(checkInput(new Uint8Array(file), name).size, name).toEqual({ width: 300, height: 200 });
    }
  });

  it('refuses files over the byte limit before anything is read', () => {
    expect(fileSizeProblem(MAX_FILE_BYTES)).toBeUndefined();
    expect(english(fileSizeProblem(MAX_FILE_BYTES + 1)!)).toBe('the file is 256 MB; files over 256 MB are not read');
  });
});
