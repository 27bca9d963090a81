/**
 * Fills a message: `{name}` placeholders from params (numbers formatted for the locale, nested
 * Texts translated first) and, for a plural message, the form Intl.PluralRules picks for
 * `params.count`. A placeholder without a value is left as it is, so a mistake shows.
 */
import type { Dictionary, Locale, Message, MessageKey, Params, Text } from './types.ts';
import { isText } from './types.ts';

/** The BCP 47 tag Intl gets for a locale. */
export const INTL_TAG: Readonly<Record<Locale, string>> = { en: 'en-US', vi: 'vi-VN' };

const plurals = new Map<Locale, Intl.PluralRules>();
const numbers = new Map<Locale, Intl.NumberFormat>();

function pluralRules(locale: Locale): Intl.PluralRules {
  let r = plurals.get(locale);
  if (!r) plurals.set(locale, (r = new Intl.PluralRules(INTL_TAG[locale])));
  return r;
}

/** A count as people of the locale write it: 3,812 / 3.812. */
export function formatCount(n: number, locale: Locale): string {
  let f = numbers.get(locale);
  if (!f) numbers.set(locale, (f = new Intl.NumberFormat(INTL_TAG[locale], { maximumFractionDigits: 3 })));
  return f.format(n);
}

function pick(message: Message, count: unknown, locale: Locale): string {
  if (typeof message === 'string') return message;
  const category = typeof count === 'number' ? pluralRules(locale).select(count) : 'other';
  return message[category] ?? message.other;
}

export function translate(dict: Dictionary, key: MessageKey, params: Params = {}, locale: Locale = 'en'): string {
  const message = dict[key] as Message | undefined;
  if (message === undefined) return key;
  return pick(message, params.count, locale).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (v === undefined) return whole;
    if (typeof v === 'number') return formatCount(v, locale);
    if (isText(v)) return render(dict, v, locale);
    return v;
  });
}

/** A Text (key + params) in the dictionary's language. */
export function render(dict: Dictionary, t: Text, locale: Locale = 'en'): string {
  return translate(dict, t.key, t.params, locale);
}

/** The `{name}` placeholders of a message, over all its plural forms (sorted, unique). */
export function placeholders(message: Message): string[] {
  const forms = typeof message === 'string' ? [message] : Object.values(message).filter((s): s is string => typeof s === 'string');
  const names = new Set<string>();
  for (const f of forms) for (const m of f.matchAll(/\{(\w+)\}/g)) names.add(m[1]);
  return [...names].sort();
}
