/**
 * The images "verify matches" reads in the search worker: gallery items from the gallery folder
 * (through the worker's fetcher), a collection's images as their stored thumbnails (with the
 * real size kept, so a size change is told in the files' pixels), decoded like a query file.
 */
import { resolveInFolder } from '../../src/lib/site/safe-urls.ts';
import { decodeImage } from '../embed/decode.ts';
import { message } from '../../src/lib/messages/sentence.ts';
import { WorkerError } from '../../src/protocol/errors.ts';
import type { CollectionStore } from './collection-store.ts';
import type { Fetcher, GalleryStore } from './gallery-store.ts';
import type { ImageDecoder, ImageSource } from './verify.ts';

/** createImageBitmap + OffscreenCanvas, as the embed worker decodes a query file. */
export const browserDecoder: ImageDecoder = async (bytes, name) => {
  const { raster, width, height } = await decodeImage(bytes, name);
  return { raster, width, height };
};

export function storedImages(deps: { gallery: () => GalleryStore; fetcher: Fetcher; collections: CollectionStore }): ImageSource {
  return {
    key(item, collection) {
      return collection === undefined ? `gallery ${deps.gallery().galleryUrl} ${item}` : `collection ${collection}@${deps.collections.revisionOf(collection) ?? '?'} ${item}`;
    },
    async read(item, collection) {
      if (collection !== undefined) {
        const c = await deps.collections.get(collection);
        const thumb = c.thumbs[item];
        if (!thumb) throw new WorkerError({ code: 'bad-request', message: `collection ${collection} has no image ${item}` });
        return { bytes: new Uint8Array(await thumb.blob.arrayBuffer()), name: c.paths[item], size: { width: thumb.width, height: thumb.height } };
      }
      const store = deps.gallery();
      const entry = (await store.manifest()).items[item];
      const url = entry ? resolveInFolder(store.galleryUrl, entry.file) : undefined;
      if (!entry || !url) throw new WorkerError({ code: 'bad-request', message: `there is no gallery image ${item} to verify` });
      const res = await deps.fetcher(url);
      if (!res.ok) throw new WorkerError({ code: 'network', message: message('worker.httpError', { file: entry.file, status: String(res.status) }), file: entry.file });
      return { bytes: new Uint8Array(await res.arrayBuffer()), name: entry.file };
    },
  };
}
