import { message, type Sentence } from '../../src/lib/messages/sentence.ts';
import { hybridQuery, mean } from '../../src/lib/engines/clip/query.ts';
import { classicQueryVector } from '../../src/lib/engines/classic/grey-query.ts';
import type { SearchEngineId } from '../../src/lib/engines/types.ts';
import { rowAsFloats, type VectorMatrix } from '../../src/lib/format/vectors.ts';
import { rocchio } from '../../src/lib/feedback/rocchio.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { QueryImage, QuerySpec } from '../../src/protocol/search.ts';

/** Row `index` of a matrix as floats (bytes mean `byte * scale`). */
export function rowOf(matrix: VectorMatrix, index: number): Float32Array {
  return rowAsFloats(matrix, index);
}

const bad = (message: Sentence) => new WorkerError({ code: 'bad-request', message });

/** Stored vectors a query can name: the engine's dimension and an item's vector. */
export interface ItemLookup {
  readonly dim: number;
  /** the stored vector of a gallery item (no collection) or of a collection's image; throws 'bad-request' */
  vector(item: number, collection?: string): Float32Array;
}

/** The gallery's matrix as a lookup (items are its rows). */
export function matrixLookup(matrix: VectorMatrix): ItemLookup {
  return {
    dim: matrix.dim,
    vector(item, collection) {
      if (collection !== undefined) throw bad(`the collection ${collection} is not selected for searching`);
      if (!Number.isInteger(item) || item < 0 || item >= matrix.count) throw bad(`there is no gallery item ${String(item)} (the gallery has ${matrix.count})`);
      return rowOf(matrix, item);
    },
  };
}

/**
 * One query vector from a query's parts. CLIP: normalize(α·text + (1−α)·mean(images)).
 * Weight-free engines have no text side: their query is the mean of the image vectors.
 * With relevance feedback (`positive` / `negative`: results marked good / bad), the query is then
 * q' = α·q + β·mean(positive) − γ·mean(negative) (Rocchio; α = 1, β = 0.75, γ = 0.15),
 * normalised for CLIP, whose vectors are all unit length. A nearly grey classic query is compared
 * on its luma blocks only (src/lib/engines/classic/grey-query.ts).
 */
export function queryVector(spec: QuerySpec, engine: SearchEngineId, source: VectorMatrix | ItemLookup): Float32Array {
  const lookup = 'data' in source ? matrixLookup(source) : source;
  if (!spec || !Array.isArray(spec.images)) throw bad('a query needs an images list (possibly empty)');
  const vectorsOf = (list: readonly QueryImage[] | undefined, what: string) => {
    if (list !== undefined && !Array.isArray(list)) throw bad(`the ${what} list of the query must be an array`);
    return (list ?? []).map((im, i) => {
      if (im && 'item' in im) return lookup.vector(im.item, im.collection);
      if (!im || !(im.vector instanceof Float32Array)) throw bad(`${what} ${i + 1} of the query has no vector`);
      return im.vector;
    });
  };
  const images = vectorsOf(spec.images, 'image');
  const positive = vectorsOf(spec.positive, 'good result');
  const negative = vectorsOf(spec.negative, 'bad result');
  for (const v of [...images, ...positive, ...negative, ...(spec.text ? [spec.text] : [])]) {
    if (v.length !== lookup.dim) throw bad(`a query vector has ${v.length} values; the ${engine} engine uses ${lookup.dim}`);
  }
  const refine = (q: Float32Array) => (positive.length || negative.length ? rocchio({ query: q, positive, negative, normalize: engine === 'clip' }) : q);
  if (engine === 'clip') {
    if (!spec.text && images.length === 0) throw bad('a query needs text, an image, or both');
    try {
      return refine(hybridQuery({ text: spec.text, images, alpha: spec.alpha }));
    } catch (e) {
      throw bad((e as Error).message);
    }
  }
  if (spec.text) throw bad(message('worker.textNeedsClip', { engine }));
  if (images.length === 0) throw bad('a query needs at least one image');
  const q = refine(images.length === 1 ? images[0] : mean(images));
  return engine === 'classic' ? classicQueryVector(q) : q;
}
