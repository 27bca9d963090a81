/** The dictionaries by locale, and a translator bound to one locale. */
import { en } from './en.ts';
import { render, translate } from './translate.ts';
import type { Dictionary, Locale, MessageKey, Text, Translate } from './types.ts';
import { vi } from './vi.ts';

export const DICTIONARIES: Readonly<Record<Locale, Dictionary>> = { en, vi };

export type { Translate };

export function translator(locale: Locale): Translate {
  return (key, params) => translate(DICTIONARIES[locale], key, params, locale);
}

export function renderText(locale: Locale, t: Text): string {
  return render(DICTIONARIES[locale], t, locale);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}
