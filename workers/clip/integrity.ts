/**
 * Model downloads that cannot leave garbage behind: a fetch for transformers.js (`env.fetch`) that
 * passes the bytes of a known Hub file (src/lib/engines/clip/known-models.ts) through as they arrive — so
 * download progress still moves — and fails the stream at the end when the size or SHA-256 is not
 * the published one. transformers.js reads the whole body before it stores a file, so a failed
 * stream is never cached and the next try starts clean.
 */
import { MessageError } from '../../src/lib/messages/message-error.ts';
import { message } from '../../src/lib/messages/sentence.ts';
import { expectedFile, KNOWN_MODELS, type KnownFile, type KnownModel } from '../../src/lib/engines/clip/known-models.ts';

type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

const urlOf = (input: RequestInfo | URL) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

async function sha256Hex(chunks: readonly Uint8Array[], total: number): Promise<string> {
  const all = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.byteLength; }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function checked(body: ReadableStream<Uint8Array>, want: KnownFile & { file: string }): ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  return body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      total += chunk.byteLength;
      if (total > want.bytes) throw new MessageError(message('worker.downloadTooLarge', { file: want.file, bytes: String(want.bytes) }));
      chunks.push(chunk);
      controller.enqueue(chunk);
    },
    async flush() {
      if (total !== want.bytes) throw new MessageError(message('worker.downloadStopped', { file: want.file, got: String(total), bytes: String(want.bytes) }));
      const hash = await sha256Hex(chunks, total);
      chunks.length = 0;
      if (hash !== want.sha256) throw new MessageError(message('worker.downloadHashMismatch', { file: want.file, got: `${hash.slice(0, 12)}…`, want: `${want.sha256.slice(0, 12)}…` }));
    },
  }));
}

export function verifyingFetch(inner: Fetch, remoteHost?: string, models: Readonly<Record<string, KnownModel>> = KNOWN_MODELS): Fetch {
  return async (input, init) => {
    const want = expectedFile(urlOf(input), remoteHost, models);
    const res = await inner(input, init);
    if (!want || res.status !== 200 || !res.body) return res;
    const declared = Number(res.headers.get('content-length') ?? '');
    if (declared && declared !== want.bytes) {
      await res.body.cancel().catch(() => {});
      throw new MessageError(message('worker.downloadSizeMismatch', { file: want.file, got: String(declared), bytes: String(want.bytes) }));
    }
    return new Response(checked(res.body, want), { status: res.status, statusText: res.statusText, headers: res.headers });
  };
}
