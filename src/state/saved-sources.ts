/** Which sources a person searches (the demo gallery, collections switched off), kept between visits. */
const SOURCES_KEY = 'image-search:sources';

export interface SavedSources { readonly gallery: boolean; readonly off: readonly string[] }

export function loadSavedSources(): SavedSources {
  try {
    const s = JSON.parse(localStorage.getItem(SOURCES_KEY) ?? '{}') as Partial<SavedSources>;
    return { gallery: s.gallery !== false, off: Array.isArray(s.off) ? s.off.filter((x) => typeof x === 'string') : [] };
  } catch {
    return { gallery: true, off: [] };
  }
}

export function saveSources(s: SavedSources): void {
  try {
    localStorage.setItem(SOURCES_KEY, JSON.stringify({ gallery: s.gallery, off: s.off }));
  } catch { /* private mode */ }
}
