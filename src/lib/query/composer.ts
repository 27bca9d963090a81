/** How many images one query may hold, and which of some newly given files fit. Pure. */
import { text, type Text } from '../i18n/types.ts';

export const MAX_QUERY_IMAGES = 5;

export interface Admission<T> {
  /** the files taken, in the order given */
  readonly accepted: readonly T[];
  /** the files refused because the query is full */
  readonly refused: readonly T[];
}

/** `used`: images already in the query plus those still being read. */
export function admit<T>(files: readonly T[], used: number, max = MAX_QUERY_IMAGES): Admission<T> {
  const room = Math.max(0, max - used);
  return { accepted: files.slice(0, room), refused: files.slice(room) };
}

/** Why files were refused (null when none were): says the limit and names what was left out. Shown translated. */
export function refusalMessage(names: readonly string[], max = MAX_QUERY_IMAGES): Text | null {
  if (names.length === 0) return null;
  const list = names.length <= 3 ? names.join(', ') : text('query.refusalMore', { names: names.slice(0, 3).join(', '), count: names.length - 3 });
  return text('query.refusal', { max, names: list, count: names.length });
}
