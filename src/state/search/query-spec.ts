/**
 * The query as the search worker takes it (src/protocol/search.ts QuerySpec): stored vectors by
 * reference; for CLIP, each file's CLIP vector (embedded once, on first need) and the text's
 * (kept with the text, so re-ranking does not encode it again).
 */
import type { SearchEngineId } from '../../lib/engines/types.ts';
import { text as msg } from '../../lib/i18n/types.ts';
import { encodeTextQuery } from '../../lib/query/text-terms.ts';
import type { EngineVectors } from '../../protocol/embed.ts';
import type { QueryImage, QuerySpec } from '../../protocol/search.ts';
import type { TextQueryVector } from '../../protocol/clip.ts';
import { ClipImageVectors } from '../clip-query.ts';
import type { ComposerState } from './composer.svelte.ts';
import { itemImage, pageError, type Query, type SearchStatus } from './query.ts';

export type EmbedText = (text: string, signal: AbortSignal) => Promise<TextQueryVector>;

export class QuerySpecBuilder {
  /** CLIP vectors of file images, computed on first need */
  readonly #clipImages = new ClipImageVectors();

  constructor(private readonly embedText: EmbedText) {}

  /** The CLIP vector of a query image if it has been computed (for the history). */
  clipVector(q: Query): Float32Array | undefined {
    return this.#clipImages.resolved(q) ?? (q.kind === 'file' ? q.clip : undefined);
  }

  /**
   * Images only (their mean): the weight-free engines have no text side. With `verify`, a file
   * image carries the file too, for the search worker to verify matches against.
   */
  images(images: readonly Query[], engine: SearchEngineId, verify = false): QuerySpec {
    if (!images.length) {
      throw pageError('model-unavailable', msg('search.textNeedsClip', { engine: msg(`engine.${engine}.label`) }));
    }
    return { images: images.map((q): QueryImage => (q.kind === 'file' ? withSource({ vector: q.vectors[engine as keyof EngineVectors] }, q, verify) : itemImage(q))) };
  }

  /**
   * normalize(α·text + (1−α)·mean(images)) in the worker: here, the CLIP vectors of the parts
   * (a text in the query language is its terms' combination). The model must be ready.
   */
  async clip(composer: ComposerState, alpha: number, signal: AbortSignal, onStatus: (s: SearchStatus) => void, verify = false): Promise<QuerySpec> {
    const { images, text } = composer;
    const parts = await Promise.all(images.map(async (q): Promise<QueryImage> => {
      if (q.kind === 'item') return itemImage(q);
      return withSource({ vector: await this.#clipImages.of(q, signal, () => onStatus({ kind: 'embedding', file: q.name })) }, q, verify);
    }));
    let textVector: Float32Array | undefined;
    if (text) {
      const known = composer.textVector;
      if (known?.vector && (known.translatedFrom ?? known.searchedText) === text) {
        textVector = known.vector;
      } else {
        onStatus({ kind: 'encoding-text', text });
        const encoded = await encodeTextQuery(text, (t) => this.embedText(t, signal));
        if (composer.text === text) composer.textVector = encoded;
        textVector = encoded.vector;
      }
    }
    return { text: textVector, images: parts, alpha };
  }
}

/** A file image's vector, with the file itself when matches are to be verified (and the file is still here). */
function withSource(image: { vector: Float32Array }, q: Query, verify: boolean): QueryImage {
  return verify && q.kind === 'file' && q.file ? { ...image, source: q.file } : image;
}
