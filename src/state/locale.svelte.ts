/**
 * The UI language: the person's choice (saved) or the browser's, and the ways components turn
 * keys, Texts, numbers and errors into words. Given to components through Svelte context
 * (`provideI18n` in App.svelte, `useI18n()` in each component); every method reads the `$state`
 * locale, so whatever a template or `$derived` computes with it follows a change of language.
 */
import { createContext } from 'svelte';
import { DICTIONARIES, isMessageKey } from '../lib/i18n/catalog.ts';
import { applyLocale, pickLocale, readLocale, saveLocale } from '../lib/i18n/locale.ts';
import { formatCount, INTL_TAG, render } from '../lib/i18n/translate.ts';
import type { Locale, MessageKey, Params, Text } from '../lib/i18n/types.ts';
import { rankingText, type RankingStep } from '../lib/messages/ranking.ts';
import type { Sentence } from '../lib/messages/sentence.ts';
import { forVisitors } from '../lib/messages/visitor.ts';
import type { MeasureId } from '../lib/ranking/measures.ts';
import type { SearchEngineId } from '../lib/engines/types.ts';
import { formatBytes, formatDecimal, formatDuration, formatMs, formatScore } from './format.ts';

function storage(): Storage | undefined {
  try { return localStorage; } catch { return undefined; }
}

/** The locale the page starts in (also used by src/locale-init.ts before the first render). */
export function initialLocale(): Locale {
  return pickLocale(readLocale(storage()), typeof navigator === 'undefined' ? [] : navigator.languages);
}

/** An error as the page shows it: a worker's or the page's own, its message as data (WorkerErrorData). */
export interface ShownError {
  readonly text: Text;
}

export class LocaleState {
  locale = $state<Locale>(initialLocale());

  /** BCP 47 tag for Intl and toLocaleString */
  get tag(): string {
    return INTL_TAG[this.locale];
  }

  t = (key: MessageKey, params?: Params): string => this.text(params ? { key, params } : { key });

  /**
   * A message (from logic or a worker: a note, a reason, a skip reason), or a plain string shown
   * as it is (a browser's error text, a sentence stored by an earlier version). Messages written
   * for whoever builds the site are shown in their visitor's version.
   */
  text = (t: Sentence): string => (typeof t === 'string' ? t : render(DICTIONARIES[this.locale], forVisitors(t), this.locale));

  /** An error's message. */
  error = (e: ShownError): string => this.text(e.text);

  /** How a search ranked ("exact, WebAssembly SIMD scan + IVF, nprobe 8"). */
  method = (steps: readonly RankingStep[]): string => steps.map((s) => this.text(rankingText(s))).join(' + ');

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
