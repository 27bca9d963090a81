/**
 * What the person is asking: up to MAX_QUERY_IMAGES images (files, gallery items, collection
 * images) and a text. Files are decoded and embedded in the embed worker as they are added;
 * files that cannot be used are listed (each names its file) and nothing already there is lost.
 */
import { english } from '../../lib/messages/english.ts';
import { admit, refusalMessage } from '../../lib/query/composer.ts';
import { fileSizeProblem } from '../../lib/image/sniff.ts';
import { text as msg, type Text } from '../../lib/i18n/types.ts';
import { aboutFile, sentenceOf } from '../../lib/messages/message-error.ts';
import { toWorkerErrorData } from '../../protocol/errors.ts';
import type { EmbedResult } from '../../protocol/embed.ts';
import type { TextQueryVector } from '../../protocol/clip.ts';
import { isQuietError } from './latest-task.ts';
import { isErrorData, nextKey, pageError, revokePreview, type Query, type SearchError } from './query.ts';

export type EmbedFile = (bytes: ArrayBuffer, name: string, signal: AbortSignal) => Promise<EmbedResult>;

export class ComposerState {
  /** the query's images, in the order given */
  images = $state.raw<readonly Query[]>([]);
  /** files being read for the query right now */
  pending = $state(0);
  /** why some given files were not added (the query is full) */
  notice = $state.raw<Text | null>(null);
  /** the text side of the query, as submitted */
  text = $state('');
  /** what the CLIP text tower made of `text` (translation, truncation) */
  textVector = $state.raw<TextQueryVector | null>(null);
  /** the submitted text could not be searched (no usable CLIP model): the text-search card shows */
  textBlocked = $state(false);
  /** the query files of the newest batch that could not be used (each names its file), or a query problem */
  queryErrors = $state.raw<readonly SearchError[]>([]);

  readonly #embedAborts = new Set<AbortController>();
  #batch = 0;

  constructor(private readonly embed: EmbedFile) {}

  get hasQuery(): boolean {
    return this.images.length > 0 || !!this.text;
  }

  /** Room for these in the query? Those beyond MAX_QUERY_IMAGES are refused with a notice. */
  admit<T>(items: readonly T[], name: (item: T) => string): readonly T[] {
    const { accepted, refused } = admit(items, this.images.length + this.pending);
    if (refused.length) this.notice = refusalMessage(refused.map(name));
    return accepted;
  }

  /**
   * Reads files for the query (each decoded and embedded in the worker; `onReading` hears of the
   * first). Resolves with the images read (possibly none: each failure is in `queryErrors`), or
   * undefined when there was nothing to read (the query is full) or the batch was abandoned (the
   * query was replaced or cleared meanwhile).
   */
  async read(files: readonly File[], onReading: (name: string) => void): Promise<Query[] | undefined> {
    this.notice = null;
    const accepted = this.admit(files, (f) => f.name);
    if (!accepted.length) return undefined;
    const batch = ++this.#batch;
    const abort = new AbortController();
    this.#embedAborts.add(abort);
    this.queryErrors = [];
    this.pending += accepted.length;
    onReading(accepted[0].name);
    let added: Query[];
    try {
      const read = await Promise.all(accepted.map((f) => this.#embedFile(f, abort.signal, batch)));
      added = read.filter((q): q is Query => !!q);
    } finally {
      this.pending -= accepted.length;
      this.#embedAborts.delete(abort);
    }
    if (abort.signal.aborted) {
      for (const q of added) revokePreview(q);
      return undefined;
    }
    return added;
  }

  async #embedFile(file: File, signal: AbortSignal, batch: number): Promise<Query | undefined> {
    try {
      const tooBig = fileSizeProblem(file.size);
      if (tooBig) throw pageError('too-large', aboutFile(file.name, tooBig), file.name);
      let bytes: ArrayBuffer;
      try {
        bytes = await file.arrayBuffer();
      } catch (e) {
        throw pageError('not-an-image', msg('search.fileUnreadable', { file: file.name, reason: sentenceOf(e) }), file.name);
      }
      const embedded = await this.embed(bytes, file.name, signal);
      if (signal.aborted) return undefined;
      return {
        kind: 'file',
        key: nextKey(),
        file,
        name: file.name,
        previewUrl: URL.createObjectURL(file),
        vectors: embedded.vectors,
        width: embedded.width,
        height: embedded.height,
        format: embedded.format,
      };
    } catch (e) {
      if (signal.aborted) return undefined;
      const err: SearchError = isErrorData(e) ? e : toWorkerErrorData(e);
      // Only the newest batch's errors are shown: an older one finishing late must not cover it.
      if (!isQuietError(err) && batch === this.#batch) {
        if (err.code === 'corrupt') console.info(`[query] ${file.name}:`, english(err.text)); // the decoder's details
        this.queryErrors = [...this.queryErrors, err.file ? err : { ...err, file: file.name }];
      }
      return undefined;
    }
  }

  /** Replaces the images; previews of images no longer in the query are released. */
  setImages(next: readonly Query[]): void {
    const kept = new Set(next);
    for (const old of this.images) if (!kept.has(old)) revokePreview(old);
    this.images = next;
  }

  /** Sets the text; says whether it changed (the text vector of another text is dropped). */
  setText(text: string): boolean {
    if (text === this.text) return false;
    this.text = text;
    this.textVector = null;
    return true;
  }

  /** Puts another query in place of this one (a history turn, a link): reads stop, the notice and the card go. */
  replace(images: readonly Query[], text: string, textVector: TextQueryVector | null, errors: readonly SearchError[]): void {
    this.abortReads();
    this.notice = null;
    this.setImages(images);
    this.text = text;
    this.textVector = textVector;
    this.textBlocked = false;
    this.queryErrors = errors;
  }

  /** Abandons the files being read (their answers are dropped). */
  abortReads(): void {
    for (const a of this.#embedAborts) a.abort();
    this.#embedAborts.clear();
    this.#batch++;
  }

  clear(): void {
    this.abortReads();
    this.setImages([]);
    this.text = '';
    this.textVector = null;
    this.textBlocked = false;
    this.queryErrors = [];
    this.notice = null;
  }
}
