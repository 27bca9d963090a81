/** Messages in English, from the dictionary the page also uses: for the Node CLIs, console logs and Error.message. */
import { en } from '../i18n/en.ts';
import { render } from '../i18n/translate.ts';
import type { Sentence } from './sentence.ts';

export function english(s: Sentence): string {
  return typeof s === 'string' ? s : render(en, s, 'en');
}
