import { SvelteMap } from 'svelte/reactivity';
import type { CollectionsDb } from '../storage/collections-db.ts';

/**
 * Object URLs of the stored thumbnails of a person's images, read from IndexedDB on first use.
 * Reading one is reactive: the map updates once the record is read, and the card re-renders.
 */
export class CollectionThumbs {
  /** object URLs by "collection/path" */
  readonly #urls = new SvelteMap<string, string>();
  readonly #loading = new Set<string>();

  constructor(private readonly db: Pick<CollectionsDb, 'image'>) {}

  /** The thumbnail's object URL once loaded (undefined until then). */
  url(collectionId: string, path: string): string | undefined {
    const key = `${collectionId}/${path}`;
    const url = this.#urls.get(key);
    // Called while rendering: state may only change later, when the record has been read.
    if (url === undefined && !this.#loading.has(key)) {
      this.#loading.add(key);
      void this.db.image(collectionId, path).then(
        (r) => { if (r) this.#urls.set(key, URL.createObjectURL(r.thumb)); },
        () => {},
      ).finally(() => this.#loading.delete(key));
    }
    return url;
  }

  /** Releases the thumbnails of a removed collection. */
  forget(collectionId: string): void {
    for (const [key, url] of [...this.#urls]) {
      if (key.startsWith(`${collectionId}/`)) { URL.revokeObjectURL(url); this.#urls.delete(key); }
    }
  }
}
