/**
 * Why a query file was refused, in plain words (pure). The workers' own messages are kept; a
 * decoder's failure, or a browser's internal text ("The source image could not be decoded."),
 * becomes a sentence a person can act on (the details go to the console).
 */
import { text, type Text } from '../i18n/types.ts';
import { withoutFile } from '../messages/message-error.ts';

/** A refused file's error (WorkerErrorData): its code, its message as data, the file it names. */
export interface RefusedFile {
  readonly code: string;
  readonly text: Text;
  readonly file?: string;
}

const PLAIN: Readonly<Record<string, Text>> = {
  empty: text('refused.empty'),
  'not-an-image': text('refused.notAnImage'),
  'unsupported-format': text('refused.unsupported'),
  corrupt: text('refused.corrupt'),
  'too-small': text('refused.tooSmall'),
  'too-large': text('refused.tooLarge'),
};

/** The reason for one refused file, without its name (the page shows the name beside it). */
export function refusalReason(e: RefusedFile): Text {
  const plain = PLAIN[e.code];
  if (e.code === 'corrupt') return PLAIN.corrupt; // the decoder's details are the browser's words
  const known = e.file ? withoutFile(e.text, e.file) : e.text;
  return known.key === 'error.raw' ? (plain ?? text('refused.other')) : known;
}
