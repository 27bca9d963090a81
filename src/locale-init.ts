/**
 * Imported first by main.ts (after theme-init.ts): puts the UI language on <html lang> and the
 * tab title before the app renders (the CSP allows no inline script in index.html).
 */
import { translator } from './lib/i18n/catalog.ts';
import { applyLocale } from './lib/i18n/locale.ts';
import { initialLocale } from './state/locale.svelte.ts';

if (typeof document !== 'undefined') {
  const locale = initialLocale();
  applyLocale(document.documentElement, locale);
  document.title = translator(locale)('app.title');
}
