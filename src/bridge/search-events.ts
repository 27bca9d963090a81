/**
 * Every event of the search worker, for whoever on the page wants them besides the gallery state
 * (the map and duplicate views listen for 'map-progress'). clients.ts dispatches here.
 */
import type { SearchEvent, SearchEventListener } from '../protocol/search.ts';

const listeners = new Set<SearchEventListener>();

/** Listens until the returned function is called. */
export function onSearchEvent(listener: SearchEventListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function dispatchSearchEvent(event: SearchEvent): void {
  for (const l of listeners) {
    try { l(event); } catch { /* one listener's bug must not stop the others */ }
  }
}
