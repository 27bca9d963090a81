/**
 * The ONE error shape of the page ⇄ worker boundary, and how it crosses Comlink.
 * Every worker method resolves with a value or rejects with a `WorkerError` ({code, text, file?}:
 * the message as data, src/lib/messages/). `installErrorTransfer()` runs on both sides and replaces
 * Comlink's "throw" handler, which would otherwise keep only `message`/`name`/`stack`.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import type { ImageErrorCode } from '../lib/image/errors.ts';
import type { Text } from '../lib/i18n/types.ts';
import { english } from '../lib/messages/english.ts';
import { sentenceOf } from '../lib/messages/message-error.ts';
import { asText, raw, type Sentence } from '../lib/messages/sentence.ts';

/**
 * Why a worker call failed.
 * - ImageErrorCode ('empty' | 'not-an-image' | 'unsupported-format' | 'corrupt' | 'too-small' |
 *   'too-large'): the query file; `file` names it.
 * - 'manifest' / 'vectors-format': the gallery files are missing, malformed or from another
 *   version (`file` names the gallery file).
 * - 'network': a gallery file could not be downloaded.
 * - 'superseded': a newer search arrived first ("latest request wins"); callers ignore it.
 * - 'aborted': the caller aborted (AbortSignal) before the answer came.
 * - 'bad-request': arguments the worker cannot use (wrong vector length, unknown engine…).
 * - 'worker-crashed': the worker died (e.g. out of memory); the bridge starts a new one.
 * - 'model-unavailable': the CLIP (or translation) model is neither shipped with the site nor
 *   allowed to be downloaded; the message says how to get it.
 * - 'model-failed': the model files were found but could not be loaded or run.
 * - 'empty-text': a text query with nothing to search for.
 * - 'internal': anything else (a bug); the message says what.
 */
export type WorkerErrorCode =
  | ImageErrorCode
  | 'manifest'
  | 'vectors-format'
  | 'network'
  | 'superseded'
  | 'aborted'
  | 'bad-request'
  | 'worker-crashed'
  | 'model-unavailable'
  | 'model-failed'
  | 'empty-text'
  | 'internal';

/**
 * The ONE error shape from a worker to the page (and of the page's own errors): a code to act on,
 * and what went wrong as data (`text`: a message key and its parameters, rendered in the page's
 * language; `english(text)` for logs). A browser's own error text travels as a plain sentence
 * (`error.raw`), shown as it is.
 */
export interface WorkerErrorData {
  readonly code: WorkerErrorCode;
  readonly text: Text;
  /** the file the error is about: a query file's name, or a gallery file's path */
  readonly file?: string;
}

/** What a WorkerError is made from: its message as data, or (a programmer's mistake, a browser's text) a plain sentence. */
export interface WorkerErrorInit {
  readonly code: WorkerErrorCode;
  readonly message: Sentence;
  readonly file?: string;
}

/** What every worker call rejects with, on both sides of the boundary. `message` is the English of `text`. */
export class WorkerError extends Error implements WorkerErrorData {
  readonly code: WorkerErrorCode;
  readonly text: Text;
  readonly file?: string;
  constructor(init: WorkerErrorInit, options?: ErrorOptions) {
    super(english(init.message), options);
    this.name = 'WorkerError';
    this.code = init.code;
    this.text = asText(init.message);
    if (init.file !== undefined) this.file = init.file;
  }
  static fromData(data: WorkerErrorData): WorkerError {
    return new WorkerError({ code: data.code, message: data.text, ...(data.file === undefined ? {} : { file: data.file }) });
  }
  toJSON(): WorkerErrorData {
    return this.file === undefined ? { code: this.code, text: this.text } : { code: this.code, text: this.text, file: this.file };
  }
}

const IMAGE_CODES: readonly string[] = ['empty', 'not-an-image', 'unsupported-format', 'corrupt', 'too-small', 'too-large'];

/** Any thrown value → the wire shape. Known error classes keep their code; the rest are 'internal'. */
export function toWorkerErrorData(e: unknown): WorkerErrorData {
  if (e instanceof WorkerError) return e.toJSON();
  const text = asText(sentenceOf(e));
  if (e instanceof Error) {
    const { code, file } = e as Error & { code?: unknown; file?: unknown };
    const withFile = (c: WorkerErrorCode): WorkerErrorData => (typeof file === 'string' ? { code: c, text, file } : { code: c, text });
    if (e.name === 'ImageError' && typeof code === 'string' && IMAGE_CODES.includes(code)) return withFile(code as ImageErrorCode);
    if (e.name === 'VectorFormatError') return withFile('vectors-format');
    if (e.name === 'AbortError') return { code: 'aborted', text: raw('the request was cancelled') };
    if (e.name === 'WorkerError' && typeof code === 'string') return withFile(code as WorkerErrorCode);
    return { code: 'internal', text };
  }
  return { code: 'internal', text: typeof e === 'string' ? text : raw('unknown error') };
}

export function isWorkerError(e: unknown): e is WorkerError {
  return e instanceof WorkerError;
}

interface ThrownValue { value: unknown }
type SerializedThrow = { isError: true; value: WorkerErrorData } | { isError: false; value: unknown };

let installed = false;
/**
 * Makes errors keep `code` and `file` across Comlink. Call once on each side (page and every
 * worker) before the first call. Reuses Comlink's own `canHandle` (its marker symbol is private).
 */
export function installErrorTransfer(): void {
  if (installed) return;
  const original = transferHandlers.get('throw') as TransferHandler<ThrownValue, SerializedThrow> | undefined;
  if (!original) throw new Error('comlink has no "throw" transfer handler to replace');
  const handler: TransferHandler<ThrownValue, SerializedThrow> = {
    canHandle: original.canHandle,
    serialize({ value }) {
      return [{ isError: true, value: toWorkerErrorData(value) }, []];
    },
    deserialize(serialized) {
      if (serialized.isError) throw WorkerError.fromData(serialized.value);
      throw WorkerError.fromData(toWorkerErrorData(serialized.value));
    },
  };
  transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
  installed = true;
}
