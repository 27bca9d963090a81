/**
 * Model files from the Hub are checked before transformers.js keeps them: a known file at its
 * pinned revision must have its published size and SHA-256, or the download fails and nothing is
 * cached (transformers.js reads the whole body before storing it). Bytes still flow as they arrive.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { downloadBytes, expectedFile, KNOWN_MODELS, revisionOf, storageShortfall, type KnownModel } from '../../src/lib/engines/clip/known-models.ts';
import { verifyingFetch } from '../../workers/clip/integrity.ts';

const HOST = 'https://huggingface.co/';
const GOOD = new TextEncoder().encode('{"model_type":"clip"}'.repeat(500));
const MODELS: Record<string, KnownModel> = {
  'acme/clip': { revision: 'abc123', files: { 'config.json': { bytes: GOOD.byteLength, sha256: createHash('sha256').update(GOOD).digest('hex') } } },
};
const URL_OK = `${HOST}acme/clip/resolve/abc123/config.json`;

/** A server that sends `body` in small chunks, optionally announcing a length. */
function server(body: Uint8Array, length: number | null = body.byteLength) {
  const asked: string[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    asked.push(String(input));
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (at >= body.byteLength) return c.close();
        c.enqueue(body.slice(at, at + 1000));
        at += 1000;
      },
    });
    return new Response(stream, { status: 200, headers: length === null ? {} : { 'content-length': String(length) } });
  };
  return { fetch, asked };
}

const read = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe('a known Hub file is checked as it downloads', () => {
  it('passes the published bytes through unchanged', async () => {
    const f = verifyingFetch(server(GOOD).fetch, HOST, MODELS);
    expect(Buffer.from(await read(await f(URL_OK))).equals(Buffer.from(GOOD))).toBe(true);
  });

  it('fails a download whose content differs from the published SHA-256', async () => {
    const bad = GOOD.slice();
    bad[100] ^= 1;
    const f = verifyingFetch(server(bad).fetch, HOST, MODELS);
    await expect(read(await f(URL_OK))).rejects.toThrow(/config\.json does not match its published SHA-256/);
  });

  it('fails a download cut in the middle (no length announced)', async () => {
    const f = verifyingFetch(server(GOOD.slice(0, 4000), null).fetch, HOST, MODELS);
    await expect(read(await f(URL_OK))).rejects.toThrow(`config.json: the download stopped after 4000 of ${GOOD.byteLength} bytes`);
  });

  it('fails a download larger than published, and one whose announced length is wrong', async () => {
    const big = new Uint8Array(GOOD.byteLength + 5000);
    await expect(read(await verifyingFetch(server(big, null).fetch, HOST, MODELS)(URL_OK))).rejects.toThrow(/larger than the published/);
    await expect(verifyingFetch(server(big).fetch, HOST, MODELS)(URL_OK)).rejects.toThrow(/the server announced/);
  });

  it('leaves other files alone: other revisions, unknown models, the site’s own files', async () => {
    for (const url of [`${HOST}acme/clip/resolve/main/config.json`, `${HOST}other/model/resolve/abc123/config.json`, '/models/acme/clip/config.json']) {
      const junk = new Uint8Array([1, 2, 3]);
      expect(Array.from(await read(await verifyingFetch(server(junk).fetch, HOST, MODELS)(url))), url).toEqual([1, 2, 3]);
    }
  });
});

describe('what the project knows of the default model', () => {
  it('pins Xenova/clip-vit-base-patch32 to a commit and knows its q8 and fp32 files', () => {
    expect(revisionOf('Xenova/clip-vit-base-patch32')).toMatch(/^[0-9a-f]{40}$/);
    expect(revisionOf('someone/else')).toBe('main');
    const rev = KNOWN_MODELS['Xenova/clip-vit-base-patch32'].revision;
    expect(expectedFile(`${HOST}Xenova/clip-vit-base-patch32/resolve/${rev}/onnx/vision_model_quantized.onnx`)).toMatchObject({ bytes: 89_117_001 });
    expect(expectedFile(`${HOST}Xenova/clip-vit-base-patch32/resolve/main/onnx/vision_model_quantized.onnx`)).toBeUndefined();
  });

  it('says how much a download needs, and whether the browser has room for it', () => {
    expect(downloadBytes('Xenova/clip-vit-base-patch32', 'q8')).toEqual({ bytes: 89_117_001 + 64_504_507 + 2_224_119, known: true });
    expect(downloadBytes('Xenova/clip-vit-base-patch32', 'fp16').known).toBe(false);
    expect(storageShortfall(100e6, { quota: 1e9, usage: 0 })).toBe(0);
    expect(storageShortfall(100e6, { quota: 100e6, usage: 50e6 })).toBe(60e6);
    expect(storageShortfall(100e6, {})).toBe(0); // the browser does not say: let it decide
  });
});
