/**
 * What the workers and the pure core say, as data. A message is a `Text` — a key of the
 * dictionaries (src/lib/i18n/en.ts, vi.ts) with its parameters (numbers, strings, nested
 * Texts) — never an English sentence: the page renders it in the chosen language, the Node CLIs
 * and console logs render it in English (`english`), both from the same dictionary. A reworded
 * English template therefore needs no change anywhere else.
 *
 * A `Sentence` is a message, or a plain string kept as it is: a browser's own error text, or a
 * sentence stored by an earlier version of the app (skip reports in IndexedDB).
 */
import { text, type Params, type Text } from '../i18n/types.ts';
import type { WorkerMessageKey } from './keys.ts';

export type { Text };
export type Sentence = Text | string;

/** A message of the workers and the core (`worker.*` / `method.*` keys). */
export function message(key: WorkerMessageKey, params?: Params): Text {
  return text(key, params);
}

/** A plain string (a browser's error text) as a Text: shown as it is in every language. */
export function raw(s: string): Text {
  return text('error.raw', { text: s });
}

/** A Sentence as a Text (a plain string becomes `raw`). */
export function asText(s: Sentence): Text {
  return typeof s === 'string' ? raw(s) : s;
}

/** A Text as a Sentence: a plain string (`raw`) back to the string itself, to be stored or compared as one. */
export function plainWherePossible(t: Text): Sentence {
  return t.key === 'error.raw' && typeof t.params?.text === 'string' ? t.params.text : t;
}
