/**
 * "Verify matches" in the search worker: local features of the query's images and of the top
 * results, computed on demand from the decoded images (a result's features are kept in an LRU
 * cache by image), matched and checked for one geometric transform (src/lib/verify/).
 */
import type { RgbRaster } from '../../src/lib/image/raster.ts';
import { classicQueryVector } from '../../src/lib/engines/classic/grey-query.ts';
import { halfTurnedVector } from '../../src/lib/engines/classic/index.ts';
import { LruCache } from '../../src/lib/lru.ts';
import { extractFeatures, type ImageFeatures } from '../../src/lib/verify/features.ts';
import { rerankByVerification, VERIFY_TOP } from '../../src/lib/verify/rerank.ts';
import { prepareQuery, verifyPair, type PreparedQuery, type Verification } from '../../src/lib/verify/verify.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { QueryImage, SearchHit, VerificationSummary, VerifiedMatch } from '../../src/protocol/search.ts';

/** Bytes → raster (shrunk while decoding is fine) and the image's real size. */
export type ImageDecoder = (bytes: Uint8Array, name: string) => Promise<{ raster: RgbRaster; width: number; height: number }>;

/** An image's file, and its real size where the file is a smaller copy (a collection's thumbnail). */
export interface StoredImage {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly size?: { readonly width: number; readonly height: number };
}

/** Where the pixels of a result or a query item come from. */
export interface ImageSource {
  /** a cache key that changes when the image may have (gallery URL, collection revision) */
  key(item: number, collection?: string): string;
  read(item: number, collection?: string): Promise<StoredImage>;
}

/** Features of this many images stay cached (about 10 KB each at 250 keypoints). */
export const FEATURE_CACHE_SIZE = 1000;

export function createVerifier(deps: { decode: ImageDecoder; images: ImageSource; cacheSize?: number }) {
  const cache = new LruCache<string, Promise<ImageFeatures>>(deps.cacheSize ?? FEATURE_CACHE_SIZE);

  async function fromBytes(image: StoredImage): Promise<ImageFeatures> {
    const { raster, width, height } = await deps.decode(image.bytes, image.name);
    return extractFeatures(raster, undefined, image.size ?? { width, height });
  }

  /** The features of the image `key` names, from the cache or read now (`read`). */
  function cached(key: string, read: () => Promise<StoredImage>): Promise<ImageFeatures> {
    let p = cache.get(key);
    if (!p) {
      p = read().then(fromBytes);
      cache.set(key, p);
      // A failure is not kept: the next search tries again.
      p.catch(() => { if (cache.get(key) === p) cache.delete(key); });
    }
    return p;
  }

  const stored = (item: number, collection?: string) => cached(deps.images.key(item, collection), () => deps.images.read(item, collection));

  // The half-turned vectors of items used as the query (null: a drawing, none), as the features are kept.
  const halfTurns = new LruCache<string, Float32Array | null>(deps.cacheSize ?? FEATURE_CACHE_SIZE);
  // A query file's features, made with its raster for the half-turned vector, so it is decoded once.
  const fileFeatures = new WeakMap<Blob, Promise<ImageFeatures>>();
  const fileName = (b: Blob) => (b instanceof File ? b.name : 'query image');

  async function queryFeatures(images: readonly QueryImage[]): Promise<PreparedQuery[]> {
    const out: PreparedQuery[] = [];
    for (const im of images) {
      if ('item' in im) out.push(prepareQuery(await stored(im.item, im.collection)));
      else if (im.source instanceof Blob) {
        const blob = im.source;
        out.push(prepareQuery(await (fileFeatures.get(blob) ?? (async () => fromBytes({ bytes: new Uint8Array(await blob.arrayBuffer()), name: fileName(blob) }))())));
      }
    }
    return out;
  }

  /**
   * The raster of a query image: a gallery or collection item read as a result is, a file
   * decoded. Its features are kept too, so the verification that follows reads it no more.
   */
  async function rasterOf(im: QueryImage): Promise<RgbRaster | undefined> {
    let image: StoredImage, remember: (f: Promise<ImageFeatures>) => void;
    if ('item' in im) {
      const key = deps.images.key(im.item, im.collection);
      image = await deps.images.read(im.item, im.collection);
      remember = (f) => { if (!cache.get(key)) cache.set(key, f); };
    } else if (im.source instanceof Blob) {
      const blob = im.source;
      image = { bytes: new Uint8Array(await blob.arrayBuffer()), name: fileName(blob) };
      remember = (f) => fileFeatures.set(blob, f);
    } else return undefined;
    const { raster, width, height } = await deps.decode(image.bytes, image.name);
    remember(Promise.resolve(extractFeatures(raster, undefined, image.size ?? { width, height })));
    return raster;
  }

  return {
    features: cached,
    /**
     * The classic vector of the query's one picture as its canonical orientation would be upside
     * down (grey rule applied), so the results checked include a copy turned by 90° that came back
     * upside down; undefined for a drawing, for several query images or none readable.
     */
    async halfTurnedQuery(images: readonly QueryImage[]): Promise<Float32Array | undefined> {
      if (images.length !== 1) return undefined;
      const im = images[0], key = 'item' in im ? deps.images.key(im.item, im.collection) : undefined;
      const known = key === undefined ? undefined : halfTurns.get(key);
      if (known !== undefined) return known ?? undefined;
      const raster = await rasterOf(im).catch(() => undefined);
      const v = raster && halfTurnedVector(raster);
      const q = v ? classicQueryVector(v) : undefined;
      if (key !== undefined && raster) halfTurns.set(key, q ?? null);
      return q;
    },
    /**
     * Re-ranks the first VERIFY_TOP hits: verified first (most inliers first), the rest in their
     * order. `current()` says whether this search is still wanted (latest request wins).
     * Undefined when the query has no image to compare with (text alone, or an image restored
     * from the history without its file).
     */
    async rerank(images: readonly QueryImage[], hits: readonly SearchHit[], current: () => boolean): Promise<{ hits: SearchHit[]; summary: VerificationSummary } | undefined> {
      const t0 = performance.now();
      const queries = await queryFeatures(images);
      if (!queries.length) return undefined;
      const top = hits.slice(0, VERIFY_TOP);
      const checks: (Verification | undefined)[] = [];
      let unreadable = 0;
      for (const hit of top) {
        if (!current()) throw new WorkerError({ code: 'superseded', message: 'a newer search replaced this one' });
        let features: ImageFeatures;
        try {
          features = await stored(hit.index, hit.collection);
        } catch {
          unreadable++;
          checks.push(undefined);
          continue;
        }
        // Several query images: the best-supported one speaks for the result.
        let best: Verification | undefined;
        for (const q of queries) {
          const v = verifyPair(q, features);
          if (!best || (v.verified !== best.verified ? v.verified : v.inliers > best.inliers)) best = v;
        }
        checks.push(best);
      }
      const ranked = rerankByVerification(hits, checks).map(({ item, check }): SearchHit => {
        const verified = verifiedMatch(check);
        return verified ? { ...item, verified } : item;
      });
      const verified = checks.filter((c) => c?.verified).length;
      return { hits: ranked, summary: { checked: top.length, verified, unreadable, ms: performance.now() - t0 } };
    },
  };
}

/** A verification as a result carries it: only when it verified. */
export function verifiedMatch(check: Verification | undefined): VerifiedMatch | undefined {
  if (!check?.verified || !check.transform) return undefined;
  const { words, degrees, scale } = check.transform;
  return { inliers: check.inliers, words, degrees, scale };
}
