/**
 * The page's URL follows the search, so that a copied link runs it again elsewhere and back and
 * forward move between searches. What a link holds is src/lib/search/share-url.ts's; when an
 * entry is pushed or replaced is its `entryChange` (one entry per search history turn).
 *
 * Opening the page, going back or forward, puts the entry's search back: the whole turn from
 * this browser's search history when it has it (images from the device included, from their
 * kept vectors), else what the link holds. Files and collection images are never in a link:
 * `omitted` counts them, and the page says so.
 *
 * On an embedded page (?embed=1) the link's search is opened once and the URL is never written:
 * a frame's pushState would add entries to the host page's back button, which is not the frame's to use.
 */
import type { HistoryTurn } from '../../lib/history/turns.ts';
import { entryChange, hasSharedSearch, queryString, readSharedSearch, writeSharedSearch } from '../../lib/search/share-url.ts';
import { readFilters, writeFilters } from '../../lib/search/filter-url.ts';
import type { ImageCatalog } from '../image-catalog.ts';
import type { Query, ShownSearch } from './query.ts';
import type { SearchState } from './search.svelte.ts';
import { MAX_K, startSettings } from './settings.svelte.ts';

/** The key of history.state that names the search history turn an entry shows. */
const TURN_KEY = 'searchTurn';

/** The search history as far as this needs it: the turns kept, once read. */
export interface KeptTurns {
  turn(id: string): Promise<HistoryTurn | undefined>;
}

export class UrlSync {
  /** images of the shown query that its link leaves out (files from the device, a collection's images) */
  omitted = $state(0);

  /** the turn the current entry shows (undefined: none, or an entry opened from a link not yet searched) */
  #entryTurn: string | undefined;
  /** the current entry was opened from its link: the search it opens takes the entry over */
  #adopting = false;
  /** latest opening wins (back, back quickly) */
  #opening = 0;
  /** the settings a link leaves out */
  readonly #defaults = startSettings(null);

  constructor(
    private readonly search: SearchState,
    private readonly catalog: ImageCatalog,
    private readonly kept?: KeptTurns,
    /** false: open the URL's search, then leave the URL alone (an embedded page) */
    private readonly follow = true,
  ) {}

  /** Opens the search of the page's URL and (`follow`) follows every search from now on. */
  start(): void {
    if (this.follow) {
      this.search.onShown = (shown) => this.#write(shown);
      addEventListener('popstate', () => void this.#open());
    }
    void this.#open();
  }

  /** Puts back the current entry's search (a history turn, else its link), or clears the page where it has none. */
  async #open(): Promise<void> {
    const opening = ++this.#opening;
    const turnId = turnOf(history.state);
    this.#entryTurn = turnId;
    this.#adopting = false;
    const turn = turnId ? await this.kept?.turn(turnId) : undefined;
    if (opening !== this.#opening) return;
    // The entry's filters and sort apply to the search it opens (set quietly: that search runs below).
    const { filters, sort } = readFilters(new URLSearchParams(location.search));
    this.search.filters.set(filters);
    this.search.filters.setSort(sort);
    if (turn) {
      // the turn's own filters and sort; the entry's for a turn stored before they were recorded
      await this.search.restore(turn, { filters, sort });
      return;
    }
    const shared = readSharedSearch(new URLSearchParams(location.search), this.#defaults, MAX_K);
    if (!shared) {
      if (this.search.hasQuery) this.search.clear();
      else if (this.search.listing) await this.search.search();
      return;
    }
    const images: Query[] = [];
    const missing: string[] = [];
    for (const id of shared.like) {
      const ref = await this.catalog.galleryRef(id, -1);
      const q = ref && this.catalog.galleryQuery(ref.index);
      if (q) images.push(q);
      else missing.push(id);
    }
    if (opening !== this.#opening) return;
    performance.mark('page:shared-search');
    this.#adopting = true;
    await this.search.openShared(images, shared.text, shared.settings, missing);
  }

  #write(shown: ShownSearch): void {
    const like = shown.images.flatMap((q) => (q.kind === 'item' && q.ref.kind === 'gallery' ? [q.ref.id] : []));
    this.omitted = shown.turn ? shown.images.length - like.length : 0;
    const params = new URLSearchParams(location.search);
    // A listing (filters, no query) replaces the entry: back and forward move between searches.
    const change = shown.listing ? 'replace' : entryChange({ shownTurn: shown.turn, entryTurn: this.#entryTurn, adopting: this.#adopting, entryHasSearch: hasSharedSearch(params) });
    this.#adopting = false;
    if (change === 'none') return;
    const search = shown.turn ? { text: shown.text, like, settings: shown.settings } : null;
    const f = this.search.filters;
    const written = writeFilters(writeSharedSearch(params, search, this.#defaults), search || shown.listing ? { filters: f.active, sort: f.sort } : { filters: {}, sort: 'relevance' });
    const url = `${location.pathname}${queryString(written)}${location.hash}`;
    const state = shown.turn ? { [TURN_KEY]: shown.turn } : null;
    if (change === 'push') history.pushState(state, '', url);
    else history.replaceState(state, '', url);
    this.#entryTurn = shown.turn;
  }
}

function turnOf(state: unknown): string | undefined {
  const id = typeof state === 'object' && state !== null ? (state as Record<string, unknown>)[TURN_KEY] : undefined;
  return typeof id === 'string' ? id : undefined;
}
