/**
 * The one place the page turns an image reference into what it shows: a name, the folder it
 * is in, a thumbnail, the full image, or a query image to search with. Gallery items come from
 * the manifest and the site's files; a person's images from their collections' stores.
 */
import type { GalleryImageRef, ImagePlace, StoredImageRef } from '../lib/images/image-ref.ts';
import { fileNameOf, refOfPlace } from '../lib/images/image-ref.ts';
import { collectionCaption } from '../lib/results/caption.ts';
import type { CollectionsState } from './collections.svelte.ts';
import type { GalleryState } from './gallery.svelte.ts';
import type { OwnImage } from './own-image.ts';
import type { TurnImage } from '../lib/history/turns.ts';
import { nextKey, queryOfTurnImage, type Query } from './search/query.ts';

/** How a result card names and pictures an image. */
export interface ImageView {
  readonly name: string;
  readonly src?: string;
  /** a person's image: "collection › folder" */
  readonly where?: string;
  /** a person's image: collection and whole path, for the tooltip */
  readonly title?: string;
  /** a person's photo (drawn to fill its card), not a gallery drawing */
  readonly photo?: boolean;
}

export class ImageCatalog {
  constructor(
    private readonly gallery: GalleryState,
    private readonly collections?: CollectionsState,
  ) {}

  view(place: ImagePlace): ImageView {
    const ref = refOfPlace(place);
    if (ref.kind === 'gallery') {
      const item = this.gallery.item(ref.index);
      return { name: item?.name ?? ref.id, src: item ? this.gallery.imageUrl(item) : undefined };
    }
    const caption = collectionCaption(ref.path, this.collections?.collection(ref.collection)?.name);
    return { ...caption, src: this.collections?.thumb(ref.collection, ref.path), photo: true };
  }

  /** A stored image's picture, or undefined when it is gone (a gallery row now holding another image). */
  thumbSrc(place: ImagePlace): string | undefined {
    const ref = refOfPlace(place);
    if (ref.kind === 'collection') return this.collections?.thumb(ref.collection, ref.path);
    const item = this.gallery.item(ref.index);
    return item?.id === ref.id ? this.gallery.imageUrl(item) : undefined;
  }

  /** The gallery item with manifest id `id`, looked for at its stored row first (a rebuilt gallery may have moved it). */
  async galleryRef(id: string, at: number): Promise<GalleryImageRef | undefined> {
    const manifest = await this.gallery.load().catch(() => null);
    const index = manifest?.items[at]?.id === id ? at : (manifest?.items.findIndex((it) => it.id === id) ?? -1);
    return index >= 0 ? { kind: 'gallery', index, id } : undefined;
  }

  /** A gallery item as a query image (its vectors are the gallery's). */
  galleryQuery(index: number): Query | undefined {
    const item = this.gallery.item(index);
    return item ? { kind: 'item', key: nextKey(), ref: { kind: 'gallery', index, id: item.id }, name: item.name, previewUrl: this.gallery.imageUrl(item) } : undefined;
  }

  /** A stored image as a query image; a person's image brings its stored thumbnail (for the history). */
  async queryImage(ref: StoredImageRef): Promise<Query | undefined> {
    if (ref.kind === 'gallery') return this.galleryQuery(ref.index);
    const record = await this.collections?.image(ref.collection, ref.path);
    const previewUrl = record ? URL.createObjectURL(record.thumb) : '';
    return { kind: 'item', key: nextKey(), ref, name: ref.path, previewUrl, ...(record ? { thumb: record.thumb } : {}) };
  }

  /** A history turn's images as query images again; `missing`: the names of gallery items no longer in the gallery. */
  async turnQueries(images: readonly TurnImage[]): Promise<{ images: Query[]; missing: string[] }> {
    const out: Query[] = [];
    const missing: string[] = [];
    for (const im of images) {
      const stored = im.source.kind === 'gallery' ? await this.galleryRef(im.source.id, im.source.index) : undefined;
      const q = queryOfTurnImage(im, () => (stored ? this.galleryQuery(stored.index) : undefined));
      if (q) out.push(q);
      else missing.push(im.name);
    }
    return { images: out, missing };
  }

  /** The name a person reads for a stored image. */
  name(place: ImagePlace): string {
    const ref = refOfPlace(place);
    return ref.kind === 'gallery' ? (this.gallery.item(ref.index)?.name ?? ref.id) : fileNameOf(ref.path);
  }

  /**
   * The larger view of a person's image: the full file when its folder can still be read, else
   * the stored preview. The caller revokes `src` when done with it.
   */
  async ownImage(place: ImagePlace): Promise<OwnImage | undefined> {
    const ref = refOfPlace(place);
    if (ref.kind !== 'collection' || !this.collections) return undefined;
    const record = await this.collections.image(ref.collection, ref.path);
    if (!record) return undefined;
    const full = await this.collections.fullImage(ref.collection, ref.path);
    return {
      src: URL.createObjectURL(full ?? record.thumb),
      fullSize: !!full,
      name: fileNameOf(record.path),
      path: record.path,
      collection: this.collections.collection(ref.collection)?.name ?? '',
      width: record.width,
      height: record.height,
      bytes: record.size,
      format: record.format,
    };
  }
}
