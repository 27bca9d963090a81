/** What a search covers, as the person ticked it: the demo gallery and the chosen collections. */
export interface ChosenSources {
  readonly gallery: boolean;
  readonly collections: readonly unknown[];
}

/** Whether the chosen sources leave anything to search: the demo gallery, or at least one collection with images. */
export function hasSomethingToSearch(sources: ChosenSources): boolean {
  return sources.gallery || sources.collections.length > 0;
}
