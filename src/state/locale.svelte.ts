/**
 * The UI language: the person's choice (saved) or the browser's, and the ways components turn
 * keys, Texts, numbers and errors into words. Given to components through Svelte context
 * (`provideI18n` in App.svelte, `useI18n()` in each component); every method reads the `$state`
 * locale, so whatever a template or `$derived` computes with it follows a change of language.
 */
import { createContext } from 'svelte';
import { DICTIONARIES, isMessageKey } from '../lib/i18n/catalog.ts';
import { applyLocale, pickLocale, readLocale, saveLocale } from '../lib/i18n/locale.ts';
import { formatCount, INTL_TAG, render, translate } from '../lib/i18n/translate.ts';
import type { Locale, MessageKey, Params, Text } from '../lib/i18n/types.ts';
import { fromWorker, methodTexts } from '../lib/i18n/worker-text.ts';
import type { MeasureId } from '../lib/measures.ts';
import type { SearchEngineId } from '../lib/engines/types.ts';
import { formatBytes, formatDecimal, formatDuration, formatMs, formatScore } from './format.ts';

function storage(): Storage | undefined {
  try { return localStorage; } catch { return undefined; }
}

/** The locale the page starts in (also used by src/locale-init.ts before the first render). */
export function initialLocale(): Locale {
  return pickLocale(readLocale(storage()), typeof navigator === 'undefined' ? [] : navigator.languages);
}

/** An error as the page keeps it: a worker's (English sentence) or the page's own (a Text). */
export interface ShownError {
  readonly message: string;
  readonly file?: string;
  readonly text?: Text;
}

export class LocaleState {
  locale = $state<Locale>(initialLocale());

  /** BCP 47 tag for Intl and toLocaleString */
  get tag(): string {
    return INTL_TAG[this.locale];
  }

  t = (key: MessageKey, params?: Params): string => translate(DICTIONARIES[this.locale], key, params, this.locale);

  /** A Text (from logic), or a plain string shown as it is. */
  text = (t: Text | string): string => (typeof t === 'string' ? t : render(DICTIONARIES[this.locale], t, this.locale));

  /** An error's sentence: the page's Text, else the worker's sentence recognised (or kept as it is). */
  error = (e: ShownError): string => this.text(e.text ?? fromWorker(e.message, e.file));

  /** A worker's sentence (a reason, a note, a skip reason). */
  worker = (message: string): string => this.text(fromWorker(message));

  /** A search method ("exact, WebAssembly SIMD scan"). */
  method = (method: string): string => methodTexts(method).map(this.text).join(' + ');

  count = (n: number): string => formatCount(n, this.locale);
  decimal = (n: number, digits: number): string => formatDecimal(n, digits, this.locale);
  bytes = (n: number): string => formatBytes(n, this.locale);
  ms = (n: number): string => formatMs(n, this.locale);
  duration = (ms: number): string => formatDuration(ms, this.locale);
  score = (s: number, measure: MeasureId): string => formatScore(s, measure, this.locale);
  date = (ms: number): string => new Date(ms).toLocaleString(this.tag, { dateStyle: 'short', timeStyle: 'short' });

  engine = (id: SearchEngineId): string => this.t(`engine.${id}.label`);
  engineDescription = (id: SearchEngineId): string => this.t(`engine.${id}.description`);
  measure = (id: MeasureId): string => this.t(`measure.${id}`);
  /** A gallery's title; the shipped demo gallery's is translated. */
  galleryTitle = (title: string): string => (title === DICTIONARIES.en['gallery.demoTitle'] ? this.t('gallery.demoTitle') : title);
  /** An emoji group ("Animals & Nature"); other categories are shown as they are. */
  category = (name: string): string => {
    const key = `category.${name}`;
    return isMessageKey(key) ? this.t(key) : name;
  };

  set(locale: Locale): void {
    this.locale = locale;
    saveLocale(storage(), locale);
    applyLocale(document.documentElement, locale);
    document.title = this.t('app.title');
  }
}

/** `useI18n()` in a component; `provideI18n(state)` once, in App.svelte. */
export const [useI18n, provideI18n] = createContext<LocaleState>();
