import { hybridQuery, mean } from '../../src/lib/clip/query.ts';
import type { SearchEngineId } from '../../src/lib/engines/types.ts';
import type { VectorMatrix } from '../../src/lib/format/vectors.ts';
import { WorkerError, type QuerySpec } from '../protocol.ts';

/** Row `index` of a matrix as floats (bytes mean `byte * scale`). */
export function rowOf(matrix: VectorMatrix, index: number): Float32Array {
  const start = index * matrix.dim;
  if (matrix.kind === 'f32') return matrix.data.slice(start, start + matrix.dim);
  const out = new Float32Array(matrix.dim);
  for (let i = 0; i < matrix.dim; i++) out[i] = matrix.data[start + i] * matrix.scale;
  return out;
}

const bad = (message: string) => new WorkerError({ code: 'bad-request', message });

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
 */
export function queryVector(spec: QuerySpec, engine: SearchEngineId, source: VectorMatrix | ItemLookup): Float32Array {
  const lookup = 'data' in source ? matrixLookup(source) : source;
  if (!spec || !Array.isArray(spec.images)) throw bad('a query needs an images list (possibly empty)');
  const images = spec.images.map((im, i) => {
    if ('item' in im) return lookup.vector(im.item, im.collection);
    if (!(im.vector instanceof Float32Array)) throw bad(`image ${i + 1} of the query has no vector`);
    return im.vector;
  });
  for (const v of [...images, ...(spec.text ? [spec.text] : [])]) {
    if (v.length !== lookup.dim) throw bad(`a query vector has ${v.length} values; the ${engine} engine uses ${lookup.dim}`);
  }
  if (engine === 'clip') {
    if (!spec.text && images.length === 0) throw bad('a query needs text, an image, or both');
    try {
      return hybridQuery({ text: spec.text, images, alpha: spec.alpha });
    } catch (e) {
      throw bad((e as Error).message);
    }
  }
  if (spec.text) throw bad(`text queries need the clip engine; "${engine}" compares images only`);
  if (images.length === 0) throw bad('a query needs at least one image');
  return images.length === 1 ? images[0] : mean(images);
}
