/**
 * The shapes of the UI's translations. Pure: no DOM, no storage.
 * - A message is a string with `{name}` placeholders, or plural forms chosen by the `count`
 *   parameter through Intl.PluralRules (Vietnamese needs only `other`).
 * - A `Text` is a message key with its parameters: logic returns these, the page renders them
 *   in the language chosen at the time it is shown.
 */
import type { MessageKey } from './en.ts';

export type { MessageKey };

export type Locale = 'en' | 'vi';
export const LOCALES: readonly Locale[] = ['en', 'vi'];

/** Plural forms, by Intl.PluralRules category; `other` is always there. */
export interface Plural {
  readonly zero?: string;
  readonly one?: string;
  readonly two?: string;
  readonly few?: string;
  readonly many?: string;
  readonly other: string;
}

export type Message = string | Plural;

/** A key with its parameters, translated where it is shown. */
export interface Text {
  readonly key: MessageKey;
  readonly params?: Params;
}

/**
 * Placeholder values: numbers are formatted for the locale (3,812 / 3.812), strings go in as they
 * are, and a nested Text is translated first.
 */
export type Param = string | number | Text;
export type Params = Readonly<Record<string, Param>>;

/** A translator bound to one language. */
export type Translate = (key: MessageKey, params?: Params) => string;

/** Every message of one language. */
export type Dictionary = Readonly<Record<MessageKey, Message>>;

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

export function text(key: MessageKey, params?: Params): Text {
  return params ? { key, params } : { key };
}

export function isText(v: unknown): v is Text {
  return typeof v === 'object' && v !== null && typeof (v as Text).key === 'string';
}
