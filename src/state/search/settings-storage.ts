/**
 * Where the search settings live between visits: localStorage, except on an embedded page (it
 * keeps nothing) or where storage is blocked (defaults, and changes last for this visit).
 */
import { SETTINGS_KEY } from '../../lib/search/settings.ts';
import { site } from '../site.ts';

export function storedSettings(): string | null {
  try {
    return site.embed ? null : localStorage.getItem(SETTINGS_KEY);
  } catch {
    return null;
  }
}

export function saveSettings(serialized: string): void {
  if (site.embed) return;
  try {
    localStorage.setItem(SETTINGS_KEY, serialized);
  } catch { /* private mode */ }
}
