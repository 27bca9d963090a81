/**
 * Errors that carry their message as data. `message` is its English rendering (logs, Node CLIs,
 * tests); the page shows `text` in its own language. Any thrown value becomes a Sentence through
 * `sentenceOf`: the message of such an error, or a plain error's own text kept as it is.
 */
import { isText, text as textOf, type Text } from '../i18n/types.ts';
import { english } from './english.ts';
import { asText, type Sentence } from './sentence.ts';

export class MessageError extends Error {
  readonly text: Text;
  constructor(message: Text, options?: ErrorOptions) {
    super(english(message), options);
    this.name = 'MessageError';
    this.text = message;
  }
}

/** A message naming the file it is about: "{file}: {message}". */
export function aboutFile(file: string, message: Sentence): Text {
  return textOf('error.withFile', { file, message });
}

/** The message without its "{file}: " prefix, when it names that file. */
export function withoutFile(t: Text, file: string): Text {
  return t.key === 'error.withFile' && t.params?.file === file ? asText(t.params.message as Sentence) : t;
}

/** What a thrown value says: its message as data when it carries one, else its text as it is. */
export function sentenceOf(e: unknown): Sentence {
  if (typeof e === 'object' && e !== null && isText((e as { text?: unknown }).text)) return (e as { text: Text }).text;
  if (e instanceof Error) return e.message || e.name;
  return typeof e === 'string' ? e : String(e);
}
