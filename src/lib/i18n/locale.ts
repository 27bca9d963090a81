/**
 * Which language the UI speaks: the person's saved choice, else the browser's languages (any
 * Vietnamese one → vi), else English. The choice is kept in localStorage; storage and the root
 * element are passed in, so this is testable in Node.
 */
import type { KeyValueStorage } from '../settings/key-value-storage.ts';
import { isLocale, type Locale } from './types.ts';

export const LOCALE_KEY = 'offline-image-search:locale';

/** Each language named in itself, for the language menu. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', vi: 'Tiếng Việt' };

export function pickLocale(saved: string | null | undefined, languages: readonly string[] | undefined): Locale {
  if (isLocale(saved)) return saved;
  for (const lang of languages ?? []) {
    if (/^vi(-|$)/i.test(lang)) return 'vi';
  }
  return 'en';
}

/** The stored choice, or null when there is none (or storage is blocked). */
export function readLocale(storage: Pick<KeyValueStorage, 'getItem'> | undefined): Locale | null {
  try {
    const v = storage?.getItem(LOCALE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

export function saveLocale(storage: Pick<KeyValueStorage, 'setItem'> | undefined, locale: Locale): void {
  try {
    storage?.setItem(LOCALE_KEY, locale);
  } catch { /* private mode: the choice lasts for this page only */ }
}

/** Sets `lang` on the root element (screen readers, hyphenation, fonts). */
export function applyLocale(root: { setAttribute(n: string, v: string): void }, locale: Locale): void {
  root.setAttribute('lang', locale);
}
