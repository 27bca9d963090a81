/**
 * The larger view of one result: which result is open, walking to its neighbours among the
 * results shown (the threshold hides a tail, so ranks stay 1…n), and a person's image loaded in
 * full size when its folder can still be read.
 */
import type { SearchHit } from '../protocol/search.ts';
import type { ImagePlace } from '../lib/images/image-ref.ts';
import type { OwnImage } from './own-image.ts';

/** Reads a person's image in full (the image catalog does). */
export interface OwnImageReader {
  ownImage(place: ImagePlace): Promise<OwnImage | undefined>;
}

export interface OpenedResult {
  readonly hit: SearchHit;
  /** 1-based place among the results shown */
  readonly rank: number;
}

export class LightboxState {
  opened = $state.raw<OpenedResult | null>(null);
  /** the full picture of a person's image, once read (gallery items need none) */
  own = $state.raw<OwnImage | null>(null);

  constructor(
    private readonly catalog: OwnImageReader,
    /** the results shown, best first */
    private readonly shown: () => readonly SearchHit[],
  ) {}

  async open(hit: SearchHit, rank: number): Promise<void> {
    this.#releaseOwn();
    this.opened = { hit, rank };
    const own = await this.catalog.ownImage(hit);
    if (!own) return;
    if (this.opened?.hit !== hit) URL.revokeObjectURL(own.src); // another result was opened meanwhile
    else this.own = own;
  }

  /** Opens the result `step` places away, if there is one (undefined: none, the button is disabled). */
  neighbour(step: number): (() => void) | undefined {
    const opened = this.opened;
    if (!opened) return undefined;
    const i = opened.rank - 1 + step;
    const hit = this.shown()[i];
    return hit ? () => void this.open(hit, i + 1) : undefined;
  }

  /** Closes the view; the rank it showed, so the page can give focus back to that result. */
  close(): number | undefined {
    const rank = this.opened?.rank;
    this.opened = null;
    this.#releaseOwn();
    return rank;
  }

  #releaseOwn(): void {
    if (this.own) URL.revokeObjectURL(this.own.src);
    this.own = null;
  }
}
