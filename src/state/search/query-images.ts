/**
 * The query's images as the person edits them: files read and embedded, a gallery item or a
 * result taken as the query ("find similar") or added to it, images removed. Each edit ends with
 * `edited`, which the search page turns into a new or updated history turn and a search (or an
 * empty page, when nothing is left to search).
 */
import { refOfPlace, type ImagePlace, type StoredImageRef } from '../../lib/images/image-ref.ts';
import type { SearchHit } from '../../protocol/search.ts';
import type { ComposerState } from './composer.svelte.ts';
import type { Query, SearchStatus } from './query.ts';
import type { QueryChange } from '../../lib/history/turns.ts';

export type ImagesChange = Extract<QueryChange, 'images-added' | 'images-removed' | 'replaced'>;

/** Where query images come from (src/state/image-catalog.ts). */
export interface QueryImageSource {
  galleryQuery(index: number): Query | undefined;
  queryImage(ref: StoredImageRef): Promise<Query | undefined>;
  name(place: ImagePlace): string;
}

export class QueryImages {
  constructor(
    private readonly composer: ComposerState,
    private readonly catalog: QueryImageSource,
    /** what the page says is happening (a file being read) */
    private readonly progress: { status: SearchStatus },
    private readonly edited: (change: ImagesChange) => Promise<void>,
  ) {}

  /** Adds files (picker, drop, paste): each is decoded and embedded in the worker, then the query is searched once. */
  async addFiles(files: readonly File[]): Promise<void> {
    const added = await this.composer.read(files, (file) => (this.progress.status = { kind: 'embedding', file }));
    if (!added) return;
    if (added.length) {
      this.composer.setImages([...this.composer.images, ...added]);
      await this.edited('images-added');
    } else if (this.progress.status.kind === 'embedding' && this.composer.pending === 0) {
      this.progress.status = { kind: 'idle' };
    }
  }

  /** "Find similar": the gallery item (its stored vectors) becomes the query's only image. */
  searchWithItem(index: number): void {
    const q = this.catalog.galleryQuery(index);
    if (q) this.#replace([q]);
  }

  /** "Find similar" for a result (a gallery item or a collection's image): it becomes the query's only image. */
  async searchWithHit(hit: ImagePlace): Promise<void> {
    const q = await this.catalog.queryImage(refOfPlace(hit));
    if (q) this.#replace([q]);
  }

  /** Adds a result (gallery item or a collection's image) to the query's images. */
  async addHit(hit: SearchHit): Promise<void> {
    this.composer.notice = null;
    if (!this.composer.admit([hit], (h) => this.catalog.name(h)).length) return;
    const q = await this.catalog.queryImage(refOfPlace(hit));
    if (!q) return;
    this.composer.setImages([...this.composer.images, q]);
    void this.edited('images-added');
  }

  /** Removes one image; the rest (and the text) are searched. */
  remove(key: string): void {
    if (!this.composer.images.some((q) => q.key === key)) return;
    this.composer.notice = null;
    this.composer.setImages(this.composer.images.filter((q) => q.key !== key));
    void this.edited('images-removed');
  }

  /** Removes every image; the text (if any) stays and is searched alone. */
  removeAll(): void {
    this.composer.abortReads();
    this.composer.notice = null;
    this.composer.setImages([]);
    void this.edited('images-removed');
  }

  #replace(next: Query[]): void {
    this.composer.abortReads();
    this.composer.queryErrors = [];
    this.composer.notice = null;
    this.composer.setImages(next);
    void this.edited('replaced');
  }
}
