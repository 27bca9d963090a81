/**
 * The search's filters and sort as the page holds them (src/lib/search/filters.ts has the logic):
 * what is chosen, and what the searched sources offer to choose from (facets, asked of the search
 * worker). Changing them is the search state's job (SearchState.setFilters / setSort), which
 * re-ranks or lists again.
 */
import { cleanFilters, hasFilters, sortByDate, SORT_ORDERS, type Facets, type SearchFilters, type SortOrder } from '../../lib/search/filters.ts';
import { LatestTask } from './latest-task.ts';

export type FacetsReader = (signal: AbortSignal) => Promise<Facets>;

export class FilterState {
  /** as chosen; `active` is what filters */
  filters = $state.raw<SearchFilters>({});
  sort = $state<SortOrder>('relevance');
  /** what the searched images offer; null until asked */
  facets = $state.raw<Facets | null>(null);
  readonly #task = new LatestTask();

  constructor(private readonly readFacets: FacetsReader) {}

  /** The filters that filter (empty lists and half-typed dates dropped). */
  get active(): SearchFilters {
    return cleanFilters(this.filters);
  }

  get isActive(): boolean {
    return hasFilters(this.filters);
  }

  /** How many kinds of filter are set (for the button's label). */
  get count(): number {
    const a = this.active;
    return [a.folders, a.from ?? a.to, a.types, a.minMegapixels, a.orientations, a.categories, a.sources].filter((x) => x !== undefined).length;
  }

  /** Sets filters; says whether what filters changed. */
  set(next: SearchFilters): boolean {
    const before = JSON.stringify(this.active);
    this.filters = next;
    return JSON.stringify(this.active) !== before;
  }

  setSort(order: SortOrder): boolean {
    if (!SORT_ORDERS.includes(order) || order === this.sort) return false;
    this.sort = order;
    return true;
  }

  /**
   * What a query's search asks the worker beyond the settings: the filters, and for a date sort the
   * order and the threshold (the worker returns the newest, or oldest, of the images above it).
   */
  searchOptions(threshold: number | null): { filters?: SearchFilters; sort?: SortOrder; threshold?: number } {
    const order = this.sort === 'relevance' ? {} : { sort: this.sort, ...(threshold === null ? {} : { threshold }) };
    return { ...(this.isActive ? { filters: this.active } : {}), ...order };
  }

  /** Hits in the chosen order (the search worker sends date-sorted results in that order already; this holds until a new order's search comes back). */
  order<T extends { readonly date?: number }>(hits: readonly T[]): readonly T[] {
    return sortByDate(hits, this.sort);
  }

  /** Asks the search worker what the searched sources offer; a newer ask wins. */
  async refreshFacets(): Promise<void> {
    const task = this.#task.start();
    try {
      const facets = await this.readFacets(task.signal);
      if (task.current) this.facets = facets;
    } catch (e) {
      if (task.current) console.warn(`filters: the searched images could not be described (${(e as Error).message})`);
    }
  }
}
