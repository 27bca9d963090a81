/**
 * What main.ts starts before the page's components mount: the search worker on the gallery (its
 * manifest), and the vectors of the engine the page's first search will use (the link's, for a
 * shared search; the settings the page starts with otherwise), so that downloading and reading
 * them overlaps the page's own start. The gallery state asks again later and gets the same
 * answers (search-start.ts); a failure here is said there. A shared search that needs no CLIP
 * also holds back the CLIP worker and the service worker's registration until it is answered
 * (start-hold.ts; clients.ts's firstSearchHold).
 */
import { MAX_K, startSettings } from '../state/search/settings.svelte.ts';
import { storedSettings } from '../state/search/settings-storage.ts';
import { readSharedSearch } from '../lib/search/share-url.ts';
import { FALLBACK_ENGINE, type EngineChoice } from '../lib/search/best-engine.ts';
import { site } from '../state/site.ts';
import { firstSearchHold, firstAnswer, searchClient } from './clients.ts';

/** What the first search does not need starts this long after its answer (its results draw first), or after HOLD_CAP_MS at the latest. */
const AFTER_ANSWER_MS = 300;
const HOLD_CAP_MS = 5000;

/** The engine choice of the page's first search (the same as url-sync and the search state make). */
export function firstEngine(search: string, stored: string | null): EngineChoice {
  const shared = readSharedSearch(new URLSearchParams(search), startSettings(null), MAX_K);
  return shared?.settings.engine ?? startSettings(stored, site).engine;
}

/**
 * A shared search by gallery images alone, with a weight-free engine or "Best available": CLIP
 * plays no part in its answer, or, where Best available turns to CLIP, the page's first call
 * for the model releases the hold (clients.ts).
 */
export function sharedSearchWithoutClip(search: string): boolean {
  const shared = readSharedSearch(new URLSearchParams(search), startSettings(null), MAX_K);
  return !!shared && !shared.text && shared.settings.engine !== 'clip';
}

export function startSearchEarly(): void {
  const quiet = () => { /* said by the gallery state, which asks again */ };
  const manifest = searchClient.init(undefined, () => {});
  manifest.catch(quiet);
  const engine = firstEngine(location.search, storedSettings());
  // CLIP vectors wait for the model's state (a gallery may need vectors made here): the page
  // decides. "Best available" searches a gallery shipped without CLIP vectors with the fallback.
  if (engine === 'auto') manifest.then((m) => { if (!m.engines.clip) return searchClient.prepareEarly(FALLBACK_ENGINE); }).catch(quiet);
  else if (engine !== 'clip') searchClient.prepareEarly(engine).catch(quiet);
  if (sharedSearchWithoutClip(location.search)) {
    firstSearchHold.holdUntil(firstAnswer.then(() => new Promise((resolve) => setTimeout(resolve, AFTER_ANSWER_MS))), HOLD_CAP_MS);
  }
}
