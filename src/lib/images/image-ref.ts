/**
 * Which image: the one reference the page passes between results, the query, the history, the
 * map, the lightbox and relevance feedback. A stored image is a gallery item or an image of one
 * of the person's collections; a query file is an image the person gave, kept nowhere.
 * The catalog (src/state/image-catalog.svelte.ts) turns a reference into a name and pictures.
 */

/** An item of the site's gallery: its row in the manifest and vector files, and its manifest id (checks the row is still that image). */
export interface GalleryImageRef {
  readonly kind: 'gallery';
  readonly index: number;
  readonly id: string;
}

/** An image of one of the person's collections: its row there and its path in the folder. */
export interface CollectionImageRef {
  readonly kind: 'collection';
  readonly collection: string;
  readonly index: number;
  readonly path: string;
}

/** A file the person gave as (part of) a query; `key` is unique within the page. */
export interface QueryFileRef {
  readonly kind: 'file';
  readonly key: string;
  readonly name: string;
}

export type StoredImageRef = GalleryImageRef | CollectionImageRef;
export type ImageRef = StoredImageRef | QueryFileRef;

/**
 * Where the search worker's answers and the stored history point: an id, a row, and the
 * collection for a person's image (its id is then its path). A search hit and a history hit
 * are places.
 */
export interface ImagePlace {
  readonly id: string;
  readonly index: number;
  readonly collection?: string;
}

export function refOfPlace(place: ImagePlace): StoredImageRef {
  return place.collection === undefined
    ? { kind: 'gallery', index: place.index, id: place.id }
    : { kind: 'collection', collection: place.collection, index: place.index, path: place.id };
}

export function placeOfRef(ref: StoredImageRef): ImagePlace {
  return ref.kind === 'gallery' ? { id: ref.id, index: ref.index } : { id: ref.path, index: ref.index, collection: ref.collection };
}

/**
 * One key per stored image (its source and row), e.g. for the marks of relevance feedback and
 * for leaving refined-away results out: the same image has the same key as a hit, a mark or a
 * query image.
 */
export function storedKey(image: StoredImageRef | ImagePlace): string {
  const collection = 'kind' in image ? (image.kind === 'collection' ? image.collection : undefined) : image.collection;
  return `${collection ?? ''}/${image.index}`;
}

/** The name a person reads: a gallery item's name is the manifest's (looked up by the catalog), a collection image's is its file name. */
export const fileNameOf = (path: string): string => path.split('/').at(-1) ?? path;
